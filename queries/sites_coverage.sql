-- What the site data covers, to set beside the official figures (66 large sites, 43 in key
-- counties, 9 in 昭通). $prefecture: the prefecture adcode to count separately (昭通 530600).
SELECT count(*) AS sites,
       count(*) FILTER (WHERE s.lon IS NOT NULL AND s.lat IS NOT NULL) AS sites_with_coordinates,
       count(*) FILTER (WHERE s.location_precision = 'exact') AS sites_exact,
       count(*) FILTER (WHERE s.location_precision = 'township') AS sites_township,
       count(*) FILTER (WHERE s.location_precision = 'county') AS sites_county,
       count(*) FILTER (WHERE s.size_class = 'ge10000') AS large_sites,
       count(*) FILTER (WHERE s.size_class = 'ge10000' AND s.source_id = 'gx_relocation_registry')
           AS large_sites_registry,
       count(*) FILTER (WHERE s.size_class = 'ge10000' AND s.source_id = 'news_sites') AS large_sites_news,
       count(*) FILTER (WHERE s.size_class = 'ge10000' AND c.support_level IS NOT NULL) AS large_sites_key,
       count(*) FILTER (WHERE s.size_class = 'ge10000' AND c.support_level = 'national')
           AS large_sites_national_key,
       count(*) FILTER (WHERE s.size_class = 'ge10000' AND c.prefecture_adcode = $prefecture)
           AS large_sites_prefecture,
       count(DISTINCT c.province_adcode) AS provinces
FROM sites AS s
JOIN counties AS c USING (adcode);
