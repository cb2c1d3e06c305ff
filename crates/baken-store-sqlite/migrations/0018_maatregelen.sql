-- Interventions (maatregelen) on a dossier, their procedure steps (append-only) and the deadlines
-- computed from them. Destroyed with the dossier's content.
CREATE TABLE maatregel_nummers (
    gemeente_code TEXT NOT NULL REFERENCES gemeenten (code),
    jaar INTEGER NOT NULL,
    laatste INTEGER NOT NULL,
    PRIMARY KEY (gemeente_code, jaar)
) STRICT;

CREATE TABLE maatregelen (
    id BLOB PRIMARY KEY,
    dossier_id BLOB NOT NULL REFERENCES dossiers (id),
    gemeente_code TEXT NOT NULL REFERENCES gemeenten (code),
    nummer TEXT NOT NULL,
    instrument TEXT NOT NULL,
    catalogus_versie TEXT NOT NULL,
    beleidsregel TEXT NOT NULL,
    bevoegd TEXT NOT NULL,
    grond TEXT,
    spoed INTEGER NOT NULL,
    spoed_motivering TEXT,
    duur TEXT,
    adressaten TEXT NOT NULL,
    object_id BLOB,
    motivering TEXT,
    status TEXT NOT NULL,
    verantwoordelijke BLOB NOT NULL REFERENCES users (id),
    aangemaakt_op TEXT NOT NULL,
    aangemaakt_door BLOB NOT NULL REFERENCES users (id),
    versie INTEGER NOT NULL,
    UNIQUE (gemeente_code, nummer)
) STRICT;
CREATE INDEX maatregelen_dossier ON maatregelen (dossier_id);
CREATE INDEX maatregelen_verantwoordelijke ON maatregelen (verantwoordelijke) WHERE status = 'lopend';

CREATE TABLE maatregel_stappen (
    id BLOB PRIMARY KEY,
    maatregel_id BLOB NOT NULL REFERENCES maatregelen (id) ON DELETE CASCADE,
    stap TEXT NOT NULL,
    datum TEXT NOT NULL,
    duur TEXT,
    toelichting TEXT,
    ecli TEXT,
    bijlage_id BLOB,
    geregistreerd_op TEXT NOT NULL,
    geregistreerd_door BLOB NOT NULL REFERENCES users (id)
) STRICT;
CREATE INDEX maatregel_stappen_maatregel ON maatregel_stappen (maatregel_id, datum);

CREATE TABLE termijnen (
    id BLOB PRIMARY KEY,
    dossier_id BLOB NOT NULL REFERENCES dossiers (id),
    maatregel_id BLOB REFERENCES maatregelen (id) ON DELETE CASCADE,
    gemeente_code TEXT NOT NULL REFERENCES gemeenten (code),
    soort TEXT NOT NULL,
    omschrijving TEXT NOT NULL,
    aan TEXT NOT NULL,
    einddatum TEXT NOT NULL,
    voldaan INTEGER NOT NULL,
    verantwoordelijke BLOB NOT NULL REFERENCES users (id)
) STRICT;
CREATE INDEX termijnen_dossier ON termijnen (dossier_id, einddatum);
CREATE INDEX termijnen_maatregel ON termijnen (maatregel_id);
CREATE INDEX termijnen_open ON termijnen (gemeente_code, einddatum, id) WHERE voldaan = FALSE;
CREATE INDEX termijnen_open_van ON termijnen (verantwoordelijke, einddatum, id) WHERE voldaan = FALSE;
