-- Every attempt at reading a district's bell schedule from a page or document (`lct bell-schedule extract
-- … --district ID --year Y`): what was tried, what came of it, when and by whom. A district whose last
-- attempt was blocked (401/403/429, a bot challenge, robots.txt) needs a person to open the page by hand;
-- `lct candidates` and `lct progress` say so.

CREATE TABLE campaign_attempts (
  id            bigserial PRIMARY KEY,
  district_id   varchar(20) NOT NULL REFERENCES districts (nces_id) ON DELETE CASCADE,
  year          varchar(10) NOT NULL CHECK (is_school_year(year)),
  -- The URL fetched, or null for a saved file (named in `document`).
  url           text,
  document      text,
  outcome       varchar(20) NOT NULL CHECK (outcome IN ('extracted', 'blocked', 'no_schedule', 'error')),
  -- Why: the HTTP status or robots.txt rule that blocked it, the error, what the document held instead.
  detail        text,
  -- Bell schedules stored from this attempt (with --add).
  schedules_added integer NOT NULL DEFAULT 0 CHECK (schedules_added >= 0),
  attempted_at  timestamptz NOT NULL DEFAULT now(),
  attempted_by  varchar(100),
  CONSTRAINT campaign_attempts_names_a_source CHECK (url IS NOT NULL OR document IS NOT NULL)
);

-- The last attempt per district and year ("needs a person?"), newest first.
CREATE INDEX idx_campaign_attempts_last ON campaign_attempts (district_id, year, attempted_at DESC, id DESC);
CREATE INDEX idx_campaign_attempts_year_outcome ON campaign_attempts (year, outcome);
