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

/** Imports recognised files in dependency order, CCD files of a year together. */
export async function runImport(
  db: Database,
  items: RecognisedFile[],
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const started = performance.now();
  let files: FileSummary[] = [];
  try {
    files = await db.transaction(async (tx) => {
      const done: FileSummary[] = [];
      const ccd = items.filter((i) => i.what.kind === 'ccd');
      let ccdDone = false;
      for (const item of items) {
        if (item.what.kind === 'ccd') {
          if (ccdDone) continue;
          ccdDone = true;
          done.push(
            ...(await importCcd(
              tx,
              ccd.map((c) => ({ file: c.file, kind: (c.what as { ccd: 'directory' | 'membership' | 'staff' }).ccd })),
              {
                year: options.year,
                createMissingDistricts: options.createMissingDistricts,
                progress: options.progress,
                onFile: (f) => nameSource(tx, 'ccd', f),
              },
            )),
          );
          continue;
        }
        done.push(...(await importOne(tx, item, options)));
      }
      if (options.dryRun) throw new DryRunRollback(done);
      if (options.refreshViews ?? true) await refreshMaterializedViews(tx);
      return done;
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
    files = error.files;
  }
  return {
    files,
    dry_run: Boolean(options.dryRun),
    elapsed_seconds: (performance.now() - started) / 1000,
    views_refreshed: !options.dryRun && (options.refreshViews ?? true),
  };
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
