-- Requests of data subjects (AVG art. 15-21). The subject is kept as the processing log's
-- pseudonym, never as a BSN; the deadline is one month, extendable by two.
CREATE TABLE verzoeken (
    id UUID PRIMARY KEY,
    soort TEXT NOT NULL,
    betrokkene TEXT NOT NULL,
    betrokkene_type TEXT NOT NULL,
    ontvangen_op DATE NOT NULL,
    termijn_tot DATE NOT NULL,
    geregistreerd_door UUID NOT NULL REFERENCES users (id),
    geregistreerd_op TIMESTAMPTZ NOT NULL,
    beantwoord_op TIMESTAMPTZ
);
