-- How many imported figures replace a value already in the database.
SELECT count(*) AS replaced
FROM indicators AS i
JOIN import_rows AS r
  ON i.adcode = r.adcode AND i.indicator_id = r.indicator_id AND i.year IS NOT DISTINCT FROM r.year;
