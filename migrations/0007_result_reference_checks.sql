-- The set-based reference checks of 0004, each one pass of hash lookups. With `LIMIT 1` the planner
-- expected to stop at the first row and probed the districts index once per inserted row: 130 ms of a
-- national run's 121,000 rows, for a check that finds nothing. Without it, it hashes the referenced keys
-- once. Same errors as before.
CREATE OR REPLACE FUNCTION check_result_references() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  missing text;
BEGIN
  SELECT min(n.run_id) INTO missing FROM new_rows n
  WHERE NOT EXISTS (SELECT 1 FROM calculation_runs r WHERE r.run_id = n.run_id);
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%_run_id_fkey"', TG_TABLE_NAME, TG_TABLE_NAME
      USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME,
            DETAIL = format('Key (run_id)=(%s) is not present in table "calculation_runs".', missing);
  END IF;
  IF TG_ARGV[0]::boolean THEN
    SELECT min(n.district_id) INTO missing FROM new_rows n
    WHERE NOT EXISTS (SELECT 1 FROM districts d WHERE d.nces_id = n.district_id);
    IF missing IS NOT NULL THEN
      RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%_district_id_fkey"', TG_TABLE_NAME, TG_TABLE_NAME
        USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME,
              DETAIL = format('Key (district_id)=(%s) is not present in table "districts".', missing);
    END IF;
  END IF;
  RETURN NULL;
END;
$$;
