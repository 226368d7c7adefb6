/**
 * Fetching a school's page for the extractor, politely: one request (redirects followed, at most 5), a
 * timeout, an honest User-Agent naming lct and its version, and the site's robots.txt read first. A site
 * that refuses (401, 403, 429, a challenge page, a robots.txt disallow) is reported as blocked and never
 * worked around: the collector opens the page in a browser, saves it, and passes the file instead.
 */
import robotsModule from 'robots-parser';
import { LCT_VERSION } from '../paths.js';

// A CommonJS module whose exports are the function itself (its types describe an ES default export).
const robotsParser = robotsModule as unknown as typeof robotsModule.default;

/** The product token robots.txt rules name ("User-agent: lct"). */
export const ROBOTS_AGENT = 'lct';
export const USER_AGENT = `${ROBOTS_AGENT}/${LCT_VERSION} (Learning Connection Time bell-schedule reader; one request per page, on a person's command; reads robots.txt)`;
export const DEFAULT_FETCH_TIMEOUT_MS = 20_000;
/** Larger than any bell-schedule page or PDF; more is refused rather than read. */
export const MAX_DOCUMENT_BYTES = 25 * 1024 * 1024;
const MAX_REDIRECTS = 5;

export interface FetchOptions {
  timeoutMs?: number;
  userAgent?: string;
}

export type FetchOutcome =
  | { outcome: 'fetched'; url: string; finalUrl: string; contentType: string; bytes: Uint8Array }
  | { outcome: 'blocked'; url: string; reason: string }
  | { outcome: 'error'; url: string; reason: string };

class Stop extends Error {
  constructor(
    readonly outcome: 'blocked' | 'error',
    reason: string,
  ) {
    super(reason);
  }
}

/** Bot-protection pages: Cloudflare, Incapsula, PerimeterX, DDoS-Guard, and the titles they wear. */
const CHALLENGE_MARKERS =
  /__cf_chl_|cf-browser-verification|challenge-platform|cf_chl_opt|_Incapsula_Resource|Incapsula incident|px-captcha|captcha-delivery\.com|ddos-guard/i;
const CHALLENGE_TITLES =
  /<title>\s*(?:just a moment|attention required|access denied|checking your browser|pardon our interruption|request rejected|security check|ddos-guard|one more step|are you a robot)/i;

export function isChallengePage(headers: Headers, body: Uint8Array): boolean {
  if ((headers.get('cf-mitigated') ?? '').toLowerCase() === 'challenge') return true;
  const type = headers.get('content-type') ?? '';
  if (type && !/html|text/i.test(type)) return false;
  const head = Buffer.from(body.subarray(0, 64 * 1024)).toString('latin1');
  return CHALLENGE_MARKERS.test(head) || CHALLENGE_TITLES.test(head);
}

function describeError(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  const code = e?.cause?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name does not resolve';
  if (code === 'ECONNREFUSED') return 'the connection was refused';
  return e?.cause?.message ?? e?.message ?? String(error);
}

async function get(url: string, options: Required<FetchOptions>, accept: string): Promise<Response> {
  return fetch(url, {
    redirect: 'manual',
    headers: { 'User-Agent': options.userAgent, Accept: accept },
    signal: AbortSignal.timeout(options.timeoutMs),
  });
}

/** Whether robots.txt lets lct fetch this URL (cached per origin for one call). */
async function checkRobots(
  url: URL,
  options: Required<FetchOptions>,
  checked: Map<string, string | null>,
): Promise<void> {
  const robotsUrl = `${url.origin}/robots.txt`;
  if (!checked.has(url.origin)) {
    let text: string | null = '';
    let response: Response;
    try {
      response = await get(robotsUrl, options, 'text/plain');
    } catch (error) {
      throw new Stop(
        'error',
        `${robotsUrl} could not be read (${describeError(error, options.timeoutMs)}), so the page was not fetched`,
      );
    }
    if (response.status >= 200 && response.status < 300) text = await response.text();
    else if (response.status >= 300 && response.status < 400)
      text = ''; // not followed: treated as no rules
    else if (response.status === 429 || response.status >= 500)
      throw new Stop(
        'blocked',
        `${robotsUrl} answered HTTP ${response.status}: the site asks crawlers to stay away for now`,
      );
    else text = null; // 4xx: no robots.txt, everything allowed (RFC 9309)
    checked.set(url.origin, text);
  }
  const text = checked.get(url.origin);
  if (!text) return;
  if (robotsParser(robotsUrl, text).isDisallowed(url.toString(), options.userAgent))
    throw new Stop('blocked', `${robotsUrl} disallows ${url.pathname} for ${ROBOTS_AGENT}`);
}

async function readBody(response: Response): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > MAX_DOCUMENT_BYTES)
    throw new Stop('error', `the document is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > MAX_DOCUMENT_BYTES)
    throw new Stop('error', `the document is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB`);
  return bytes;
}

/** Fetches one page or PDF for the extractor. Never throws: the outcome says what happened. */
export async function fetchDocument(url: string, options: FetchOptions = {}): Promise<FetchOutcome> {
  const settings: Required<FetchOptions> = {
    timeoutMs: options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS,
    userAgent: options.userAgent ?? USER_AGENT,
  };
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    return { outcome: 'error', url, reason: `"${url}" is not a URL` };
  }
  if (current.protocol !== 'http:' && current.protocol !== 'https:')
    return { outcome: 'error', url, reason: `only http and https URLs are fetched (got ${current.protocol})` };
  const robots = new Map<string, string | null>();
  try {
    for (let hop = 0; ; hop++) {
      await checkRobots(current, settings, robots);
      let response: Response;
      try {
        response = await get(current.toString(), settings, 'text/html,application/pdf,text/plain;q=0.9,*/*;q=0.5');
      } catch (error) {
        throw new Stop('error', describeError(error, settings.timeoutMs));
      }
      if (response.status >= 300 && response.status < 400) {
        const location = response.headers.get('location');
        if (!location) throw new Stop('error', `HTTP ${response.status} without a Location to follow`);
        if (hop >= MAX_REDIRECTS) throw new Stop('error', `more than ${MAX_REDIRECTS} redirects`);
        current = new URL(location, current);
        continue;
      }
      if (response.status === 401 || response.status === 403 || response.status === 429) {
        throw new Stop('blocked', `HTTP ${response.status}${response.status === 429 ? ' (too many requests)' : ''}`);
      }
      const bytes = await readBody(response);
      if (isChallengePage(response.headers, bytes))
        throw new Stop('blocked', `a bot-challenge page (HTTP ${response.status})`);
      if (!response.ok) throw new Stop('error', `HTTP ${response.status}`);
      return {
        outcome: 'fetched',
        url,
        finalUrl: current.toString(),
        contentType: response.headers.get('content-type') ?? '',
        bytes,
      };
    }
  } catch (error) {
    if (error instanceof Stop) return { outcome: error.outcome, url, reason: error.message };
    return { outcome: 'error', url, reason: describeError(error, settings.timeoutMs) };
  }
}
