-- A restriction under art. 41 UAVG lasts only as long as its ground: at its re-evaluation date the
-- privacy officer keeps it (with a new date) or lifts it, with reasons. The latest re-evaluation is
-- kept here; every one is in the audit log and the processing log.
ALTER TABLE verzoek_beperkingen ADD COLUMN herbeoordeeld_op TEXT;
ALTER TABLE verzoek_beperkingen ADD COLUMN herbeoordeling_motivering TEXT;
ALTER TABLE verzoek_beperkingen ADD COLUMN opgeheven_op TEXT;
