-- Site counts and resettled population per county or per province ($by: 'county' | 'province'),
-- over the same filter as sites_points.
SELECT CASE WHEN $by = 'county' THEN c.adcode ELSE c.province_adcode END AS adcode,
       CASE WHEN $by = 'county' THEN c.name ELSE c.province END AS name,
       CASE WHEN $by = 'county' THEN c.prefecture || ' · ' || c.province ELSE NULL END AS place,
       CASE WHEN $by = 'county' THEN any_value(c.support_level) ELSE NULL END AS support_level,
       count(*) AS site_count,
       sum(s.population) AS population,
       count(*) FILTER (WHERE s.size_class = 'ge10000') AS large_site_count,
       string_agg(DISTINCT s.source_id, ', ' ORDER BY s.source_id) AS source_ids
FROM sites AS s
JOIN counties AS c USING (adcode)
WHERE list_contains($size_classes, s.size_class)
  AND (NOT $key_only OR c.support_level IS NOT NULL)
GROUP BY 1, 2, 3
ORDER BY population DESC NULLS LAST, adcode;
