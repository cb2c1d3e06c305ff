-- A signal being monitored gets the day it is weighed again: on that day it is back on the queue.
ALTER TABLE dossiers ADD COLUMN herbeoordelen_op DATE;
