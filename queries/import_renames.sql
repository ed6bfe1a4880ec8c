-- Old county names and the adcode they map to now.
SELECT old_name, province, adcode FROM renames;
