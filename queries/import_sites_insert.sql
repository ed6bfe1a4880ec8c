-- Imported resettlement sites, carrying the import's source.
INSERT INTO sites (site_id, name, adcode, population, population_note, size_class, township, village,
                   lon, lat, datum, location_precision, source_id, source_url)
SELECT site_id, name, adcode, population, population_note, size_class, township, village,
       lon, lat, datum, location_precision, $source_id, source_url
FROM import_rows;
