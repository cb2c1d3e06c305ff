-- The processing log (Logboek Dataverwerkingen): one record per processing of personal data, with
-- trace and span ids, the action, the processing activity and the data subject as a pseudonym. No
-- user here: the access log (toegangslog) holds the user for the same trace id.
CREATE TABLE verwerkingslog (
    seq INTEGER PRIMARY KEY,
    id BLOB NOT NULL UNIQUE,
    trace_id TEXT NOT NULL,
    span_id TEXT NOT NULL,
    parent_span_id TEXT,
    actie TEXT NOT NULL,
    start_op TEXT NOT NULL,
    eind_op TEXT NOT NULL,
    status INTEGER NOT NULL,
    verwerkingsactiviteit TEXT NOT NULL,
    betrokkene TEXT,
    betrokkene_type TEXT,
    dossier_id BLOB,
    gemeente_code TEXT
) STRICT;
CREATE INDEX verwerkingslog_betrokkene ON verwerkingslog (betrokkene, seq);
CREATE INDEX verwerkingslog_trace ON verwerkingslog (trace_id);
CREATE INDEX verwerkingslog_dossier ON verwerkingslog (dossier_id, seq);
CREATE TRIGGER verwerkingslog_append_only_update BEFORE UPDATE ON verwerkingslog
BEGIN SELECT RAISE(ABORT, 'verwerkingslog is append-only'); END;
CREATE TRIGGER verwerkingslog_append_only_delete BEFORE DELETE ON verwerkingslog
BEGIN SELECT RAISE(ABORT, 'verwerkingslog is append-only'); END;

ALTER TABLE toegangslog ADD COLUMN trace_id TEXT;
CREATE INDEX toegangslog_trace ON toegangslog (trace_id);
