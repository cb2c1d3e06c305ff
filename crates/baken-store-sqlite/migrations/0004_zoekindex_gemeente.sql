-- The municipality inside the full-text index: a search matches `gemeente_code : "GM…"` together
-- with its terms, so FTS5 walks only that municipality's matches, newest first, and stops at the
-- page size. (Filtering by a join afterwards had to over-fetch and could miss older hits when
-- another municipality had many newer ones.)
DROP TRIGGER zoekteksten_ai;
DROP TRIGGER zoekteksten_ad;
DROP TRIGGER zoekteksten_au;
ALTER TABLE zoekteksten ADD COLUMN gemeente_code TEXT NOT NULL DEFAULT '';
UPDATE zoekteksten SET gemeente_code = (SELECT d.gemeente_code FROM dossiers d WHERE d.id = zoekteksten.dossier_id);
DROP TABLE zoekindex;
CREATE VIRTUAL TABLE zoekindex USING fts5 (
    tekst, gemeente_code,
    content = 'zoekteksten', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO zoekindex (zoekindex) VALUES ('rebuild');
CREATE TRIGGER zoekteksten_ai AFTER INSERT ON zoekteksten BEGIN
    INSERT INTO zoekindex (rowid, tekst, gemeente_code) VALUES (new.rowid, new.tekst, new.gemeente_code);
END;
CREATE TRIGGER zoekteksten_ad AFTER DELETE ON zoekteksten BEGIN
    INSERT INTO zoekindex (zoekindex, rowid, tekst, gemeente_code) VALUES ('delete', old.rowid, old.tekst, old.gemeente_code);
END;
CREATE TRIGGER zoekteksten_au AFTER UPDATE ON zoekteksten BEGIN
    INSERT INTO zoekindex (zoekindex, rowid, tekst, gemeente_code) VALUES ('delete', old.rowid, old.tekst, old.gemeente_code);
    INSERT INTO zoekindex (rowid, tekst, gemeente_code) VALUES (new.rowid, new.tekst, new.gemeente_code);
END;
