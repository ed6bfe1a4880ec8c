-- Listed key counties per prefecture of one province ($province), for the drill-down, with the
-- published official count where one exists (official_figures scoped to the prefecture's name).
SELECT p.adcode, p.name,
       count(*) FILTER (WHERE c.support_level = 'national') AS national,
       count(*) FILTER (WHERE c.support_level = 'provincial') AS provincial,
       any_value(o.value) AS official_national,
       any_value(o.as_of) AS official_as_of
FROM prefectures AS p
LEFT JOIN counties AS c ON c.prefecture_adcode = p.adcode
LEFT JOIN official_figures AS o ON o.scope = p.name AND o.figure_id LIKE 'key_counties_%'
     AND o.figure_id NOT LIKE '%provincial%'
WHERE p.province_adcode = $province
GROUP BY p.adcode, p.name
ORDER BY national DESC, provincial DESC, p.adcode;
