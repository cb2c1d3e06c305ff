-- Consultations of sources from a dossier: the source (its catalogue code), the subject consulted
-- about, the step (hit-no-hit first; inhoud only as a follow-up of a hit), the outcome and the
-- journal entry that records it. Recorded once, never changed; destroyed with the dossier's content.
CREATE TABLE bronraadplegingen (
    id BLOB PRIMARY KEY,
    dossier_id BLOB NOT NULL REFERENCES dossiers (id),
    entiteit_id BLOB,
    bron TEXT NOT NULL,
    doel TEXT NOT NULL,
    stap TEXT NOT NULL CHECK (stap IN ('hit-no-hit', 'inhoud')),
    hit INTEGER NOT NULL,
    journaal_id BLOB NOT NULL,
    vervolg_op BLOB REFERENCES bronraadplegingen (id),
    door_id BLOB NOT NULL REFERENCES users (id),
    op TEXT NOT NULL
) STRICT;
CREATE INDEX bronraadplegingen_dossier ON bronraadplegingen (dossier_id, op);
