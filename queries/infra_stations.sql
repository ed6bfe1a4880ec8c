-- Rail stations and halts (GCJ-02) for the point layer.
SELECT name, kind, bureau, lon, lat FROM rail_stations ORDER BY kind DESC, name;
