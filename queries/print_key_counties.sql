-- Support level of every key county, for the national key-county print map.
SELECT adcode, support_level
FROM counties
WHERE support_level IS NOT NULL
ORDER BY adcode
