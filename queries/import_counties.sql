-- Counties the importer can match rows against (by adcode or province + name).
SELECT adcode, name, province, min_lon, min_lat, max_lon, max_lat FROM counties;
