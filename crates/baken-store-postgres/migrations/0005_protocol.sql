-- The privacy protocol: every loaded version is kept (history), per municipality; a werkorganisatie
-- loads the same text for each of its municipalities. Versions are never changed or removed.
CREATE TABLE protocolversies (
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
CREATE TRIGGER protocolversies_append_only BEFORE UPDATE OR DELETE ON protocolversies
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Decisions on privacy checks (1, 2A, 2B) per dossier. Never changed; retention may remove them
-- with the dossier's content.
CREATE TABLE privacytoetsen (
    id UUID PRIMARY KEY,
    dossier_id UUID NOT NULL REFERENCES dossiers (id),
    toets TEXT NOT NULL,
    goedgekeurd BOOLEAN NOT NULL,
    bronnen TEXT NOT NULL,
    antwoorden TEXT NOT NULL,
    motivering TEXT,
    geldig_tot DATE NOT NULL,
    protocol_versie TEXT NOT NULL,
    beslist_door UUID NOT NULL REFERENCES users (id),
    beslist_op TIMESTAMPTZ NOT NULL,
    journaalpost UUID NOT NULL
);
CREATE INDEX privacytoetsen_dossier ON privacytoetsen (dossier_id);
CREATE TRIGGER privacytoetsen_no_update BEFORE UPDATE ON privacytoetsen
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
