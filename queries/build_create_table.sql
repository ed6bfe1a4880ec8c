-- Materialise the registered DataFrame `frame` as a table; {table} comes from the build's fixed list.
CREATE TABLE {table} AS SELECT * FROM frame;
