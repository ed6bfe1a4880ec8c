-- Full-resolution geometry (WKB) of one county.
SELECT adcode, wkb FROM county_full WHERE adcode = $adcode;
