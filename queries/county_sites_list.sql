-- Resettlement sites recorded in one county, largest first.
SELECT s.site_id, s.name, s.population, s.population_note, s.size_class, s.township, s.location_precision,
       s.source_id, s.source_url, src.title AS source_title, src.title_zh AS source_title_zh,
       src.title_en AS source_title_en, src.year AS source_year, src.verified AS source_verified
FROM sites AS s
LEFT JOIN sources AS src USING (source_id)
WHERE s.adcode = $adcode
ORDER BY s.population DESC NULLS LAST;
