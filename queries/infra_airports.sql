-- Civil airports (GCJ-02) for the point layer.
SELECT name, iata, icao, lon, lat FROM airports ORDER BY name;
