-- One indicator for one year (or the static value when $year is NULL) for every county,
-- with its source; counties without a value come back with NULL (shown as 无数据).
SELECT c.adcode, c.name, c.prefecture, c.province, c.province_adcode, c.support_level,
       i.value, i.year, i.source_id, s.title AS source_title,
       s.title_zh AS source_title_zh, s.title_en AS source_title_en, s.year AS source_year,
       s.verified AS source_verified
FROM counties AS c
LEFT JOIN indicators AS i
  ON i.adcode = c.adcode AND i.indicator_id = $indicator
 AND (i.year = $year OR ($year IS NULL AND i.year IS NULL))
LEFT JOIN sources AS s ON s.source_id = i.source_id
ORDER BY c.adcode;
