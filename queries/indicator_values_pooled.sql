-- Every year's value of one indicator for every county (the reference set of a choropleth's
-- breaks: pooled over all years so that a colour means the same value in every year).
SELECT c.adcode, c.support_level, i.year, i.value
FROM indicators AS i
JOIN counties AS c ON c.adcode = i.adcode
WHERE i.indicator_id = $indicator AND i.value IS NOT NULL
ORDER BY c.adcode, i.year;
