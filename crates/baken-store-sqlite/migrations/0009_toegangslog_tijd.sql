-- The anomaly report reads the access log by period.
CREATE INDEX toegangslog_at ON toegangslog (at);
