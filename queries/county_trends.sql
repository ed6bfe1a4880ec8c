-- All years of every indicator for one county ($adcode) or for every county ($adcode NULL: the
-- county profile's per-process lookup), for trend lines.
SELECT i.adcode, i.indicator_id, i.year, i.value, i.source_id
FROM indicators AS i
WHERE ($adcode IS NULL OR i.adcode = $adcode) AND i.year IS NOT NULL
ORDER BY i.adcode, i.indicator_id, i.year;
