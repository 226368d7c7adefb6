/**
 * `lct serve [--port 8080] [--host 127.0.0.1]`: the HTTP API and the dashboard, on either engine (on the
 * embedded one this process holds the data folder while it serves). Stops gracefully on SIGINT/SIGTERM:
 * no new connections, requests in progress finish, then the database is closed.
 */
import type { Command } from 'commander';
import { withDatabase } from '../context.js';
import { parseNonNegativeInteger, parsePositiveInteger } from '../parse.js';

interface ServeOptions {
  port: number;
  host: string;
  cache: boolean;
  cacheMib: number;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Serve the HTTP API and the dashboard (writes need LCT_API_TOKEN)')
    .option('--port <n>', 'port to listen on (0: any free port)', parseNonNegativeInteger, 8080)
    .option('--host <host>', 'address to listen on (0.0.0.0: every interface)', '127.0.0.1')
    .option('--no-cache', 'answer every read from the database (no response cache)')
    .option('--cache-mib <n>', 'the most memory the response cache uses, MiB', parsePositiveInteger, 128)
    .action(async (opts: ServeOptions, command: Command) => {
      await withDatabase(command, async (db) => {
        const { startServer } = await import('../../api/server.js');
        const token = process.env.LCT_API_TOKEN?.trim() || null;
        const running = await startServer(db, {
          port: opts.port,
          host: opts.host,
          token,
          cache: opts.cache,
          cacheMiB: opts.cacheMib,
        });
        const engine =
          db.engine === 'pglite' ? `embedded database at ${db.location}` : `PostgreSQL server ${db.location}`;
        console.log(`lct serve: ${running.url}  (${engine})`);
        console.log(`  dashboard ${running.url}/   API docs ${running.url}/docs   health ${running.url}/health`);
        if (!token) console.log('  writes are disabled: set LCT_API_TOKEN to accept POST /api/bell-schedules');
        else if (token.length < 16)
          console.log(
            '  warning: LCT_API_TOKEN is shorter than 16 characters; use a long random one (openssl rand -hex 32)',
          );
        else {
          const { tokenName } = await import('../../api/auth.js');
          console.log(`  writes need the token; lineage records them as api:${tokenName(token)}`);
        }
        console.log('  Ctrl-C to stop');
        await new Promise<void>((resolve) => {
          const stop = (signal: NodeJS.Signals) => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            console.log(`lct serve: ${signal}, stopping…`);
            void running.close().then(resolve);
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
        console.log('lct serve: stopped');
      });
    });
}
