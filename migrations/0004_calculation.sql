-- The LCT calculation engine: banker's rounding; per-input fingerprints beside each district's input hash
-- (so that `lct runs diff` can say which input changed); set-based referential checks on results instead
-- of per-row foreign keys; change marks for incremental runs; refreshing only the named views.

-- Half-to-even rounding (0.125 → 0.12, 0.135 → 0.14). PostgreSQL's round(numeric) rounds half away from
-- zero. Exact for numeric inputs: a half is detected on the digits, not approximated. Not STRICT, so
-- that the planner inlines it (a STRICT SQL function with a CASE body is called row by row, 20× slower).
CREATE FUNCTION round_half_even(value numeric, places integer) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN abs(value - trunc(value, places)) * power(10::numeric, places) = 0.5
     AND mod(abs(trunc(value, places)) * power(10::numeric, places), 2) = 0
    THEN trunc(value, places)
    ELSE round(value, places)
  END
$$;

-- A 64-bit fingerprint (16 hex digits) of each input of a district: its enrollment rows, staffing rows,
-- the bell schedules used, its state's requirement row, its SPED estimate. The SHA-256 `input_hash`
-- decides what is recalculated; these only explain what changed.
ALTER TABLE calculation_district_inputs
  ADD COLUMN enrollment_hash         varchar(16),
  ADD COLUMN staffing_hash           varchar(16),
  ADD COLUMN bell_schedule_hash      varchar(16),
  ADD COLUMN state_requirement_hash  varchar(16),
  ADD COLUMN sped_hash               varchar(16);

-- Referential integrity of results, checked once per statement instead of once per row. The foreign keys
-- of lct_calculations and calculation_district_inputs cost about 10 µs per inserted row each: 2.8 s of
-- a 121,000-row national run on the server, more than the calculation itself. The same guarantees, set-
-- based: an insert or update naming a district or run that does not exist fails with the foreign-key
-- error (23503), and deleting a district or a run deletes its results.
ALTER TABLE lct_calculations
  DROP CONSTRAINT lct_calculations_district_id_fkey,
  DROP CONSTRAINT lct_calculations_run_id_fkey;
ALTER TABLE calculation_district_inputs DROP CONSTRAINT calculation_district_inputs_run_id_fkey;

-- TG_ARGV[0]: whether the rows carry a district_id that must exist in districts.
CREATE FUNCTION check_result_references() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  missing text;
BEGIN
  SELECT n.run_id INTO missing FROM new_rows n
  WHERE NOT EXISTS (SELECT 1 FROM calculation_runs r WHERE r.run_id = n.run_id) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%_run_id_fkey"', TG_TABLE_NAME, TG_TABLE_NAME
      USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME,
            DETAIL = format('Key (run_id)=(%s) is not present in table "calculation_runs".', missing);
  END IF;
  IF TG_ARGV[0]::boolean THEN
    SELECT n.district_id INTO missing FROM new_rows n
    WHERE NOT EXISTS (SELECT 1 FROM districts d WHERE d.nces_id = n.district_id) LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%_district_id_fkey"', TG_TABLE_NAME, TG_TABLE_NAME
        USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME,
              DETAIL = format('Key (district_id)=(%s) is not present in table "districts".', missing);
    END IF;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER lct_calculations_references_insert AFTER INSERT ON lct_calculations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION check_result_references('true');
CREATE TRIGGER lct_calculations_references_update AFTER UPDATE ON lct_calculations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION check_result_references('true');
CREATE TRIGGER calculation_district_inputs_references_insert AFTER INSERT ON calculation_district_inputs
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION check_result_references('false');
CREATE TRIGGER calculation_district_inputs_references_update AFTER UPDATE ON calculation_district_inputs
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION check_result_references('false');

-- Deleting runs or districts deletes their results (TRUNCATE: all results).
CREATE FUNCTION delete_results_of_deleted_runs() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM lct_calculations;
    DELETE FROM calculation_district_inputs;
  ELSE
    DELETE FROM lct_calculations c USING old_rows o WHERE c.run_id = o.run_id;
    DELETE FROM calculation_district_inputs i USING old_rows o WHERE i.run_id = o.run_id;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER calculation_runs_delete_results AFTER DELETE ON calculation_runs
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION delete_results_of_deleted_runs();
CREATE TRIGGER calculation_runs_truncate_results AFTER TRUNCATE ON calculation_runs
  FOR EACH STATEMENT EXECUTE FUNCTION delete_results_of_deleted_runs();

CREATE FUNCTION delete_results_of_deleted_districts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM lct_calculations;
  ELSE
    DELETE FROM lct_calculations c USING old_rows o WHERE c.district_id = o.nces_id;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER districts_delete_results AFTER DELETE ON districts
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION delete_results_of_deleted_districts();
CREATE TRIGGER districts_truncate_results AFTER TRUNCATE ON districts
  FOR EACH STATEMENT EXECUTE FUNCTION delete_results_of_deleted_districts();

-- Districts whose inputs may have changed since a year was last calculated, so that `lct calculate
-- --incremental` hashes only those instead of every input row (the content hashes still decide what
-- is recalculated; these marks only say where to look). Statement-level triggers on every input table
-- add a mark per changed district for each year that has calculation runs (a bell schedule, state
-- requirement or district change concerns every year); a run removes the marks it has looked at, in
-- its own transaction. Changes made with triggers disabled are not seen: run a full calculation then.
-- A mark that already exists is locked, not skipped: a run taking the marks then waits for the change to
-- commit and sees it. (Skipping it let a run delete the mark while the change was still uncommitted and
-- invisible to the run: the change was never calculated.)
CREATE TABLE calculation_pending_districts (
  year         varchar(10) NOT NULL,
  district_id  varchar(20) NOT NULL,
  PRIMARY KEY (year, district_id)
);

-- TG_ARGV[0]: 'year' when the table has a year column (its rows concern that year only), else 'all'.
-- TG_ARGV[1]: the column naming the district ('nces_id', 'district_id'), or 'state_code' for state rows.
CREATE FUNCTION mark_districts_pending() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  changed text;
  affected text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM calculation_runs) THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'TRUNCATE' THEN
    INSERT INTO calculation_pending_districts (year, district_id)
    SELECT y.year, d.nces_id FROM (SELECT DISTINCT year FROM calculation_runs) y CROSS JOIN districts d
    ON CONFLICT (year, district_id) DO UPDATE SET district_id = EXCLUDED.district_id WHERE false;
    RETURN NULL;
  END IF;
  changed := CASE TG_OP
    WHEN 'INSERT' THEN format('SELECT %1$I AS k%2$s FROM new_rows', TG_ARGV[1], CASE WHEN TG_ARGV[0] = 'year' THEN ', year' ELSE '' END)
    WHEN 'DELETE' THEN format('SELECT %1$I AS k%2$s FROM old_rows', TG_ARGV[1], CASE WHEN TG_ARGV[0] = 'year' THEN ', year' ELSE '' END)
    ELSE format('SELECT %1$I AS k%2$s FROM new_rows UNION SELECT %1$I%2$s FROM old_rows', TG_ARGV[1], CASE WHEN TG_ARGV[0] = 'year' THEN ', year' ELSE '' END)
  END;
  affected := CASE
    WHEN TG_ARGV[0] = 'year' THEN
      format('SELECT DISTINCT c.year, c.k FROM (%s) c WHERE c.year IN (SELECT year FROM calculation_runs)', changed)
    WHEN TG_ARGV[1] = 'state_code' THEN
      format('SELECT y.year, d.nces_id FROM (SELECT DISTINCT year FROM calculation_runs) y
              CROSS JOIN districts d WHERE d.state IN (SELECT k FROM (%s) c)', changed)
    ELSE
      format('SELECT y.year, c.k FROM (SELECT DISTINCT year FROM calculation_runs) y CROSS JOIN (SELECT DISTINCT k FROM (%s) c0) c', changed)
  END;
  -- DO UPDATE … WHERE false writes nothing but locks the existing mark until this transaction ends.
  EXECUTE format('INSERT INTO calculation_pending_districts (year, district_id) %s
                  ON CONFLICT (year, district_id) DO UPDATE SET district_id = EXCLUDED.district_id WHERE false', affected);
  RETURN NULL;
END;
$$;

CREATE PROCEDURE attach_pending_marks(target regclass, scope text, key_column text)
LANGUAGE plpgsql AS $$
DECLARE
  name text := (SELECT relname FROM pg_class WHERE oid = target);
BEGIN
  EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mark_districts_pending(%L, %L)',
                 name || '_pending_insert', target, scope, key_column);
  EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mark_districts_pending(%L, %L)',
                 name || '_pending_update', target, scope, key_column);
  EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION mark_districts_pending(%L, %L)',
                 name || '_pending_delete', target, scope, key_column);
  EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION mark_districts_pending(%L, %L)',
                 name || '_pending_truncate', target, scope, key_column);
END;
$$;

CALL attach_pending_marks('grade_level_enrollment', 'year', 'nces_id');
CALL attach_pending_marks('grade_level_staffing', 'year', 'nces_id');
CALL attach_pending_marks('sped_estimates', 'year', 'nces_id');
CALL attach_pending_marks('bell_schedules', 'all', 'district_id');
CALL attach_pending_marks('state_requirements', 'all', 'state_code');
CALL attach_pending_marks('districts', 'all', 'nces_id');

-- SHA-256 over every district's input hash after the run (the run's `input_hash` adds its options).
ALTER TABLE calculation_runs ADD COLUMN districts_hash varchar(64);

