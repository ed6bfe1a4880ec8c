-- Every source that states one county's ($adcode; every county's when NULL: the county profile's
-- per-process lookup) key-county status, best first (official > media > mirror).
SELECT adcode, rank, url, quote, kind, origin, note
FROM key_county_sources
WHERE $adcode IS NULL OR adcode = $adcode
ORDER BY adcode, rank;
