/** `lct mcp`: the database as a Model Context Protocol server over stdio, for AI assistants (src/mcp). */
import fs from 'node:fs';
import type { Command } from 'commander';
import { configOverrides } from '../context.js';
import { parsePositiveInteger } from '../parse.js';
import { LctError } from '../../errors.js';

interface McpOptions {
  allowWrites?: boolean;
  queryTimeout: number;
  rowLimit: number;
}

export function registerMcpCommand(program: Command): void {
  program
    .command('mcp')
    .description('Serve the database to AI assistants: a Model Context Protocol server on stdin/stdout')
    .option('--allow-writes', 'allow the tools that change data (add a bell schedule, claim or release a district)')
    .option(
      '--query-timeout <ms>',
      'the query tool stops a statement after this many milliseconds',
      parsePositiveInteger,
      5000,
    )
    .option('--row-limit <n>', 'the query tool returns at most this many rows', parsePositiveInteger, 1000)
    .action(async (opts: McpOptions, command: Command) => {
      const { resolveEngineConfig } = await import('../../config.js');
      const overrides = configOverrides(command);
      if (overrides.memory)
        throw new LctError(
          'lct mcp serves a database that holds data; a throwaway --memory database holds none.',
          'Drop --memory: lct mcp uses $LCT_DATA_DIR (or --data-dir), or DATABASE_URL.',
        );
      const config = resolveEngineConfig(overrides);
      if (config.engine === 'pglite' && !fs.existsSync(config.dataDir!))
        throw new LctError(
          `There is no embedded database at ${config.dataDir}.`,
          'Set LCT_DATA_DIR to the absolute path of the folder lct start made (its .lct/pgdata), or DATABASE_URL to a server; or create one here: lct start',
        );
      const { openDatabase } = await import('../../db/open.js');
      const { serveStdio } = await import('../../mcp/server.js');
      // Interruptible: the query tool's timeout really stops a statement, on the embedded engine too.
      const db = await openDatabase(config, { interruptible: true });
      try {
        await serveStdio(db, {
          allowWrites: opts.allowWrites,
          queryTimeoutMs: opts.queryTimeout,
          rowLimit: opts.rowLimit,
        });
      } finally {
        await db.close();
      }
    });
}
