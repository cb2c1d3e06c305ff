-- A colleague who sees only a dossier's index line asks to join its team; the owner or the
-- coordinator decides. Destroyed with the dossier's content.
CREATE TABLE toegangsverzoeken (
    id UUID PRIMARY KEY,
    dossier_id UUID NOT NULL REFERENCES dossiers (id),
    gemeente_code TEXT NOT NULL REFERENCES gemeenten (code),
    gevraagd_door UUID NOT NULL REFERENCES users (id),
    gevraagd_op TIMESTAMPTZ NOT NULL,
    reden TEXT NOT NULL,
    besluit TEXT,
    beslist_door UUID REFERENCES users (id),
    beslist_op TIMESTAMPTZ,
    motivering TEXT
);
CREATE INDEX toegangsverzoeken_dossier ON toegangsverzoeken (dossier_id);
CREATE INDEX toegangsverzoeken_open ON toegangsverzoeken (gemeente_code, gevraagd_op) WHERE besluit IS NULL;
