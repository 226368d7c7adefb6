/**
 * The API as TypeScript types, generated from its OpenAPI document by openapi-typescript
 * (`npm run api-types`; `npm run lint` checks it is current). Do not edit.
 */
export interface paths {
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Server and database status
     * @description Engine, lct and PostgreSQL versions, migrations applied and pending, and the latest calculation run. Never cached.
     */
    get: operations['getHealth'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/districts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Search districts
     * @description Largest enrollment first (unknown enrollment last). `{ items, total, page, per_page }`.
     */
    get: operations['getApiDistricts'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/districts/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One district
     * @description The districts row, enrollment by grade, staffing by category, bell schedules, current LCT by year and scope, and the latest 100 changes to its rows (data_lineage).
     */
    get: operations['getApiDistrictsId'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/lct': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Current LCT results
     * @description The current result of each district and scope (view lct_current) for a year, in district id and scope order. `{ items, total, page, per_page, next }`: follow `next` for the following page (each costs the same at any depth; the total is counted on the first), or with format=csv every matching row as CSV.
     */
    get: operations['getApiLct'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/lct/summary': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * LCT statistics, overall or per state or scope
     * @description Count, mean, median, sample standard deviation, min and max of the valid current values, computed in the database. `{ year, scope, state, group_by, items }`.
     */
    get: operations['getApiLctSummary'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/lct/histogram': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Distribution of LCT values
     * @description Equal-width bins over the valid current values of a year and scope. `{ year, scope, state, total, bins: [{ from, to, count }] }`.
     */
    get: operations['getApiLctHistogram'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/districts/{id}/trend': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A district's LCT over the years
     * @description Per year: LCT, enrollment, staff FTE, minutes and their source, valid, flags, the change from the year before and the series break (null, or why a new segment starts); over the series the first and last valid years, the change between them and the compound annual rate. A year the district is missing is absent (a gap). With format=csv, one row per year.
     */
    get: operations['getApiDistrictsIdTrend'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/trends': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * LCT over the years in a state or the nation
     * @description Per year over the valid current results: the median district LCT and the enrollment-weighted LCT (Σ minutes × staff / Σ enrollment), with districts counted, enrollment, staff and the change from the year before; over the series the first and last years, the change and the compound annual rate. Without state, the nation. With format=csv, one row per year.
     */
    get: operations['getApiTrends'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/trends/movers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The largest rises and falls between two years
     * @description Among districts valid in both years with no series break between them, the largest rises and falls of LCT, in minutes. `{ from, to, scope, rises, falls }`. With format=csv, one row per mover.
     */
    get: operations['getApiTrendsMovers'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/states': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Campaign progress per state
     * @description Per state: total_districts, enriched (a bell schedule that year other than a statutory fallback), unenriched, pct_enriched, total_enrollment, complete (at least 3 enriched); most enriched first. `{ year, items }`.
     */
    get: operations['getApiStates'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/campaign/candidates': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Next districts to enrich in a state
     * @description The largest districts of the state without a bell schedule that year, with any active claim. `{ state, year, items }`.
     */
    get: operations['getApiCampaignCandidates'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/runs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Calculation runs
     * @description Newest first: type, status, rows, QA status and pass rate, duration. `{ items }`.
     */
    get: operations['getApiRuns'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/runs/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One calculation run
     * @description The calculation_runs row, with its QA summary (qa_summary) and output files.
     */
    get: operations['getApiRunsId'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/bell-schedules/extract': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Read bell schedules from a page or a document
     * @description Either JSON `{ "url": "https://…", "level"?: "middle" }` (the page is fetched once, after its robots.txt, with a timeout; 401/403/429 and challenge pages come back as `outcome: "blocked"`, never worked around), or the document itself as the body with Content-Type text/html, application/pdf or text/plain (`?name=` its file name, `?level=`). Nothing is stored: each answer's `bell_schedule` is the body for POST /api/bell-schedules once district_id and year are added. Body at most 25 MB.
     */
    post: operations['postApiBellSchedulesExtract'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/bell-schedules': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Add or update a bell schedule
     * @description Validated like the importer; upserted on district, year and level (fields left out of an update keep their values); completes an open campaign claim on the district. Body at most 64 KiB. `{ item, inserted, completed_claim_id }`.
     */
    post: operations['postApiBellSchedules'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/openapi.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** This API as an OpenAPI 3.1 document */
    get: operations['getOpenapiJson'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/docs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** This API as a readable page */
    get: operations['getDocs'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    Error: {
      /** @description What went wrong */
      error: {
        /** @description The HTTP status, repeated */
        status: number;
        /** @description What went wrong and what to do, in a sentence or two */
        message: string;
        /** @description A message per bad parameter (400) or body field (422) */
        fields?: {
          [key: string]: string;
        };
      };
    };
    District: {
      /** @description NCES district (LEA) id, 7 digits with the leading zero */
      nces_id: string;
      /** @description District name as NCES publishes it */
      name: string;
      /** @description Two-letter state code (USPS), as NCES publishes it */
      state: string;
      /** @description K-12 enrollment (NCES membership); null when not reported */
      enrollment: number | null;
      /** @description Number of schools; null when not reported */
      schools: number | null;
      /** @description NCES urban-centric locale code (11 city large … 43 rural remote) */
      locale_code: string | null;
      /** @description Other directory fields kept from the source (website, address, …) */
      metadata: {
        [key: string]: unknown;
      };
      /**
       * Format: date-time
       * @description When the row was first stored
       */
      created_at: string;
      /**
       * Format: date-time
       * @description When the row last changed
       */
      updated_at: string;
    };
    DistrictListItem: {
      /** @description NCES district (LEA) id, 7 digits with the leading zero */
      nces_id: string;
      /** @description District name as NCES publishes it */
      name: string;
      /** @description Two-letter state code (USPS), as NCES publishes it */
      state: string;
      /** @description K-12 enrollment (NCES membership); null when not reported */
      enrollment: number | null;
      /** @description Number of schools; null when not reported */
      schools: number | null;
      /** @description NCES urban-centric locale code (11 city large … 43 rural remote) */
      locale_code: string | null;
    };
    DistrictPage: {
      /** @description This page of items */
      items: components['schemas']['DistrictListItem'][];
      /** @description Items matching the request, on every page */
      total: number;
      /** @description This page’s number, from 1 */
      page: number;
      /** @description Items per page */
      per_page: number;
    };
    BellSchedule: {
      /** @description Row id */
      id: number;
      /** @description NCES district (LEA) id, 7 digits with the leading zero */
      district_id: string;
      /** @description School year of the schedule (never a COVID year, 2019-20 to 2022-23) */
      year: string;
      /**
       * @description elementary, middle or high
       * @enum {string}
       */
      grade_level: 'elementary' | 'middle' | 'high';
      /** @description Daily instructional minutes, 100-600 */
      instructional_minutes: number;
      /** @description School start as written, e.g. 8:00 AM */
      start_time: string | null;
      /** @description School end as written, e.g. 3:00 PM */
      end_time: string | null;
      /** @description Lunch, minutes */
      lunch_duration: number | null;
      /** @description Passing periods, minutes in total */
      passing_periods: number | null;
      /**
       * @description How it was collected: human_provided, automated_enrichment, or statutory_fallback (the state requirement)
       * @enum {string}
       */
      method: 'human_provided' | 'automated_enrichment' | 'statutory_fallback';
      /**
       * @description Confidence in the minutes: high, medium or low
       * @enum {string}
       */
      confidence: 'high' | 'medium' | 'low';
      /** @description Schools whose timetables were read */
      schools_sampled: string[];
      /** @description Where the schedule was found */
      source_urls: string[];
      /** @description Description of the source */
      source: string | null;
      /** @description Anything worth knowing about the schedule */
      notes: string | null;
      /**
       * Format: date-time
       * @description When the row was first stored
       */
      created_at: string;
      /** @description Who collected it */
      created_by: string | null;
      /**
       * Format: date-time
       * @description When the row last changed
       */
      updated_at: string;
    };
    DistrictBellSchedule: {
      /** @description School year of the schedule (never a COVID year, 2019-20 to 2022-23) */
      year: string;
      /**
       * @description elementary, middle or high
       * @enum {string}
       */
      grade_level: 'elementary' | 'middle' | 'high';
      /** @description Daily instructional minutes, 100-600 */
      instructional_minutes: number;
      /** @description School start as written, e.g. 8:00 AM */
      start_time: string | null;
      /** @description School end as written, e.g. 3:00 PM */
      end_time: string | null;
      /**
       * @description How it was collected: human_provided, automated_enrichment, or statutory_fallback (the state requirement)
       * @enum {string}
       */
      method: 'human_provided' | 'automated_enrichment' | 'statutory_fallback';
      /**
       * @description Confidence in the minutes: high, medium or low
       * @enum {string}
       */
      confidence: 'high' | 'medium' | 'low';
    };
    DistrictLct: {
      /** @description School year, YYYY-YY (2023-24) */
      year: string;
      /** @description LCT scope (lct_scopes.scope) */
      scope: string;
      /** @description LCT: minutes × staff / enrollment, minutes per student per day, 2 decimals */
      lct_value: number | null;
      /** @description No error flag: the value counts in statistics */
      valid: boolean;
      /** @description Daily instructional minutes used */
      instructional_minutes: number | null;
      /** @description Staff FTE of the scope's categories */
      staff_count: number | null;
      /** @description Students of the scope's enrollment type */
      enrollment: number | null;
      /** @description QA flags of the row (qa_flag_definitions.flag) */
      qa_flags: string[];
      /** @description The run that wrote the row */
      run_id: string;
    };
    GradeEnrollment: {
      /** @description School year, YYYY-YY (2023-24) */
      year: string;
      /** @description Grade code (grade_codes.code) */
      grade: string;
      /** @description Students enrolled; null when not reported (never 0 for unknown) */
      enrollment: number | null;
    };
    CategoryStaffing: {
      /** @description School year, YYYY-YY (2023-24) */
      year: string;
      /** @description Staff category (staff_categories.category) */
      category: string;
      /** @description Full-time equivalents; null when not reported */
      fte_count: number | null;
    };
    LineageEntry: {
      /** @description Row id */
      id: number;
      /** @description The table changed */
      table_name: string;
      /**
       * @description insert, update or delete
       * @enum {string}
       */
      operation: 'insert' | 'update' | 'delete';
      /** @description The row's key values joined with '/', or 'first .. last' for a bulk load */
      record_id: string | null;
      /** @description Who changed it: import:<file>, cli:<command>, api:<token name>, sql */
      source: string;
      /**
       * Format: date-time
       * @description When, ISO 8601 in UTC
       */
      timestamp: string;
      /** @description before/after of the changed fields, or a bulk summary {bulk, rows, first, last} */
      changes: {
        /** @description update: the changed fields before; delete: the whole row */
        before?: {
          [key: string]: unknown;
        };
        /** @description update: the changed fields after; insert: the whole row */
        after?: {
          [key: string]: unknown;
        };
        /**
         * @description A bulk insert, recorded once for all its rows
         * @constant
         */
        bulk?: true;
        /** @description Rows the bulk insert wrote */
        rows?: number;
        /** @description Its first key */
        first?: string;
        /** @description Its last key */
        last?: string;
      } | null;
    };
    DistrictProfile: {
      district: components['schemas']['District'];
      /** @description Enrollment per year and grade, newest year first */
      enrollment_by_grade: components['schemas']['GradeEnrollment'][];
      /** @description Staff FTE per year and category, newest year first */
      staffing_by_category: components['schemas']['CategoryStaffing'][];
      /** @description Bell schedules, newest year first */
      bell_schedules: components['schemas']['DistrictBellSchedule'][];
      /** @description Current LCT per year and scope, newest year first */
      lct: components['schemas']['DistrictLct'][];
      /** @description The latest 100 changes to the district's rows, newest first */
      lineage: components['schemas']['LineageEntry'][];
    };
    LctResult: {
      /** @description NCES district (LEA) id, 7 digits with the leading zero */
      district_id: string;
      /** @description District name */
      name: string;
      /** @description Two-letter state code (USPS), as NCES publishes it */
      state: string;
      /** @description School year, YYYY-YY (2023-24) */
      year: string;
      /** @description LCT scope (lct_scopes.scope) */
      scope: string;
      /** @description LCT: minutes × staff / enrollment, minutes per student per day, 2 decimals */
      lct_value: number | null;
      /** @description Daily instructional minutes used */
      instructional_minutes: number | null;
      /** @description Staff FTE of the scope's categories */
      staff_count: number | null;
      /** @description Students of the scope's enrollment type */
      enrollment: number | null;
      /** @description No error flag: the value counts in statistics */
      valid: boolean;
      /** @description QA flags of the row (qa_flag_definitions.flag) */
      qa_flags: string[];
    };
    LctResultPage: {
      /** @description This page of items */
      items: components['schemas']['LctResult'][];
      /** @description Items matching the request, on every page */
      total: number;
      /** @description This page’s number, from 1 */
      page: number;
      /** @description Items per page */
      per_page: number;
      /** @description The next page’s URL (path and query, with `cursor`); null on the last page */
      next: string | null;
    };
    ScopeSummary: {
      /** @description Districts with a valid value */
      district_count: number;
      /** @description Mean, 2 decimals; null without valid values */
      mean_lct: number | null;
      /** @description Median, 2 decimals; null without valid values */
      median_lct: number | null;
      /** @description Sample standard deviation, 2 decimals; null with one district */
      std_lct: number | null;
      /** @description Lowest value; null without valid values */
      min_lct: number | null;
      /** @description Highest value; null without valid values */
      max_lct: number | null;
      /** @description The state, when grouped by state */
      state?: string;
      /** @description The scope, when grouped by scope */
      scope?: string;
    };
    LctSummary: {
      /** @description School year summarised; null when nothing was calculated yet */
      year: string | null;
      /** @description The scope; null with group_by=scope over every scope */
      scope: string | null;
      /** @description The state filter, if any */
      state: string | null;
      /** @description How items are grouped; null: one item for everything */
      group_by: ('state' | 'scope') | null;
      /** @description One item per group */
      items: components['schemas']['ScopeSummary'][];
    };
    LctHistogramBin: {
      /** @description Lower edge (LCT minutes) */
      from: number;
      /** @description Upper edge; the last bin includes it */
      to: number;
      /** @description Valid values in the bin */
      count: number;
    };
    LctHistogram: {
      /** @description School year; null when nothing was calculated yet */
      year: string | null;
      /** @description The scope */
      scope: string;
      /** @description The state filter, if any */
      state: string | null;
      /** @description Valid values counted */
      total: number;
      /** @description Equal-width bins from the lowest value to the highest */
      bins: components['schemas']['LctHistogramBin'][];
    };
    StateProgress: {
      /** @description Two-letter state code (USPS), as NCES publishes it */
      state: string;
      /** @description Districts in the state */
      total_districts: number;
      /** @description Districts with a bell schedule other than a statutory fallback */
      enriched: number;
      /** @description Districts without one */
      unenriched: number;
      /** @description Percent of districts enriched, 2 decimals */
      pct_enriched: number;
      /** @description Enrollment of the state, each district once (unknown counts 0) */
      total_enrollment: number;
      /** @description At least 3 districts enriched */
      complete: boolean;
      /** @description Unenriched districts whose last attempt at reading a schedule was blocked: a person must open the page */
      needs_person: number;
    };
    Candidate: {
      /** @description NCES district (LEA) id, 7 digits with the leading zero */
      nces_id: string;
      /** @description District name */
      name: string;
      /** @description Two-letter state code (USPS), as NCES publishes it */
      state: string;
      /** @description K-12 enrollment */
      enrollment: number | null;
      /** @description 1 = the state's largest unenriched district */
      rank_in_state: number;
      /** @description The collector holding an active claim on it that year, if any */
      claimed_by: string | null;
      /** @description When that claim lapses */
      claim_expires_at: string | null;
      /** @description The outcome of the last attempt at reading its bell schedule that year (campaign_attempts), if any */
      last_attempt: ('extracted' | 'blocked' | 'no_schedule' | 'error') | null;
      /** @description When that attempt was made */
      last_attempt_at: string | null;
      /** @description Its last attempt was blocked (401/403/429, a bot challenge, robots.txt): a person must open the page */
      needs_person: boolean;
    };
    QaSummary: {
      /** @description The run */
      run_id: string;
      /** @description School year of the run */
      year: string;
      /**
       * @description full or incremental
       * @enum {string}
       */
      run_type: 'full' | 'incremental';
      /**
       * Format: date-time
       * @description When the summary was made
       */
      generated_at: string;
      /**
       * @description Minutes policy of the run
       * @enum {string}
       */
      minutes_policy: 'weighted' | 'high';
      /** @description Scopes the run calculated */
      scopes: string[];
      /** @description What the figures describe */
      basis: string;
      /** @description Row counts and pass rate */
      data_quality: {
        /** @description Current result rows of the run’s scopes */
        total_rows: number;
        /** @description Rows whose LCT is valid */
        valid_rows: number;
        /** @description Rows flagged invalid */
        invalid_rows: number;
        /** @description Valid rows / all rows, in percent */
        pass_rate: number;
        /** @description Districts with at least one row */
        districts_with_rows: number;
        /** @description Rows with at least one QA flag */
        rows_with_flags: number;
        /** @description Rows with calculation notes */
        rows_with_notes: number;
      };
      /** @description Every QA flag with its counts */
      flags: {
        /** @description QA flag name (qa_flag_definitions.flag) */
        flag: string;
        /**
         * @description error: the row is invalid; warning: kept, worth a look
         * @enum {string}
         */
        severity: 'error' | 'warning';
        /** @description What the flag means */
        definition: string;
        /** @description Result rows carrying the flag */
        rows: number;
        /** @description Districts with at least one such row */
        districts: number;
      }[];
      /** @description Statistics of valid values per scope */
      scope_summary: {
        /** @description LCT scope */
        scope: string;
        /** @description Valid rows the statistics describe */
        count: number;
        /** @description Mean of the valid values; null without any */
        mean: number | null;
        /** @description Median of the valid values; null without any */
        median: number | null;
        /** @description Sample standard deviation; null with fewer than 2 values */
        std: number | null;
        /** @description Lowest of the valid values; null without any */
        min: number | null;
        /** @description Highest of the valid values; null without any */
        max: number | null;
      }[];
      /** @description The scope hierarchy checks */
      hierarchy: {
        /** @description "lower < higher": the mean of the lower scope must be below the higher one */
        check: string;
        /** @description The scope expected lower */
        lower: string;
        /** @description The scope expected higher */
        higher: string;
        /** @description Mean valid value of the lower scope */
        lower_mean: number | null;
        /** @description Mean valid value of the higher scope */
        higher_mean: number | null;
        /** @description Whether it holds; null when a scope has no valid rows */
        passed: boolean | null;
      }[];
      /** @description Which states have valid results */
      state_coverage: {
        /** @description States with at least one valid row */
        states_with_valid_rows: number;
        /** @description States in the districts table */
        states_in_districts: number;
        /** @description States with districts but no valid row */
        states_without_valid_rows: string[];
      };
      /** @description Per scope, the lowest and highest valid values */
      outliers: {
        /** @description LCT scope */
        scope: string;
        /** @description The lowest valid values */
        lowest: {
          /** @description NCES district id */
          district_id: string;
          /** @description District name */
          district_name: string;
          /** @description State code */
          state: string;
          /** @description LCT scope */
          scope: string;
          /** @description The valid LCT value (minutes per student per day) */
          lct_value: number;
        }[];
        /** @description The highest valid values */
        highest: {
          /** @description NCES district id */
          district_id: string;
          /** @description District name */
          district_name: string;
          /** @description State code */
          state: string;
          /** @description LCT scope */
          scope: string;
          /** @description The valid LCT value (minutes per student per day) */
          lct_value: number;
        }[];
      }[];
      /**
       * @description PASS, or WARNING with reasons
       * @enum {string}
       */
      overall_status: 'PASS' | 'WARNING';
      /** @description Why the status is WARNING */
      status_reasons: string[];
    };
    RunListEntry: {
      /** @description Calculation run id (its UTC start time, e.g. 20251228T012555.123Z) */
      run_id: string;
      /** @description School year calculated */
      year: string;
      /**
       * @description full (every district) or incremental (changed districts)
       * @enum {string}
       */
      run_type: 'full' | 'incremental';
      /**
       * @description running, completed or failed
       * @enum {string}
       */
      status: 'running' | 'completed' | 'failed';
      /** @description Districts the run calculated */
      districts_processed: number;
      /** @description Result rows the run wrote */
      calculations_created: number;
      /** @description Scopes calculated */
      scopes: string[];
      /**
       * Format: date-time
       * @description When the run started
       */
      started_at: string;
      /** @description When it completed or failed; null while running */
      completed_at: string | null;
      /** @description How long it took, seconds */
      duration_seconds: number | null;
      /** @description The run an incremental run followed */
      previous_run_id: string | null;
      /** @description Why the run failed */
      error: string | null;
      /** @description QA status (qa_summary.overall_status); null until completed */
      qa_status: ('PASS' | 'WARNING') | null;
      /** @description Valid rows / all rows, percent (qa_summary.data_quality.pass_rate) */
      pass_rate: number | null;
      /** @description Minutes policy (options.minutes_policy) */
      minutes_policy: ('weighted' | 'high') | null;
    };
    Run: {
      /** @description Calculation run id (its UTC start time, e.g. 20251228T012555.123Z) */
      run_id: string;
      /** @description School year calculated */
      year: string;
      /**
       * @description full (every district) or incremental (changed districts)
       * @enum {string}
       */
      run_type: 'full' | 'incremental';
      /**
       * @description running, completed or failed
       * @enum {string}
       */
      status: 'running' | 'completed' | 'failed';
      /** @description Districts the run calculated */
      districts_processed: number;
      /** @description Result rows the run wrote */
      calculations_created: number;
      /** @description SHA-256 over the district hashes and the options */
      input_hash: string | null;
      /** @description Files the run wrote */
      output_files: {
        /**
         * @description Which output: every current row, valid rows, summaries by scope and by state, report, QA
         * @enum {string}
         */
        name: 'all_rows' | 'valid_rows' | 'summary_by_scope' | 'summary_by_state' | 'report' | 'qa';
        /** @description Where the run wrote it */
        path: string;
        /**
         * @description File format
         * @enum {string}
         */
        format: 'csv' | 'txt' | 'json';
      }[];
      /** @description The QA summary; null until the run completes */
      qa_summary: components['schemas']['QaSummary'] | null;
      /**
       * Format: date-time
       * @description When the run started
       */
      started_at: string;
      /** @description When it completed or failed; null while running */
      completed_at: string | null;
      /** @description How long it took, seconds */
      duration_seconds: number | null;
      /** @description Scopes calculated */
      scopes: string[];
      /** @description What the run was asked to do */
      options: {
        /**
         * @description How bell schedules became a district day: weighted or high
         * @enum {string}
         */
        minutes_policy?: 'weighted' | 'high';
        /** @description Version of the calculation rules the run applied */
        rules_version?: number;
        /** @description Which year's bell schedule a level takes (runs before rules version 2: the latest non-COVID one) */
        bell_schedule_rule?: string;
      };
      /** @description The run an incremental run followed */
      previous_run_id: string | null;
      /** @description Why the run failed */
      error: string | null;
      /** @description SHA-256 over every district's input hash after the run */
      districts_hash: string | null;
    };
    Health: {
      /**
       * @description ok, or migrations_pending (run lct db migrate)
       * @enum {string}
       */
      status: 'ok' | 'migrations_pending';
      /**
       * @description pglite (embedded) or postgres (a server)
       * @enum {string}
       */
      engine: 'pglite' | 'postgres';
      /** @description lct version */
      version: string;
      /** @description PostgreSQL server_version */
      postgres_version: string | null;
      /** @description Migrations applied */
      migrations_applied: number;
      /** @description Migrations not applied yet */
      migrations_pending: number;
      /** @description The latest calculation run, if any */
      latest_run: {
        /** @description Calculation run id (its UTC start time, e.g. 20251228T012555.123Z) */
        run_id: string;
        /** @description School year calculated */
        year: string;
        /**
         * @description running, completed or failed
         * @enum {string}
         */
        status: 'running' | 'completed' | 'failed';
        /** @description When it completed or failed; null while running */
        completed_at: string | null;
      } | null;
    };
    FoundSchedule: {
      /** @description The title the schedule has in the document */
      title: string | null;
      /**
       * @description regular, minimum_day, early_release, late_start, delay or other
       * @enum {string}
       */
      kind: 'regular' | 'minimum_day' | 'early_release' | 'late_start' | 'delay' | 'other';
      /** @description The levels its grades are for */
      levels: ('elementary' | 'middle' | 'high')[];
      /** @description Its grades ("K-5", "6-8"); null when the document names none */
      grades: string | null;
      /** @description Start ("8:00 AM"); null when not found */
      start_time: string | null;
      /** @description End ("3:00 PM"); null when not found */
      end_time: string | null;
      /** @description Lunch minutes the document shows; null without one */
      lunch_duration: number | null;
      /** @description Recess and break minutes */
      recess_duration: number;
      /** @description (end − start) − lunch − recess, with what the document shows; null without a start and an end */
      instructional_minutes: number | null;
      /** @description A half-day program (a kindergarten session, pre-K) or a day under four hours */
      half_day: boolean;
    };
    ExtractedAnswer: {
      /** @description The level; null when the document names none */
      level: ('elementary' | 'middle' | 'high') | null;
      /** @description The grades of the band answered for */
      grades: string | null;
      /**
       * @description Always the regular day
       * @constant
       */
      kind: 'regular';
      /** @description Its title in the document */
      title: string | null;
      /** @description The school the document or the band names */
      school: string | null;
      /** @description Start ("8:00 AM") */
      start_time: string;
      /** @description End ("3:00 PM") */
      end_time: string;
      /** @description Lunch minutes (30 assumed when the document shows none; see notes) */
      lunch_duration: number;
      /** @description Recess and break minutes */
      recess_duration: number;
      /** @description Passing minutes, itemised or between itemised periods */
      passing_periods: number | null;
      /** @description (end − start) − lunch − recess; passing time counts as instructional */
      instructional_minutes: number;
      /**
       * @description high: period by period; medium: start, end, lunch; low: assumed
       * @enum {string}
       */
      confidence: 'high' | 'medium' | 'low';
      /** @description The computation and anything assumed or read the other way round */
      notes: string;
      /** @description The lines of the document the answer rests on */
      evidence: string[];
      /** @description The level's other regular-day bands, listed beside the answer */
      other_bands: components['schemas']['FoundSchedule'][];
      /** @description Every other schedule in the document */
      other_schedules: components['schemas']['FoundSchedule'][];
      /** @description The body for POST /api/bell-schedules once district_id and year are added */
      bell_schedule: {
        /** @description The level */
        grade_level: ('elementary' | 'middle' | 'high') | null;
        /** @description Daily instructional minutes */
        instructional_minutes: number;
        /** @description Start */
        start_time: string;
        /** @description End */
        end_time: string;
        /** @description Lunch minutes */
        lunch_duration: number;
        /** @description Passing minutes */
        passing_periods: number | null;
        /**
         * @description How it was collected
         * @constant
         */
        method: 'automated_enrichment';
        /**
         * @description Confidence
         * @enum {string}
         */
        confidence: 'high' | 'medium' | 'low';
        /** @description The school read */
        schools_sampled: string[];
        /** @description The page read */
        source_urls: string[];
        /** @description Where it came from */
        source: string;
        /** @description The notes and the evidence */
        notes: string;
        /** @description Who collected it */
        created_by?: string;
      };
    };
    BellScheduleExtraction: {
      /**
       * @description extracted; blocked (401/403/429, a bot challenge, robots.txt: never worked around); no_schedule; error
       * @enum {string}
       */
      outcome: 'extracted' | 'blocked' | 'no_schedule' | 'error';
      /** @description Why it was blocked, failed or held no regular day; null when extracted */
      detail: string | null;
      /** @description The URL fetched; null for a document sent as the body */
      url: string | null;
      /** @description Where redirects led */
      final_url: string | null;
      /** @description The document’s name, when sent as the body */
      document: string | null;
      /** @description The school the document names */
      school: string | null;
      /** @description One answer per level the document covers (or the level asked) */
      answers: components['schemas']['ExtractedAnswer'][];
      /** @description Every schedule found */
      schedules: components['schemas']['FoundSchedule'][];
      /** @description PDFs the page links to (listed, never fetched) */
      pdf_links: {
        /** @description The link */
        url: string;
        /** @description Its text */
        text: string;
      }[];
    };
    DistrictTrendYear: {
      /** @description School year, YYYY-YY (2023-24) */
      year: string;
      /** @description LCT: minutes × staff / enrollment, minutes per student per day, 2 decimals */
      lct_value: number | null;
      /** @description Students of the scope's enrollment type */
      enrollment: number | null;
      /** @description Staff FTE of the scope's categories */
      staff_count: number | null;
      /** @description Daily instructional minutes used */
      instructional_minutes: number | null;
      /** @description Where the minutes came from: bell_schedule, state_requirement, default or mixed */
      minutes_source: string | null;
      /** @description The year has a valid LCT (false for a missing year: a gap, never a zero) */
      valid: boolean;
      /** @description QA flags of the row (qa_flag_definitions.flag) */
      qa_flags: string[];
      /** @description LCT change from the year before (2 decimals); null across a gap or a break */
      change: number | null;
      /** @description The change in percent of the year before (2 decimals) */
      change_pct: number | null;
      /** @description Why a new series starts this year (directory status, enrollment move), or null */
      break: string | null;
    };
    DistrictTrend: {
      /** @description NCES district (LEA) id, 7 digits with the leading zero */
      district_id: string;
      /** @description District name as NCES publishes it */
      name: string;
      /** @description Two-letter state code (USPS), as NCES publishes it */
      state: string;
      /** @description LCT scope (lct_scopes.scope) */
      scope: string;
      /** @description Every calculated year in the range, oldest first; a missing one is a gap */
      years: components['schemas']['DistrictTrendYear'][];
      /** @description First valid year of the latest segment (after the last break) */
      first_year: string | null;
      /** @description Last valid year */
      last_year: string | null;
      /** @description LCT change from first_year to last_year (2 decimals) */
      change: number | null;
      /** @description Compound annual rate from first_year to last_year, percent per year */
      cagr: number | null;
    };
    AreaTrendYear: {
      /** @description School year, YYYY-YY (2023-24) */
      year: string;
      /** @description The headline value: lct_median */
      lct_value: number | null;
      /** @description Σ enrollment of the valid districts */
      enrollment: number | null;
      /** @description Σ staff FTE of the valid districts */
      staff_count: number | null;
      /** @description Enrollment-weighted mean of their minutes (2 decimals) */
      instructional_minutes: number | null;
      /** @description Their minutes' source when all agree, otherwise mixed */
      minutes_source: string | null;
      /** @description The year has a valid LCT (false for a missing year: a gap, never a zero) */
      valid: boolean;
      /** @description Always empty: flags describe one district (see its own trend) */
      qa_flags: string[];
      /** @description LCT change from the year before (2 decimals); null across a gap or a break */
      change: number | null;
      /** @description The change in percent of the year before (2 decimals) */
      change_pct: number | null;
      /** @description Always null: an area has no series breaks */
      break: null;
      /** @description Median LCT over the valid districts (2 decimals, half to even) */
      lct_median: number | null;
      /** @description Enrollment-weighted LCT: Σ minutes × staff / Σ enrollment over the valid districts (2 decimals) */
      lct_weighted: number | null;
      /** @description Districts with a valid LCT that year */
      district_count: number;
      /** @description lct_weighted change from the year before */
      change_weighted: number | null;
    };
    AreaTrend: {
      /** @description The state, or null for the nation */
      state: string | null;
      /** @description LCT scope (lct_scopes.scope) */
      scope: string;
      /** @description Every calculated year in the range, oldest first */
      years: components['schemas']['AreaTrendYear'][];
      /** @description First year with valid districts */
      first_year: string | null;
      /** @description Last valid year */
      last_year: string | null;
      /** @description LCT change from first_year to last_year (2 decimals) */
      change: number | null;
      /** @description Compound annual rate from first_year to last_year, percent per year */
      cagr: number | null;
    };
    Mover: {
      /** @description NCES district (LEA) id, 7 digits with the leading zero */
      district_id: string;
      /** @description District name as NCES publishes it */
      name: string;
      /** @description Two-letter state code (USPS), as NCES publishes it */
      state: string;
      /** @description LCT in the first year */
      from_lct: number;
      /** @description LCT in the second year */
      to_lct: number;
      /** @description to_lct − from_lct */
      change: number;
      /** @description The change in percent of from_lct (2 decimals) */
      change_pct: number | null;
    };
    Movers: {
      /** @description School year, YYYY-YY (2023-24) */
      from: string;
      /** @description School year, YYYY-YY (2023-24) */
      to: string;
      /** @description LCT scope (lct_scopes.scope) */
      scope: string;
      /** @description The state, or null for the nation */
      state: string | null;
      /** @description The largest rises, largest first */
      rises: components['schemas']['Mover'][];
      /** @description The largest falls, largest first */
      falls: components['schemas']['Mover'][];
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  getHealth: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The server is up and the database answers */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Health'];
        };
      };
      /** @description A bad or unknown parameter: a message per parameter */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description An unexpected error; the server log has the details */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The database is not available or too busy right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getApiDistricts: {
    parameters: {
      query?: {
        /**
         * @description Two-letter state code (AL, WI, PR, …), any case
         * @example WI
         */
        state?: string;
        /** @description Part of the name (any case), or the start of the NCES id */
        q?: string;
        /** @description Only districts with at least this K-12 enrollment */
        min_enrollment?: number;
        /** @description Only districts with at most this K-12 enrollment */
        max_enrollment?: number;
        /** @description Page number, from 1 */
        page?: number;
        /** @description Items per page (at most 1000) */
        per_page?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of districts and the total matching */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DistrictPage'];
        };
      };
      /** @description A bad or unknown parameter: a message per parameter */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description An unexpected error; the server log has the details */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The database is not available or too busy right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getApiDistrictsId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /**
         * @description NCES district id, 6 or 7 digits
         * @example 5560580
         */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The district */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DistrictProfile'];
        };
      };
      /** @description A malformed id */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such district */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description An unexpected error; the server log has the details */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The database is not available or too busy right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getApiLct: {
    parameters: {
      query?: {
        /**
         * @description School year; default: the year of the latest completed calculation run
         * @example 2023-24
         */
        year?: string;
        /** @description Only this scope */
        scope?:
          | 'teachers_only'
          | 'teachers_core'
          | 'instructional'
          | 'instructional_plus_support'
          | 'all'
          | 'teachers_elementary'
          | 'teachers_secondary'
          | 'core_sped'
          | 'teachers_gened'
          | 'instructional_sped';
        /**
         * @description Two-letter state code (AL, WI, PR, …), any case
         * @example WI
         */
        state?: string;
        /** @description Only valid (true) or invalid (false) results */
        valid?: 'true' | 'false';
        /** @description Page number, from 1, while the page starts at most 2,000 rows deep; deeper, follow `next` */
        page?: number;
        /** @description Items per page (at most 1000) */
        per_page?: number;
        /** @description Where the next page starts: given in the `next` link of the page before (any depth) */
        cursor?: string;
        /** @description csv: every matching row (no paging), streamed, with a header row */
        format?: 'json' | 'csv';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of results, or with format=csv every matching row */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LctResultPage'];
          'text/csv': string;
        };
      };
      /** @description A bad or unknown parameter: a message per parameter */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description An unexpected error; the server log has the details */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The database is not available or too busy right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getApiLctSummary: {
    parameters: {
      query?: {
        /**
         * @description School year; default: the year of the latest completed calculation run
         * @example 2023-24
         */
        year?: string;
        /** @description The scope; default teachers_only, or every scope with group_by=scope */
        scope?:
          | 'teachers_only'
          | 'teachers_core'
          | 'instructional'
          | 'instructional_plus_support'
          | 'all'
          | 'teachers_elementary'
          | 'teachers_secondary'
          | 'core_sped'
          | 'teachers_gened'
          | 'instructional_sped';
        /**
         * @description Only this state
         * @example WI
         */
        state?: string;
        /** @description One item per state or per scope; none: one item for everything */
        group_by?: 'state' | 'scope';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The statistics */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LctSummary'];
        };
      };
      /** @description A bad or unknown parameter: a message per parameter */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description An unexpected error; the server log has the details */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The database is not available or too busy right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getApiLctHistogram: {
    parameters: {
      query?: {
        /**
         * @description School year; default: the year of the latest completed calculation run
         * @example 2023-24
         */
        year?: string;
        /** @description The scope; default teachers_only */
        scope?:
          | 'teachers_only'
          | 'teachers_core'
          | 'instructional'
          | 'instructional_plus_support'
          | 'all'
          | 'teachers_elementary'
          | 'teachers_secondary'
          | 'core_sped'
          | 'teachers_gened'
          | 'instructional_sped';
        /**
         * @description Only this state
         * @example WI
         */
        state?: string;
        /** @description Number of equal-width bins from the lowest to the highest value */
        bins?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The histogram */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LctHistogram'];
        };
      };
      /** @description A bad or unknown parameter: a message per parameter */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description An unexpected error; the server log has the details */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The database is not available or too busy right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getApiDistrictsIdTrend: {
    parameters: {
      query?: {
        /** @description The scope; default teachers_only */
        scope?:
          | 'teachers_only'
          | 'teachers_core'
          | 'instructional'
          | 'instructional_plus_support'
          | 'all'
          | 'teachers_elementary'
          | 'teachers_secondary'
          | 'core_sped'
          | 'teachers_gened'
          | 'instructional_sped';
        /**
         * @description The first school year shown; default: the first with data
         * @example 2023-24
         */
        from?: string;
        /**
         * @description The last school year shown; default: the last with data
         * @example 2023-24
         */
        to?: string;
        /** @description csv: the same answer as CSV with a header row, one row per year */
        format?: 'json' | 'csv';
      };
      header?: never;
      path: {
        /**
         * @description NCES district id, 6 or 7 digits
         * @example 5560580
         */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The trend, or with format=csv its years */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DistrictTrend'];
          'text/csv': string;
        };
      };
      /** @description A malformed id or parameter */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such district */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description An unexpected error; the server log has the details */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The database is not available or too busy right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getApiTrends: {
    parameters: {
      query?: {
        /**
         * @description A state; without it, the nation
         * @example WI
         */
        state?: string;
        /** @description The scope; default teachers_only */
        scope?:
          | 'teachers_only'
          | 'teachers_core'
          | 'instructional'
          | 'instructional_plus_support'
          | 'all'
          | 'teachers_elementary'
          | 'teachers_secondary'
          | 'core_sped'
          | 'teachers_gened'
          | 'instructional_sped';
        /**
         * @description The first school year shown; default: the first with data
         * @example 2023-24
         */
        from?: string;
        /**
         * @description The last school year shown; default: the last with data
         * @example 2023-24
         */
        to?: string;
        /** @description csv: the same answer as CSV with a header row, one row per year */
        format?: 'json' | 'csv';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The trend, or with format=csv its years */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AreaTrend'];
          'text/csv': string;
        };
      };
      /** @description A bad or unknown parameter: a message per parameter */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description An unexpected error; the server log has the details */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The database is not available or too busy right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getApiTrendsMovers: {
    parameters: {
      query?: {
        /**
         * @description The earlier school year; default: the year before to among the calculated years
         * @example 2023-24
         */
        from?: string;
        /**
         * @description The later school year; default: the latest calculated year
         * @example 2023-24
         */
        to?: string;
        /** @description The scope; default teachers_only */
        scope?:
          | 'teachers_only'
          | 'teachers_core'
          | 'instructional'
          | 'instructional_plus_support'
          | 'all'
          | 'teachers_elementary'
          | 'teachers_secondary'
          | 'core_sped'
          | 'teachers_gened'
          | 'instructional_sped';
        /**
         * @description Only districts of this state
         * @example WI
         */
        state?: string;
        /** @description Rises and falls listed, each (at most 200) */
        limit?: number;
        /** @description csv: one row per mover (direction rise or fall, then its rank) */
        format?: 'json' | 'csv';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The movers, or with format=csv one row per mover */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Movers'];
          'text/csv': string;
        };
      };
      /** @description A bad or unknown parameter: a message per parameter */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description An unexpected error; the server log has the details */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The database is not available or too busy right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getApiStates: {
    parameters: {
      query?: {
        /**
         * @description Campaign school year; default: the latest year that has bell schedules (as lct progress)
         * @example 2023-24
         */
        year?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Every state with districts */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description The campaign school year the answer is about */
            year: string;
            /** @description One item per state */
            items: components['schemas']['StateProgress'][];
          };
        };
      };
      /** @description A bad or unknown parameter: a message per parameter */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description An unexpected error; the server log has the details */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The database is not available or too busy right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getApiCampaignCandidates: {
    parameters: {
      query?: {
        /**
         * @description The state (required)
         * @example WI
         */
        state?: string;
        /**
         * @description Campaign school year; default: the latest year that has bell schedules (as lct progress)
         * @example 2023-24
         */
        year?: string;
        /** @description How many candidates */
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The candidates, largest first */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description The state */
            state: string;
            /** @description The campaign school year the answer is about */
            year: string;
            /** @description Largest first */
            items: components['schemas']['Candidate'][];
          };
        };
      };
      /** @description A bad or unknown parameter: a message per parameter */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description An unexpected error; the server log has the details */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The database is not available or too busy right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getApiRuns: {
    parameters: {
      query?: {
        /**
         * @description Only runs of this school year
         * @example 2023-24
         */
        year?: string;
        /** @description At most this many runs */
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The runs */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Newest first */
            items: components['schemas']['RunListEntry'][];
          };
        };
      };
      /** @description A bad or unknown parameter: a message per parameter */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description An unexpected error; the server log has the details */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The database is not available or too busy right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getApiRunsId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /**
         * @description Calculation run id (its UTC start time)
         * @example 20251228T012555.123Z
         */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The run */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Run'];
        };
      };
      /** @description A malformed id */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such run */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description An unexpected error; the server log has the details */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The database is not available or too busy right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  postApiBellSchedulesExtract: {
    parameters: {
      query?: {
        /** @description Answer for this level only (a document naming no level answers for it) */
        level?: 'elementary' | 'middle' | 'high';
        /** @description The file name of a document sent as the body (recorded as its source) */
        name?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description An http(s) page or PDF to fetch (once, after its robots.txt)
           * @example https://example.org/bell-schedule
           */
          url: string;
          /**
           * @description Answer for this level only
           * @enum {string}
           */
          level?: 'elementary' | 'middle' | 'high';
        };
      };
    };
    responses: {
      /** @description What was read (the outcome says whether a regular day was found, or the page was blocked) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BellScheduleExtraction'];
        };
      };
      /** @description A bad URL, level or JSON body, or an empty document */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Missing or wrong token (or no token configured) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The document is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is neither JSON nor a document (HTML, PDF, text) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description An unexpected error; the server log has the details */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The database is not available or too busy right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  postApiBellSchedules: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description NCES district id, 6 or 7 digits (the leading zero may be left out)
           * @example 5560580
           */
          district_id: string;
          /**
           * @description School year, YYYY-YY; not a COVID year (2019-20 to 2022-23)
           * @example 2025-26
           */
          year: string;
          /**
           * @description elementary, middle or high
           * @enum {string}
           */
          grade_level: 'elementary' | 'middle' | 'high';
          /** @description Daily instructional minutes */
          instructional_minutes: number;
          /** @description School start as written, e.g. 8:00 AM */
          start_time?: string | null;
          /** @description School end as written, e.g. 3:00 PM */
          end_time?: string | null;
          /** @description Lunch, minutes */
          lunch_duration?: number | null;
          /** @description Passing periods, minutes in total */
          passing_periods?: number | null;
          /**
           * @description How it was collected; default human_provided; older names (web_scraping, manual, …) are mapped
           * @enum {string}
           */
          method?:
            | 'human_provided'
            | 'automated_enrichment'
            | 'statutory_fallback'
            | 'manual'
            | 'manual_data_collection'
            | 'district_policy'
            | 'web_scraping'
            | 'web_scrape_tier1'
            | 'web_scrape_tier2'
            | 'automated'
            | 'pdf_extraction'
            | 'state_statutory'
            | 'fallback_statutory'
            | 'statutory';
          /**
           * @description Confidence in the minutes; default medium
           * @enum {string}
           */
          confidence?: 'high' | 'medium' | 'low';
          /** @description Schools whose timetables were read */
          schools_sampled?: string[];
          /** @description Where the schedule was found */
          source_urls?: string[];
          /** @description Description of the source */
          source?: string | null;
          /** @description Anything worth knowing about the schedule */
          notes?: string | null;
          /** @description Who collected it */
          created_by?: string | null;
        };
      };
    };
    responses: {
      /** @description An existing schedule was updated */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            item: components['schemas']['BellSchedule'];
            /** @description true: a new schedule; false: the one for that district, year and level was updated */
            inserted: boolean;
            /** @description The campaign claim this schedule completed, if any */
            completed_claim_id: number | null;
          };
        };
      };
      /** @description The schedule was added */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            item: components['schemas']['BellSchedule'];
            /** @description true: a new schedule; false: the one for that district, year and level was updated */
            inserted: boolean;
            /** @description The campaign claim this schedule completed, if any */
            completed_claim_id: number | null;
          };
        };
      };
      /** @description The body is not valid JSON, or a bad parameter */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Missing or wrong token (or no token configured: writes disabled) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Invalid schedule: a message per field; nothing was written */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description An unexpected error; the server log has the details */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The database is not available or too busy right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getOpenapiJson: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The document */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            [key: string]: unknown;
          };
        };
      };
      /** @description A bad or unknown parameter: a message per parameter */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description An unexpected error; the server log has the details */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The database is not available or too busy right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getDocs: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The page */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/html': string;
        };
      };
      /** @description A bad or unknown parameter: a message per parameter */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description An unexpected error; the server log has the details */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The database is not available or too busy right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
}
