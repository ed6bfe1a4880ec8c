-- Yearly values of one indicator between two years (inclusive) for every county that has any,
-- with the county's comparison group: national / provincial key county, other former poverty
-- county (the 832, not on a key list), or other county. Feeds geo.gap (差距监测).
SELECT c.adcode, c.name, c.prefecture, c.province, c.province_adcode, c.support_level,
       CASE
           WHEN c.support_level = 'national' THEN 'national'
           WHEN c.support_level = 'provincial' THEN 'provincial'
           WHEN c.is_poverty832 THEN 'poverty832'
           ELSE 'other'
       END AS grp,
       i.year, i.value, i.source_id
FROM indicators AS i
JOIN counties AS c USING (adcode)
WHERE i.indicator_id = $indicator
  AND i.year BETWEEN $first AND $latest
  AND i.value IS NOT NULL
ORDER BY c.adcode, i.year;
