-- Every county with its place and comparison group for the gap monitor (geo.gap.SeriesValues):
-- national / provincial key county, other former poverty county (the 832, not on a key list), or
-- other county. Ordered by adcode: gap_series_values.sql numbers the counties in this order.
SELECT adcode, name, prefecture, province, province_adcode, support_level,
       CASE
           WHEN support_level = 'national' THEN 'national'
           WHEN support_level = 'provincial' THEN 'provincial'
           WHEN is_poverty832 THEN 'poverty832'
           ELSE 'other'
       END AS grp
FROM counties
ORDER BY adcode;
