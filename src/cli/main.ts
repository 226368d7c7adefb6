#!/usr/bin/env node
/** The `lct` command line. Commands load their heavy modules on demand to keep start-up fast. */
import { Command, CommanderError } from 'commander';
import { registerDbCommands } from './commands/db.js';
import { registerSqlCommand } from './commands/sql.js';
import { registerStartCommand } from './commands/start.js';
import { registerImportCommands } from './commands/import.js';
import { registerDemoDataCommand } from './commands/demo-data.js';
import { registerFetchCommands } from './commands/fetch.js';
import { registerCandidatesCommand } from './commands/candidates.js';
import { registerProgressCommand } from './commands/progress.js';
import { registerBellScheduleCommands } from './commands/bell-schedule.js';
import { registerSummaryCommand } from './commands/summary.js';
import { registerDistrictCommand } from './commands/district.js';
import { registerReportCommand } from './commands/report.js';
import { registerCampaignCommands } from './commands/campaign.js';
import { registerExportCommands } from './commands/export.js';
import { registerBackupCommands } from './commands/backup.js';
import { registerCalculateCommand } from './commands/calculate.js';
import { registerRunsCommands } from './commands/runs.js';
import { registerTrendsCommands } from './commands/trends.js';
import { registerServeCommand } from './commands/serve.js';
import { registerMcpCommand } from './commands/mcp.js';
import { reportError } from './report-error.js';
import { LCT_VERSION } from '../paths.js';

const program = new Command();
program
  .name('lct')
  .description(
    'Learning Connection Time: minutes of individual attention per student per day, for every U.S. school district.',
  )
  .version(LCT_VERSION, '-V, --version', 'print the lct version')
  .option('--debug', 'show stack traces on errors')
  .option('--memory', 'use a throwaway in-memory embedded database')
  .option('--data-dir <dir>', 'embedded database folder (default: $LCT_DATA_DIR or ./.lct/pgdata)')
  .showHelpAfterError()
  .exitOverride();

registerStartCommand(program);
registerDbCommands(program);
registerSqlCommand(program);
registerImportCommands(program);
registerDemoDataCommand(program);
registerFetchCommands(program);
registerCandidatesCommand(program);
registerProgressCommand(program);
registerBellScheduleCommands(program);
registerSummaryCommand(program);
registerDistrictCommand(program);
registerReportCommand(program);
registerCampaignCommands(program);
registerExportCommands(program);
registerBackupCommands(program);
registerCalculateCommand(program);
registerRunsCommands(program);
registerTrendsCommands(program);
registerServeCommand(program);
registerMcpCommand(program);

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
