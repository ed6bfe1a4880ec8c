-- Detailed (province-level) county outlines for a GeoJSON export of the chosen counties.
-- $adcodes VARCHAR[].
SELECT adcode, geojson
FROM county_shapes
WHERE level = 'province' AND list_contains(CAST($adcodes AS VARCHAR[]), adcode)
ORDER BY adcode;
