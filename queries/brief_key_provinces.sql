-- Provinces that have key counties in the database, with counts per support level.
SELECT province_adcode AS adcode, province AS name,
       count(*) FILTER (WHERE support_level = 'national') AS national,
       count(*) FILTER (WHERE support_level = 'provincial') AS provincial
FROM counties
WHERE support_level IS NOT NULL
GROUP BY province_adcode, province
ORDER BY province_adcode
