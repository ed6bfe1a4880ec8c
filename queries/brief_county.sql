-- Header facts of the counties in a brief, in the order asked for.
SELECT c.adcode, c.name, c.prefecture, c.province, c.province_adcode, c.area_km2,
       c.support_level, c.support_source_url, c.support_source_kind, c.support_source_count, c.support_note,
       c.is_ethnic_area, c.is_sanqu_sanzhou, c.is_poverty832, c.poverty_exit_year,
       c.has_railway, c.has_rail_station, c.has_airport, c.has_expressway
FROM counties AS c
WHERE list_contains($adcodes, c.adcode)
ORDER BY list_position($adcodes, c.adcode)
