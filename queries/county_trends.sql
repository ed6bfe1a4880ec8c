-- All years of every indicator for one county (for trend lines).
SELECT i.indicator_id, i.year, i.value, i.source_id
FROM indicators AS i
WHERE i.adcode = $adcode AND i.year IS NOT NULL
ORDER BY i.indicator_id, i.year;
