-- The base build's report: per input file and part, rows read, kept, empty and rejected (with reasons).
SELECT input, part, rows_read, rows_kept, rows_empty, rows_rejected, reasons, examples
FROM build_report
ORDER BY input, part;
