-- Every source that states one county's key-county status, best first (official > media > mirror).
SELECT adcode, rank, url, quote, kind, origin, note
FROM key_county_sources
WHERE adcode = $adcode
ORDER BY rank;
