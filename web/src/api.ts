/** The JSON API the dashboard reads (served by `lct serve`, same origin), typed from its OpenAPI document. */
import type { components, paths } from './api-types.js';

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

/** The API's shapes, generated from its OpenAPI document (api-types.ts: `npm run api-types`). */
type Schemas = components['schemas'];

/** The JSON answer of `GET path`. */
export type Answer<P extends keyof paths> = paths[P]['get'] extends {
  responses: { 200: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

export type Health = Schemas['Health'];
export type SummaryItem = Schemas['ScopeSummary'];
export type Summary = Schemas['LctSummary'];
export type Histogram = Schemas['LctHistogram'];
export type StateProgress = Schemas['StateProgress'];
export type StatesResponse = Answer<'/api/states'>;
export type Candidate = Schemas['Candidate'];
export type CandidatesResponse = Answer<'/api/campaign/candidates'>;
export type RunEntry = Schemas['RunListEntry'];
export type RunsResponse = Answer<'/api/runs'>;
export type Run = Schemas['Run'];
export type QaSummary = Schemas['QaSummary'];
export type FlagCount = QaSummary['flags'][number];
export type DistrictListItem = Schemas['DistrictListItem'];
export type DistrictList = Schemas['DistrictPage'];
export type DistrictLct = Schemas['DistrictLct'];
export type BellSchedule = Schemas['DistrictBellSchedule'];
export type LineageEntry = Schemas['LineageEntry'];
export type DistrictDetail = Schemas['DistrictProfile'];
export type ExtractResponse = Schemas['BellScheduleExtraction'];
export type ExtractedAnswer = Schemas['ExtractedAnswer'];
export type FoundSchedule = Schemas['FoundSchedule'];
export type DistrictTrend = Schemas['DistrictTrend'];
export type AreaTrend = Schemas['AreaTrend'];
export type Movers = Schemas['Movers'];

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
      const answer = (await response.json()) as { error?: { message?: string } };
      if (answer.error?.message) text = answer.error.message;
    } catch {
      // Not JSON: keep the status line.
    }
    throw new ApiError(response.status, text);
  }
  return (await response.json()) as T;
}
