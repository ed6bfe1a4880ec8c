-- Key counties of one province at a support level ('national', 'provincial' or 'all').
SELECT adcode
FROM counties
WHERE province_adcode = $province
  AND support_level IS NOT NULL
  AND ($level = 'all' OR support_level = $level)
ORDER BY prefecture_adcode, adcode
