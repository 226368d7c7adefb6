/** Small helpers for `npm run bench`: timing, fresh databases on both engines, a results table. */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Database } from '../src/db/database.js';
import { PgliteDatabase } from '../src/db/pglite-engine.js';
import { PostgresDatabase } from '../src/db/postgres-engine.js';
import { migrate } from '../src/db/migrate.js';
import { PACKAGE_ROOT } from '../src/paths.js';

export const ADMIN_URL = process.env.LCT_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const CLI = path.join(PACKAGE_ROOT, 'dist', 'src', 'cli', 'main.js');
export const REAL_DATA = path.resolve(PACKAGE_ROOT, 'data', 'real');

export interface BenchResult {
  name: string;
  measured: string;
  baseline?: string;
  ratio?: number;
  target?: string;
  pass?: boolean;
}

export async function time<T>(fn: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { seconds: (performance.now() - start) / 1000, value };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Runs the CLI and returns its wall time; throws when it fails. */
export function timeCli(args: string[], env: NodeJS.ProcessEnv = {}): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`lct ${args.join(' ')} failed: ${result.stderr}`);
  return seconds;
}

export interface BenchDatabase {
  db: Database;
  url?: string;
  name?: string;
  drop(): Promise<void>;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function serverDatabase(options: { migrated?: boolean } = {}): Promise<BenchDatabase> {
  const name = `lct_bench_${crypto.randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const db = new PostgresDatabase({ url: url.toString(), poolSize: 5, acquireTimeoutMs: 30_000 });
  if (options.migrated ?? true) await migrate(db);
  return {
    db,
    url: url.toString(),
    name,
    drop: async () => {
      await db.close();
      await admin(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    },
  };
}

export async function embeddedDatabase(
  dataDir: string | null = null,
  options: { migrated?: boolean } = {},
): Promise<BenchDatabase> {
  const db = await PgliteDatabase.open(dataDir);
  if (options.migrated ?? true) await migrate(db);
  return { db, drop: () => db.close() };
}

/** What the figures were measured on: CPU, cores, memory, OS, Node, the engines' versions, the load. */
export async function describeMachine(): Promise<string> {
  const cpus = os.cpus();
  const pglite = JSON.parse(
    fs.readFileSync(path.join(PACKAGE_ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8'),
  ) as { version: string };
  let server = 'no PostgreSQL server';
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    const version = (await client.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0]!.v;
    server = `PostgreSQL ${version.split(' ')[0]} server`;
  } catch {
    // The groups that need a server will say so themselves.
  } finally {
    await client.end().catch(() => undefined);
  }
  return [
    `${cpus[0]?.model.trim() ?? 'unknown CPU'} × ${cpus.length} cores`,
    `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `${os.type()} ${os.release()}`,
    `Node ${process.version}`,
    server,
    `PGlite ${pglite.version}`,
    `load average ${os.loadavg()[0]!.toFixed(1)} at the start`,
  ].join(', ');
}

/**
 * The results as a Markdown table for docs/performance.md, headed by the date, the machine and the command
 * that produced them.
 */
export function formatMarkdown(
  results: BenchResult[],
  heading: { date: Date; machine: string; command: string },
): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = results.map((r) =>
    [r.name, r.measured, r.baseline ?? '', r.ratio !== undefined ? `${r.ratio.toFixed(2)}×` : '', r.target ?? '']
      .map(cell)
      .join(' | '),
  );
  return [
    `${heading.date.toISOString().slice(0, 10)}, ${heading.machine}: \`${heading.command}\``,
    '',
    '| benchmark | measured | baseline (same run) | ratio | target |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`),
  ].join('\n');
}

export function formatResults(results: BenchResult[]): string {
  const rows = results.map((r) => [
    r.name,
    r.measured,
    r.baseline ?? '',
    r.ratio !== undefined ? `${r.ratio.toFixed(2)}×` : '',
    r.target ?? '',
    r.pass === undefined ? '' : r.pass ? 'ok' : 'MISSED',
  ]);
  const header = ['benchmark', 'measured', 'baseline', 'ratio', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
