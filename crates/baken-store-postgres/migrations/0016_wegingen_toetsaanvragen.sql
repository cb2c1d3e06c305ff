-- Weighing by criterion: the answers given to a weighing's criteria when a signal left a phase.
-- Append-only; destroyed with the dossier's content.
CREATE TABLE wegingen (
    id UUID PRIMARY KEY,
    dossier_id UUID NOT NULL REFERENCES dossiers (id),
    weging TEXT NOT NULL,
    protocol_versie TEXT NOT NULL,
    van TEXT NOT NULL,
    naar TEXT NOT NULL,
    antwoorden TEXT NOT NULL,
    motivering TEXT,
    gewogen_door UUID NOT NULL REFERENCES users (id),
    gewogen_op TIMESTAMPTZ NOT NULL,
    journaalpost UUID NOT NULL
);
CREATE INDEX wegingen_dossier ON wegingen (dossier_id);
CREATE TRIGGER wegingen_no_update BEFORE UPDATE ON wegingen
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- A team member asks the privacy officer for a privacy check; a decision on that check closes it.
CREATE TABLE toetsaanvragen (
    id UUID PRIMARY KEY,
    dossier_id UUID NOT NULL REFERENCES dossiers (id),
    gemeente_code TEXT NOT NULL REFERENCES gemeenten (code),
    toets TEXT NOT NULL,
    toelichting TEXT NOT NULL,
    aangevraagd_door UUID NOT NULL REFERENCES users (id),
    aangevraagd_op TIMESTAMPTZ NOT NULL,
    besluit UUID,
    beslist_op TIMESTAMPTZ
);
CREATE INDEX toetsaanvragen_dossier ON toetsaanvragen (dossier_id);
CREATE INDEX toetsaanvragen_open ON toetsaanvragen (gemeente_code, aangevraagd_op) WHERE besluit IS NULL;
CREATE INDEX toetsaanvragen_door ON toetsaanvragen (aangevraagd_door, aangevraagd_op);
