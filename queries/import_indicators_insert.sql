-- Imported figures, each carrying the import's source.
INSERT INTO indicators (adcode, indicator_id, year, value, source_id)
SELECT adcode, indicator_id, year, value, $source_id
FROM import_rows;
