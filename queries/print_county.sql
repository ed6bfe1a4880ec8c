-- One county's names and province, to frame a locator map.
SELECT adcode, name, prefecture, province, province_adcode
FROM counties
WHERE adcode = $adcode
