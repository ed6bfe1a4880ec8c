-- The indicator catalogue joined to each indicator's default source, with the years available.
SELECT k.indicator_id, k.name_zh, k.name_en, k.unit, k.unit_en, k.higher_is_better, k.decimals,
       k.description, k.source_id, s.title AS source_title, s.verified,
       list(DISTINCT i.year ORDER BY i.year) FILTER (WHERE i.year IS NOT NULL) AS years,
       count(DISTINCT i.adcode) AS county_count
FROM indicator_catalog AS k
LEFT JOIN sources AS s USING (source_id)
LEFT JOIN indicators AS i USING (indicator_id)
GROUP BY ALL
ORDER BY k.indicator_id;
