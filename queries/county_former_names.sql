-- Former names and codes of counties (renames), for the search box (ui.county_search).
SELECT adcode, old_name, old_adcode
FROM renames
ORDER BY adcode, old_name;
