-- Partner requests from a dossier: to whom (kind and name), the question, purpose and legal basis,
-- the day the answer is asked by, and once ended the answer (with who gave it and the reliability
-- of source and information) or the reason of withdrawal. Ended once, never changed after;
-- destroyed with the dossier's content.
CREATE TABLE partnerverzoeken (
    id BLOB PRIMARY KEY,
    dossier_id BLOB NOT NULL REFERENCES dossiers (id),
    partner_soort TEXT NOT NULL,
    partner TEXT NOT NULL,
    vraag TEXT NOT NULL,
    doel TEXT NOT NULL,
    grondslag TEXT NOT NULL,
    antwoord_voor TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'beantwoord', 'ingetrokken')),
    door_id BLOB NOT NULL REFERENCES users (id),
    op TEXT NOT NULL,
    journaal_id BLOB NOT NULL,
    antwoord TEXT,
    ontvangen TEXT,
    antwoord_bron TEXT,
    bron_betrouwbaarheid TEXT,
    informatie_betrouwbaarheid TEXT,
    reden_intrekking TEXT,
    afgehandeld_door BLOB REFERENCES users (id),
    afgehandeld_op TEXT,
    afhandeling_journaal_id BLOB,
    CHECK ((status = 'beantwoord') = (antwoord IS NOT NULL AND ontvangen IS NOT NULL)),
    CHECK ((status = 'ingetrokken') = (reden_intrekking IS NOT NULL)),
    CHECK ((status = 'open') = (afgehandeld_door IS NULL))
) STRICT;
CREATE INDEX partnerverzoeken_dossier ON partnerverzoeken (dossier_id, op);
