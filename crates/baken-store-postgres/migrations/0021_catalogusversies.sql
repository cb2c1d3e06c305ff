-- Versions of a municipality's catalogue of interventions (instruments, procedures, the Damocles
-- matrix), as adopted: like the privacy protocol, a TOML text with its hash, never changed. The
-- version in force is the one with the latest adoption date that has come; an intervention keeps
-- the version it was taken under.
CREATE TABLE catalogusversies (
    id UUID PRIMARY KEY,
    gemeente_code TEXT NOT NULL REFERENCES gemeenten (code),
    versie TEXT NOT NULL,
    vastgesteld_op DATE NOT NULL,
    tekst TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    geladen_op TIMESTAMPTZ NOT NULL,
    geladen_door UUID REFERENCES users (id),
    UNIQUE (gemeente_code, versie)
);
CREATE TRIGGER catalogusversies_append_only BEFORE UPDATE OR DELETE ON catalogusversies
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
