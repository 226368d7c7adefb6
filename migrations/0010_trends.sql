-- LCT across years (docs/trends.md): per state and for the nation, each year and scope, the median and the
-- enrollment-weighted LCT over the valid current results. Computed from lct_current, a state's series read
-- every current result of its districts in every year (half a second at eight national years); here it is
-- a few rows. Each calculation run that processed districts rewrites its year's rows of its scopes in its own
-- transaction (src/calculate/refresh-area-trends.ts) and records itself in run_id; the trend queries take a
-- year and scope from here only while that run is still the latest of the year that processed districts for
-- the scope, and compute it from lct_current otherwise (a deleted run, a restore: the table is lct's own,
-- never exported or restored).
CREATE TABLE lct_area_trends (
  -- A state code, or 'nation'.
  area                   varchar(6) NOT NULL CHECK (area = 'nation' OR area ~ '^[A-Z]{2}$'),
  year                   varchar(10) NOT NULL CHECK (is_school_year(year)),
  scope                  varchar(50) NOT NULL,
  -- 0 only on the nation's row of a scope without any valid district that year (the year was summarized).
  district_count         integer NOT NULL CHECK (district_count > 0 OR (district_count = 0 AND area = 'nation')),
  lct_median             numeric(10, 2) CHECK ((lct_median IS NULL) = (district_count = 0)),
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

-- The school years that have enrollment or staffing rows, with how many, kept exact by statement-level
-- triggers in the same transaction as the rows: `lct calculate --all-years` and every run's check that its
-- year has data read a few rows here instead of scanning millions (the tables have no index on year, and
-- one would slow every import). Whatever loads the two tables with triggers disabled (a restore) calls
-- rebuild_input_years().
CREATE TABLE input_years (
  table_name  varchar(30) NOT NULL CHECK (table_name IN ('grade_level_enrollment', 'grade_level_staffing')),
  year        varchar(10) NOT NULL,
  -- 0 only inside the statement that removed the year's last rows.
  row_count   bigint NOT NULL CHECK (row_count >= 0),
  PRIMARY KEY (table_name, year)
);

CREATE FUNCTION rebuild_input_years() RETURNS void
LANGUAGE sql AS $$
  DELETE FROM input_years;
  INSERT INTO input_years (table_name, year, row_count)
  SELECT 'grade_level_enrollment', year, count(*) FROM grade_level_enrollment GROUP BY year
  UNION ALL
  SELECT 'grade_level_staffing', year, count(*) FROM grade_level_staffing GROUP BY year;
$$;

CREATE FUNCTION maintain_input_years() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM input_years WHERE table_name = TG_TABLE_NAME;
    RETURN NULL;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    EXECUTE 'UPDATE input_years i SET row_count = i.row_count - o.n
             FROM (SELECT year, count(*) AS n FROM old_rows GROUP BY year) o
             WHERE i.table_name = $1 AND i.year = o.year' USING TG_TABLE_NAME;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    EXECUTE 'INSERT INTO input_years AS i (table_name, year, row_count)
             SELECT $1, year, count(*) FROM new_rows GROUP BY year
             ON CONFLICT (table_name, year) DO UPDATE SET row_count = i.row_count + EXCLUDED.row_count'
      USING TG_TABLE_NAME;
  END IF;
  DELETE FROM input_years WHERE table_name = TG_TABLE_NAME AND row_count <= 0;
  RETURN NULL;
END;
$$;

CREATE PROCEDURE attach_input_years(target regclass)
LANGUAGE plpgsql AS $$
DECLARE
  name text := (SELECT relname FROM pg_class WHERE oid = target);
BEGIN
  EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION maintain_input_years()',
                 name || '_years_insert', target);
  EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION maintain_input_years()',
                 name || '_years_update', target);
  EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION maintain_input_years()',
                 name || '_years_delete', target);
  EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION maintain_input_years()',
                 name || '_years_truncate', target);
END;
$$;
CALL attach_input_years('grade_level_enrollment');
CALL attach_input_years('grade_level_staffing');
SELECT rebuild_input_years();
