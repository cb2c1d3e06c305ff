-- A colleague who sees only a dossier's index line asks to join its team; the owner or the
-- coordinator decides. Destroyed with the dossier's content.
CREATE TABLE toegangsverzoeken (
    id BLOB PRIMARY KEY,
    dossier_id BLOB NOT NULL REFERENCES dossiers (id),
    gemeente_code TEXT NOT NULL REFERENCES gemeenten (code),
    gevraagd_door BLOB NOT NULL REFERENCES users (id),
    gevraagd_op TEXT NOT NULL,
    reden TEXT NOT NULL,
    besluit TEXT,
    beslist_door BLOB REFERENCES users (id),
    beslist_op TEXT,
    motivering TEXT
) STRICT;
CREATE INDEX toegangsverzoeken_dossier ON toegangsverzoeken (dossier_id);
CREATE INDEX toegangsverzoeken_open ON toegangsverzoeken (gemeente_code, gevraagd_op) WHERE besluit IS NULL;
