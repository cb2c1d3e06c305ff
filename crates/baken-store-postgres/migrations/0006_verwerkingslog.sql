-- The processing log (Logboek Dataverwerkingen): one record per processing of personal data, with
-- trace and span ids, the action, the processing activity and the data subject as a pseudonym. No
-- user here: the access log (toegangslog) holds the user for the same trace id.
CREATE TABLE verwerkingslog (
    seq BIGSERIAL PRIMARY KEY,
    id UUID NOT NULL UNIQUE,
    trace_id TEXT NOT NULL,
    span_id TEXT NOT NULL,
    parent_span_id TEXT,
    actie TEXT NOT NULL,
    start_op TIMESTAMPTZ NOT NULL,
    eind_op TIMESTAMPTZ NOT NULL,
    status SMALLINT NOT NULL,
    verwerkingsactiviteit TEXT NOT NULL,
    betrokkene TEXT,
    betrokkene_type TEXT,
    dossier_id UUID,
    gemeente_code TEXT
);
CREATE INDEX verwerkingslog_betrokkene ON verwerkingslog (betrokkene, seq);
CREATE INDEX verwerkingslog_trace ON verwerkingslog (trace_id);
CREATE INDEX verwerkingslog_dossier ON verwerkingslog (dossier_id, seq);
CREATE TRIGGER verwerkingslog_append_only BEFORE UPDATE OR DELETE ON verwerkingslog
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Adding a column is no change of existing rows' content; the append-only trigger stays.
ALTER TABLE toegangslog ADD COLUMN trace_id TEXT;
CREATE INDEX toegangslog_trace ON toegangslog (trace_id);
