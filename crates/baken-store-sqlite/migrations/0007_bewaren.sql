-- Retention. `bewaring` says when a signal got its closing outcome (the start of its retention
-- period), whether it is under a legal hold, and what has been done with it. `vernietigingen` is the
-- non-identifying record of every destruction, anonymisation and archiving, per batch.
CREATE TABLE bewaring (
    dossier_id BLOB PRIMARY KEY REFERENCES dossiers (id),
    uitkomst TEXT,
    afgesloten_op TEXT,
    blokkade_reden TEXT,
    blokkade_door BLOB,
    blokkade_op TEXT,
    afgehandeld TEXT
) STRICT;
INSERT INTO bewaring (dossier_id, uitkomst, afgesloten_op)
    SELECT id, status, gewijzigd_op FROM dossiers
    WHERE status IN ('buiten-scope', 'geen-actie', 'doorgezet-intern', 'doorgezet-riec', 'doorgezet-politie', 'naar-casus', 'samengevoegd');

CREATE TABLE vernietigingen (
    id BLOB PRIMARY KEY,
    batch_id BLOB NOT NULL,
    dossier_id BLOB NOT NULL,
    nummer TEXT NOT NULL,
    gemeente_code TEXT NOT NULL,
    soort TEXT NOT NULL,
    uitkomst TEXT NOT NULL,
    afgesloten_op TEXT NOT NULL,
    regel TEXT NOT NULL,
    actie TEXT NOT NULL,
    uitgevoerd_op TEXT NOT NULL,
    uitgevoerd_door TEXT NOT NULL
) STRICT;
CREATE INDEX vernietigingen_batch ON vernietigingen (batch_id);
CREATE TRIGGER vernietigingen_append_only_update BEFORE UPDATE ON vernietigingen
BEGIN SELECT RAISE(ABORT, 'vernietigingen is append-only'); END;
CREATE TRIGGER vernietigingen_append_only_delete BEFORE DELETE ON vernietigingen
BEGIN SELECT RAISE(ABORT, 'vernietigingen is append-only'); END;
