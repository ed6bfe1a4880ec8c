-- How many imported sites replace a site of the same name in the same county.
SELECT count(*) AS replaced
FROM sites AS s
JOIN import_rows AS r ON s.adcode = r.adcode AND s.name = r.name;
