-- Values of the chosen indicators for every county, one row per county and indicator, with
-- the source of each value. $indicators VARCHAR[] and $years BIGINT[] are parallel lists
-- (NULL year = the static value). Counties without a value have no row (shown as 无数据).
WITH wanted AS (
    SELECT unnest(CAST($indicators AS VARCHAR[])) AS indicator_id, unnest(CAST($years AS BIGINT[])) AS year
)
SELECT i.adcode, i.indicator_id, i.year, i.value, i.source_id,
       s.title AS source_title, s.title_zh AS source_title_zh, s.title_en AS source_title_en,
       s.publisher AS source_publisher, s.url AS source_url, s.license AS source_license,
       s.verified AS source_verified, s.year AS source_year
FROM wanted AS w
JOIN indicators AS i ON i.indicator_id = w.indicator_id AND i.year IS NOT DISTINCT FROM w.year
LEFT JOIN sources AS s ON s.source_id = i.source_id
ORDER BY i.indicator_id, i.adcode;
