/**
 * Which engine to use and how: `DATABASE_URL` selects a PostgreSQL server, otherwise the embedded
 * engine stores its data in `LCT_DATA_DIR` (default ./.lct/pgdata), or in memory with `--memory`.
 */
import os from 'node:os';
import path from 'node:path';
import { LctError } from './errors.js';

export type EngineConfig =
  | { engine: 'pglite'; dataDir: string | null }
  | { engine: 'postgres'; url: string; poolSize: number; acquireTimeoutMs: number; statementTimeoutMs?: number };

export interface ConfigOverrides {
  memory?: boolean;
  dataDir?: string;
  databaseUrl?: string;
}

export const DEFAULT_DATA_DIR = path.join('.lct', 'pgdata');
/** Like the original system's pool: 5 connections, 30 s to acquire one. */
export const DEFAULT_POOL_SIZE = 5;
export const DEFAULT_ACQUIRE_TIMEOUT_MS = 30_000;

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new LctError(`${name} must be a positive whole number, got "${raw}".`, `Fix or unset ${name}.`);
  }
  return value;
}

export function resolveEngineConfig(
  overrides: ConfigOverrides = {},
  env: NodeJS.ProcessEnv = process.env,
): EngineConfig {
  const url = overrides.databaseUrl ?? env.DATABASE_URL;
  if (overrides.memory) return { engine: 'pglite', dataDir: null };
  if (url) {
    const statementTimeoutMs = env.LCT_STATEMENT_TIMEOUT_MS
      ? positiveInt(env, 'LCT_STATEMENT_TIMEOUT_MS', 0)
      : undefined;
    return {
      engine: 'postgres',
      url,
      poolSize: positiveInt(env, 'LCT_POOL_SIZE', DEFAULT_POOL_SIZE),
      acquireTimeoutMs: positiveInt(env, 'LCT_POOL_TIMEOUT_MS', DEFAULT_ACQUIRE_TIMEOUT_MS),
      ...(statementTimeoutMs ? { statementTimeoutMs } : {}),
    };
  }
  return { engine: 'pglite', dataDir: path.resolve(overrides.dataDir ?? env.LCT_DATA_DIR ?? DEFAULT_DATA_DIR) };
}

/**
 * The root of lct's caches: `LCT_CACHE_DIR`, else `$XDG_CACHE_HOME/lct`, else `~/.cache/lct`. The
 * embedded engine's initdb template lives in `<root>/pglite`, fetched CCD archives in `<root>/ccd`.
 */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LCT_CACHE_DIR) return path.resolve(env.LCT_CACHE_DIR);
  const xdg = env.XDG_CACHE_HOME;
  // The XDG rule: a relative XDG_CACHE_HOME is invalid and ignored.
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache');
  return path.join(base, 'lct');
}
