-- Relocation sites in one county, largest first.
SELECT name, population, population_note, size_class, township, village,
       location_precision, source_id, source_url
FROM sites
WHERE adcode = $adcode
ORDER BY population DESC NULLS LAST, name
