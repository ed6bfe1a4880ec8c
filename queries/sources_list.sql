-- All sources with licence and verification status.
SELECT source_id, title, title_zh, title_en, publisher, url, license, year, verified, note FROM sources ORDER BY source_id;
