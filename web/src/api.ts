/** The JSON API the dashboard reads (served by `lct serve`, same origin). Shapes follow the API contract. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Params = Record<string, string | number | undefined | null>;

export function apiUrl(path: string, params: Params = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/** Where boot.ts (inlined in index.html) leaves the responses it asked for, by URL. */
export const PREFETCH_KEY = 'lctPrefetch';
export type Prefetched = Record<string, Promise<Response>>;

/** A response boot.ts already asked for (each is used once), else undefined. */
function takePrefetched(url: string): Promise<Response> | undefined {
  const prefetched = (window as unknown as Record<string, Prefetched | undefined>)[PREFETCH_KEY];
  const response = prefetched?.[url];
  if (response) delete prefetched[url];
  return response;
}

export async function getJson<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
  const url = apiUrl(path, params);
  const response = await (takePrefetched(url) ?? fetch(url, { headers: { accept: 'application/json' }, signal }));
  if (!response.ok) {
    let text = `${response.status} ${response.statusText}`;
    try {
      const body = (await response.json()) as { error?: { message?: string } };
      if (body.error?.message) text = body.error.message;
    } catch {
      // Not JSON: keep the status line.
    }
    throw new ApiError(response.status, text);
  }
  return (await response.json()) as T;
}

/** Numeric columns may arrive as numbers or numeric strings; the views coerce with num(). */
type Numeric = number | string | null;

export interface Health {
  status: string;
  engine: string;
  version: string;
  migrations_applied: number;
  latest_run: { run_id: string; year: string; status: string; completed_at: string | null } | null;
}

export interface SummaryItem {
  state?: string;
  scope?: string;
  district_count: Numeric;
  mean_lct: Numeric;
  median_lct: Numeric;
  std_lct: Numeric;
  min_lct: Numeric;
  max_lct: Numeric;
}

export interface Summary {
  year: string | null;
  scope?: string | null;
  group_by?: string | null;
  items: SummaryItem[];
}

export interface Histogram {
  year: string | null;
  scope: string;
  total: Numeric;
  bins: { from: Numeric; to: Numeric; count: Numeric }[];
}

export interface StateProgress {
  state: string;
  total_districts: Numeric;
  enriched: Numeric;
  unenriched: Numeric;
  pct_enriched: Numeric;
  total_enrollment: Numeric;
  complete: boolean;
}

export interface StatesResponse {
  year: string;
  items: StateProgress[];
}

export interface Candidate {
  nces_id: string;
  name: string;
  state: string;
  enrollment: Numeric;
  rank_in_state: Numeric;
  claimed_by: string | null;
  claim_expires_at: string | null;
}

export interface CandidatesResponse {
  state: string;
  year: string;
  items: Candidate[];
}

export interface RunEntry {
  run_id: string;
  year: string;
  run_type: string;
  status: string;
  districts_processed: Numeric;
  calculations_created: Numeric;
  qa_status: string | null;
  pass_rate: Numeric;
  scopes: string[];
  started_at: string;
  completed_at: string | null;
  duration_seconds: Numeric;
}

export interface FlagCount {
  flag: string;
  severity: 'error' | 'warning';
  definition: string;
  rows: Numeric;
  districts: Numeric;
}

export interface QaSummary {
  overall_status: string;
  status_reasons: string[];
  data_quality: {
    total_rows: Numeric;
    valid_rows: Numeric;
    invalid_rows: Numeric;
    pass_rate: Numeric;
    districts_with_rows: Numeric;
    rows_with_flags: Numeric;
  };
  flags: FlagCount[];
  hierarchy: { check: string; lower_mean: Numeric; higher_mean: Numeric; passed: boolean | null }[];
  state_coverage?: {
    states_with_valid_rows: Numeric;
    states_in_districts: Numeric;
    states_without_valid_rows: string[];
  };
}

export interface Run extends RunEntry {
  qa_summary: QaSummary | null;
}

export interface DistrictListItem {
  nces_id: string;
  name: string;
  state: string;
  enrollment: Numeric;
  schools: Numeric;
  locale_code: string | null;
}

export interface DistrictList {
  items: DistrictListItem[];
  total: Numeric;
  page: Numeric;
  per_page: Numeric;
}

export interface DistrictLct {
  year: string;
  scope: string;
  lct_value: Numeric;
  valid: boolean;
  qa_flags: string[];
  instructional_minutes: Numeric;
  staff_count: Numeric;
  enrollment: Numeric;
  run_id: string;
}

export interface BellSchedule {
  year: string;
  grade_level: string;
  instructional_minutes: Numeric;
  start_time: string | null;
  end_time: string | null;
  method: string;
  confidence: string;
}

export interface LineageEntry {
  id: Numeric;
  table_name: string;
  operation: string;
  source: string | null;
  timestamp: string;
  record_id?: string;
  changes: { before?: Record<string, unknown>; after?: Record<string, unknown>; bulk?: boolean; rows?: Numeric } | null;
}

export interface DistrictDetail {
  district: DistrictListItem & { metadata?: Record<string, unknown>; created_at?: string; updated_at?: string };
  enrollment_by_grade: { year: string; grade: string; enrollment: Numeric }[];
  staffing_by_category: { year: string; category: string; fte_count: Numeric }[];
  bell_schedules: BellSchedule[];
  lct: DistrictLct[];
  lineage: LineageEntry[];
}

/** A schedule found in a document (POST /api/bell-schedules/extract). */
export interface FoundSchedule {
  title: string | null;
  kind: string;
  levels: string[];
  grades: string | null;
  start_time: string | null;
  end_time: string | null;
  lunch_duration: number | null;
  recess_duration: number;
  instructional_minutes: number | null;
  half_day: boolean;
}

export interface ExtractedAnswer {
  level: string | null;
  grades: string | null;
  title: string | null;
  school: string | null;
  start_time: string;
  end_time: string;
  lunch_duration: number;
  recess_duration: number;
  passing_periods: number | null;
  instructional_minutes: number;
  confidence: string;
  notes: string;
  evidence: string[];
  other_bands: FoundSchedule[];
  other_schedules: FoundSchedule[];
  /** The body for POST /api/bell-schedules, once district_id and year are added. */
  bell_schedule: Record<string, unknown>;
}

export interface ExtractResponse {
  outcome: 'extracted' | 'blocked' | 'no_schedule' | 'error';
  detail: string | null;
  url: string | null;
  final_url: string | null;
  document: string | null;
  school: string | null;
  answers: ExtractedAnswer[];
  schedules: FoundSchedule[];
  pdf_links: { url: string; text: string }[];
}

/** A write (or a read that needs the token): JSON or a raw body, the token as a bearer header. */
export async function postWithToken<T>(path: string, token: string, body: BodyInit, type: string): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': type, Authorization: `Bearer ${token}`, accept: 'application/json' },
    body,
  });
  if (!response.ok) {
    let text = `${response.status} ${response.statusText}`;
    try {
      const answer = (await response.json()) as { error?: { message?: string; fields?: Record<string, string> } };
      if (answer.error?.message) text = answer.error.message;
    } catch {
      // Not JSON: keep the status line.
    }
    throw new ApiError(response.status, text);
  }
  return (await response.json()) as T;
}
