-- The inputs digest a database was built from (to decide whether it is stale).
SELECT value FROM meta WHERE key = 'inputs_digest';
