-- Key-county list update: level (NULL = leaves the list), the URL that states it, a note.
UPDATE counties
SET support_level = r.support_level,
    support_source_url = r.support_source_url,
    support_note = r.support_note
FROM import_rows AS r
WHERE counties.adcode = r.adcode;
