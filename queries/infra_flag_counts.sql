-- Flag counts among the national key counties in our list (NULL flags are counted as no data).
SELECT count(*) AS listed,
       count(has_railway) AS railway_known,
       count(*) FILTER (WHERE NOT has_railway) AS without_railway,
       count(has_rail_station) AS rail_station_known,
       count(*) FILTER (WHERE NOT has_rail_station) AS without_rail_station,
       count(has_airport) AS airport_known,
       count(*) FILTER (WHERE NOT has_airport) AS without_airport,
       count(has_expressway) AS expressway_known,
       count(*) FILTER (WHERE NOT has_expressway) AS without_expressway
FROM counties
WHERE support_level = 'national';
