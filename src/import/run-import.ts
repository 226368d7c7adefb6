/**
 * Runs import steps as one transaction: a failure anywhere leaves the database exactly as it was;
 * --dry-run does all the work and rolls it back. Each file is named as the lineage source of its
 * changes. The materialized views are refreshed once at the end.
 */
import path from 'node:path';
import type { Database, Queryable } from '../db/database.js';
import { SOURCE_SETTING } from '../db/database.js';
import { refreshMaterializedViews } from '../db/refresh-views.js';
import type { ProgressSink } from '../progress.js';
import { silentProgress } from '../progress.js';
import { importCcd } from './ccd/import-ccd.js';
import { importBellSchedules } from './bell-schedules.js';
import { importDistrictList } from './district-list.js';
import { importStateRequirements } from './state-requirements.js';
import { importTableCsv } from './table-csv.js';
import { recogniseFiles, type RecognisedFile } from './recognise.js';
import { fileSource, type InputSource } from './input-source.js';
import { LctError } from '../errors.js';
import { normalizeSchoolYear } from '../domain/years.js';
import type { FileSummary, ImportSummary } from './summary.js';

export interface ImportOptions {
  dryRun?: boolean;
  createMissingDistricts?: boolean;
  /** The school year of CCD files (otherwise read from the files). */
  year?: string;
  progress?: ProgressSink;
  /** Refresh the materialized views at the end (default true). */
  refreshViews?: boolean;
}

class DryRunRollback extends Error {
  constructor(readonly files: FileSummary[]) {
    super('dry run');
  }
}

async function nameSource(tx: Queryable, kind: string, file: string): Promise<void> {
  await tx.query('SELECT set_config($1, $2, true)', [SOURCE_SETTING, `import:${kind} ${path.basename(file)}`]);
}

async function importOne(tx: Queryable, item: RecognisedFile, options: ImportOptions): Promise<FileSummary[]> {
  const { file, what } = item;
  const progress = options.progress ?? silentProgress;
  switch (what.kind) {
    case 'ccd':
      throw new Error('CCD files are imported together');
    case 'table-csv':
      await nameSource(tx, 'csv', file);
      return [
        await importTableCsv(tx, file, {
          table: what.table,
          createMissingDistricts: options.createMissingDistricts,
          progress,
        }),
      ];
    case 'bell-schedules':
      await nameSource(tx, 'bell-schedules', file);
      return [
        await importBellSchedules(tx, file, {
          createMissingDistricts: options.createMissingDistricts,
          createdBy: 'import',
        }),
      ];
    case 'state-requirements':
      await nameSource(tx, 'state-requirements', file);
      return [await importStateRequirements(tx, file)];
    case 'district-list':
      await nameSource(tx, 'districts', file);
      return importDistrictList(tx, file, { createMissingDistricts: options.createMissingDistricts });
  }
}

/**
 * Imports recognised files in dependency order, the CCD files of a year together. Several years of CCD
 * files import oldest first, each year in a transaction of its own (the other files go with the newest
 * year); a dry run does everything in one transaction and rolls it back.
 */
export async function runImport(
  db: Database,
  items: RecognisedFile[],
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const started = performance.now();
  const ccdByYear = await groupCcdByYear(items, options.year);
  const others = items.filter((i) => i.what.kind !== 'ccd');
  const years = [...ccdByYear.keys()].sort();
  // One step per year; the last step also takes the other files. No CCD files: one step.
  const steps: { year?: string; ccd: RecognisedFile[]; others: RecognisedFile[] }[] = years.length
    ? years.map((year, i) => ({ year, ccd: ccdByYear.get(year)!, others: i === years.length - 1 ? others : [] }))
    : [{ ccd: [], others }];
  const importStep = async (tx: Queryable, step: (typeof steps)[number], last: boolean): Promise<FileSummary[]> => {
    const done: FileSummary[] = [];
    const ccdRank = Math.min(...step.ccd.map((c) => c.rank), Infinity);
    const before = step.others.filter((o) => o.rank <= ccdRank);
    const after = step.others.filter((o) => o.rank > ccdRank);
    for (const item of before) done.push(...(await importOne(tx, item, options)));
    if (step.ccd.length)
      done.push(
        ...(await importCcd(
          tx,
          step.ccd.map((c) => ({
            source: c.source ?? fileSource(c.file),
            kind: (c.what as { ccd: 'directory' | 'membership' | 'staff' }).ccd,
          })),
          {
            year: step.year === UNKNOWN_YEAR ? options.year : step.year,
            createMissingDistricts: options.createMissingDistricts,
            progress: options.progress,
            onFile: (f) => nameSource(tx, 'ccd', f),
          },
        )),
      );
    for (const item of after) done.push(...(await importOne(tx, item, options)));
    if (last && !options.dryRun && (options.refreshViews ?? true)) await refreshMaterializedViews(tx);
    return done;
  };

  let files: FileSummary[] = [];
  if (options.dryRun) {
    try {
      await db.transaction(async (tx) => {
        const done: FileSummary[] = [];
        for (const [i, step] of steps.entries()) done.push(...(await importStep(tx, step, i === steps.length - 1)));
        throw new DryRunRollback(done);
      });
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error;
      files = error.files;
    }
  } else {
    for (const [i, step] of steps.entries())
      files.push(...(await db.transaction((tx) => importStep(tx, step, i === steps.length - 1))));
  }
  return {
    files,
    dry_run: Boolean(options.dryRun),
    elapsed_seconds: (performance.now() - started) / 1000,
    views_refreshed: !options.dryRun && (options.refreshViews ?? true),
  };
}

const UNKNOWN_YEAR = 'unknown';

/** CCD files by the school year their name (or else their first record) says; one file per kind and year. */
async function groupCcdByYear(items: RecognisedFile[], year?: string): Promise<Map<string, RecognisedFile[]>> {
  const byYear = new Map<string, RecognisedFile[]>();
  for (const item of items) {
    if (item.what.kind !== 'ccd') continue;
    const source = item.source ?? fileSource(item.file);
    const key = year ?? item.year ?? (await peekSchoolYear(source)) ?? UNKNOWN_YEAR;
    const list = byYear.get(key) ?? [];
    const kind = item.what.ccd;
    const twin = list.find((other) => other.what.kind === 'ccd' && other.what.ccd === kind);
    if (twin) {
      throw new LctError(
        `Two CCD ${kind} files for ${key}: ${(twin.source ?? fileSource(twin.file)).location} and ${source.location}.`,
        'Import one of them (the later release, usually): move the other out of the folder.',
      );
    }
    list.push(item);
    byYear.set(key, list);
  }
  return byYear;
}

/** The school year in the first record of a CCD file (SCHOOL_YEAR, or SURVYEAR before 2016-17). */
async function peekSchoolYear(source: InputSource): Promise<string | undefined> {
  let text = '';
  for await (const chunk of source.open()) {
    text += chunk.toString('latin1');
    if (text.split('\n').length > 2 || text.length > 1 << 16) break;
  }
  const [headerLine, firstLine] = text.replace(/^\uFEFF|^\xEF\xBB\xBF/, '').split(/\r?\n/);
  if (!headerLine || !firstLine) return undefined;
  const delimiter = headerLine.includes('\t') && !headerLine.includes(',') ? '\t' : ',';
  const header = headerLine.split(delimiter).map((h) => h.trim().replace(/^"|"$/g, '').toUpperCase());
  const fields = firstLine.split(delimiter).map((f) => f.trim().replace(/^"|"$/g, ''));
  const at = header.indexOf('SCHOOL_YEAR') >= 0 ? header.indexOf('SCHOOL_YEAR') : header.indexOf('SURVYEAR');
  const raw = at >= 0 ? fields[at] : undefined;
  if (!raw) return undefined;
  if (/^\d{4}$/.test(raw)) return `${raw}-${String((Number(raw) + 1) % 100).padStart(2, '0')}`;
  return normalizeSchoolYear(raw) ?? undefined;
}

/** `lct import all <dir>` and friends: recognise, then import. */
export async function importPaths(
  db: Database,
  paths: string[],
  options: ImportOptions & { only?: RecognisedFile['what']['kind'] } = {},
): Promise<ImportSummary & { ignored: string[] }> {
  const { files, ignored } = await recogniseFiles(db, paths);
  const selected = options.only ? files.filter((f) => f.what.kind === options.only) : files;
  const notSelected = options.only ? files.filter((f) => f.what.kind !== options.only).map((f) => f.file) : [];
  const summary = await runImport(db, selected, options);
  return { ...summary, ignored: [...ignored, ...notSelected] };
}
