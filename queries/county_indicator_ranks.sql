-- Every indicator of one county (newest year), with its source, its rank within the province
-- and among the national key counties (same indicator and year), and the two medians: the
-- ranks are derived once per database (derive_county_ranks.sql).
SELECT r.indicator_id, k.name_zh, k.name_en, k.unit, k.unit_en, k.decimals, k.higher_is_better,
       r.year, r.value, r.source_id, s.title AS source_title, s.title_zh AS source_title_zh,
       s.title_en AS source_title_en, s.url AS source_url, s.year AS source_year, s.verified AS source_verified,
       r.rank_province, r.n_province, r.rank_national_key, r.n_national_key, r.province_median, r.national_key_median
FROM county_latest_ranks AS r
JOIN indicator_catalog AS k USING (indicator_id)
LEFT JOIN sources AS s ON s.source_id = r.source_id
WHERE r.adcode = $adcode
ORDER BY r.indicator_id;
