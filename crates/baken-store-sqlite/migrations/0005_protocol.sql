-- The privacy protocol: every loaded version is kept (history), per municipality; a werkorganisatie
-- loads the same text for each of its municipalities. Versions are never changed or removed.
CREATE TABLE protocolversies (
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
CREATE TRIGGER protocolversies_append_only_update BEFORE UPDATE ON protocolversies
BEGIN SELECT RAISE(ABORT, 'protocolversies is append-only'); END;
CREATE TRIGGER protocolversies_append_only_delete BEFORE DELETE ON protocolversies
BEGIN SELECT RAISE(ABORT, 'protocolversies is append-only'); END;

-- Decisions on privacy checks (1, 2A, 2B) per dossier. Never changed; retention may remove them
-- with the dossier's content.
CREATE TABLE privacytoetsen (
    id BLOB PRIMARY KEY,
    dossier_id BLOB NOT NULL REFERENCES dossiers (id),
    toets TEXT NOT NULL,
    goedgekeurd INTEGER NOT NULL,
    bronnen TEXT NOT NULL,
    antwoorden TEXT NOT NULL,
    motivering TEXT,
    geldig_tot TEXT NOT NULL,
    protocol_versie TEXT NOT NULL,
    beslist_door BLOB NOT NULL REFERENCES users (id),
    beslist_op TEXT NOT NULL,
    journaalpost BLOB NOT NULL
) STRICT;
CREATE INDEX privacytoetsen_dossier ON privacytoetsen (dossier_id);
CREATE TRIGGER privacytoetsen_no_update BEFORE UPDATE ON privacytoetsen
BEGIN SELECT RAISE(ABORT, 'privacytoetsen is append-only'); END;
