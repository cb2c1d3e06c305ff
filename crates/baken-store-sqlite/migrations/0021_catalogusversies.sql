-- Versions of a municipality's catalogue of interventions (instruments, procedures, the Damocles
-- matrix), as adopted: like the privacy protocol, a TOML text with its hash, never changed. The
-- version in force is the one with the latest adoption date that has come; an intervention keeps
-- the version it was taken under.
CREATE TABLE catalogusversies (
    id BLOB PRIMARY KEY,
    gemeente_code TEXT NOT NULL REFERENCES gemeenten (code),
    versie TEXT NOT NULL,
    vastgesteld_op TEXT NOT NULL,
    tekst TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    geladen_op TEXT NOT NULL,
    geladen_door BLOB REFERENCES users (id),
    UNIQUE (gemeente_code, versie)
) STRICT;
CREATE TRIGGER catalogusversies_append_only_update BEFORE UPDATE ON catalogusversies
BEGIN SELECT RAISE(ABORT, 'catalogusversies is append-only'); END;
CREATE TRIGGER catalogusversies_append_only_delete BEFORE DELETE ON catalogusversies
BEGIN SELECT RAISE(ABORT, 'catalogusversies is append-only'); END;
