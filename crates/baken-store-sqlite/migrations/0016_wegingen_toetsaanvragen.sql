-- Weighing by criterion: the answers given to a weighing's criteria when a signal left a phase.
-- Append-only; destroyed with the dossier's content.
CREATE TABLE wegingen (
    id BLOB PRIMARY KEY,
    dossier_id BLOB NOT NULL REFERENCES dossiers (id),
    weging TEXT NOT NULL,
    protocol_versie TEXT NOT NULL,
    van TEXT NOT NULL,
    naar TEXT NOT NULL,
    antwoorden TEXT NOT NULL,
    motivering TEXT,
    gewogen_door BLOB NOT NULL REFERENCES users (id),
    gewogen_op TEXT NOT NULL,
    journaalpost BLOB NOT NULL
) STRICT;
CREATE INDEX wegingen_dossier ON wegingen (dossier_id);
CREATE TRIGGER wegingen_no_update BEFORE UPDATE ON wegingen
BEGIN SELECT RAISE(ABORT, 'wegingen is append-only'); END;

-- A team member asks the privacy officer for a privacy check; a decision on that check closes it.
CREATE TABLE toetsaanvragen (
    id BLOB PRIMARY KEY,
    dossier_id BLOB NOT NULL REFERENCES dossiers (id),
    gemeente_code TEXT NOT NULL REFERENCES gemeenten (code),
    toets TEXT NOT NULL,
    toelichting TEXT NOT NULL,
    aangevraagd_door BLOB NOT NULL REFERENCES users (id),
    aangevraagd_op TEXT NOT NULL,
    besluit BLOB,
    beslist_op TEXT
) STRICT;
CREATE INDEX toetsaanvragen_dossier ON toetsaanvragen (dossier_id);
CREATE INDEX toetsaanvragen_open ON toetsaanvragen (gemeente_code, aangevraagd_op) WHERE besluit IS NULL;
CREATE INDEX toetsaanvragen_door ON toetsaanvragen (aangevraagd_door, aangevraagd_op);
