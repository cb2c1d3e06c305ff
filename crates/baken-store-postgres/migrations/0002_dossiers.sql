-- Signals as dossiers, shared entities, the journal (hash chain + separately deletable content),
-- signed chain heads, the access log and the full-text index (Dutch text search configuration).

CREATE TABLE signaal_nummers (
    gemeente_code TEXT NOT NULL REFERENCES gemeenten (code),
    jaar BIGINT NOT NULL,
    laatste BIGINT NOT NULL,
    PRIMARY KEY (gemeente_code, jaar)
);

CREATE TABLE dossiers (
    id UUID PRIMARY KEY,
    soort TEXT NOT NULL,
    gemeente_code TEXT NOT NULL REFERENCES gemeenten (code),
    nummer TEXT NOT NULL,
    status TEXT NOT NULL,
    eigenaar_id UUID NOT NULL REFERENCES users (id),
    toegewezen_aan UUID REFERENCES users (id),
    geregistreerd_door UUID NOT NULL REFERENCES users (id),
    aangemaakt_op TIMESTAMPTZ NOT NULL,
    gewijzigd_op TIMESTAMPTZ NOT NULL,
    ontvangstdatum DATE NOT NULL,
    waargenomen_op TIMESTAMPTZ,
    bron TEXT NOT NULL,
    politie_stuk TEXT,
    omschrijving TEXT NOT NULL,
    indicatoren TEXT,
    bron_betrouwbaarheid TEXT,
    informatie_betrouwbaarheid TEXT,
    melder_naam TEXT,
    melder_contact TEXT,
    melder_anoniem BOOLEAN NOT NULL,
    versie BIGINT NOT NULL,
    -- Unix microseconds of aangemaakt_op: an integer sort key that orders alike on both databases.
    sorteer_op BIGINT NOT NULL,
    -- JSON arrays, so a backlog page is one query; dossier_fenomenen indexes the filter.
    fenomenen TEXT NOT NULL,
    team TEXT NOT NULL,
    UNIQUE (gemeente_code, nummer)
);
CREATE INDEX dossiers_backlog ON dossiers (gemeente_code, sorteer_op, id);
CREATE INDEX dossiers_status ON dossiers (gemeente_code, status, sorteer_op);
CREATE INDEX dossiers_toegewezen ON dossiers (toegewezen_aan);

CREATE TABLE dossier_fenomenen (
    dossier_id UUID NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    fenomeen TEXT NOT NULL,
    PRIMARY KEY (dossier_id, fenomeen)
);
CREATE INDEX dossier_fenomenen_fenomeen ON dossier_fenomenen (fenomeen, dossier_id);

CREATE TABLE entiteiten (
    id UUID PRIMARY KEY,
    soort TEXT NOT NULL,
    sleutel TEXT UNIQUE,
    weergave TEXT NOT NULL,
    gegevens JSONB NOT NULL,
    aangemaakt_op TIMESTAMPTZ NOT NULL
);

CREATE TABLE dossier_entiteiten (
    dossier_id UUID NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    entiteit_id UUID NOT NULL REFERENCES entiteiten (id),
    rol TEXT NOT NULL,
    aangemaakt_op TIMESTAMPTZ NOT NULL,
    aangemaakt_door UUID NOT NULL,
    PRIMARY KEY (dossier_id, entiteit_id, rol)
);
CREATE INDEX dossier_entiteiten_entiteit ON dossier_entiteiten (entiteit_id);

-- The chain rows never change; retention deletes only rows of journaal_inhoud.
CREATE TABLE journaal_keten (
    dossier_id UUID NOT NULL REFERENCES dossiers (id),
    volgnummer BIGINT NOT NULL,
    entry_id UUID NOT NULL UNIQUE,
    content_hash BYTEA NOT NULL,
    link_hash BYTEA NOT NULL,
    -- Ed25519 signature of this link (key outside the database): names the first changed entry.
    handtekening BYTEA NOT NULL,
    geregistreerd_op TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (dossier_id, volgnummer)
);
CREATE TRIGGER journaal_keten_append_only BEFORE UPDATE OR DELETE ON journaal_keten
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TABLE journaal_inhoud (
    entry_id UUID PRIMARY KEY REFERENCES journaal_keten (entry_id),
    dossier_id UUID NOT NULL,
    canoniek BYTEA NOT NULL
);
CREATE INDEX journaal_inhoud_dossier ON journaal_inhoud (dossier_id);
-- Content may be destroyed (retention) but never changed.
CREATE TRIGGER journaal_inhoud_no_update BEFORE UPDATE ON journaal_inhoud
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TABLE journaal_koppen (
    dossier_id UUID PRIMARY KEY REFERENCES dossiers (id),
    volgnummer BIGINT NOT NULL,
    link_hash BYTEA NOT NULL,
    handtekening BYTEA NOT NULL,
    sleutel_id TEXT NOT NULL,
    getekend_op TIMESTAMPTZ NOT NULL
);

CREATE TABLE toegangslog (
    seq BIGSERIAL PRIMARY KEY,
    id UUID NOT NULL UNIQUE,
    at TIMESTAMPTZ NOT NULL,
    user_id UUID NOT NULL,
    object_soort TEXT NOT NULL,
    object_id UUID NOT NULL,
    dossier_id UUID,
    context TEXT NOT NULL
);
CREATE INDEX toegangslog_user ON toegangslog (user_id, seq);
CREATE INDEX toegangslog_object ON toegangslog (object_id, seq);
CREATE TRIGGER toegangslog_append_only BEFORE UPDATE OR DELETE ON toegangslog
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TABLE zoekteksten (
    rowid BIGSERIAL PRIMARY KEY,
    dossier_id UUID NOT NULL REFERENCES dossiers (id),
    entry_id UUID,
    vertrouwelijkheid TEXT NOT NULL,
    tekst TEXT NOT NULL,
    tsv TSVECTOR GENERATED ALWAYS AS (to_tsvector('dutch', tekst)) STORED
);
CREATE INDEX zoekteksten_dossier ON zoekteksten (dossier_id);
CREATE INDEX zoekteksten_tsv ON zoekteksten USING GIN (tsv);
