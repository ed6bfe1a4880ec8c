-- Record a version's name, applied imports and base build in its meta table.
INSERT OR REPLACE INTO meta VALUES ($key, $value);
