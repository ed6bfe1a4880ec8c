-- One county ($adcode) or every county ($adcode NULL: the county profile's per-process lookup)
-- with its place, key-county status (and source), flags and site totals.
SELECT c.*, coalesce(s.site_count, 0) AS site_count, s.site_population, coalesce(s.large_site_count, 0) AS large_site_count
FROM counties AS c
LEFT JOIN county_sites AS s USING (adcode)
WHERE $adcode IS NULL OR c.adcode = $adcode
ORDER BY c.adcode;
