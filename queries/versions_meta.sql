-- Build metadata (inputs digest, build time, version, applied imports).
SELECT key, value FROM meta;
