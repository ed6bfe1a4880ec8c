-- The national base map's county topology script (built by python -m geo.build) for one $datum.
SELECT script FROM map_topology WHERE datum = $datum;
