-- How many key counties of a level a province should have, per the published totals.
SELECT expected, source_id
FROM key_county_totals
WHERE province_adcode = $province AND level = $level
