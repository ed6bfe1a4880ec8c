-- Key-county list update: level (NULL = leaves the list), the URL that states it, a note.
-- The imported URL becomes the shown source (kind 'imported'); the research's sources stay in
-- key_county_sources and are listed under it.
UPDATE counties
SET support_level = r.support_level,
    support_source_url = r.support_source_url,
    support_source_kind = CASE WHEN r.support_level IS NULL THEN NULL ELSE 'imported' END,
    support_source_quote = NULL,
    support_note = r.support_note
FROM import_rows AS r
WHERE counties.adcode = r.adcode;
