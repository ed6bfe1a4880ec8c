-- Every year of the chosen indicators for a few counties (compare view: trend lines), with sources.
-- $adcodes VARCHAR[], $indicators VARCHAR[].
SELECT i.adcode, c.name, i.indicator_id, i.year, i.value, i.source_id,
       s.title AS source_title, s.verified AS source_verified
FROM indicators AS i
JOIN counties AS c USING (adcode)
LEFT JOIN sources AS s ON s.source_id = i.source_id
WHERE list_contains(CAST($adcodes AS VARCHAR[]), i.adcode)
  AND list_contains(CAST($indicators AS VARCHAR[]), i.indicator_id)
ORDER BY i.indicator_id, i.adcode, i.year NULLS FIRST;
