-- lct_current, reading only what can be current. A full run processes every district, so every row of a
-- run whose scopes a later full run of the year all calculated again is superseded: such runs are left
-- out before any of their rows is read, and reading the view costs about the current rows instead of
-- the whole history of runs. The rows are the same as 0003's definition (a test compares the two).
CREATE OR REPLACE VIEW lct_current AS
WITH live_runs AS (
  SELECT r.run_id, r.year, r.scopes, r.completed_at,
         -- The year's first live run replaces nothing: no live run of the year comes before it.
         row_number() OVER (PARTITION BY r.year ORDER BY r.completed_at, r.run_id) = 1 AS first_of_year
  FROM calculation_runs r
  WHERE r.status = 'completed'
    AND NOT EXISTS (
      SELECT 1 FROM calculation_runs f
      WHERE f.year = r.year AND f.status = 'completed' AND f.run_type = 'full' AND f.scopes @> r.scopes
        AND (f.completed_at, f.run_id) > (r.completed_at, r.run_id))
)
SELECT c.*
FROM lct_calculations c
JOIN live_runs r ON r.run_id = c.run_id
WHERE NOT EXISTS (
  -- A later run that processed the district and calculated the scope replaces the row (a superseded run
  -- cannot: the full run superseding it does so too).
  SELECT 1
  FROM calculation_district_inputs later_input
  JOIN live_runs later ON later.run_id = later_input.run_id AND NOT later.first_of_year
  WHERE later_input.district_id = c.district_id
    AND later.year = c.year
    AND c.scope = ANY (later.scopes)
    AND (later.completed_at, later.run_id) > (r.completed_at, r.run_id)
);
