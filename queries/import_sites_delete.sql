-- An imported site replaces a site of the same name in the same county.
DELETE FROM sites
USING import_rows AS r
WHERE sites.adcode = r.adcode AND sites.name = r.name;
