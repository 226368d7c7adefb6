-- The seed's eight tables (names and columns as in DATABASE_SETUP.md), with the columns DOMAIN.md adds,
-- plus reference tables that the migration runner fills from src/domain (one place for each rule).

CREATE FUNCTION is_school_year(value text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT value ~ '^\d{4}-\d{2}$' AND (left(value, 4)::int + 1) % 100 = right(value, 2)::int
$$;

CREATE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;

-- Reference tables: contents come from src/domain/*.ts, synced by `lct db migrate`.
CREATE TABLE grade_codes (
  code        varchar(5) PRIMARY KEY,
  nces_label  text NOT NULL,
  band        text NOT NULL CHECK (band IN ('prek', 'elementary', 'middle', 'high', 'ungraded', 'excluded')),
  k12         boolean NOT NULL,
  sort_order  integer NOT NULL
);

CREATE TABLE staff_categories (
  category       varchar(50) PRIMARY KEY,
  nces_label     text NOT NULL,
  teacher_level  text CHECK (teacher_level IN ('elementary', 'secondary', 'ungraded', 'prek')),
  sort_order     integer NOT NULL
);

CREATE TABLE lct_scopes (
  scope            varchar(50) PRIMARY KEY,
  description      text NOT NULL,
  staff_categories text[] NOT NULL,
  enrollment_type  text NOT NULL,
  sort_order       integer NOT NULL
);

CREATE TABLE qa_flag_definitions (
  flag        text PRIMARY KEY,
  severity    text NOT NULL CHECK (severity IN ('error', 'warning')),
  definition  text NOT NULL
);

CREATE TABLE districts (
  nces_id      varchar(20) PRIMARY KEY CHECK (nces_id ~ '^\d{7}$'),
  name         varchar(255) NOT NULL,
  state        varchar(2) NOT NULL CHECK (state ~ '^[A-Z]{2}$'),
  enrollment   integer CHECK (enrollment >= 0),
  schools      integer CHECK (schools >= 0),
  locale_code  varchar(10),
  metadata     jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_districts_state ON districts (state);
-- Ranking the largest districts, nationally and per state.
CREATE INDEX idx_districts_enrollment ON districts (enrollment DESC NULLS LAST);
CREATE INDEX idx_districts_state_enrollment ON districts (state, enrollment DESC NULLS LAST);
CREATE TRIGGER districts_updated_at BEFORE UPDATE ON districts FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE state_requirements (
  state_code          varchar(2) PRIMARY KEY CHECK (state_code ~ '^[A-Z]{2}$'),
  state_name          varchar(100) NOT NULL,
  elementary_minutes  integer CHECK (elementary_minutes BETWEEN 0 AND 600),
  middle_minutes      integer CHECK (middle_minutes BETWEEN 0 AND 600),
  high_minutes        integer CHECK (high_minutes BETWEEN 0 AND 600),
  notes               text,
  source_url          text,
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER state_requirements_updated_at BEFORE UPDATE ON state_requirements FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE bell_schedules (
  id                     serial PRIMARY KEY,
  district_id            varchar(20) NOT NULL REFERENCES districts (nces_id) ON DELETE CASCADE,
  year                   varchar(10) NOT NULL CHECK (is_school_year(year)),
  grade_level            varchar(20) NOT NULL CHECK (grade_level IN ('elementary', 'middle', 'high')),
  -- The seed allowed 0-600; below 100 minutes is never a real school day (DOMAIN.md).
  instructional_minutes  integer NOT NULL CHECK (instructional_minutes BETWEEN 100 AND 600),
  start_time             varchar(20),
  end_time               varchar(20),
  lunch_duration         integer CHECK (lunch_duration >= 0),
  passing_periods        integer CHECK (passing_periods >= 0),
  method                 varchar(50) NOT NULL CHECK (method IN ('human_provided', 'automated_enrichment', 'statutory_fallback')),
  confidence             varchar(20) NOT NULL DEFAULT 'medium' CHECK (confidence IN ('high', 'medium', 'low')),
  schools_sampled        jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(schools_sampled) = 'array'),
  source_urls            jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(source_urls) = 'array'),
  source                 text,
  notes                  text,
  created_at             timestamptz NOT NULL DEFAULT now(),
  created_by             varchar(100),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  -- Pandemic timetables are not instructional time we can compare.
  CONSTRAINT bell_schedules_no_covid_years CHECK (year NOT IN ('2019-20', '2020-21', '2021-22', '2022-23')),
  CONSTRAINT bell_schedules_district_year_level UNIQUE (district_id, year, grade_level)
);
CREATE INDEX idx_bell_schedules_year_method ON bell_schedules (year, method);
CREATE TRIGGER bell_schedules_updated_at BEFORE UPDATE ON bell_schedules FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE grade_level_enrollment (
  nces_id     varchar(20) NOT NULL REFERENCES districts (nces_id) ON DELETE CASCADE,
  year        varchar(10) NOT NULL CHECK (is_school_year(year)),
  -- The codes of src/domain/grades.ts (a CHECK, not a foreign key: a foreign key to a 17-row table locks
  -- those rows once per inserted row and made bulk loads 2-3 times slower).
  grade       varchar(5) NOT NULL CHECK (grade IN ('PK', 'KG', 'G01', 'G02', 'G03', 'G04', 'G05', 'G06', 'G07', 'G08', 'G09', 'G10', 'G11', 'G12', 'G13', 'UG', 'AE')),
  -- NULL = not reported (a blank count in the CCD file), never 0.
  enrollment  integer CHECK (enrollment >= 0),
  PRIMARY KEY (nces_id, year, grade)
);

CREATE TABLE grade_level_staffing (
  nces_id    varchar(20) NOT NULL REFERENCES districts (nces_id) ON DELETE CASCADE,
  year       varchar(10) NOT NULL CHECK (is_school_year(year)),
  -- The categories of src/domain/staff.ts (a CHECK for the same reason as grade codes).
  category   varchar(50) NOT NULL CHECK (category IN ('elementary_teachers', 'kindergarten_teachers', 'secondary_teachers',
    'ungraded_teachers', 'prek_teachers', 'teachers_total', 'instructional_coordinators', 'paraprofessionals', 'counselors',
    'psychologists', 'student_support_services', 'librarians', 'library_support', 'lea_administrators',
    'school_administrators', 'lea_admin_support', 'school_admin_support', 'other_staff')),
  fte_count  numeric(10, 2) CHECK (fte_count >= 0),
  PRIMARY KEY (nces_id, year, category)
);

-- Estimated special-education enrollment and staff, feeding the three SPED scopes.
CREATE TABLE sped_estimates (
  nces_id             varchar(20) NOT NULL REFERENCES districts (nces_id) ON DELETE CASCADE,
  year                varchar(10) NOT NULL CHECK (is_school_year(year)),
  sped_enrollment     integer CHECK (sped_enrollment >= 0),
  gened_enrollment    integer CHECK (gened_enrollment >= 0),
  sped_teachers       numeric(10, 2) CHECK (sped_teachers >= 0),
  sped_instructional  numeric(10, 2) CHECK (sped_instructional >= 0),
  gened_teachers      numeric(10, 2) CHECK (gened_teachers >= 0),
  confidence          varchar(20) CHECK (confidence IN ('high', 'medium', 'low')),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (nces_id, year)
);
CREATE TRIGGER sped_estimates_updated_at BEFORE UPDATE ON sped_estimates FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE calculation_runs (
  run_id                varchar(50) PRIMARY KEY,
  year                  varchar(10) NOT NULL CHECK (is_school_year(year)),
  run_type              varchar(30) NOT NULL CHECK (run_type IN ('full', 'incremental')),
  status                varchar(20) NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
  districts_processed   integer NOT NULL DEFAULT 0,
  calculations_created  integer NOT NULL DEFAULT 0,
  input_hash            varchar(64),
  output_files          jsonb NOT NULL DEFAULT '[]',
  qa_summary            jsonb,
  started_at            timestamptz NOT NULL DEFAULT now(),
  completed_at          timestamptz,
  duration_seconds      numeric(10, 3),
  -- Beyond the seed: what the run was asked to do, what it followed, why it failed.
  scopes                text[] NOT NULL,
  options               jsonb NOT NULL DEFAULT '{}',
  previous_run_id       varchar(50) REFERENCES calculation_runs (run_id) ON DELETE SET NULL,
  error                 text
);
CREATE INDEX idx_calculation_runs_year_status ON calculation_runs (year, status, completed_at DESC);

CREATE TABLE lct_calculations (
  id                     bigserial PRIMARY KEY,
  district_id            varchar(20) NOT NULL REFERENCES districts (nces_id) ON DELETE CASCADE,
  year                   varchar(10) NOT NULL,
  -- The scopes of src/domain/scopes.ts.
  scope                  varchar(50) NOT NULL CHECK (scope IN ('teachers_only', 'teachers_core', 'instructional',
    'instructional_plus_support', 'all', 'teachers_elementary', 'teachers_secondary', 'core_sped', 'teachers_gened',
    'instructional_sped')),
  instructional_minutes  numeric(6, 2),
  minutes_source         varchar(50),
  minutes_year           varchar(10),
  staff_count            numeric(10, 2),
  staff_year             varchar(10),
  enrollment             integer,
  enrollment_type        varchar(30),
  enrollment_year        varchar(10),
  lct_value              numeric(10, 2),
  valid                  boolean NOT NULL,
  qa_flags               text[] NOT NULL DEFAULT '{}',
  calculation_notes      text,
  run_id                 varchar(50) NOT NULL REFERENCES calculation_runs (run_id) ON DELETE CASCADE,
  created_at             timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT lct_calculations_run_district_scope UNIQUE (run_id, district_id, scope)
);
CREATE INDEX idx_lct_calculations_district ON lct_calculations (district_id, year, scope);

-- Which districts each run processed, with the hash of their inputs: the basis of incremental runs
-- and of `lct_current` (a later run that processed a district replaces its rows for the run's scopes).
CREATE TABLE calculation_district_inputs (
  run_id       varchar(50) NOT NULL REFERENCES calculation_runs (run_id) ON DELETE CASCADE,
  district_id  varchar(20) NOT NULL,
  input_hash   varchar(64) NOT NULL,
  PRIMARY KEY (run_id, district_id)
);
CREATE INDEX idx_calculation_district_inputs_district ON calculation_district_inputs (district_id);

CREATE TABLE data_lineage (
  id           bigserial PRIMARY KEY,
  table_name   varchar(100) NOT NULL,
  operation    varchar(50) NOT NULL CHECK (operation IN ('insert', 'update', 'delete')),
  record_id    text,
  changes      jsonb,
  source       text NOT NULL,
  "timestamp"  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_data_lineage_record ON data_lineage (table_name, record_id);
CREATE INDEX idx_data_lineage_timestamp ON data_lineage ("timestamp");
