-- Interventions (maatregelen) on a dossier, their procedure steps (append-only) and the deadlines
-- computed from them. Destroyed with the dossier's content.
CREATE TABLE maatregel_nummers (
    gemeente_code TEXT NOT NULL REFERENCES gemeenten (code),
    jaar BIGINT NOT NULL,
    laatste BIGINT NOT NULL,
    PRIMARY KEY (gemeente_code, jaar)
);

CREATE TABLE maatregelen (
    id UUID PRIMARY KEY,
    dossier_id UUID NOT NULL REFERENCES dossiers (id),
    gemeente_code TEXT NOT NULL REFERENCES gemeenten (code),
    nummer TEXT NOT NULL,
    instrument TEXT NOT NULL,
    catalogus_versie TEXT NOT NULL,
    beleidsregel TEXT NOT NULL,
    bevoegd TEXT NOT NULL,
    grond TEXT,
    spoed BOOLEAN NOT NULL,
    spoed_motivering TEXT,
    duur TEXT,
    adressaten TEXT NOT NULL,
    object_id UUID,
    motivering TEXT,
    status TEXT NOT NULL,
    verantwoordelijke UUID NOT NULL REFERENCES users (id),
    aangemaakt_op TIMESTAMPTZ NOT NULL,
    aangemaakt_door UUID NOT NULL REFERENCES users (id),
    versie BIGINT NOT NULL,
    UNIQUE (gemeente_code, nummer)
);
CREATE INDEX maatregelen_dossier ON maatregelen (dossier_id);
CREATE INDEX maatregelen_verantwoordelijke ON maatregelen (verantwoordelijke) WHERE status = 'lopend';

CREATE TABLE maatregel_stappen (
    id UUID PRIMARY KEY,
    maatregel_id UUID NOT NULL REFERENCES maatregelen (id) ON DELETE CASCADE,
    stap TEXT NOT NULL,
    datum DATE NOT NULL,
    duur TEXT,
    toelichting TEXT,
    ecli TEXT,
    bijlage_id UUID,
    geregistreerd_op TIMESTAMPTZ NOT NULL,
    geregistreerd_door UUID NOT NULL REFERENCES users (id)
);
CREATE INDEX maatregel_stappen_maatregel ON maatregel_stappen (maatregel_id, datum);

CREATE TABLE termijnen (
    id UUID PRIMARY KEY,
    dossier_id UUID NOT NULL REFERENCES dossiers (id),
    maatregel_id UUID REFERENCES maatregelen (id) ON DELETE CASCADE,
    gemeente_code TEXT NOT NULL REFERENCES gemeenten (code),
    soort TEXT NOT NULL,
    omschrijving TEXT NOT NULL,
    aan TEXT NOT NULL,
    einddatum DATE NOT NULL,
    voldaan BOOLEAN NOT NULL,
    verantwoordelijke UUID NOT NULL REFERENCES users (id)
);
CREATE INDEX termijnen_dossier ON termijnen (dossier_id, einddatum);
CREATE INDEX termijnen_maatregel ON termijnen (maatregel_id);
CREATE INDEX termijnen_open ON termijnen (gemeente_code, einddatum, id) WHERE voldaan = FALSE;
CREATE INDEX termijnen_open_van ON termijnen (verantwoordelijke, einddatum, id) WHERE voldaan = FALSE;
