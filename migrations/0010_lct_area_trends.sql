-- LCT across years (docs/trends.md): per state and for the nation, each year and scope, the median and the
-- enrollment-weighted LCT over the valid current results. Computed from lct_current, a state's series read
-- every current result of its districts in every year (half a second at eight national years); here it is
-- a few rows. Each calculation run that processed districts rewrites its year's rows in its own transaction
-- (src/calculate/refresh-area-trends.ts) and records itself in run_id; the trend queries take a year from
-- here only while that run is still the latest of the year that processed districts, and compute the year
-- from lct_current otherwise (a deleted run, a restore: the table is lct's own, never exported or restored).
CREATE TABLE lct_area_trends (
  -- A state code, or 'nation'.
  area                   varchar(6) NOT NULL CHECK (area = 'nation' OR area ~ '^[A-Z]{2}$'),
  year                   varchar(10) NOT NULL CHECK (is_school_year(year)),
  scope                  varchar(50) NOT NULL,
  district_count         integer NOT NULL CHECK (district_count > 0),
  lct_median             numeric(10, 2) NOT NULL,
  lct_weighted           numeric(10, 2),
  enrollment             bigint,
  staff_count            numeric(14, 2),
  instructional_minutes  numeric(6, 2),
  minutes_source         varchar(50),
  -- The run that computed the year's rows (no foreign key: a deleted run leaves rows nobody reads).
  run_id                 varchar(50) NOT NULL,
  PRIMARY KEY (area, scope, year)
);
CREATE INDEX idx_lct_area_trends_year ON lct_area_trends (year);
