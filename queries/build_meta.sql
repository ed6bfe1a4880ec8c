-- Build metadata table (key/value); imports later update it with INSERT OR REPLACE.
CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);
