-- Official figures by id (their "同上" sources are resolved at build time).
SELECT figure_id, scope, value, unit, as_of, statement_zh, source
FROM official_figures
WHERE list_contains($figure_ids, figure_id)
ORDER BY figure_id;
