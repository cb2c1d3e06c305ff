-- Data subject requests worked on over time: the municipality that handles the request, the
-- person as Baken knows them (no foreign key: retention may remove the entity, the request stays),
-- the one extension with its reasons, the decision, and what the answer withholds under art. 41
-- UAVG (with a date to look at that again). Identities found by name and date of birth count only
-- once the privacy officer has confirmed them.
ALTER TABLE verzoeken ADD COLUMN gemeente_code TEXT;
ALTER TABLE verzoeken ADD COLUMN entiteit_id BLOB;
ALTER TABLE verzoeken ADD COLUMN toelichting TEXT;
ALTER TABLE verzoeken ADD COLUMN verlengd_op TEXT;
ALTER TABLE verzoeken ADD COLUMN verlenging_motivering TEXT;
ALTER TABLE verzoeken ADD COLUMN besluit TEXT;
ALTER TABLE verzoeken ADD COLUMN besluit_motivering TEXT;
CREATE INDEX verzoeken_gemeente ON verzoeken (gemeente_code, termijn_tot);

CREATE TABLE verzoek_beperkingen (
    id BLOB PRIMARY KEY,
    verzoek_id BLOB NOT NULL REFERENCES verzoeken (id),
    dossier_id BLOB NOT NULL,
    journaalpost_id BLOB,
    grond TEXT NOT NULL,
    motivering TEXT NOT NULL,
    herbeoordeling TEXT NOT NULL,
    vastgelegd_door BLOB NOT NULL REFERENCES users (id),
    vastgelegd_op TEXT NOT NULL
) STRICT;
CREATE INDEX verzoek_beperkingen_verzoek ON verzoek_beperkingen (verzoek_id);

CREATE TABLE verzoek_identiteiten (
    verzoek_id BLOB NOT NULL REFERENCES verzoeken (id),
    entiteit_id BLOB NOT NULL,
    bevestigd_door BLOB NOT NULL REFERENCES users (id),
    bevestigd_op TEXT NOT NULL,
    PRIMARY KEY (verzoek_id, entiteit_id)
) STRICT;
