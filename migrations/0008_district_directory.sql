-- Each year's directory facts of every district (NCES CCD file 029), side by side: districts keeps one
-- row per district (the latest year's values); this table keeps what each year's directory said, so a
-- district's name change, closure or reopening survives the next import. "LCT across years" reads
-- sy_status / updated_status to find where a district's series breaks.
--
-- SY_STATUS / UPDATED_STATUS codes (NCES CCD): 1 open, 2 closed, 3 new, 4 added, 5 changed boundary,
-- 6 inactive, 7 future, 8 reopened.

CREATE TABLE district_directory (
  nces_id              varchar(20) NOT NULL REFERENCES districts (nces_id) ON DELETE CASCADE,
  year                 varchar(10) NOT NULL CHECK (is_school_year(year)),
  name                 varchar(255) NOT NULL,
  state                varchar(2) NOT NULL CHECK (state ~ '^[A-Z]{2}$'),
  lea_type             smallint,
  sy_status            smallint CHECK (sy_status BETWEEN 1 AND 8),
  updated_status       smallint CHECK (updated_status BETWEEN 1 AND 8),
  operational_schools  integer CHECK (operational_schools >= 0),
  st_leaid             varchar(50),
  -- Every other column of the year's directory file, under its NCES name.
  metadata             jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
  PRIMARY KEY (nces_id, year)
);
-- "Which districts closed / opened / changed boundary in a year", and a year's whole directory.
CREATE INDEX idx_district_directory_year_status ON district_directory (year, updated_status, sy_status);

COMMENT ON COLUMN district_directory.sy_status IS
  'NCES SY_STATUS at the start of the year: 1 open, 2 closed, 3 new, 4 added, 5 changed boundary, 6 inactive, 7 future, 8 reopened';
COMMENT ON COLUMN district_directory.updated_status IS
  'NCES UPDATED_STATUS, the status as updated during the year (same codes as sy_status)';

-- The status codes by name, for readable queries: JOIN district_status s ON s.code = d.updated_status.
CREATE TABLE district_status (
  code   smallint PRIMARY KEY,
  name   text NOT NULL,
  -- Whether a district in this status starts a new series ("LCT across years").
  breaks_series  boolean NOT NULL
);
INSERT INTO district_status (code, name, breaks_series) VALUES
  (1, 'open', false),
  (2, 'closed', true),
  (3, 'new', true),
  (4, 'added', true),
  (5, 'changed boundary', true),
  (6, 'inactive', true),
  (7, 'future', true),
  (8, 'reopened', true);

CALL attach_lineage('district_directory', 'nces_id', 'year');
