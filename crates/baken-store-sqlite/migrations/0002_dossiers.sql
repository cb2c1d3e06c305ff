-- Signals as dossiers, shared entities, the journal (hash chain + separately deletable content),
-- signed chain heads, the access log and the full-text index.

CREATE TABLE signaal_nummers (
    gemeente_code TEXT NOT NULL REFERENCES gemeenten (code),
    jaar INTEGER NOT NULL,
    laatste INTEGER NOT NULL,
    PRIMARY KEY (gemeente_code, jaar)
) STRICT;

CREATE TABLE dossiers (
    id BLOB PRIMARY KEY,
    soort TEXT NOT NULL,
    gemeente_code TEXT NOT NULL REFERENCES gemeenten (code),
    nummer TEXT NOT NULL,
    status TEXT NOT NULL,
    eigenaar_id BLOB NOT NULL REFERENCES users (id),
    toegewezen_aan BLOB REFERENCES users (id),
    geregistreerd_door BLOB NOT NULL REFERENCES users (id),
    aangemaakt_op TEXT NOT NULL,
    gewijzigd_op TEXT NOT NULL,
    ontvangstdatum TEXT NOT NULL,
    waargenomen_op TEXT,
    bron TEXT NOT NULL,
    politie_stuk TEXT,
    omschrijving TEXT NOT NULL,
    indicatoren TEXT,
    bron_betrouwbaarheid TEXT,
    informatie_betrouwbaarheid TEXT,
    melder_naam TEXT,
    melder_contact TEXT,
    melder_anoniem INTEGER NOT NULL,
    versie INTEGER NOT NULL,
    -- Unix microseconds of aangemaakt_op: an integer sort key that orders alike on both databases.
    sorteer_op INTEGER NOT NULL,
    -- JSON arrays, so a backlog page is one query; dossier_fenomenen indexes the filter.
    fenomenen TEXT NOT NULL,
    team TEXT NOT NULL,
    UNIQUE (gemeente_code, nummer)
) STRICT;
CREATE INDEX dossiers_backlog ON dossiers (gemeente_code, sorteer_op, id);
CREATE INDEX dossiers_status ON dossiers (gemeente_code, status, sorteer_op);
CREATE INDEX dossiers_toegewezen ON dossiers (toegewezen_aan);

CREATE TABLE dossier_fenomenen (
    dossier_id BLOB NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    fenomeen TEXT NOT NULL,
    PRIMARY KEY (dossier_id, fenomeen)
) STRICT;
CREATE INDEX dossier_fenomenen_fenomeen ON dossier_fenomenen (fenomeen, dossier_id);

CREATE TABLE entiteiten (
    id BLOB PRIMARY KEY,
    soort TEXT NOT NULL,
    sleutel TEXT UNIQUE,
    weergave TEXT NOT NULL,
    gegevens TEXT NOT NULL,
    aangemaakt_op TEXT NOT NULL
) STRICT;

CREATE TABLE dossier_entiteiten (
    dossier_id BLOB NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    entiteit_id BLOB NOT NULL REFERENCES entiteiten (id),
    rol TEXT NOT NULL,
    aangemaakt_op TEXT NOT NULL,
    aangemaakt_door BLOB NOT NULL,
    PRIMARY KEY (dossier_id, entiteit_id, rol)
) STRICT;
CREATE INDEX dossier_entiteiten_entiteit ON dossier_entiteiten (entiteit_id);

-- The chain rows never change; retention deletes only rows of journaal_inhoud.
CREATE TABLE journaal_keten (
    dossier_id BLOB NOT NULL REFERENCES dossiers (id),
    volgnummer INTEGER NOT NULL,
    entry_id BLOB NOT NULL UNIQUE,
    content_hash BLOB NOT NULL,
    link_hash BLOB NOT NULL,
    -- Ed25519 signature of this link (key outside the database): names the first changed entry.
    handtekening BLOB NOT NULL,
    geregistreerd_op TEXT NOT NULL,
    PRIMARY KEY (dossier_id, volgnummer)
) STRICT;
CREATE TRIGGER journaal_keten_append_only_update BEFORE UPDATE ON journaal_keten
BEGIN SELECT RAISE(ABORT, 'journaal_keten is append-only'); END;
CREATE TRIGGER journaal_keten_append_only_delete BEFORE DELETE ON journaal_keten
BEGIN SELECT RAISE(ABORT, 'journaal_keten is append-only'); END;

CREATE TABLE journaal_inhoud (
    entry_id BLOB PRIMARY KEY REFERENCES journaal_keten (entry_id),
    dossier_id BLOB NOT NULL,
    canoniek BLOB NOT NULL
) STRICT;
CREATE INDEX journaal_inhoud_dossier ON journaal_inhoud (dossier_id);
-- Content may be destroyed (retention) but never changed.
CREATE TRIGGER journaal_inhoud_no_update BEFORE UPDATE ON journaal_inhoud
BEGIN SELECT RAISE(ABORT, 'journaal_inhoud is append-only'); END;

CREATE TABLE journaal_koppen (
    dossier_id BLOB PRIMARY KEY REFERENCES dossiers (id),
    volgnummer INTEGER NOT NULL,
    link_hash BLOB NOT NULL,
    handtekening BLOB NOT NULL,
    sleutel_id TEXT NOT NULL,
    getekend_op TEXT NOT NULL
) STRICT;

CREATE TABLE toegangslog (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id BLOB NOT NULL UNIQUE,
    at TEXT NOT NULL,
    user_id BLOB NOT NULL,
    object_soort TEXT NOT NULL,
    object_id BLOB NOT NULL,
    dossier_id BLOB,
    context TEXT NOT NULL
) STRICT;
CREATE INDEX toegangslog_user ON toegangslog (user_id, seq);
CREATE INDEX toegangslog_object ON toegangslog (object_id, seq);
CREATE TRIGGER toegangslog_append_only_update BEFORE UPDATE ON toegangslog
BEGIN SELECT RAISE(ABORT, 'toegangslog is append-only'); END;
CREATE TRIGGER toegangslog_append_only_delete BEFORE DELETE ON toegangslog
BEGIN SELECT RAISE(ABORT, 'toegangslog is append-only'); END;

-- Full text: one row per searchable text (a signal's description or a journal entry), indexed by FTS5.
CREATE TABLE zoekteksten (
    rowid INTEGER PRIMARY KEY,
    dossier_id BLOB NOT NULL REFERENCES dossiers (id),
    entry_id BLOB,
    vertrouwelijkheid TEXT NOT NULL,
    tekst TEXT NOT NULL
) STRICT;
CREATE INDEX zoekteksten_dossier ON zoekteksten (dossier_id);
CREATE VIRTUAL TABLE zoekindex USING fts5 (tekst, content = 'zoekteksten', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER zoekteksten_ai AFTER INSERT ON zoekteksten BEGIN
    INSERT INTO zoekindex (rowid, tekst) VALUES (new.rowid, new.tekst);
END;
CREATE TRIGGER zoekteksten_ad AFTER DELETE ON zoekteksten BEGIN
    INSERT INTO zoekindex (zoekindex, rowid, tekst) VALUES ('delete', old.rowid, old.tekst);
END;
CREATE TRIGGER zoekteksten_au AFTER UPDATE ON zoekteksten BEGIN
    INSERT INTO zoekindex (zoekindex, rowid, tekst) VALUES ('delete', old.rowid, old.tekst);
    INSERT INTO zoekindex (rowid, tekst) VALUES (new.rowid, new.tekst);
END;
