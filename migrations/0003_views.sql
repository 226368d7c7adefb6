-- The current LCT result and the seed's four materialized views, each with a unique index so the
-- server can refresh it concurrently. Every sum counts each district once: per-district aggregates
-- are computed before any join.

-- Per district, year and scope: the row of the latest completed run that processed the district for
-- that scope. A later run that processed the district but produced no row (say, enrollment became 0)
-- leaves no current row, as it should.
CREATE VIEW lct_current AS
SELECT c.*
FROM lct_calculations c
JOIN calculation_runs r ON r.run_id = c.run_id AND r.status = 'completed'
WHERE NOT EXISTS (
  SELECT 1
  FROM calculation_district_inputs later_input
  JOIN calculation_runs later ON later.run_id = later_input.run_id
  WHERE later_input.district_id = c.district_id
    AND later.year = c.year
    AND later.status = 'completed'
    AND c.scope = ANY (later.scopes)
    AND (later.completed_at, later.run_id) > (r.completed_at, r.run_id)
);

-- Districts with enrollment and teacher counts, from their latest year that has both.
CREATE MATERIALIZED VIEW mv_districts_with_lct_data AS
WITH enrollment_by_year AS (
  SELECT e.nces_id, e.year,
         sum(e.enrollment) FILTER (WHERE g.band = 'elementary')::integer AS elem_enrollment,
         sum(e.enrollment) FILTER (WHERE g.band IN ('middle', 'high'))::integer AS sec_enrollment
  FROM grade_level_enrollment e
  JOIN grade_codes g ON g.code = e.grade
  GROUP BY e.nces_id, e.year
),
staffing_by_year AS (
  SELECT s.nces_id, s.year,
         sum(s.fte_count) FILTER (WHERE c.teacher_level = 'elementary') AS elem_teachers,
         sum(s.fte_count) FILTER (WHERE c.teacher_level = 'secondary') AS sec_teachers,
         sum(s.fte_count) FILTER (WHERE c.teacher_level = 'ungraded') AS ungraded_teachers
  FROM grade_level_staffing s
  JOIN staff_categories c ON c.category = s.category
  GROUP BY s.nces_id, s.year
),
latest AS (
  SELECT DISTINCT ON (e.nces_id) e.nces_id, e.year, e.elem_enrollment, e.sec_enrollment,
         s.elem_teachers, s.sec_teachers, s.ungraded_teachers
  FROM enrollment_by_year e
  JOIN staffing_by_year s USING (nces_id, year)
  WHERE coalesce(e.elem_enrollment, 0) + coalesce(e.sec_enrollment, 0) > 0
    AND coalesce(s.elem_teachers, 0) + coalesce(s.sec_teachers, 0) + coalesce(s.ungraded_teachers, 0) > 0
  ORDER BY e.nces_id, e.year DESC
)
SELECT d.nces_id, d.name, d.state, d.enrollment,
       l.elem_enrollment, l.sec_enrollment, l.elem_teachers, l.sec_teachers, l.ungraded_teachers,
       l.year
FROM districts d
JOIN latest l USING (nces_id);
CREATE UNIQUE INDEX mv_districts_with_lct_data_pk ON mv_districts_with_lct_data (nces_id);
CREATE INDEX mv_districts_with_lct_data_state ON mv_districts_with_lct_data (state);

-- Campaign progress by state: a district is enriched when it has a bell schedule (any year) whose
-- method is not statutory_fallback.
CREATE MATERIALIZED VIEW mv_state_enrichment_progress AS
WITH enriched_districts AS (
  SELECT DISTINCT district_id FROM bell_schedules WHERE method <> 'statutory_fallback'
)
SELECT d.state,
       count(*)::integer AS total_districts,
       count(e.district_id)::integer AS enriched,
       (count(*) - count(e.district_id))::integer AS unenriched,
       round(100.0 * count(e.district_id) / count(*), 2) AS pct_enriched,
       coalesce(sum(d.enrollment), 0)::bigint AS total_enrollment,
       count(e.district_id) >= 3 AS complete
FROM districts d
LEFT JOIN enriched_districts e ON e.district_id = d.nces_id
GROUP BY d.state;
CREATE UNIQUE INDEX mv_state_enrichment_progress_pk ON mv_state_enrichment_progress (state);

CREATE MATERIALIZED VIEW mv_unenriched_districts AS
SELECT d.nces_id, d.name, d.state, d.enrollment,
       row_number() OVER (PARTITION BY d.state ORDER BY d.enrollment DESC NULLS LAST, d.nces_id)::integer AS rank_in_state
FROM districts d
WHERE NOT EXISTS (
  SELECT 1 FROM bell_schedules b WHERE b.district_id = d.nces_id AND b.method <> 'statutory_fallback'
);
CREATE UNIQUE INDEX mv_unenriched_districts_pk ON mv_unenriched_districts (nces_id);
CREATE INDEX mv_unenriched_districts_rank ON mv_unenriched_districts (state, rank_in_state);

-- LCT statistics per year and scope over the valid current rows.
CREATE MATERIALIZED VIEW mv_lct_summary_stats AS
SELECT scope,
       count(*)::integer AS district_count,
       round(avg(lct_value), 2) AS mean_lct,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY lct_value))::numeric, 2) AS median_lct,
       round(stddev_samp(lct_value), 2) AS std_lct,
       min(lct_value) AS min_lct,
       max(lct_value) AS max_lct,
       year
FROM lct_current
WHERE valid
GROUP BY year, scope;
CREATE UNIQUE INDEX mv_lct_summary_stats_pk ON mv_lct_summary_stats (year, scope);

-- PostgreSQL does not remember when a materialized view was refreshed; this table does.
CREATE TABLE materialized_view_refreshes (
  view_name     text PRIMARY KEY,
  refreshed_at  timestamptz NOT NULL,
  duration_ms   numeric(12, 1) NOT NULL
);

-- Refreshes the named materialized views (concurrently once populated) and records when: a
-- calculation run refreshes only the views built on its results, an import all of them.
CREATE FUNCTION refresh_materialized_views(view_names text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v record;
  started timestamptz;
  has_rows boolean;
BEGIN
  FOR v IN SELECT matviewname, ispopulated FROM pg_matviews
           WHERE schemaname = current_schema() AND matviewname = ANY (view_names) ORDER BY matviewname LOOP
    started := clock_timestamp();
    -- CONCURRENTLY keeps the view's rows readable during the refresh. It costs about twice a plain
    -- refresh (it diffs old and new rows), and needs the view populated: an empty view (a first
    -- import, a first run) has nothing to keep readable, so it gets the plain one.
    IF v.ispopulated THEN
      EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I)', v.matviewname) INTO has_rows;
    END IF;
    IF v.ispopulated AND has_rows THEN
      EXECUTE format('REFRESH MATERIALIZED VIEW CONCURRENTLY %I', v.matviewname);
    ELSE
      EXECUTE format('REFRESH MATERIALIZED VIEW %I', v.matviewname);
    END IF;
    INSERT INTO materialized_view_refreshes (view_name, refreshed_at, duration_ms)
    VALUES (v.matviewname, clock_timestamp(), extract(epoch FROM clock_timestamp() - started) * 1000)
    ON CONFLICT (view_name) DO UPDATE SET refreshed_at = EXCLUDED.refreshed_at, duration_ms = EXCLUDED.duration_ms;
  END LOOP;
END;
$$;

CREATE FUNCTION refresh_all_materialized_views() RETURNS void
LANGUAGE sql AS $$
  SELECT refresh_materialized_views(ARRAY(SELECT matviewname::text FROM pg_matviews WHERE schemaname = current_schema()));
$$;
