-- Provinces with their extent and how many counties each has.
SELECT adcode, name, min_lon, min_lat, max_lon, max_lat, county_count FROM provinces ORDER BY adcode;
