-- The local trade register (`baken import kvk`): one row per establishment, or per legal person
-- without one (id: the establishment number, else the KvK number). Letter and addition are ''
-- when absent, as in the BAG; lists are JSON text. `hash` as in the BAG tables.
CREATE TABLE kvk_vestigingen (
    id TEXT PRIMARY KEY,
    kvk_nummer TEXT NOT NULL,
    vestigingsnummer TEXT,
    naam TEXT NOT NULL,
    handelsnamen TEXT NOT NULL,
    rechtsvorm TEXT,
    hoofdvestiging BOOLEAN NOT NULL,
    straatnaam TEXT,
    huisnummer INTEGER,
    huisletter TEXT NOT NULL,
    toevoeging TEXT NOT NULL,
    postcode TEXT,
    plaats TEXT,
    sbi TEXT NOT NULL,
    datum_aanvang TEXT,
    datum_einde TEXT,
    nummeraanduiding_id TEXT,
    hash TEXT NOT NULL
);
CREATE INDEX kvk_vestigingen_kvk_nummer ON kvk_vestigingen (kvk_nummer);
CREATE INDEX kvk_vestigingen_adres ON kvk_vestigingen (postcode, huisnummer);

-- Sanctions and PEP lists (`baken import sancties`): FollowTheMoney entities by their id, the
-- looked-up properties apart (JSON lists), all of them in `properties` (a JSON object).
CREATE TABLE sanctie_entiteiten (
    id TEXT PRIMARY KEY,
    ftm_schema TEXT NOT NULL,
    caption TEXT NOT NULL,
    namen TEXT NOT NULL,
    geboortedata TEXT NOT NULL,
    landen TEXT NOT NULL,
    topics TEXT NOT NULL,
    datasets TEXT NOT NULL,
    nummers TEXT NOT NULL,
    properties TEXT NOT NULL,
    hash TEXT NOT NULL
);
-- Each entity's names in look-up form (`naam_sleutel`: lower case, no diacritics or punctuation).
CREATE TABLE sanctie_namen (
    sleutel TEXT NOT NULL,
    entiteit_id TEXT NOT NULL,
    PRIMARY KEY (sleutel, entiteit_id)
);
CREATE INDEX sanctie_namen_entiteit ON sanctie_namen (entiteit_id);
