-- Every indicator of one county ($adcode) or of every county ($adcode NULL, the county profile's
-- per-process lookup): its newest year and value, source id, rank within the province and among
-- the national key counties (same indicator and year) and the two medians, derived once per
-- database (derive_county_ranks.sql). Names, units and source titles are joined by the reader.
SELECT adcode, indicator_id, year, value, source_id, rank_province, n_province, rank_national_key, n_national_key,
       province_median, national_key_median
FROM county_latest_ranks
WHERE $adcode IS NULL OR adcode = $adcode
ORDER BY adcode, indicator_id;
