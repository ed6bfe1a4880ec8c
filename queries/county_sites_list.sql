-- Resettlement sites recorded in one county ($adcode) or in every county ($adcode NULL: the
-- county profile's per-process lookup), each county's largest first.
SELECT s.adcode, s.site_id, s.name, s.population, s.population_note, s.size_class, s.township, s.location_precision,
       s.source_id, s.source_url, src.title AS source_title, src.title_zh AS source_title_zh,
       src.title_en AS source_title_en, src.year AS source_year, src.verified AS source_verified
FROM sites AS s
LEFT JOIN sources AS src USING (source_id)
WHERE $adcode IS NULL OR s.adcode = $adcode
ORDER BY s.adcode, s.population DESC NULLS LAST, s.site_id;
