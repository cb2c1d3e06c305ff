-- The access log's index on object_id served no query: the privacy officer's list of one object
-- matches an object or its dossier (an OR no index of one column answers), and every other read
-- goes by trace, user or time. Each record's random object id put its entry on a random page of
-- that index, so every logged page dirtied one such page per record (a deadline overview of 100
-- lines: 100 pages). Dropping it changes no answer (ADR 0013).
DROP INDEX toegangslog_object;
