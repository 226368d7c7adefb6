/** `lct start` (npm start): the main job on the configured engine. */
import type { Command } from 'commander';
import { withDatabase } from '../context.js';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('The main job: migrate the database, calculate the latest year with data and print the report')
    .action(async (_opts: unknown, command: Command) => {
      await withDatabase(
        command,
        async (db) => {
          const { migrate, migrationStatus } = await import('../../db/migrate.js');
          const result = await migrate(db, { onApply: (file) => console.log(`applying ${file.name}`) });
          const status = await migrationStatus(db);
          const version = (await db.query<{ version: string }>('SELECT version()')).rows[0]!.version;
          console.log(`engine:     ${db.engine === 'pglite' ? 'embedded (PGlite)' : 'PostgreSQL server'}`);
          console.log(`version:    ${version}`);
          console.log(`data:       ${db.location}`);
          console.log(`migrations: ${status.applied.length} applied (${result.applied.length} now), ${status.pending.length} pending`);
          const { calculateLatestYear } = await import('../../calculate/calculate-latest-year.js');
          const { terminalProgress } = await import('../progress.js');
          const calculated = await calculateLatestYear(db, terminalProgress());
          console.log(calculated ? `\n${calculated.report}` : '\nNo enrollment and staffing data to calculate yet. Next: lct import ccd <folder with the NCES CCD files>');
        },
        { requireSchema: false },
      );
    });
}
