-- The municipality on every search text, with an index that walks one municipality's texts newest
-- first: for common words the planner reads backwards until a page is full instead of collecting
-- every match from the GIN index and sorting them; rare words still go through the GIN index.
ALTER TABLE zoekteksten ADD COLUMN gemeente_code TEXT;
UPDATE zoekteksten t SET gemeente_code = d.gemeente_code FROM dossiers d WHERE d.id = t.dossier_id;
ALTER TABLE zoekteksten ALTER COLUMN gemeente_code SET NOT NULL;
CREATE INDEX zoekteksten_gemeente_recent ON zoekteksten (gemeente_code, rowid DESC);
