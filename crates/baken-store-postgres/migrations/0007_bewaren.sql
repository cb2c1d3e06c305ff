-- Retention. `bewaring` says when a signal got its closing outcome (the start of its retention
-- period), whether it is under a legal hold, and what has been done with it. `vernietigingen` is the
-- non-identifying record of every destruction, anonymisation and archiving, per batch.
CREATE TABLE bewaring (
    dossier_id UUID PRIMARY KEY REFERENCES dossiers (id),
    uitkomst TEXT,
    afgesloten_op TIMESTAMPTZ,
    blokkade_reden TEXT,
    blokkade_door UUID,
    blokkade_op TIMESTAMPTZ,
    afgehandeld TEXT
);
INSERT INTO bewaring (dossier_id, uitkomst, afgesloten_op)
    SELECT id, status, gewijzigd_op FROM dossiers
    WHERE status IN ('buiten-scope', 'geen-actie', 'doorgezet-intern', 'doorgezet-riec', 'doorgezet-politie', 'naar-casus', 'samengevoegd');

CREATE TABLE vernietigingen (
    id UUID PRIMARY KEY,
    batch_id UUID NOT NULL,
    dossier_id UUID NOT NULL,
    nummer TEXT NOT NULL,
    gemeente_code TEXT NOT NULL,
    soort TEXT NOT NULL,
    uitkomst TEXT NOT NULL,
    afgesloten_op TIMESTAMPTZ NOT NULL,
    regel TEXT NOT NULL,
    actie TEXT NOT NULL,
    uitgevoerd_op TIMESTAMPTZ NOT NULL,
    uitgevoerd_door TEXT NOT NULL
);
CREATE INDEX vernietigingen_batch ON vernietigingen (batch_id);
CREATE TRIGGER vernietigingen_append_only BEFORE UPDATE OR DELETE ON vernietigingen
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
