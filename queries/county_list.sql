-- Every county-level unit with its place and key-county status (search, pickers).
SELECT adcode, name, prefecture, prefecture_adcode, province, province_adcode, support_level,
       support_source_url, support_source_kind,
       lon, lat, min_lon, min_lat, max_lon, max_lat
FROM counties
ORDER BY adcode;
