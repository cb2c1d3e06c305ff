-- The local BAG register, from the Kadaster's bulk extract (`baken import bag`): the current
-- occurrence of each object, one table per object type, keyed by its BAG id. `hash` is a digest of
-- the stored fields, so that a second import of the same extract changes nothing and a newer one
-- writes only what differs. Public data (no personal data): no access log on reads.
CREATE TABLE bag_woonplaatsen (
    id TEXT PRIMARY KEY,
    naam TEXT NOT NULL,
    status TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TABLE bag_openbare_ruimten (
    id TEXT PRIMARY KEY,
    naam TEXT NOT NULL,
    woonplaats_id TEXT NOT NULL,
    status TEXT NOT NULL,
    hash TEXT NOT NULL
);
-- Letter and addition are '' when absent, so that an exact look-up is one index range.
CREATE TABLE bag_nummeraanduidingen (
    id TEXT PRIMARY KEY,
    postcode TEXT,
    huisnummer INTEGER NOT NULL,
    huisletter TEXT NOT NULL,
    toevoeging TEXT NOT NULL,
    openbare_ruimte_id TEXT NOT NULL,
    woonplaats_id TEXT,
    status TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX bag_nummeraanduidingen_adres ON bag_nummeraanduidingen (postcode, huisnummer, huisletter, toevoeging);
-- Verblijfsobjecten, ligplaatsen and standplaatsen; side addresses, use purposes and panden as
-- comma-separated lists, the first pand also on its own for the join.
CREATE TABLE bag_adresseerbare_objecten (
    id TEXT PRIMARY KEY,
    soort TEXT NOT NULL,
    hoofdadres_id TEXT NOT NULL,
    nevenadressen TEXT NOT NULL,
    gebruiksdoelen TEXT NOT NULL,
    oppervlakte INTEGER,
    x DOUBLE PRECISION,
    y DOUBLE PRECISION,
    panden TEXT NOT NULL,
    pand_id TEXT,
    status TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX bag_adresseerbare_objecten_hoofdadres ON bag_adresseerbare_objecten (hoofdadres_id);
CREATE TABLE bag_panden (
    id TEXT PRIMARY KEY,
    bouwjaar INTEGER,
    status TEXT NOT NULL,
    hash TEXT NOT NULL
);
