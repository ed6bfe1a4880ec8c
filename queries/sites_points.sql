-- Resettlement sites with their county (representative point, key status) and source, for maps
-- and tables. $size_classes: the size classes to keep; $key_only: only sites in key counties.
SELECT s.site_id, s.name, s.adcode, s.population, s.population_note, s.size_class,
       s.township, s.village, s.lon, s.lat, s.datum, s.location_precision,
       c.name AS county, c.prefecture, c.province, c.support_level,
       c.lon AS county_lon, c.lat AS county_lat,
       s.source_id, src.title AS source_title, src.title_zh AS source_title_zh,
       src.title_en AS source_title_en, src.year AS source_year, src.verified AS source_verified, s.source_url
FROM sites AS s
JOIN counties AS c USING (adcode)
LEFT JOIN sources AS src ON src.source_id = s.source_id
WHERE list_contains($size_classes, s.size_class)
  AND (NOT $key_only OR c.support_level IS NOT NULL)
ORDER BY s.population DESC NULLS LAST, s.site_id;
