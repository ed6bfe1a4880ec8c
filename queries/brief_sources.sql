-- Titles, publishers and links of the sources cited on a brief page.
SELECT source_id, title, title_zh, title_en, publisher, url, license, year, verified
FROM sources
WHERE list_contains($source_ids, source_id)
ORDER BY list_position($source_ids, source_id)
