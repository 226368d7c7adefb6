/**
 * One file over HTTP(S), as a careful client: one connection at a time, a timeout on every wait (connect
 * and each read), retries with backoff on 5xx answers and dropped connections, resuming with `Range`
 * where the server allows it, written to `<file>.partial` and renamed only once `accept` approves it.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { LctError } from '../errors.js';
import { LCT_VERSION } from '../paths.js';
import type { ProgressSink } from '../progress.js';
import { silentProgress } from '../progress.js';

export const USER_AGENT = `lct/${LCT_VERSION} (Learning Connection Time database; Node.js ${process.version})`;

export interface DownloadOptions {
  /** No byte for this long (connecting or reading): the attempt fails and is retried. Default 30 s. */
  timeoutMs?: number;
  /** Attempts after the first, on 5xx answers and dropped connections. Default 5. */
  retries?: number;
  /** The first wait between attempts; it doubles each time (up to 30 s). Default 1 s. */
  retryDelayMs?: number;
  progress?: ProgressSink;
  /** Checks the complete `.partial` file; throws to refuse it (the partial file is then deleted). */
  accept?: (partial: string) => Promise<void>;
}

export interface DownloadResult {
  bytes: number;
  attempts: number;
  /** Bytes that came from an earlier, interrupted attempt (resumed with Range). */
  resumed_bytes: number;
}

/** The server says the file is not there (404/410): NCES may have renamed it. */
export class NotFoundError extends LctError {
  constructor(
    readonly url: string,
    readonly status: number,
    hint?: string,
  ) {
    super(`${url} answered ${status} (not found).`, hint);
    this.name = 'NotFoundError';
  }
}

/** No network, or the host cannot be resolved or reached. */
export class NoNetworkError extends LctError {
  constructor(url: string, cause: string, hint?: string) {
    super(`No network: cannot reach ${new URL(url).host} (${cause}).`, hint);
    this.name = 'NoNetworkError';
  }
}

class RetryableError extends Error {}

const NO_NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN']);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function downloadFile(url: string, file: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retries = options.retries ?? 5;
  const progress = options.progress ?? silentProgress;
  const partial = `${file}.partial`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let attempts = 0;
  let resumedBytes = 0;
  let delay = options.retryDelayMs ?? 1000;
  let begun = false;
  for (;;) {
    attempts++;
    const have = fs.existsSync(partial) ? fs.statSync(partial).size : 0;
    if (have > 0 && attempts > 1) resumedBytes = have;
    try {
      const outcome = await attempt(
        url,
        partial,
        have,
        timeoutMs,
        (total, received) => {
          if (!begun) {
            progress.begin(`downloading ${path.basename(file)}`, total, 'bytes');
            begun = true;
            if (received) progress.advance(received);
          }
        },
        (n) => progress.advance(n),
      );
      if (begun) progress.end();
      begun = false;
      try {
        await options.accept?.(partial);
      } catch (error) {
        fs.rmSync(partial, { force: true });
        throw error;
      }
      fs.renameSync(partial, file);
      return { bytes: outcome.size, attempts, resumed_bytes: resumedBytes };
    } catch (error) {
      if (!(error instanceof RetryableError)) {
        if (begun) progress.end();
        throw error;
      }
      if (attempts > retries) {
        if (begun) progress.end();
        throw new LctError(
          `Could not download ${url} after ${attempts} attempts: ${error.message}.`,
          `Run the same command again later: it resumes from the ${fs.existsSync(partial) ? fs.statSync(partial).size.toLocaleString('en-US') : 0} bytes already in ${partial}.`,
        );
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 30_000);
    }
  }
}

/** One request: appends to `partial` (from `have` bytes on when the server honours Range). */
function attempt(
  url: string,
  partial: string,
  have: number,
  timeoutMs: number,
  onStart: (total: number | undefined, already: number) => void,
  onBytes: (n: number) => void,
  redirects = 0,
): Promise<{ size: number }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    const headers: Record<string, string> = { 'User-Agent': USER_AGENT, 'Accept-Encoding': 'identity' };
    if (have > 0) headers.Range = `bytes=${have}-`;
    // agent: false: a connection of its own, closed after the answer (never two at once for a file).
    const request = client.get(target, { headers, agent: false, timeout: timeoutMs }, (response) => {
      const status = response.statusCode ?? 0;
      const fail = (error: Error) => {
        response.destroy();
        reject(error);
      };
      if ([301, 302, 303, 307, 308].includes(status) && response.headers.location) {
        response.resume();
        if (redirects >= 5) return reject(new LctError(`${url}: too many redirects.`));
        const next = new URL(response.headers.location, target).toString();
        attempt(next, partial, have, timeoutMs, onStart, onBytes, redirects + 1).then(resolve, reject);
        return;
      }
      if (status === 404 || status === 410) return fail(new NotFoundError(url, status));
      if (status === 416 && have > 0) {
        // The partial file already holds every byte: nothing more to fetch.
        response.resume();
        onStart(have, have);
        return resolve({ size: have });
      }
      if (status >= 500 || status === 408 || status === 429)
        return fail(new RetryableError(`the server answered ${status}`));
      if (status !== 200 && status !== 206) return fail(new LctError(`${url} answered ${status}.`));
      const resuming = status === 206 && have > 0;
      const length = Number(response.headers['content-length'] ?? NaN);
      const expected = Number.isFinite(length) ? (resuming ? have : 0) + length : undefined;
      onStart(expected, resuming ? have : 0);
      const out = fs.createWriteStream(partial, { flags: resuming ? 'a' : 'w', highWaterMark: 1 << 20 });
      let received = resuming ? have : 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        onBytes(chunk.length);
        if (!out.write(chunk)) {
          response.pause();
          out.once('drain', () => response.resume());
        }
      });
      let settled = false;
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        out.end(() => {
          if (error) reject(error);
          else if (expected !== undefined && received < expected)
            reject(new RetryableError(`the connection closed after ${received} of ${expected} bytes`));
          else resolve({ size: received });
        });
      };
      response.on('end', () => finish());
      response.on('error', (e) => finish(new RetryableError(`the connection failed (${e.message})`)));
      response.on('close', () => {
        if (!response.complete) finish(new RetryableError('the connection was dropped'));
      });
    });
    request.on('timeout', () => request.destroy(new RetryableError(`no data for ${timeoutMs / 1000} s (timed out)`)));
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof RetryableError || error instanceof LctError) return reject(error);
      if (error.code && NO_NETWORK_CODES.has(error.code)) return reject(new NoNetworkError(url, error.code));
      reject(new RetryableError(`the connection failed (${error.code ?? error.message})`));
    });
  });
}
