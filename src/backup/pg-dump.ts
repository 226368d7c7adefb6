/**
 * `--format pg_dump` on a PostgreSQL server: the usual `pg_dump … > backup.sql` and `psql … < backup.sql`,
 * run for you. The whole database is dumped as a plain SQL script (schema and data); with --table, the
 * data of those tables only. Restores run psql in one transaction that stops at the first error. Dumps
 * from PostgreSQL 18 carry `SET transaction_timeout = 0;`, which 15 and 16 reject: that line is dropped.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { Transform, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { Database } from '../db/database.js';
import type { PostgresDatabase } from '../db/postgres-engine.js';
import { escapeIdentifier } from 'pg';
import { refreshMaterializedViews } from '../db/refresh-views.js';
import { LctError } from '../errors.js';
import { selectDataTables } from '../db/table-catalog.js';
import { nonEmptyTables, refuseToOverwrite } from './overwrite-guard.js';

export const CLIENT_INSTALL_HINT =
  'Install the PostgreSQL client tools (apt-get install postgresql-client on Debian/Ubuntu, dnf install postgresql on Fedora, brew install libpq on macOS), or use the portable format: leave out --format pg_dump';

/** The lines a newer server's dump holds that older servers reject. */
const UNPORTABLE_LINES = new Set(['SET transaction_timeout = 0;']);

function serverConnection(db: Database, what: string, hint: string): { url: string; env: NodeJS.ProcessEnv } {
  if (db.engine !== 'postgres')
    throw new LctError(
      `${what} needs a PostgreSQL server (DATABASE_URL); the embedded database uses the portable format.`,
      hint,
    );
  const url = new URL((db as PostgresDatabase).options.url);
  // The password goes to the tool through its environment, not its command line (visible in `ps`).
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...(url.password ? { PGPASSWORD: decodeURIComponent(url.password) } : {}),
  };
  url.password = '';
  return { url: url.toString(), env };
}

/** The tool's major version; a clear error when it is not installed. */
export function clientToolVersion(tool: 'pg_dump' | 'psql'): number {
  const result = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new LctError(`${tool} is not installed (not found on PATH).`, CLIENT_INSTALL_HINT);
    throw new LctError(`Cannot run ${tool}: ${result.error.message}.`, CLIENT_INSTALL_HINT);
  }
  return Number(/(\d+)(?:\.\d+)?/.exec(result.stdout)?.[1] ?? 0);
}

function run(
  tool: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  input?: Readable,
): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: [input ? 'pipe' : 'ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
    if (input) {
      input.on('error', (error) => child.kill() && reject(error));
      child.stdin!.on('error', () => undefined); // psql exits early on the first error: not our error
      input.pipe(child.stdin!);
    }
  });
}

export async function backupWithPgDump(
  db: Database,
  file: string,
  options: { tables?: readonly string[] } = {},
): Promise<{ file: string; bytes: number; tables: string[] }> {
  const { url, env } = serverConnection(db, '--format pg_dump', 'Leave out --format pg_dump: lct backup <file>');
  const clientMajor = clientToolVersion('pg_dump');
  const tables = options.tables?.length ? (await selectDataTables(db, options.tables)).map((t) => t.name) : [];
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.partial`;
  const args = ['--no-owner', '--no-privileges', '--format=plain', `--file=${partial}`];
  if (tables.length) args.push('--data-only', ...tables.map((t) => `--table=${escapeIdentifier(t)}`));
  args.push(`--dbname=${url}`);
  const { code, stderr } = await run('pg_dump', args, env);
  if (code !== 0) {
    fs.rmSync(partial, { force: true });
    const server = /server version: (\d+)/.exec(stderr)?.[1];
    if (server) {
      throw new LctError(
        `pg_dump ${clientMajor} cannot dump a PostgreSQL ${server} server (pg_dump must be at least the server's version).`,
        `Install the PostgreSQL ${server} client (apt-get install postgresql-client-${server}), or use the portable format: leave out --format pg_dump`,
      );
    }
    throw new LctError(`pg_dump failed: ${stderr.trim().split('\n')[0]}`);
  }
  fs.renameSync(partial, file);
  return { file, bytes: fs.statSync(file).size, tables };
}

/** What a plain dump holds: schema and data, or data only; and which tables' data. */
async function describeDump(file: string): Promise<{ dataOnly: boolean; tables: string[] }> {
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  let schema = false;
  const tables: string[] = [];
  for await (const line of lines) {
    if (line.startsWith('CREATE TABLE ')) schema = true;
    const copy = /^COPY (?:public\.)?"?([\w]+)"? /.exec(line);
    if (copy) tables.push(copy[1]!);
  }
  return { dataOnly: !schema, tables };
}

function dropUnportableLines(): Transform {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  const keep = (line: string) => !UNPORTABLE_LINES.has(line.replace(/\r$/, ''));
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const lines = (rest + decoder.write(chunk)).split('\n');
      rest = lines.pop()!;
      done(
        null,
        lines
          .filter(keep)
          .map((l) => `${l}\n`)
          .join(''),
      );
    },
    flush(done) {
      const last = rest + decoder.end();
      done(null, last && keep(last) ? last : '');
    },
  });
}

export async function restoreWithPsql(
  db: Database,
  file: string,
  options: { force?: boolean } = {},
): Promise<{ file: string; format: 'pg_dump'; tables: { name: string; rows: number }[] }> {
  const { url, env } = serverConnection(
    db,
    `${file} is a pg_dump script; restoring it`,
    'Set DATABASE_URL to a PostgreSQL server to restore it there, or restore a portable backup (written by lct backup without --format) into the embedded database.',
  );
  clientToolVersion('psql');
  const dump = await describeDump(file);
  const migrated = (
    await db.query<{ present: boolean }>(`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`)
  ).rows[0]!.present;
  const known = migrated ? (await selectDataTables(db)).map((t) => t.name) : [];
  const replaced = dump.dataOnly ? dump.tables : known;
  const occupied = await nonEmptyTables(
    db,
    replaced.filter((t) => known.includes(t)),
  );
  if (occupied.length > 0 && !options.force) throw refuseToOverwrite(file, occupied);
  const args = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction'];
  if (dump.dataOnly) {
    const tables = dump.tables.map(escapeIdentifier);
    // Audit triggers off, so the audit trail is not filled with the restore itself.
    args.push(
      '-c',
      [
        ...tables.map((t) => `ALTER TABLE ${t} DISABLE TRIGGER USER;`),
        occupied.length ? `TRUNCATE ${tables.join(', ')};` : '',
      ].join(' '),
    );
    args.push('-f', '-');
    // The per-state totals and the input years follow their tables through triggers, off while loading.
    const rebuild =
      (dump.tables.includes('districts') ? ' SELECT public.rebuild_state_district_totals();' : '') +
      (dump.tables.some((t) => t === 'grade_level_enrollment' || t === 'grade_level_staffing')
        ? ' SELECT public.rebuild_input_years();'
        : '');
    args.push('-c', tables.map((t) => `ALTER TABLE public.${t} ENABLE TRIGGER USER;`).join(' ') + rebuild);
  } else {
    args.push('-c', 'DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;', '-f', '-');
  }
  args.push(`--dbname=${url}`);
  const { code, stderr } = await run('psql', args, env, fs.createReadStream(file).pipe(dropUnportableLines()));
  if (code !== 0) {
    const first =
      stderr
        .trim()
        .split('\n')
        .find((l) => /ERROR/.test(l)) ?? stderr.trim().split('\n')[0];
    throw new LctError(`psql stopped at the first error: ${first} Nothing was restored; the database is as it was.`);
  }
  await refreshMaterializedViews(db);
  const counts: { name: string; rows: number }[] = [];
  for (const name of dump.tables) {
    counts.push({
      name,
      rows: (await db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM ${escapeIdentifier(name)}`)).rows[0]!.n,
    });
  }
  return { file, format: 'pg_dump', tables: counts };
}
