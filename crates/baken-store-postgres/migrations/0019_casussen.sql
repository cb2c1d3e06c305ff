-- Cases (casussen): a case is a dossier of soort 'casus'; this holds what is particular to it,
-- the signals it was started from (one case per signal), and tasks of a dossier or a meeting.
CREATE TABLE casus_nummers (
    gemeente_code TEXT NOT NULL REFERENCES gemeenten (code),
    jaar BIGINT NOT NULL,
    laatste BIGINT NOT NULL,
    PRIMARY KEY (gemeente_code, jaar)
);

CREATE TABLE casussen (
    dossier_id UUID PRIMARY KEY REFERENCES dossiers (id),
    gemeente_code TEXT NOT NULL REFERENCES gemeenten (code),
    status TEXT NOT NULL,
    naam TEXT NOT NULL,
    doel TEXT NOT NULL,
    plan_van_aanpak TEXT,
    afdelingen TEXT NOT NULL,
    partners TEXT NOT NULL,
    nazorg_tot DATE,
    afsluitreden TEXT,
    afgesloten_op TIMESTAMPTZ,
    aangemaakt_op TIMESTAMPTZ NOT NULL,
    versie BIGINT NOT NULL
);
CREATE INDEX casussen_gemeente ON casussen (gemeente_code, aangemaakt_op);

CREATE TABLE casus_signalen (
    casus_id UUID NOT NULL REFERENCES casussen (dossier_id),
    signaal_id UUID NOT NULL UNIQUE REFERENCES dossiers (id),
    gekoppeld_op TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (casus_id, signaal_id)
);

CREATE TABLE taken (
    id UUID PRIMARY KEY,
    gemeente_code TEXT NOT NULL REFERENCES gemeenten (code),
    dossier_id UUID REFERENCES dossiers (id),
    overleg_id UUID,
    omschrijving TEXT NOT NULL,
    eigenaar_id UUID NOT NULL REFERENCES users (id),
    uiterlijk_op DATE,
    status TEXT NOT NULL,
    aangemaakt_door UUID NOT NULL REFERENCES users (id),
    aangemaakt_op TIMESTAMPTZ NOT NULL,
    afgerond_op TIMESTAMPTZ,
    versie BIGINT NOT NULL
);
CREATE INDEX taken_eigenaar ON taken (eigenaar_id, uiterlijk_op) WHERE status IN ('open', 'bezig');
CREATE INDEX taken_dossier ON taken (dossier_id);
CREATE INDEX taken_overleg ON taken (overleg_id);
