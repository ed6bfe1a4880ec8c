-- Imported figures supersede shipped ones for the same county, indicator and year.
DELETE FROM indicators
USING import_rows AS r
WHERE indicators.adcode = r.adcode
  AND indicators.indicator_id = r.indicator_id
  AND indicators.year IS NOT DISTINCT FROM r.year;
