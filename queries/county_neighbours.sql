-- Counties whose extent touches a box around one county (for its locator map).
SELECT s.adcode, s.geojson, c.name, c.prefecture, c.province, c.support_level
FROM county_shapes AS s
JOIN counties AS c USING (adcode)
WHERE s.level = 'province'
  AND c.max_lon >= $min_lon AND c.min_lon <= $max_lon
  AND c.max_lat >= $min_lat AND c.min_lat <= $max_lat
ORDER BY s.adcode;
