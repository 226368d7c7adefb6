-- Bell-schedule campaign claims: several collectors work at once, and each must get a different district.
-- A claim reserves one district for one school year until `expires_at`; adding a bell schedule that
-- enriches the district completes it, `lct campaign release` gives it back, and an expired claim leaves
-- the district free for the next collector. How claims are handed out safely: src/queries/claim-next-candidate.ts.

CREATE TABLE campaign_claims (
  id                bigserial PRIMARY KEY,
  district_id       varchar(20) NOT NULL REFERENCES districts (nces_id) ON DELETE CASCADE,
  year              varchar(10) NOT NULL CHECK (is_school_year(year)),
  claimed_by        varchar(100) NOT NULL CHECK (claimed_by <> ''),
  claimed_at        timestamptz NOT NULL DEFAULT now(),
  expires_at        timestamptz NOT NULL,
  -- active → completed (a schedule arrived), released (given back) or expired (re-claimed after expiry).
  status            varchar(20) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'released', 'expired')),
  ended_at          timestamptz,
  -- The schedule that completed the claim. Not a foreign key: restoring or re-importing bell schedules
  -- alone must not depend on this table.
  bell_schedule_id  bigint,
  CONSTRAINT campaign_claims_expiry_after_claim CHECK (expires_at > claimed_at),
  CONSTRAINT campaign_claims_ended CHECK ((status = 'active') = (ended_at IS NULL))
);
-- The last line of defence: never two active claims on one district and year.
CREATE UNIQUE INDEX campaign_claims_one_active ON campaign_claims (district_id, year) WHERE status = 'active';
CREATE INDEX idx_campaign_claims_year_status ON campaign_claims (year, status);

-- Any enriching bell schedule (from `lct bell-schedule add`, an import, the API or plain SQL) completes
-- the active claims on its district and year.
CREATE FUNCTION complete_campaign_claims() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- Bulk imports of thousands of schedules should not pay for a join when nobody holds a claim.
  IF NOT EXISTS (SELECT 1 FROM campaign_claims WHERE status = 'active') THEN
    RETURN NULL;
  END IF;
  UPDATE campaign_claims c
  SET status = 'completed', ended_at = now(), bell_schedule_id = n.id
  FROM new_rows n
  WHERE c.district_id = n.district_id
    AND c.year = n.year
    AND c.status = 'active'
    AND n.method <> 'statutory_fallback';
  RETURN NULL;
END;
$$;

CREATE TRIGGER bell_schedules_complete_claims_insert AFTER INSERT ON bell_schedules
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION complete_campaign_claims();
CREATE TRIGGER bell_schedules_complete_claims_update AFTER UPDATE ON bell_schedules
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION complete_campaign_claims();

-- Enrichment lookups per year ("which districts have a real schedule in 2025-26?").
CREATE INDEX idx_bell_schedules_enriched ON bell_schedules (year, district_id) WHERE method <> 'statutory_fallback';

-- Per state: the number of districts and their enrollment (each district once; unknown enrollment
-- counts 0), kept exact by statement-level triggers on `districts`, so campaign progress and the
-- enrichment summary read 55 rows instead of aggregating 17,800 districts on every call. The totals change
-- in the same transaction as the districts, so every reader sees totals that match the districts it sees.
-- Whatever loads districts with triggers disabled (a restore) calls rebuild_state_district_totals().
CREATE TABLE state_district_totals (
  state             varchar(2) PRIMARY KEY,
  total_districts   integer NOT NULL,
  total_enrollment  bigint NOT NULL
);

CREATE FUNCTION rebuild_state_district_totals() RETURNS void
LANGUAGE sql AS $$
  DELETE FROM state_district_totals;
  INSERT INTO state_district_totals (state, total_districts, total_enrollment)
  SELECT state, count(*), coalesce(sum(enrollment), 0) FROM districts GROUP BY state;
$$;

CREATE FUNCTION maintain_state_district_totals() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  changes text;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM state_district_totals;
    RETURN NULL;
  END IF;
  -- Each operation's trigger defines only its own transition tables.
  changes := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT state, 1, coalesce(enrollment, 0) FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT state, -1, -coalesce(enrollment, 0) FROM old_rows'
    ELSE 'SELECT state, 1, coalesce(enrollment, 0) FROM new_rows UNION ALL SELECT state, -1, -coalesce(enrollment, 0) FROM old_rows'
  END;
  EXECUTE format(
    'INSERT INTO state_district_totals AS t (state, total_districts, total_enrollment)
     SELECT state, sum(n), sum(e) FROM (%s) AS delta (state, n, e)
     GROUP BY state HAVING sum(n) <> 0 OR sum(e) <> 0
     ON CONFLICT (state) DO UPDATE
       SET total_districts = t.total_districts + EXCLUDED.total_districts,
           total_enrollment = t.total_enrollment + EXCLUDED.total_enrollment',
    changes);
  DELETE FROM state_district_totals WHERE total_districts = 0;
  RETURN NULL;
END;
$$;

CREATE TRIGGER districts_state_totals_insert AFTER INSERT ON districts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION maintain_state_district_totals();
CREATE TRIGGER districts_state_totals_update AFTER UPDATE ON districts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION maintain_state_district_totals();
CREATE TRIGGER districts_state_totals_delete AFTER DELETE ON districts
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION maintain_state_district_totals();
CREATE TRIGGER districts_state_totals_truncate AFTER TRUNCATE ON districts
  FOR EACH STATEMENT EXECUTE FUNCTION maintain_state_district_totals();

SELECT rebuild_state_district_totals();
