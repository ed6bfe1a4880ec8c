-- Full-resolution county polygons (WKB, GCJ-02) for line intersection and distances.
SELECT adcode, wkb FROM county_full ORDER BY adcode;
