#!/usr/bin/env node
/** The `lct` command line. Commands load their heavy modules on demand to keep start-up fast. */
import { Command, CommanderError } from 'commander';
import { registerDbCommands } from './commands/db.js';
import { registerSqlCommand } from './commands/sql.js';
import { registerStartCommand } from './commands/start.js';
import { registerCalculateCommand } from './commands/calculate.js';
import { registerRunsCommands } from './commands/runs.js';
import { reportError } from './report-error.js';

const program = new Command();
program
  .name('lct')
  .description('Learning Connection Time: minutes of individual attention per student per day, for every U.S. school district.')
  .option('--debug', 'show stack traces on errors')
  .option('--memory', 'use a throwaway in-memory embedded database')
  .option('--data-dir <dir>', 'embedded database folder (default: $LCT_DATA_DIR or ./.lct/pgdata)')
  .showHelpAfterError()
  .exitOverride();

registerStartCommand(program);
registerDbCommands(program);
registerSqlCommand(program);
registerCalculateCommand(program);
registerRunsCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander already printed its message (or the help).
    process.exitCode = error.exitCode;
  } else {
    process.exitCode = await reportError(error, Boolean(program.opts().debug));
  }
}
