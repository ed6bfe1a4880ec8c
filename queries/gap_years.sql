-- The years with at least one value of each indicator, per province: the 差距监测 page offers and
-- defaults to the years that have values in its scope (geo.gap.years_in_scope).
SELECT i.indicator_id, c.province_adcode, i.year
FROM indicators AS i
JOIN counties AS c USING (adcode)
WHERE i.value IS NOT NULL AND i.year IS NOT NULL
GROUP BY ALL
ORDER BY i.indicator_id, c.province_adcode, i.year;
