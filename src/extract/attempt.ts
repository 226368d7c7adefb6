/**
 * One attempt at reading a bell schedule: a URL fetched (politely, fetch-document.ts) or a document's
 * bytes, then extracted. The outcome is what `campaign_attempts` records: extracted, blocked, no schedule
 * or error, with the reason.
 */
import type { SchoolLevel } from '../domain/bell-schedules.js';
import { type Extraction, extractBellSchedules } from './extract.js';
import { type FetchOptions, fetchDocument } from './fetch-document.js';

export type AttemptOutcome = 'extracted' | 'blocked' | 'no_schedule' | 'error';

export interface ExtractionAttempt {
  /** The URL fetched, or null for a document given directly. */
  url: string | null;
  /** Where redirects led, when fetched. */
  final_url: string | null;
  /** The document's name (a file), or null for a URL. */
  document: string | null;
  outcome: AttemptOutcome;
  /** Why it was blocked, failed, or held no schedule; null when extracted. */
  detail: string | null;
  extraction: Extraction | null;
}

export interface AttemptOptions extends FetchOptions {
  level?: SchoolLevel;
}

export const isUrl = (input: string) => /^https?:\/\//i.test(input.trim());

function settle(
  base: Omit<ExtractionAttempt, 'outcome' | 'detail' | 'extraction'>,
  extraction: Extraction,
): ExtractionAttempt {
  return extraction.answers.length
    ? { ...base, outcome: 'extracted', detail: null, extraction }
    : { ...base, outcome: 'no_schedule', detail: extraction.problem, extraction };
}

/** Reads a document given as bytes (a file, or the body of a request). */
export async function attemptDocument(
  bytes: Uint8Array,
  document: string,
  options: AttemptOptions & { contentType?: string; baseUrl?: string } = {},
): Promise<ExtractionAttempt> {
  const base = { url: null, final_url: null, document };
  try {
    const extraction = await extractBellSchedules(bytes, {
      level: options.level,
      hint: `${options.contentType ?? ''} ${document}`,
      baseUrl: options.baseUrl,
    });
    return settle(base, extraction);
  } catch (error) {
    return { ...base, outcome: 'error', detail: (error as Error).message, extraction: null };
  }
}

/** Fetches a URL once and reads it; a block or failure is the outcome, never retried or worked around. */
export async function attemptUrl(url: string, options: AttemptOptions = {}): Promise<ExtractionAttempt> {
  const fetched = await fetchDocument(url, options);
  if (fetched.outcome !== 'fetched')
    return { url, final_url: null, document: null, outcome: fetched.outcome, detail: fetched.reason, extraction: null };
  const read = await attemptDocument(fetched.bytes, fetched.finalUrl, {
    level: options.level,
    contentType: fetched.contentType,
    baseUrl: fetched.finalUrl,
  });
  return { ...read, url, final_url: fetched.finalUrl, document: null };
}
