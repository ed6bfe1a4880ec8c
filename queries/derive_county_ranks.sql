-- Derived, never edited: each county's newest value of every indicator with its rank within the
-- province and among the national key counties (same indicator and year) and the two medians.
-- Made at the end of the build (geo/build.py) and again after imports are applied to a version
-- (geo/versions/materialize.py), since imported values and key-county lists change the ranks.
-- Read by county_indicator_ranks.sql: a county profile's first view looks its rows up instead of
-- ranking ~80,000 peer rows (≈ 0.2 s per county).
-- Direction: higher_is_better FALSE ranks low values first; TRUE or NULL rank high values first.
-- rank_national_key: 1 + the national key counties (other than the county) with a strictly better
-- score; n_national_key counts them plus the county itself when it is not one of them.
CREATE OR REPLACE TABLE county_latest_ranks AS
WITH scored AS (
    SELECT i.adcode, i.indicator_id, i.year, i.value, i.source_id, c.province_adcode,
           coalesce(c.support_level = 'national', FALSE) AS is_key,
           CASE WHEN k.higher_is_better = FALSE THEN -i.value ELSE i.value END AS score
    FROM indicators AS i
    JOIN counties AS c USING (adcode)
    JOIN indicator_catalog AS k USING (indicator_id)
),
windowed AS (
    SELECT *,
           rank() OVER (PARTITION BY indicator_id, year, province_adcode ORDER BY score DESC) AS rank_province,
           count(adcode) OVER (PARTITION BY indicator_id, year, province_adcode) AS n_province,
           -- key counties scoring at least this much, minus those scoring exactly this much
           sum(is_key::INT) OVER (PARTITION BY indicator_id, year ORDER BY score DESC
                                  RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
               - sum(is_key::INT) OVER (PARTITION BY indicator_id, year, score) AS key_above,
           sum(is_key::INT) OVER (PARTITION BY indicator_id, year) AS n_key
    FROM scored
),
province_medians AS (
    SELECT indicator_id, year, province_adcode, median(value) AS province_median
    FROM scored
    GROUP BY ALL
),
key_medians AS (
    SELECT indicator_id, year, median(value) FILTER (WHERE is_key) AS national_key_median
    FROM scored
    GROUP BY ALL
)
SELECT w.adcode, w.indicator_id, w.year, w.value, w.source_id,
       w.rank_province, w.n_province,
       1 + w.key_above AS rank_national_key, w.n_key + (NOT w.is_key)::INT AS n_national_key,
       p.province_median, m.national_key_median
FROM windowed AS w
JOIN latest_indicators AS l
    ON l.adcode = w.adcode AND l.indicator_id = w.indicator_id AND l.year IS NOT DISTINCT FROM w.year
JOIN province_medians AS p
    ON p.indicator_id = w.indicator_id AND p.year IS NOT DISTINCT FROM w.year AND p.province_adcode = w.province_adcode
JOIN key_medians AS m ON m.indicator_id = w.indicator_id AND m.year IS NOT DISTINCT FROM w.year
ORDER BY w.adcode, w.indicator_id;
