-- Every indicator of one county (newest year), with its source, its rank within the province
-- and among the national key counties (same indicator and year), and the two medians.
-- Direction: higher_is_better FALSE ranks low values first; TRUE or NULL rank high values first.
WITH target AS (
    SELECT l.indicator_id, l.year, l.value, l.source_id, c.province_adcode
    FROM latest_indicators AS l
    JOIN counties AS c USING (adcode)
    WHERE l.adcode = $adcode
),
peers AS (
    SELECT i.indicator_id, i.adcode, i.value, c.province_adcode, c.support_level
    FROM indicators AS i
    JOIN target AS t ON i.indicator_id = t.indicator_id AND i.year IS NOT DISTINCT FROM t.year
    JOIN counties AS c ON c.adcode = i.adcode
),
scored AS (
    SELECT p.*, CASE WHEN k.higher_is_better = FALSE THEN -p.value ELSE p.value END AS score
    FROM peers AS p JOIN indicator_catalog AS k USING (indicator_id)
)
SELECT t.indicator_id, k.name_zh, k.name_en, k.unit, k.unit_en, k.decimals, k.higher_is_better,
       t.year, t.value, t.source_id, s.title AS source_title, s.title_zh AS source_title_zh,
       s.title_en AS source_title_en, s.url AS source_url, s.year AS source_year, s.verified AS source_verified,
       1 + count(*) FILTER (WHERE p.province_adcode = t.province_adcode
                              AND p.score > CASE WHEN k.higher_is_better = FALSE THEN -t.value ELSE t.value END)
           AS rank_province,
       count(*) FILTER (WHERE p.province_adcode = t.province_adcode) AS n_province,
       1 + count(*) FILTER (WHERE p.support_level = 'national' AND p.adcode <> $adcode
                              AND p.score > CASE WHEN k.higher_is_better = FALSE THEN -t.value ELSE t.value END)
           AS rank_national_key,
       count(*) FILTER (WHERE p.support_level = 'national' OR p.adcode = $adcode) AS n_national_key,
       median(p.value) FILTER (WHERE p.province_adcode = t.province_adcode) AS province_median,
       median(p.value) FILTER (WHERE p.support_level = 'national') AS national_key_median
FROM target AS t
JOIN indicator_catalog AS k USING (indicator_id)
LEFT JOIN sources AS s ON s.source_id = t.source_id
LEFT JOIN scored AS p ON p.indicator_id = t.indicator_id
GROUP BY ALL
ORDER BY t.indicator_id;
