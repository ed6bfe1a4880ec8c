-- Per year of one indicator: how many of the listed key counties (national + provincial) have a value.
SELECT i.year, count(*) AS key_counties
FROM indicators AS i
JOIN counties AS c ON c.adcode = i.adcode
WHERE i.indicator_id = $indicator AND i.value IS NOT NULL AND i.year IS NOT NULL
  AND c.support_level IS NOT NULL
GROUP BY i.year
ORDER BY i.year;
