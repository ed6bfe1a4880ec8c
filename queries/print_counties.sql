-- County outlines for a print map: every county (province = '') or those of one province.
SELECT s.adcode, s.geojson
FROM county_shapes AS s
JOIN counties AS c USING (adcode)
WHERE s.level = $level
  AND ($province = '' OR c.province_adcode = $province)
ORDER BY s.adcode
