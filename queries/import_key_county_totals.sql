-- Published totals of key counties per province and level, with the counties listed now
-- (the importer checks a key-county list against them: more is an error, fewer is 名单待补全).
SELECT t.province, t.level, t.expected, t.source_id,
       list(c.adcode ORDER BY c.adcode) FILTER (WHERE c.adcode IS NOT NULL) AS listed
FROM key_county_totals AS t
LEFT JOIN counties AS c ON c.province_adcode = t.province_adcode AND c.support_level = t.level
GROUP BY ALL
ORDER BY t.level, t.province;
