-- Headline figures computed from the database for the national key counties we have listed.
SELECT
    count(*) FILTER (WHERE c.support_level = 'national') AS national_listed,
    count(*) FILTER (WHERE c.support_level = 'provincial') AS provincial_listed,
    sum(p.value) FILTER (WHERE c.support_level = 'national') AS national_population,
    count(p.value) FILTER (WHERE c.support_level = 'national') AS national_population_counties,
    sum(c.area_km2) FILTER (WHERE c.support_level = 'national') AS national_area_km2,
    count(*) FILTER (WHERE c.support_level = 'national' AND NOT c.has_railway) AS national_without_railway_proxy,
    count(*) FILTER (WHERE c.support_level = 'national' AND c.has_railway IS NOT NULL) AS national_with_rail_data,
    (SELECT count(*) FROM sites WHERE size_class = 'ge10000') AS large_sites_in_data,
    (SELECT count(*) FROM sites AS s JOIN counties AS k USING (adcode)
      WHERE s.size_class = 'ge10000' AND k.support_level IS NOT NULL) AS large_sites_in_key_counties
FROM counties AS c
LEFT JOIN indicators AS p ON p.adcode = c.adcode AND p.indicator_id = 'pop_census' AND p.year = 2020;
