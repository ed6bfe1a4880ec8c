-- Titles, publishers and links of the sources cited on a brief page.
SELECT source_id, title, publisher, url, verified
FROM sources
WHERE list_contains($source_ids, source_id)
ORDER BY list_position($source_ids, source_id)
