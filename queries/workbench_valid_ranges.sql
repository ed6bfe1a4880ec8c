-- The plausible span of each indicator (range filters outside it are refused with a message).
SELECT indicator_id, min_valid, max_valid FROM indicator_catalog ORDER BY indicator_id;
