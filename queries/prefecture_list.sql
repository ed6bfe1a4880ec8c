-- Prefectures of one province (or all) with their extent.
SELECT adcode, name, province, province_adcode, min_lon, min_lat, max_lon, max_lat, county_count
FROM prefectures
WHERE $province IS NULL OR province_adcode = $province
ORDER BY adcode;
