-- Every indicator of one county (newest year), with its source, its rank within the province
-- and among the national key counties (same indicator and year), and the two medians.
-- Direction: higher_is_better FALSE ranks low values first; TRUE or NULL rank high values first.
-- The county's rows are picked before the newest-year window, and the peers are aggregated per
-- indicator before the text columns (names, source titles) are joined: grouping ~80,000 peer rows
-- by those texts was most of the query's time.
WITH target AS (
    SELECT l.indicator_id, l.year, l.value, l.source_id, c.province_adcode,
           CASE WHEN k.higher_is_better = FALSE THEN -l.value ELSE l.value END AS score
    FROM indicators AS l
    JOIN counties AS c USING (adcode)
    JOIN indicator_catalog AS k USING (indicator_id)
    WHERE l.adcode = $adcode
    QUALIFY row_number() OVER (PARTITION BY l.indicator_id ORDER BY l.year DESC NULLS LAST) = 1
),
peers AS (
    SELECT i.indicator_id, i.adcode, i.value, c.province_adcode, c.support_level,
           CASE WHEN k.higher_is_better = FALSE THEN -i.value ELSE i.value END AS score
    FROM indicators AS i
    JOIN target AS t ON i.indicator_id = t.indicator_id AND i.year IS NOT DISTINCT FROM t.year
    JOIN counties AS c ON c.adcode = i.adcode
    JOIN indicator_catalog AS k ON k.indicator_id = i.indicator_id
),
ranked AS (
    SELECT t.indicator_id,
           1 + count(p.adcode) FILTER (WHERE p.province_adcode = t.province_adcode AND p.score > t.score) AS rank_province,
           count(p.adcode) FILTER (WHERE p.province_adcode = t.province_adcode) AS n_province,
           1 + count(p.adcode) FILTER (WHERE p.support_level = 'national' AND p.adcode <> $adcode AND p.score > t.score)
               AS rank_national_key,
           count(p.adcode) FILTER (WHERE p.support_level = 'national' OR p.adcode = $adcode) AS n_national_key,
           median(p.value) FILTER (WHERE p.province_adcode = t.province_adcode) AS province_median,
           median(p.value) FILTER (WHERE p.support_level = 'national') AS national_key_median
    FROM target AS t
    LEFT JOIN peers AS p ON p.indicator_id = t.indicator_id
    GROUP BY t.indicator_id
)
SELECT t.indicator_id, k.name_zh, k.name_en, k.unit, k.unit_en, k.decimals, k.higher_is_better,
       t.year, t.value, t.source_id, s.title AS source_title, s.title_zh AS source_title_zh,
       s.title_en AS source_title_en, s.url AS source_url, s.year AS source_year, s.verified AS source_verified,
       r.rank_province, r.n_province, r.rank_national_key, r.n_national_key, r.province_median, r.national_key_median
FROM target AS t
JOIN ranked AS r USING (indicator_id)
JOIN indicator_catalog AS k USING (indicator_id)
LEFT JOIN sources AS s ON s.source_id = t.source_id
ORDER BY t.indicator_id;
