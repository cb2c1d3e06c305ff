-- The municipalities' own registers (`baken import register`): one row per register row, under
-- the municipality and the protocol's source code; id is `GM0553/bron/rij-id`. The keys a subject
-- is found by apart (address as in the BAG, letter and addition '' when absent; KvK number; BSN;
-- the name in look-up form), every other column in `velden` (a JSON list of [header, value]).
CREATE TABLE eigen_registerrijen (
    id TEXT PRIMARY KEY,
    gemeente_code TEXT NOT NULL,
    bron TEXT NOT NULL,
    rij_id TEXT NOT NULL,
    postcode TEXT,
    huisnummer INTEGER,
    huisletter TEXT NOT NULL,
    toevoeging TEXT NOT NULL,
    kvk_nummer TEXT,
    bsn TEXT,
    naam_sleutel TEXT,
    velden TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX eigen_registerrijen_bron ON eigen_registerrijen (gemeente_code, bron, id);
CREATE INDEX eigen_registerrijen_adres ON eigen_registerrijen (gemeente_code, bron, postcode, huisnummer);
CREATE INDEX eigen_registerrijen_kvk ON eigen_registerrijen (gemeente_code, bron, kvk_nummer);
CREATE INDEX eigen_registerrijen_bsn ON eigen_registerrijen (gemeente_code, bron, bsn);
CREATE INDEX eigen_registerrijen_naam ON eigen_registerrijen (gemeente_code, bron, naam_sleutel);
