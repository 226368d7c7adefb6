-- How many current results each year has per state and for the nation, per scope, valid and not: the total
-- that the first page of GET /api/lct reports. Counting lct_current for a national year reads its 130K rows
-- (100-600 ms); here it is one row per scope. Each calculation run that processed districts rewrites its
-- year's rows of its scopes in its own transaction, with lct_area_trends (src/calculate/refresh-area-trends.ts),
-- and records itself in run_id; a count is read only while that run is still the latest of the year that
-- processed districts for the scope, and lct_current is counted otherwise (a deleted run, a restore). Like
-- lct_area_trends, the table is lct's own: never exported or restored.
CREATE TABLE lct_result_counts (
  -- A state code, or 'nation'.
  area           varchar(6) NOT NULL CHECK (area = 'nation' OR area ~ '^[A-Z]{2}$'),
  year           varchar(10) NOT NULL CHECK (is_school_year(year)),
  scope          varchar(50) NOT NULL,
  valid_count    integer NOT NULL CHECK (valid_count >= 0),
  invalid_count  integer NOT NULL CHECK (invalid_count >= 0),
  -- The run that counted the year (no foreign key: a deleted run leaves rows nobody reads).
  run_id         varchar(50) NOT NULL,
  PRIMARY KEY (area, scope, year)
);
CREATE INDEX idx_lct_result_counts_year ON lct_result_counts (year);
