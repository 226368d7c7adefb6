/**
 * `lct fetch ccd`: the NCES CCD district archives of the years asked for, from the catalog
 * (src/domain/ccd-catalog.ts), into the cache folder (`<cache root>/ccd`). An archive already there
 * whose central directory opens and whose every member matches its CRC-32 is not downloaded again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { cacheRoot } from '../config.js';
import { LctError } from '../errors.js';
import { CATALOG_YEARS, catalogEntries, NCES_CCD_BASE_URL, type CcdCatalogEntry } from '../domain/ccd-catalog.js';
import type { ProgressSink } from '../progress.js';
import { silentProgress } from '../progress.js';
import { verifyArchive, ZipError } from '../import/zip.js';
import { downloadFile, NoNetworkError, NotFoundError, type DownloadOptions } from './download.js';

export function defaultCcdDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheRoot(env), 'ccd');
}

export interface FetchCcdOptions extends Omit<DownloadOptions, 'accept' | 'progress'> {
  /** Where the archives go (default `<cache root>/ccd`). */
  dir?: string;
  /** Replaces https://nces.ed.gov/ccd/Data/zip/ (a mirror, or a local server in tests). */
  baseUrl?: string;
  /** Download again even when a verified copy is in the folder. */
  force?: boolean;
  progress?: ProgressSink;
}

export interface FetchedArchive {
  year: string | null;
  kind: string | null;
  name: string;
  url: string;
  file: string;
  /** downloaded: fetched now; cached: a verified copy was already there. */
  status: 'downloaded' | 'cached';
  bytes: number;
  attempts: number;
  resumed_bytes: number;
}

/** The catalog rows of the years asked for, with a clear error for a year the catalog does not have. */
export function selectCatalog(years: readonly string[]): CcdCatalogEntry[] {
  const unknown = years.filter((y) => !CATALOG_YEARS.includes(y));
  if (unknown.length)
    throw new LctError(
      `The catalog has no CCD files for ${unknown.join(', ')}; it knows ${CATALOG_YEARS[0]} to ${CATALOG_YEARS.at(-1)}.`,
      'See them with: lct fetch ccd --list. For a file the catalog does not know yet: lct fetch ccd --url <URL of the .zip>',
    );
  return years.flatMap((y) => catalogEntries(y));
}

export async function fetchCcdArchives(
  entries: readonly CcdCatalogEntry[],
  options: FetchCcdOptions = {},
): Promise<FetchedArchive[]> {
  const base = withSlash(options.baseUrl ?? NCES_CCD_BASE_URL);
  const fetched: FetchedArchive[] = [];
  for (const entry of entries) {
    const url = new URL(`${entry.name}.zip`, base).toString();
    fetched.push(await fetchArchive(url, { ...options, year: entry.year, kind: entry.kind }));
  }
  return fetched;
}

/** One archive by URL (`--url`, or a catalog row). */
export async function fetchArchive(
  url: string,
  options: FetchCcdOptions & { year?: string; kind?: string } = {},
): Promise<FetchedArchive> {
  const dir = options.dir ?? defaultCcdDir();
  const name = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  if (!/\.zip$/i.test(name))
    throw new LctError(`${url} does not name a .zip archive.`, 'Pass the URL of the archive itself.');
  const file = path.join(dir, name);
  const progress = options.progress ?? silentProgress;
  const base = {
    year: options.year ?? null,
    kind: options.kind ?? null,
    name: name.replace(/\.zip$/i, ''),
    url,
    file,
  };
  if (!options.force && fs.existsSync(file)) {
    try {
      progress.begin(`checking ${name}`, undefined, 'bytes');
      await verifyArchive(file, (n) => progress.advance(n));
      progress.end();
      return { ...base, status: 'cached', bytes: fs.statSync(file).size, attempts: 0, resumed_bytes: 0 };
    } catch (error) {
      progress.end();
      if (!(error instanceof ZipError)) throw error;
      // A damaged copy is downloaded again.
      fs.rmSync(file, { force: true });
    }
  }
  if (options.force) fs.rmSync(`${file}.partial`, { force: true });
  try {
    const result = await downloadFile(url, file, {
      timeoutMs: options.timeoutMs,
      retries: options.retries,
      retryDelayMs: options.retryDelayMs,
      progress,
      accept: async (partial) => {
        progress.begin(`verifying ${name}`, undefined, 'bytes');
        try {
          await verifyArchive(partial, (n) => progress.advance(n));
        } catch (error) {
          if (error instanceof ZipError)
            throw new ZipError(
              name,
              `${error.message.replace(/^[^:]*: /, '')}; the download was refused and deleted`,
              'Run the command again to download it anew; if it fails the same way, the archive on the server is damaged.',
            );
          throw error;
        } finally {
          progress.end();
        }
      },
    });
    return {
      ...base,
      status: 'downloaded',
      bytes: result.bytes,
      attempts: result.attempts,
      resumed_bytes: result.resumed_bytes,
    };
  } catch (error) {
    if (error instanceof NotFoundError)
      throw new NotFoundError(
        url,
        error.status,
        `NCES may have renamed the file (it puts the release date in the name): find the new name at https://nces.ed.gov/ccd/files.asp and fetch it with: lct fetch ccd --url <URL of the .zip>`,
      );
    if (error instanceof NoNetworkError)
      throw new NoNetworkError(
        url,
        (error.message.match(/\(([^)]*)\)\.$/) ?? [])[1] ?? 'no route',
        `lct fetch needs the internet; or copy the archives into ${dir} and run: lct import ccd ${dir}`,
      );
    throw error;
  }
}

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);
