-- Every yearly value of the series in $indicators (a list of indicator_ids) for the counties of
-- gap_counties.sql, read once per process (geo.gap.SeriesValues) and cut per indicator and years.
-- Numbers instead of repeated texts (the series' position in $indicators, the county's row in
-- gap_counties.sql): a text per value was most of the read.
SELECT list_position($indicators, i.indicator_id) - 1 AS series, c.county, i.year, i.value, i.source_id
FROM indicators AS i
JOIN (SELECT adcode, row_number() OVER (ORDER BY adcode) - 1 AS county FROM counties) AS c USING (adcode)
WHERE list_contains($indicators, i.indicator_id)
  AND i.year IS NOT NULL
  AND i.value IS NOT NULL
ORDER BY series, c.county, i.year;
