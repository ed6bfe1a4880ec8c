-- Indexes and derived views created once at the end of the build (geo/build.py).
CREATE UNIQUE INDEX counties_adcode ON counties (adcode);
CREATE INDEX indicators_lookup ON indicators (indicator_id, year);
CREATE INDEX indicators_county ON indicators (adcode);
CREATE INDEX county_shapes_lookup ON county_shapes (level, adcode);

-- The newest year each county has for each indicator, with its source.
CREATE VIEW latest_indicators AS
SELECT adcode, indicator_id, year, value, source_id
FROM indicators
QUALIFY row_number() OVER (PARTITION BY adcode, indicator_id ORDER BY year DESC NULLS LAST) = 1;

-- Large relocation sites per county (the official threshold is over 10,000 people).
CREATE VIEW county_sites AS
SELECT adcode,
       count(*) AS site_count,
       sum(population) AS site_population,
       count(*) FILTER (WHERE size_class = 'ge10000') AS large_site_count
FROM sites
GROUP BY adcode;
