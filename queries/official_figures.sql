-- Published aggregates to show beside what the data computes.
SELECT figure_id, scope, value, unit, as_of, statement_zh, source FROM official_figures ORDER BY figure_id;
