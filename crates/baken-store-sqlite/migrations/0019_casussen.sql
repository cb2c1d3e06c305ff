-- Cases (casussen): a case is a dossier of soort 'casus'; this holds what is particular to it,
-- the signals it was started from (one case per signal), and tasks of a dossier or a meeting.
CREATE TABLE casus_nummers (
    gemeente_code TEXT NOT NULL REFERENCES gemeenten (code),
    jaar INTEGER NOT NULL,
    laatste INTEGER NOT NULL,
    PRIMARY KEY (gemeente_code, jaar)
) STRICT;

CREATE TABLE casussen (
    dossier_id BLOB PRIMARY KEY REFERENCES dossiers (id),
    gemeente_code TEXT NOT NULL REFERENCES gemeenten (code),
    status TEXT NOT NULL,
    naam TEXT NOT NULL,
    doel TEXT NOT NULL,
    plan_van_aanpak TEXT,
    afdelingen TEXT NOT NULL,
    partners TEXT NOT NULL,
    nazorg_tot TEXT,
    afsluitreden TEXT,
    afgesloten_op TEXT,
    aangemaakt_op TEXT NOT NULL,
    versie INTEGER NOT NULL
) STRICT;
CREATE INDEX casussen_gemeente ON casussen (gemeente_code, aangemaakt_op);

CREATE TABLE casus_signalen (
    casus_id BLOB NOT NULL REFERENCES casussen (dossier_id),
    signaal_id BLOB NOT NULL UNIQUE REFERENCES dossiers (id),
    gekoppeld_op TEXT NOT NULL,
    PRIMARY KEY (casus_id, signaal_id)
) STRICT;

CREATE TABLE taken (
    id BLOB PRIMARY KEY,
    gemeente_code TEXT NOT NULL REFERENCES gemeenten (code),
    dossier_id BLOB REFERENCES dossiers (id),
    overleg_id BLOB,
    omschrijving TEXT NOT NULL,
    eigenaar_id BLOB NOT NULL REFERENCES users (id),
    uiterlijk_op TEXT,
    status TEXT NOT NULL,
    aangemaakt_door BLOB NOT NULL REFERENCES users (id),
    aangemaakt_op TEXT NOT NULL,
    afgerond_op TEXT,
    versie INTEGER NOT NULL
) STRICT;
CREATE INDEX taken_eigenaar ON taken (eigenaar_id, uiterlijk_op) WHERE status IN ('open', 'bezig');
CREATE INDEX taken_dossier ON taken (dossier_id);
CREATE INDEX taken_overleg ON taken (overleg_id);
