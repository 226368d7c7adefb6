/**
 * `lct start` (npm start): the main job on the configured engine. Writes demo data when the data folder
 * is empty, migrates, imports everything in the folder, calculates the latest year, and prints the reports.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { withDatabase } from '../context.js';

interface StartOptions {
  data: string;
  districts: string;
}

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('The main job: demo data if none, migrate, import, calculate, print the report')
    .option('--data <dir>', 'folder of input files (written with demo data when empty)', 'demo-data')
    .option('--districts <n>', 'districts in the demo data, when it is written', '17800')
    .action(async (opts: StartOptions, command: Command) => {
      const started = performance.now();
      const { terminalProgress } = await import('../progress.js');
      const progress = terminalProgress();
      if (!fs.existsSync(opts.data) || fs.readdirSync(opts.data).length === 0) {
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
          const { calculateLatestYear } = await import('../../calculate/calculate-latest-year.js');
          const { printEnrichmentReport } = await import('../../queries/print-enrichment-report.js');
          const migrated = await migrate(db);
          console.log(
            `Database: ${db.engine === 'pglite' ? 'embedded (PGlite)' : 'PostgreSQL server'} at ${db.location}; ${migrated.applied.length} migration(s) applied now.`,
          );
          console.log(formatImportSummary(await importPaths(db, [opts.data], { progress })));
          const calculated = await calculateLatestYear(db, progress);
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
