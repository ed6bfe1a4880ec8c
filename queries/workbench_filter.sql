-- Planners' workbench: counties passing the place, level and flag filters, with their
-- status against the indicator ranges: 'match' (every range holds) or 'missing' (no value
-- for at least one filtered indicator and no range broken). Counties outside a range are dropped.
-- Parameters (NULL or FALSE = no filter):
--   $provinces, $prefectures VARCHAR[] adcodes; $levels VARCHAR[] of 'national'|'provincial'|'none';
--   $poverty832, $sanqu, $ethnic, $large_site, $no_rail, $no_airport BOOLEAN (TRUE = required);
--   $range_ids VARCHAR[], $range_years BIGINT[] (NULL element = static), $range_lows,
--   $range_highs DOUBLE[] (NULL element = open end): parallel lists, one entry per range.
WITH ranges AS (
    SELECT unnest(CAST($range_ids AS VARCHAR[])) AS indicator_id,
           unnest(CAST($range_years AS BIGINT[])) AS year,
           unnest(CAST($range_lows AS DOUBLE[])) AS low,
           unnest(CAST($range_highs AS DOUBLE[])) AS high
),
places AS (
    SELECT c.*, coalesce(s.large_site_count, 0) AS large_site_count
    FROM counties AS c
    LEFT JOIN county_sites AS s USING (adcode)
    WHERE ($provinces IS NULL OR list_contains(CAST($provinces AS VARCHAR[]), c.province_adcode))
      AND ($prefectures IS NULL OR list_contains(CAST($prefectures AS VARCHAR[]), c.prefecture_adcode))
      AND ($levels IS NULL OR list_contains(CAST($levels AS VARCHAR[]), coalesce(c.support_level, 'none')))
      AND (NOT $poverty832 OR c.is_poverty832 IS TRUE)
      AND (NOT $sanqu OR c.is_sanqu_sanzhou IS TRUE)
      AND (NOT $ethnic OR c.is_ethnic_area IS TRUE)
      AND (NOT $large_site OR coalesce(s.large_site_count, 0) > 0)
      AND (NOT $no_rail OR c.has_rail_station IS FALSE)
      AND (NOT $no_airport OR c.has_airport IS FALSE)
),
checked AS (
    SELECT p.adcode, r.indicator_id, i.value,
           r.indicator_id IS NOT NULL AND i.value IS NULL AS is_missing,
           i.value IS NOT NULL AND (i.value < coalesce(r.low, i.value) OR i.value > coalesce(r.high, i.value))
               AS is_outside
    FROM places AS p
    LEFT JOIN ranges AS r ON TRUE
    LEFT JOIN indicators AS i
      ON i.adcode = p.adcode AND i.indicator_id = r.indicator_id AND i.year IS NOT DISTINCT FROM r.year
),
status AS (
    SELECT adcode,
           bool_or(is_outside) AS is_outside,
           list(indicator_id ORDER BY indicator_id) FILTER (WHERE is_missing) AS missing_indicators
    FROM checked
    GROUP BY adcode
)
SELECT p.adcode, p.name, p.prefecture, p.prefecture_adcode, p.province, p.province_adcode, p.support_level,
       p.is_poverty832, p.is_sanqu_sanzhou, p.is_ethnic_area, p.large_site_count, p.has_rail_station, p.has_airport,
       p.min_lon, p.min_lat, p.max_lon, p.max_lat,
       CASE WHEN len(coalesce(s.missing_indicators, [])) > 0 THEN 'missing' ELSE 'match' END AS status,
       coalesce(s.missing_indicators, []) AS missing_indicators
FROM places AS p
JOIN status AS s USING (adcode)
WHERE NOT s.is_outside
ORDER BY p.adcode;
