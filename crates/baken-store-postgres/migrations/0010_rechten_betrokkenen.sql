-- Data subject requests worked on over time: the municipality that handles the request, the
-- person as Baken knows them (no foreign key: retention may remove the entity, the request stays),
-- the one extension with its reasons, the decision, and what the answer withholds under art. 41
-- UAVG (with a date to look at that again). Identities found by name and date of birth count only
-- once the privacy officer has confirmed them.
ALTER TABLE verzoeken ADD COLUMN gemeente_code TEXT;
ALTER TABLE verzoeken ADD COLUMN entiteit_id UUID;
ALTER TABLE verzoeken ADD COLUMN toelichting TEXT;
ALTER TABLE verzoeken ADD COLUMN verlengd_op TIMESTAMPTZ;
ALTER TABLE verzoeken ADD COLUMN verlenging_motivering TEXT;
ALTER TABLE verzoeken ADD COLUMN besluit TEXT;
ALTER TABLE verzoeken ADD COLUMN besluit_motivering TEXT;
CREATE INDEX verzoeken_gemeente ON verzoeken (gemeente_code, termijn_tot);

CREATE TABLE verzoek_beperkingen (
    id UUID PRIMARY KEY,
    verzoek_id UUID NOT NULL REFERENCES verzoeken (id),
    dossier_id UUID NOT NULL,
    journaalpost_id UUID,
    grond TEXT NOT NULL,
    motivering TEXT NOT NULL,
    herbeoordeling DATE NOT NULL,
    vastgelegd_door UUID NOT NULL REFERENCES users (id),
    vastgelegd_op TIMESTAMPTZ NOT NULL
);
CREATE INDEX verzoek_beperkingen_verzoek ON verzoek_beperkingen (verzoek_id);

CREATE TABLE verzoek_identiteiten (
    verzoek_id UUID NOT NULL REFERENCES verzoeken (id),
    entiteit_id UUID NOT NULL,
    bevestigd_door UUID NOT NULL REFERENCES users (id),
    bevestigd_op TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (verzoek_id, entiteit_id)
);
