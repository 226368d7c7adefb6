/**
 * `lct start` (npm start): the main job on the configured engine. Writes demo data when the data folder
 * is empty, migrates, imports everything in the folder, calculates every imported year, and prints the reports.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { withDatabase } from '../context.js';

interface StartOptions {
  data: string;
  districts: string;
  fetch?: boolean;
  year?: string;
  baseUrl?: string;
}

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('The main job: demo data if none, migrate, import, calculate every imported year, print the report')
    .option('--data <dir>', 'folder of input files (written with demo data when empty)', 'demo-data')
    .option('--districts <n>', 'districts in the demo data, when it is written', '17800')
    .option('--fetch', 'fetch the real NCES CCD files of --year (default: the newest in the catalog) and use them')
    .option('--year <year>', 'with --fetch: the school year to fetch, e.g. 2023-24')
    .option('--base-url <url>', 'with --fetch: a mirror of https://nces.ed.gov/ccd/Data/zip/')
    .action(async (opts: StartOptions, command: Command) => {
      const started = performance.now();
      const { terminalProgress } = await import('../progress.js');
      const progress = terminalProgress();
      let inputs = [opts.data];
      if (opts.fetch) {
        const { runFetch } = await import('./fetch.js');
        const { newestCatalogYear } = await import('../../domain/ccd-catalog.js');
        const fetched = await runFetch({ year: opts.year ?? newestCatalogYear(), baseUrl: opts.baseUrl });
        console.log(
          `Fetched the NCES CCD files of ${opts.year ?? newestCatalogYear()}: ${fetched.map((f) => f.file).join(', ')}`,
        );
        // The real files with the real state requirements the package carries; the data folder's files
        // (synthetic demo data, or bell schedules of other districts) are left out.
        const { PACKAGE_ROOT } = await import('../../paths.js');
        const requirements = path.join(PACKAGE_ROOT, 'data', 'real', 'state-requirements.yaml');
        inputs = [...fetched.map((f) => f.file), ...(fs.existsSync(requirements) ? [requirements] : [])];
      } else if (!fs.existsSync(opts.data) || fs.readdirSync(opts.data).length === 0) {
        const { writeDemoData } = await import('../../demo/demo-data.js');
        console.log(`No input files in ${opts.data}: writing synthetic demo data (lct demo-data).`);
        writeDemoData(opts.data, { districts: Number(opts.districts), progress });
      }
      await withDatabase(
        command,
        async (db) => {
          const { migrate } = await import('../../db/migrate.js');
          const { importPaths } = await import('../../import/run-import.js');
          const { formatImportSummary } = await import('../../import/summary.js');
          const { calculateImportedYears } = await import('../../calculate/calculate-imported-years.js');
          const { printEnrichmentReport } = await import('../../queries/print-enrichment-report.js');
          const migrated = await migrate(db);
          console.log(
            `Database: ${db.engine === 'pglite' ? 'embedded (PGlite)' : 'PostgreSQL server'} at ${db.location}; ${migrated.applied.length} migration(s) applied now.`,
          );
          console.log(formatImportSummary(await importPaths(db, inputs, { progress })));
          const calculated = await calculateImportedYears(db, progress);
          if (calculated && calculated.years.length > 1)
            console.log(`\nCalculated ${calculated.years.length} years:\n  ${calculated.lines.join('\n  ')}`);
          console.log(
            calculated
              ? `\n${calculated.report}`
              : '\nNo enrollment and staffing data to calculate yet. Next: lct import ccd <folder with the NCES CCD files>',
          );
          console.log();
          await printEnrichmentReport(db);
        },
        { requireSchema: false },
      );
      console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    });
}
