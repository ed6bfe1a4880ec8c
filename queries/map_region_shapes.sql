-- Dissolved region outlines ('province', 'prefecture', 'nation') or the maritime line.
SELECT adcode, geojson
FROM region_shapes
WHERE kind = $kind AND level = $level
  AND ($adcode IS NULL OR adcode = $adcode)
ORDER BY adcode;
