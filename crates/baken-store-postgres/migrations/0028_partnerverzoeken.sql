-- Partner requests from a dossier: to whom (kind and name), the question, purpose and legal basis,
-- the day the answer is asked by, and once ended the answer (with who gave it and the reliability
-- of source and information) or the reason of withdrawal. Ended once, never changed after;
-- destroyed with the dossier's content.
CREATE TABLE partnerverzoeken (
    id UUID PRIMARY KEY,
    dossier_id UUID NOT NULL REFERENCES dossiers (id),
    partner_soort TEXT NOT NULL,
    partner TEXT NOT NULL,
    vraag TEXT NOT NULL,
    doel TEXT NOT NULL,
    grondslag TEXT NOT NULL,
    antwoord_voor DATE NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'beantwoord', 'ingetrokken')),
    door_id UUID NOT NULL REFERENCES users (id),
    op TIMESTAMPTZ NOT NULL,
    journaal_id UUID NOT NULL,
    antwoord TEXT,
    ontvangen DATE,
    antwoord_bron TEXT,
    bron_betrouwbaarheid TEXT,
    informatie_betrouwbaarheid TEXT,
    reden_intrekking TEXT,
    afgehandeld_door UUID REFERENCES users (id),
    afgehandeld_op TIMESTAMPTZ,
    afhandeling_journaal_id UUID,
    CHECK ((status = 'beantwoord') = (antwoord IS NOT NULL AND ontvangen IS NOT NULL)),
    CHECK ((status = 'ingetrokken') = (reden_intrekking IS NOT NULL)),
    CHECK ((status = 'open') = (afgehandeld_door IS NULL))
);
CREATE INDEX partnerverzoeken_dossier ON partnerverzoeken (dossier_id, op);
