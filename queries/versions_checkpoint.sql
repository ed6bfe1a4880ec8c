-- Write the new version's WAL into the file before it is published (versions/materialize).
CHECKPOINT;
