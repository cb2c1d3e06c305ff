-- Each municipality is a separate controller: an entity (person, organisation, address, …) is
-- recorded per municipality with what that municipality entered. The same identifier (BSN, KvK
-- number, …) in another municipality is another row; `identificatie` finds those rows for the
-- neutral "also known elsewhere". `sleutel` (unique) becomes the municipality-scoped key
-- `GMdddd|bsn:…`.
ALTER TABLE entiteiten ADD COLUMN gemeente_code TEXT;
ALTER TABLE entiteiten ADD COLUMN identificatie TEXT;

UPDATE entiteiten SET identificatie = sleutel,
    gemeente_code = (SELECT MIN(d.gemeente_code) FROM dossier_entiteiten l JOIN dossiers d ON d.id = l.dossier_id
                     WHERE l.entiteit_id = entiteiten.id);

-- An entity linked to dossiers of several municipalities gets a copy per further municipality,
-- and those municipalities' links move to their copy.
CREATE TEMP TABLE entiteit_kopie ON COMMIT DROP AS
    SELECT l.entiteit_id AS oud, d.gemeente_code AS gemeente, gen_random_uuid() AS nieuw
    FROM dossier_entiteiten l
    JOIN dossiers d ON d.id = l.dossier_id
    JOIN entiteiten e ON e.id = l.entiteit_id
    WHERE d.gemeente_code <> e.gemeente_code
    GROUP BY l.entiteit_id, d.gemeente_code;

INSERT INTO entiteiten (id, soort, sleutel, weergave, gegevens, aangemaakt_op, gemeente_code, identificatie)
    SELECT k.nieuw, e.soort, k.gemeente || '|' || e.sleutel, e.weergave, e.gegevens, e.aangemaakt_op, k.gemeente, e.identificatie
    FROM entiteit_kopie k JOIN entiteiten e ON e.id = k.oud;

UPDATE dossier_entiteiten l SET entiteit_id = k.nieuw
    FROM entiteit_kopie k, dossiers d
    WHERE k.oud = l.entiteit_id AND d.id = l.dossier_id AND d.gemeente_code = k.gemeente;

UPDATE entiteiten SET sleutel = gemeente_code || '|' || sleutel
    WHERE sleutel IS NOT NULL AND id NOT IN (SELECT nieuw FROM entiteit_kopie);

-- An entity without any link (retention removes those) has no municipality left to belong to.
DELETE FROM entiteiten WHERE gemeente_code IS NULL;
ALTER TABLE entiteiten ALTER COLUMN gemeente_code SET NOT NULL;

CREATE INDEX entiteiten_identificatie ON entiteiten (identificatie);
CREATE INDEX entiteiten_gemeente ON entiteiten (gemeente_code, soort, id);
