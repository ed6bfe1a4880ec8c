-- Key counties with their infrastructure flags and distances (newest year of each distance,
-- with its source). $level: 'national', 'provincial' or NULL for both.
WITH dist AS (
    SELECT adcode, indicator_id, year, value, source_id
    FROM indicators
    WHERE indicator_id IN ('dist_rail_km', 'dist_airport_km')
    QUALIFY row_number() OVER (PARTITION BY adcode, indicator_id ORDER BY year DESC NULLS LAST) = 1
)
SELECT c.adcode, c.name, c.prefecture, c.province, c.support_level,
       c.has_railway, c.has_rail_station, c.has_airport, c.has_expressway,
       r.value AS dist_rail_km, r.year AS dist_rail_year, r.source_id AS dist_rail_source,
       a.value AS dist_airport_km, a.year AS dist_airport_year, a.source_id AS dist_airport_source
FROM counties AS c
LEFT JOIN dist AS r ON r.adcode = c.adcode AND r.indicator_id = 'dist_rail_km'
LEFT JOIN dist AS a ON a.adcode = c.adcode AND a.indicator_id = 'dist_airport_km'
WHERE c.support_level IS NOT NULL
  AND ($level IS NULL OR c.support_level = $level)
ORDER BY r.value DESC NULLS LAST, c.adcode;
