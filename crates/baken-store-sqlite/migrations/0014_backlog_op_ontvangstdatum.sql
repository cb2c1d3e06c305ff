-- The backlog is ordered by the day a signal was received, then by the time of day it was
-- registered (it was ordered by the moment of registration, so "oldest first" put a signal
-- registered today but received last month at the end). `sorteer_op` was unix microseconds of
-- the registration; it becomes days since 1970 of the received date in microseconds plus the
-- registration's time of day (UTC) in microseconds, as `DossierRecord::sorteer_sleutel` computes.
UPDATE dossiers SET sorteer_op =
    CAST(round(julianday(ontvangstdatum) - julianday('1970-01-01')) AS INTEGER) * 86400000000
    + (sorteer_op % 86400000000);
