-- Rank (1 = highest value) of one county within its province and among national key counties,
-- comparing only values of the same indicator and year as the county's newest value.
WITH target AS (
    SELECT indicator_id, year
    FROM latest_indicators
    WHERE adcode = $adcode AND list_contains($indicators, indicator_id)
), peers AS (
    SELECT i.adcode, i.indicator_id, i.year, i.value, c.province_adcode, c.support_level
    FROM indicators AS i
    JOIN target AS t ON t.indicator_id = i.indicator_id AND t.year IS NOT DISTINCT FROM i.year
    JOIN counties AS c ON c.adcode = i.adcode
), in_province AS (
    SELECT adcode, indicator_id, year,
           rank() OVER (PARTITION BY indicator_id ORDER BY value DESC) AS rank_province,
           count(*) OVER (PARTITION BY indicator_id) AS n_province
    FROM peers
    WHERE province_adcode = (SELECT province_adcode FROM counties WHERE adcode = $adcode)
), national_key AS (
    SELECT adcode, indicator_id,
           rank() OVER (PARTITION BY indicator_id ORDER BY value DESC) AS rank_national,
           count(*) OVER (PARTITION BY indicator_id) AS n_national
    FROM peers
    WHERE support_level = 'national'
)
SELECT p.indicator_id, p.year, p.rank_province, p.n_province, n.rank_national, n.n_national
FROM in_province AS p
LEFT JOIN national_key AS n ON n.adcode = p.adcode AND n.indicator_id = p.indicator_id
WHERE p.adcode = $adcode
ORDER BY list_position($indicators, p.indicator_id)
