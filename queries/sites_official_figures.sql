-- Official figures by id, with "同上" (same as above) resolved to the source of the row above it
-- in data/official_figures.csv (the table keeps the file's row order).
WITH numbered AS (
    SELECT *, row_number() OVER () AS position FROM official_figures
), resolved AS (
    SELECT *,
           last_value(CASE WHEN source <> '同上' THEN source END IGNORE NULLS)
               OVER (ORDER BY position ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS full_source
    FROM numbered
)
SELECT figure_id, scope, value, unit, as_of, statement_zh, full_source AS source
FROM resolved
WHERE list_contains($figure_ids, figure_id)
ORDER BY position;
