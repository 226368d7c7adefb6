/**
 * API benchmark on the server engine: a 17,800-district demo database (lct demo-data, imported and
 * calculated), `lct serve` in a child process, autocannon in another (bench/api-client.ts), both on this
 * machine's 2 cores. Target (issue 6): GET /api/districts/:id ≥ 2,000 requests/s with p99 ≤ 20 ms.
 * Reported: the district route over all 17,800 ids, the first pass (every answer computed), then again
 * (cached answers, each request a commit-state check), and with the cache off (`lct serve --no-cache`);
 * /api/lct?per_page=100 and /api/lct/summary?group_by=state (cached).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeDemoData } from '../src/demo/demo-data.js';
import { importPaths } from '../src/import/run-import.js';
import { calculate } from '../src/calculate/calculate.js';
import { type BenchResult, serverDatabase, time } from './lib.js';
import { runLoadProcess, startServeProcess } from './serve-process.js';
import type { LoadResult } from './api-client.js';

const DISTRICTS = 17_800;
const YEAR = '2023-24';
const DURATION = 10;
const CONNECTIONS = 10;
const TARGET_RPS = 2000;
const TARGET_P99_MS = 20;

/** A deterministic shuffle, so the ids are not asked in index order. */
function shuffled<T>(items: T[], seed = 42): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const figure = (r: LoadResult) =>
  `${r.rps.toLocaleString('en-US')} req/s, p99 ${r.p99_ms} ms${r.non2xx || r.errors ? `, ${r.non2xx} non-2xx, ${r.errors} errors` : ''}`;

export async function benchApi(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lct-bench-api-'));
  const server = await serverDatabase();
  try {
    const built = await time(async () => {
      writeDemoData(path.join(dir, 'demo'), { districts: DISTRICTS, year: YEAR });
      await importPaths(server.db, [path.join(dir, 'demo')]);
      await calculate(server.db, { year: YEAR, outDir: false });
    });
    // Settle autovacuum first: its ANALYZE transactions would change the commit state during the runs.
    await server.db.query('VACUUM ANALYZE');
    console.error(`  demo database: ${DISTRICTS} districts imported and calculated in ${built.seconds.toFixed(1)} s`);
    const ids = shuffled(
      (await server.db.query<{ nces_id: string }>('SELECT nces_id FROM districts ORDER BY nces_id')).rows.map(
        (r) => r.nces_id,
      ),
    );
    const env = { DATABASE_URL: server.url, LCT_API_TOKEN: '' };

    const serve = await startServeProcess(env);
    try {
      const load = (paths: string[], duration = DURATION, amount?: number) =>
        runLoadProcess({ url: serve.url, duration, amount, connections: CONNECTIONS, paths }, dir);
      const districtPaths = (some: string[]) => some.map((id) => `/api/districts/${id}`);
      // Warm the server up (JIT, each pooled connection's prepared plan) on the 6-digit forms of the ids:
      // the same work, other cache keys.
      await load(
        ids.filter((id) => id.startsWith('0')).map((id) => `/api/districts/${id.slice(1)}`),
        3,
      );
      // The first pass over every id: each answer computed (the cache holds none yet); then all of them again.
      const first = await load(districtPaths(ids), 0, ids.length);
      const warm = await load(districtPaths(ids));
      const target = `≥ ${TARGET_RPS.toLocaleString('en-US')} req/s, p99 ≤ ${TARGET_P99_MS} ms`;
      const meets = (r: LoadResult) =>
        r.rps >= TARGET_RPS && r.p99_ms <= TARGET_P99_MS && r.non2xx === 0 && r.errors === 0;
      results.push({
        name: 'GET /api/districts/:id, 17,800 ids, cache warm',
        measured: figure(warm),
        target,
        pass: meets(warm),
      });
      results.push({
        name: 'GET /api/districts/:id, first pass over the 17,800 ids',
        measured: figure(first),
        target,
        pass: meets(first),
      });
      for (const [name, p] of [
        ['GET /api/lct?per_page=100', '/api/lct?per_page=100'],
        ['GET /api/lct/summary?group_by=state', '/api/lct/summary?group_by=state'],
      ] as const) {
        await load([p], 2);
        results.push({ name, measured: figure(await load([p])) });
      }
    } finally {
      await serve.stop();
    }

    const noCache = await startServeProcess(env, { serveArgs: ['--no-cache'] });
    try {
      const r = await runLoadProcess(
        {
          url: noCache.url,
          duration: DURATION,
          connections: CONNECTIONS,
          paths: ids.map((id) => `/api/districts/${id}`),
        },
        dir,
      );
      results.push({
        name: 'GET /api/districts/:id, lct serve --no-cache',
        measured: figure(r),
        target: `≥ ${TARGET_RPS.toLocaleString('en-US')} req/s, p99 ≤ ${TARGET_P99_MS} ms`,
        pass: r.rps >= TARGET_RPS && r.p99_ms <= TARGET_P99_MS,
      });
    } finally {
      await noCache.stop();
    }
  } finally {
    await server.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
