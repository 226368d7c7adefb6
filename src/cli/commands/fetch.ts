/** `lct fetch ccd`: the NCES CCD district archives into the cache folder, optionally imported after. */
import path from 'node:path';
import type { Command } from 'commander';
import { LctError } from '../../errors.js';
import { formatJson } from '../output.js';
import { withDatabase } from '../context.js';

export interface FetchCliOptions {
  year?: string;
  years?: string;
  all?: boolean;
  list?: boolean;
  dir?: string;
  baseUrl?: string;
  url?: string[];
  force?: boolean;
  import?: boolean;
  timeout?: string;
  retries?: string;
  json?: boolean;
}

const positive = (raw: string | undefined, option: string): number | undefined => {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new LctError(`${option} ${raw} is not a number of at least 0.`);
  return value;
};

/** The years the options ask for (--year, --years, --all), in order. */
export async function yearsAsked(opts: Pick<FetchCliOptions, 'year' | 'years' | 'all'>): Promise<string[]> {
  const { schoolYearRange } = await import('../../domain/years.js');
  const { CATALOG_YEARS } = await import('../../domain/ccd-catalog.js');
  if (opts.all) return [...CATALOG_YEARS];
  const text = opts.years ?? opts.year;
  if (!text) return [];
  const years = schoolYearRange(text);
  if (!years)
    throw new LctError(
      `${opts.years ? '--years' : '--year'} ${text} is not a school year or range.`,
      'Write it like --year 2023-24 or --years 2016-17..2024-25.',
    );
  return years;
}

export function registerFetchCommands(program: Command): void {
  const fetch = program.command('fetch').description('Download public data: the NCES CCD district files');
  fetch
    .command('ccd')
    .description('Download the NCES CCD district archives (029 directory, 052 membership, 059 staff) of some years')
    .option('--year <year>', 'one school year, e.g. 2023-24')
    .option('--years <from..to>', 'a range of school years, e.g. 2016-17..2024-25')
    .option('--all', 'every year in the catalog')
    .option('--list', 'print the catalog (years, file names, where each name was confirmed) and stop')
    .option('--dir <dir>', 'folder for the archives (default: $LCT_CACHE_DIR/ccd, or ~/.cache/lct/ccd)')
    .option('--base-url <url>', 'fetch from this address instead of https://nces.ed.gov/ccd/Data/zip/ (a mirror)')
    .option('--url <url...>', 'fetch these archives by URL (files the catalog does not know yet)')
    .option('--force', 'download again even when a verified copy is in the folder')
    .option('--import', 'import the archives afterwards (as lct import ccd <those files>)')
    .option('--timeout <seconds>', 'give up an attempt after this long without data', '30')
    .option('--retries <n>', 'attempts after the first on server errors and dropped connections', '5')
    .option('--json', 'print the result as JSON')
    .action(async (opts: FetchCliOptions, command: Command) => {
      if (opts.list) return printCatalog(Boolean(opts.json));
      const fetched = await runFetch(opts);
      if (opts.import) {
        await importFetched(
          command,
          fetched.map((f) => f.file),
          Boolean(opts.json),
          fetched,
        );
        return;
      }
      if (opts.json) console.log(formatJson({ archives: fetched }));
      else printFetched(fetched);
    });
}

export async function runFetch(opts: FetchCliOptions) {
  const { fetchArchive, fetchCcdArchives, selectCatalog, defaultCcdDir } = await import('../../fetch/fetch-ccd.js');
  const { terminalProgress } = await import('../progress.js');
  const years = await yearsAsked(opts);
  if (years.length === 0 && !opts.url?.length)
    throw new LctError(
      'Say which years to fetch.',
      'lct fetch ccd --year 2023-24 (or --years 2016-17..2024-25, or --all); lct fetch ccd --list shows the catalog.',
    );
  const options = {
    dir: path.resolve(opts.dir ?? defaultCcdDir()),
    baseUrl: opts.baseUrl,
    force: opts.force,
    timeoutMs: (positive(opts.timeout, '--timeout') ?? 30) * 1000,
    retries: positive(opts.retries, '--retries'),
    progress: opts.json ? undefined : terminalProgress(),
  };
  const fetched = await fetchCcdArchives(selectCatalog(years), options);
  for (const url of opts.url ?? []) fetched.push(await fetchArchive(url, options));
  return fetched;
}

function printFetched(fetched: Awaited<ReturnType<typeof runFetch>>): void {
  for (const f of fetched)
    console.log(
      `${f.status === 'cached' ? 'already here' : 'downloaded  '} ${f.file} (${(f.bytes / 1e6).toFixed(1)} MB${f.resumed_bytes ? `, resumed after ${(f.resumed_bytes / 1e6).toFixed(1)} MB` : ''})`,
    );
  const dir = fetched[0] ? path.dirname(fetched[0].file) : '';
  if (dir) console.log(`The archives are in ${dir}. Next: lct import ccd ${dir}`);
}

async function importFetched(command: Command, files: string[], json: boolean, fetched: unknown[]): Promise<void> {
  await withDatabase(command, async (db) => {
    const { recogniseFiles } = await import('../../import/recognise.js');
    const { runImport } = await import('../../import/run-import.js');
    const { formatImportSummary } = await import('../../import/summary.js');
    const { terminalProgress } = await import('../progress.js');
    const { files: items } = await recogniseFiles(db, files);
    const summary = await runImport(
      db,
      items.filter((i) => i.what.kind === 'ccd'),
      { progress: json ? undefined : terminalProgress() },
    );
    if (json) console.log(formatJson({ archives: fetched, import: summary }));
    else {
      printFetched(fetched as Awaited<ReturnType<typeof runFetch>>);
      console.log(formatImportSummary(summary));
    }
  });
}

async function printCatalog(json: boolean): Promise<void> {
  const { CCD_CATALOG, CCD_CATALOG_SOURCES, CCD_CATALOG_UNCONFIRMED, NCES_CCD_BASE_URL } =
    await import('../../domain/ccd-catalog.js');
  if (json) {
    console.log(
      formatJson({
        base_url: NCES_CCD_BASE_URL,
        archives: CCD_CATALOG,
        unconfirmed: CCD_CATALOG_UNCONFIRMED,
        sources: CCD_CATALOG_SOURCES,
      }),
    );
    return;
  }
  console.log(`NCES CCD district archives lct knows (each <name>.zip under ${NCES_CCD_BASE_URL}):\n`);
  console.log(`${'year'.padEnd(8)} ${'file'.padEnd(11)} ${'layout'.padEnd(7)} ${'name'.padEnd(38)} seen in`);
  for (const e of CCD_CATALOG)
    console.log(
      `${e.year.padEnd(8)} ${`${e.kind}`.padEnd(11)} ${`${e.layout}${e.format === 'tab' ? '/tab' : ''}`.padEnd(7)} ${e.name.padEnd(38)} ${e.seen_in.join(', ')}${e.note ? `  (${e.note})` : ''}`,
    );
  console.log('\nNot confirmed, not fetched:');
  for (const u of CCD_CATALOG_UNCONFIRMED) console.log(`  ${u.year} ${u.kind}: ${u.reason}`);
  console.log('\nSources:');
  for (const [key, text] of Object.entries(CCD_CATALOG_SOURCES)) console.log(`  ${key}: ${text}`);
}
