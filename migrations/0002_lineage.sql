-- Audit trail by statement-level triggers with transition tables: one trigger call per statement,
-- never per row. Updates and deletes record every row (updates: only the changed fields, before and
-- after). Inserts record every row too, unless one statement inserts more than `lct.lineage_row_limit`
-- rows (default 1000): a bulk load then records one summary row (count, first and last key), since the
-- rows themselves are the file named in `source`. See README "Audit trail".

-- Who is changing data: set per transaction by the application (`import:ccd file.csv`, `cli:…`, `api:…`).
CREATE FUNCTION lineage_source() RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('lct.source', true), ''), 'sql')
$$;

CREATE FUNCTION lineage_row_limit() RETURNS integer
LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('lct.lineage_row_limit', true), '')::integer, 1000)
$$;

-- TG_ARGV: the key columns; the record id is their values joined with '/'.
CREATE FUNCTION record_lineage() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  key_of_r text;
  key_of_o text;
  key_of_n text;
  row_count bigint;
  src text := lineage_source();
BEGIN
  SELECT 'concat_ws(''/'', ' || string_agg(format('r.%I', k), ', ') || ')',
         'concat_ws(''/'', ' || string_agg(format('o.%I', k), ', ') || ')',
         'concat_ws(''/'', ' || string_agg(format('n.%I', k), ', ') || ')'
    INTO key_of_r, key_of_o, key_of_n
    FROM unnest(TG_ARGV) AS k;

  IF TG_OP = 'INSERT' THEN
    EXECUTE 'SELECT count(*) FROM new_rows' INTO row_count;
    IF row_count = 0 THEN
      RETURN NULL;
    ELSIF row_count <= lineage_row_limit() THEN
      EXECUTE format(
        'INSERT INTO data_lineage (table_name, operation, record_id, changes, source)
         SELECT %L, ''insert'', %s, jsonb_build_object(''after'', to_jsonb(r)), %L FROM new_rows r',
        TG_TABLE_NAME, key_of_r, src);
    ELSE
      EXECUTE format(
        'INSERT INTO data_lineage (table_name, operation, record_id, changes, source)
         SELECT %L, ''insert'', min(k) || '' .. '' || max(k),
                jsonb_build_object(''bulk'', true, ''rows'', count(*), ''first'', min(k), ''last'', max(k)), %L
         FROM (SELECT %s AS k FROM new_rows r) keys',
        TG_TABLE_NAME, src, key_of_r);
    END IF;
  ELSIF TG_OP = 'UPDATE' THEN
    EXECUTE format(
      'INSERT INTO data_lineage (table_name, operation, record_id, changes, source)
       SELECT %L, ''update'', pair.k, diff.changes, %L
       FROM (SELECT %s AS k, to_jsonb(o) AS before, to_jsonb(n) AS after
             FROM old_rows o JOIN new_rows n ON %s = %s) pair
       CROSS JOIN LATERAL (
         SELECT jsonb_build_object(
                  ''before'', jsonb_object_agg(f.key, pair.before -> f.key),
                  ''after'', jsonb_object_agg(f.key, f.value)) AS changes
         FROM jsonb_each(pair.after) f
         WHERE f.value IS DISTINCT FROM pair.before -> f.key AND f.key <> ''updated_at''
         HAVING count(*) > 0
       ) diff',
      TG_TABLE_NAME, src, key_of_n, key_of_o, key_of_n);
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE format(
      'INSERT INTO data_lineage (table_name, operation, record_id, changes, source)
       SELECT %L, ''delete'', %s, jsonb_build_object(''before'', to_jsonb(r)), %L FROM old_rows r',
      TG_TABLE_NAME, key_of_r, src);
  END IF;
  RETURN NULL;
END;
$$;

-- One trigger per operation (transition tables cannot be shared across events).
CREATE PROCEDURE attach_lineage(target regclass, VARIADIC key_columns text[])
LANGUAGE plpgsql AS $$
DECLARE
  args text := (SELECT string_agg(quote_literal(k), ', ') FROM unnest(key_columns) k);
  name text := (SELECT relname FROM pg_class WHERE oid = target);
BEGIN
  EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION record_lineage(%s)',
                 name || '_lineage_insert', target, args);
  EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION record_lineage(%s)',
                 name || '_lineage_update', target, args);
  EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION record_lineage(%s)',
                 name || '_lineage_delete', target, args);
END;
$$;

CALL attach_lineage('districts', 'nces_id');
CALL attach_lineage('state_requirements', 'state_code');
CALL attach_lineage('bell_schedules', 'id');
CALL attach_lineage('grade_level_enrollment', 'nces_id', 'year', 'grade');
CALL attach_lineage('grade_level_staffing', 'nces_id', 'year', 'category');
CALL attach_lineage('sped_estimates', 'nces_id', 'year');
