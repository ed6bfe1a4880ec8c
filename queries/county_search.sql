-- Every county as the search box lists it (ui.county_search), key counties first: matched in
-- memory once per process, with the former names and codes of county_former_names.sql.
SELECT c.adcode, c.name, c.prefecture, c.province, c.support_level
FROM counties AS c
ORDER BY c.support_level IS NULL, c.support_level, c.adcode;
