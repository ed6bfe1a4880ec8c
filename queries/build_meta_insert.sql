-- Build metadata rows: inputs digest, build time, boundary source, datum, schema version.
INSERT INTO meta SELECT unnest($keys::VARCHAR[]), unnest($values::VARCHAR[]);
