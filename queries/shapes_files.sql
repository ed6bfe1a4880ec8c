-- The name of each province's shapes file in the stored datum (made by the build: geo.shapefiles).
SELECT province_adcode, file
FROM shapes_files
ORDER BY province_adcode;
