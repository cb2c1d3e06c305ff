-- Meetings (overleggen): the signal meeting, case meetings, the RIEC case meeting and the
-- triangle; their agendas of dossiers with the decision per item (its text is the dossier's
-- journal entry; the motivation is kept with the item for the minutes). Action items are tasks with the meeting's id (taken.overleg_id).
CREATE TABLE overleggen (
    id BLOB PRIMARY KEY,
    gemeente_code TEXT NOT NULL REFERENCES gemeenten (code),
    soort TEXT NOT NULL,
    datum TEXT NOT NULL,
    titel TEXT NOT NULL,
    voorzitter_id BLOB NOT NULL REFERENCES users (id),
    deelnemers TEXT NOT NULL,
    status TEXT NOT NULL,
    verslag TEXT,
    aangemaakt_door BLOB NOT NULL REFERENCES users (id),
    aangemaakt_op TEXT NOT NULL,
    versie INTEGER NOT NULL
) STRICT;
CREATE INDEX overleggen_gemeente ON overleggen (gemeente_code, datum);

CREATE TABLE overleg_agendapunten (
    overleg_id BLOB NOT NULL REFERENCES overleggen (id),
    dossier_id BLOB NOT NULL REFERENCES dossiers (id),
    positie INTEGER NOT NULL,
    toegevoegd_op TEXT NOT NULL,
    besluit TEXT,
    toelichting TEXT,
    journaalpost_id BLOB,
    besloten_op TEXT,
    PRIMARY KEY (overleg_id, dossier_id)
) STRICT;
CREATE INDEX overleg_agendapunten_dossier ON overleg_agendapunten (dossier_id);
