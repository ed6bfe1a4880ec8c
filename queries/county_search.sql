-- Search-to-zoom: counties whose current name contains $q or whose adcode starts with $q,
-- and counties reached through a former name or code (renames), key counties first.
-- $q is bound, never spliced, so quotes or SQL in a search box are just text to match.
SELECT c.adcode, c.name, c.prefecture, c.province, c.support_level,
       (SELECT min(r.old_name) FROM renames AS r
        WHERE r.adcode = c.adcode AND (contains(r.old_name, $q) OR starts_with(r.old_adcode, $q))) AS former_name
FROM counties AS c
WHERE contains(c.name, $q) OR starts_with(c.adcode, $q) OR former_name IS NOT NULL
ORDER BY c.support_level IS NULL, c.support_level, c.adcode
LIMIT $limit;
