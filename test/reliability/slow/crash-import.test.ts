/**
 * Crash during import: SIGKILL the importer at several points of a national-size import, on both
 * engines. Afterwards the database opens, holds exactly what it held before, and re-running the
 * import completes.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../../helpers/cli.js';
import { createServerDatabase } from '../../helpers/databases.js';
import { tempDir } from '../../helpers/ccd-fixture.js';
import { writeDemoData } from '../../../src/demo/demo-data.js';
import { openDatabase } from '../../../src/db/open.js';

const KILL_AFTER_MS = [1500, 4000, 9000, 16000];

const SNAPSHOT = `SELECT string_agg(t || ':' || n || ':' || h, ' ' ORDER BY t) AS snapshot FROM (
  SELECT 'districts' AS t, count(*) AS n, md5(coalesce(string_agg(d::text, '|' ORDER BY nces_id), '')) AS h FROM districts d
  UNION ALL SELECT 'enrollment', count(*), md5(coalesce(string_agg(e::text, '|' ORDER BY nces_id, year, grade), '')) FROM grade_level_enrollment e
  UNION ALL SELECT 'staffing', count(*), md5(coalesce(string_agg(s::text, '|' ORDER BY nces_id, year, category), '')) FROM grade_level_staffing s
  UNION ALL SELECT 'bell', count(*), md5(coalesce(string_agg(b::text, '|' ORDER BY id), '')) FROM bell_schedules b
  UNION ALL SELECT 'states', count(*), md5(coalesce(string_agg(r::text, '|' ORDER BY state_code), '')) FROM state_requirements r
  UNION ALL SELECT 'lineage', count(*), '' FROM data_lineage) s`;

function killAfter(args: string[], env: NodeJS.ProcessEnv, ms: number): Promise<{ killed: boolean; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', code });
    });
  });
}

async function snapshot(env: Record<string, string | undefined>): Promise<string> {
  const db = await openDatabase(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.LCT_DATA_DIR });
  try {
    return (await db.query<{ snapshot: string }>(SNAPSHOT)).rows[0]!.snapshot;
  } finally {
    await db.close();
  }
}

describe('SIGKILL during a national-size import', () => {
  let dir: string;
  let data: string;
  beforeAll(() => {
    dir = tempDir('lct-crash-');
    data = path.join(dir, 'demo');
    writeDemoData(data, { districts: 17_800 });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const engine of ['pglite', 'postgres'] as const) {
    it(`on ${engine}: the database holds exactly what it held before, and a re-run completes`, async () => {
      const server = engine === 'postgres' ? await createServerDatabase() : null;
      const env = server ? { DATABASE_URL: server.url } : { DATABASE_URL: undefined, LCT_DATA_DIR: path.join(dir, 'pgdata') };
      try {
        expect((await runCli(['db', 'migrate'], env)).code).toBe(0);
        // Something already in the database, which every crash must leave as it was.
        expect((await runCli(['import', 'state-requirements', path.join(data, 'state-requirements.yaml')], env)).code).toBe(0);
        const before = await snapshot(env);
        let kills = 0;
        for (const ms of KILL_AFTER_MS) {
          const run = await killAfter(['import', 'all', data], env, ms);
          if (!run.killed) break; // the import finished before this kill point
          kills++;
          expect(await snapshot(env), `after a kill at ${ms} ms`).toBe(before);
        }
        expect(kills).toBeGreaterThanOrEqual(2);
        const rerun = await runCli(['import', 'all', data, '--json'], env);
        expect(rerun.code, rerun.stderr).toBe(0);
        const summary = JSON.parse(rerun.stdout) as { files: { table: string; inserted: number }[] };
        expect(summary.files.find((f) => f.table === 'districts')!.inserted).toBe(17_800);
        expect(await snapshot(env)).not.toBe(before);
      } finally {
        await server?.drop();
      }
    });
  }
});
