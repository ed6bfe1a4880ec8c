-- County shapes at one level of detail with the attributes tooltips need.
-- $province / $prefecture: optional adcode filters; $key_only: only key counties.
SELECT s.adcode, s.geojson, c.name, c.prefecture, c.province, c.support_level
FROM county_shapes AS s
JOIN counties AS c USING (adcode)
WHERE s.level = $level
  AND ($province IS NULL OR c.province_adcode = $province)
  AND ($prefecture IS NULL OR c.prefecture_adcode = $prefecture)
  AND (NOT $key_only OR c.support_level IS NOT NULL)
ORDER BY s.adcode;
