/** `lct import …`: CCD files, table CSVs, bell schedules, state requirements, SPED estimates, or everything in a folder. */
import path from 'node:path';
import type { Command } from 'commander';
import { withDatabase } from '../context.js';
import { formatJson } from '../output.js';
import { LctError } from '../../errors.js';
import type { RecognisedFile } from '../../import/recognise.js';
import type { Queryable } from '../../db/database.js';
import type { ImportOptions } from '../../import/run-import.js';

interface ImportCliOptions {
  year?: string;
  createMissing?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

function withImportOptions(command: Command): Command {
  return command
    .option('--create-missing', 'create placeholder districts for ids not in the districts table')
    .option('--dry-run', 'check everything and report what would change, writing nothing')
    .option('--json', 'print the summary as JSON');
}

async function run(
  command: Command,
  opts: ImportCliOptions,
  choose: (
    db: Queryable,
    paths: string[],
  ) => Promise<{ items: RecognisedFile[]; ignored: string[] }> | { items: RecognisedFile[]; ignored: string[] },
  paths: string[],
): Promise<void> {
  await withDatabase(command, async (db) => {
    const { runImport } = await import('../../import/run-import.js');
    const { formatImportSummary } = await import('../../import/summary.js');
    const { terminalProgress } = await import('../progress.js');
    const { normalizeSchoolYear } = await import('../../domain/years.js');
    let year: string | undefined;
    if (opts.year) {
      year = normalizeSchoolYear(opts.year) ?? undefined;
      if (!year) throw new LctError(`--year ${opts.year} is not a school year.`, 'Write it like --year 2023-24.');
    }
    const { items, ignored } = await choose(db, paths);
    const options: ImportOptions = {
      year,
      createMissingDistricts: opts.createMissing,
      dryRun: opts.dryRun,
      progress: opts.json ? undefined : terminalProgress(),
    };
    const summary = await runImport(db, items, options);
    if (opts.json) {
      console.log(formatJson({ ...summary, ignored }));
      return;
    }
    console.log(formatImportSummary(summary));
    if (ignored.length) console.log(`Not recognised, left alone: ${ignored.map((f) => path.basename(f)).join(', ')}`);
    if (summary.views_refreshed) console.log('Materialized views refreshed.');
  });
}

const single = (file: string, what: RecognisedFile['what']) => ({ items: [{ file, what, rank: 0 }], ignored: [] });

export function registerImportCommands(program: Command): void {
  const imp = program
    .command('import')
    .description('Import data: NCES CCD files, table CSVs, bell schedules, state requirements');

  withImportOptions(
    imp
      .command('ccd')
      .description('NCES CCD district files as published: directory (029), membership (052), staff (059)')
      .argument('<paths...>', 'CCD files, or folders holding them')
      .option('--year <year>', 'school year, e.g. 2023-24 (default: from the files)'),
  ).action(async (paths: string[], opts: ImportCliOptions, command: Command) => {
    await run(
      command,
      opts,
      async (db, p) => {
        const { recogniseFiles } = await import('../../import/recognise.js');
        const { files, ignored } = await recogniseFiles(db, p);
        const items = files.filter((f) => f.what.kind === 'ccd');
        if (items.length === 0)
          throw new LctError(
            `No CCD district files in ${p.join(', ')}.`,
            'CCD files are named like ccd_lea_052_2324_l_1a_073124.csv (029 directory, 052 membership, 059 staff).',
          );
        return { items, ignored: [...ignored, ...files.filter((f) => f.what.kind !== 'ccd').map((f) => f.file)] };
      },
      paths,
    );
  });

  withImportOptions(
    imp
      .command('csv')
      .description('One CSV per table, named after it (districts.csv, bell_schedules.csv, …), header = column names')
      .argument('<paths...>', 'table CSV files, or folders holding them'),
  ).action(async (paths: string[], opts: ImportCliOptions, command: Command) => {
    await run(
      command,
      opts,
      async (db, p) => {
        const { recogniseFiles, expandPaths } = await import('../../import/recognise.js');
        const { files } = await recogniseFiles(db, p);
        const items = files.filter((f) => f.what.kind === 'table-csv');
        const named = new Set(items.map((i) => i.file));
        const others = expandPaths(p).filter((f) => !named.has(f));
        const explicit = others.filter((f) => p.includes(f));
        if (explicit.length)
          throw new LctError(
            `${path.basename(explicit[0]!)} is not named after a table.`,
            'Name each CSV after its table: districts.csv, grade_level_enrollment.csv, bell_schedules.csv, …',
          );
        if (items.length === 0)
          throw new LctError(
            `No table CSVs in ${p.join(', ')}.`,
            'Name each CSV after its table: districts.csv, grade_level_enrollment.csv, …',
          );
        return { items, ignored: others };
      },
      paths,
    );
  });

  withImportOptions(
    imp
      .command('bell-schedules')
      .description('Bell schedules: the original JSON shape or a CSV (one schedule per row)')
      .argument('<file>'),
  ).action((file: string, opts: ImportCliOptions, command: Command) =>
    run(command, opts, (_db) => single(file, { kind: 'bell-schedules' }), [file]),
  );

  withImportOptions(
    imp
      .command('state-requirements')
      .description('Statutory daily minutes per state: the YAML shape, or a CSV with the table columns')
      .argument('<file>'),
  ).action((file: string, opts: ImportCliOptions, command: Command) =>
    run(command, opts, (_db) => single(file, { kind: 'state-requirements' }), [file]),
  );

  withImportOptions(
    imp
      .command('sped-estimates')
      .description(
        'SPED estimates: nces_id, year, sped_enrollment, gened_enrollment, sped_teachers, sped_instructional, gened_teachers, confidence',
      )
      .argument('<file>'),
  ).action((file: string, opts: ImportCliOptions, command: Command) =>
    run(command, opts, (_db) => single(file, { kind: 'table-csv', table: 'sped_estimates' }), [file]),
  );

  withImportOptions(
    imp
      .command('districts')
      .description(
        'A district list: district_id, district_name, state, enrollment[, instructional_staff, year, data_source]',
      )
      .argument('<file>'),
  ).action((file: string, opts: ImportCliOptions, command: Command) =>
    run(command, opts, (_db) => single(file, { kind: 'district-list' }), [file]),
  );

  withImportOptions(
    imp
      .command('all')
      .description('Everything recognised in a folder, in dependency order, then refresh the views once')
      .argument('<dir>')
      .option('--year <year>', 'school year of the CCD files (default: from the files)'),
  ).action(async (dir: string, opts: ImportCliOptions, command: Command) => {
    await run(
      command,
      opts,
      async (db, p) => {
        const { recogniseFiles } = await import('../../import/recognise.js');
        const { files, ignored } = await recogniseFiles(db, p);
        if (files.length === 0)
          throw new LctError(
            `Nothing to import in ${dir}.`,
            'Expected CCD files (ccd_lea_*.csv), table CSVs (districts.csv, …), bell schedules (*.json, *.csv) or state requirements (*.yaml). Try: lct demo-data ./demo-data',
          );
        return { items: files, ignored };
      },
      [dir],
    );
  });
}
