-- The newest value of each requested indicator for one county, with unit, year and source;
-- indicators the county lacks come back with a NULL value (printed as 无数据).
SELECT k.indicator_id, k.name_zh, k.name_en, k.unit, k.decimals,
       li.value, li.year,
       coalesce(li.source_id, k.source_id) AS source_id,
       s.title AS source_title, s.title_zh AS source_title_zh, s.title_en AS source_title_en,
       s.year AS source_year, s.verified AS source_verified
FROM indicator_catalog AS k
LEFT JOIN latest_indicators AS li ON li.indicator_id = k.indicator_id AND li.adcode = $adcode
LEFT JOIN sources AS s ON s.source_id = coalesce(li.source_id, k.source_id)
WHERE list_contains($indicators, k.indicator_id)
ORDER BY list_position($indicators, k.indicator_id)
