-- Per province and level: how many key counties our sourced list holds vs the published total.
WITH listed AS (
    SELECT province_adcode, support_level AS level, count(*) AS listed
    FROM counties WHERE support_level IS NOT NULL GROUP BY ALL
)
SELECT p.adcode AS province_adcode, p.name AS province, t.level,
       coalesce(l.listed, 0) AS listed, t.expected, t.source_id, t.note
FROM key_county_totals AS t
JOIN provinces AS p ON p.adcode = t.province_adcode
LEFT JOIN listed AS l ON l.province_adcode = t.province_adcode AND l.level = t.level
ORDER BY t.level, p.adcode;
