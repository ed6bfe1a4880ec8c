-- Each county's newest value of each chosen indicator ("最新年份"), with the year it is from and
-- its source. $indicators VARCHAR[]. A static indicator (NULL year) has one row per county.
-- Counties without any value have no row (shown as 无数据).
SELECT i.adcode, i.indicator_id, i.year, i.value, i.source_id,
       s.title AS source_title, s.title_zh AS source_title_zh, s.title_en AS source_title_en,
       s.publisher AS source_publisher, s.url AS source_url, s.license AS source_license,
       s.verified AS source_verified, s.year AS source_year
FROM indicators AS i
LEFT JOIN sources AS s ON s.source_id = i.source_id
WHERE i.indicator_id IN (SELECT unnest(CAST($indicators AS VARCHAR[])))
QUALIFY row_number() OVER (PARTITION BY i.adcode, i.indicator_id ORDER BY i.year DESC NULLS LAST) = 1
ORDER BY i.indicator_id, i.adcode;
