-- Province outlines, the national outline and the maritime line at one resolution.
SELECT kind, adcode, geojson
FROM region_shapes
WHERE level = $level
  AND kind IN ('province', 'nation', 'maritime')
ORDER BY kind, adcode
