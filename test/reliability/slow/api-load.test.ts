/**
 * 20,000 requests of mixed load on a real `lct serve` (a child process, server engine, 3,000 demo districts,
 * calculated): reads of every kind and authorized bell-schedule writes from autocannon in another
 * process, on loopback. A number of requests rather than a number of seconds: a slower or busier machine
 * takes longer over the same work instead of covering less. No 5xx, no socket errors, the server's memory flat (RSS at the end close to RSS
 * after a warm-up), and every acknowledged write present afterwards, recorded under the token's name.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_SERVER, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { tempDir } from '../../helpers/ccd-fixture.js';
import { writeDemoData } from '../../../src/demo/demo-data.js';
import { importPaths } from '../../../src/import/run-import.js';
import { calculate } from '../../../src/calculate/calculate.js';
import { tokenName } from '../../../src/api/auth.js';
import { type ServeProcess, rssMiB, runLoadProcess, startServeProcess } from '../../../bench/serve-process.js';
import type { AcknowledgedWrite, LoadPlan, LoadResult } from '../../../bench/api-client.js';

const DISTRICTS = 3000;
const TOKEN = 'load-test-token-5f2c9a7e1d3b4c6a';
const WARMUP_REQUESTS = 3_000;
const LOAD_REQUESTS = 20_000;
const CONNECTIONS = 12;
const WRITE_EVERY = 10;
// Years the demo data has no schedules for: every write adds a new schedule (201), none updates one.
const YEARS = ['2027-28', '2028-29', '2029-30', '2030-31'];

describe.runIf(HAS_SERVER)('API under 20,000 mixed reads and writes (server, lct serve in a child process)', () => {
  let t: TestDatabase;
  let dir: string;
  let serve: ServeProcess | null = null;
  let districts: string[];
  let states: string[];

  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    dir = tempDir('lct-api-load-');
    writeDemoData(path.join(dir, 'demo'), { districts: DISTRICTS, seed: 11 });
    await importPaths(t.db, [path.join(dir, 'demo')]);
    await calculate(t.db, { year: '2023-24', outDir: false });
    districts = (await t.db.query<{ nces_id: string }>('SELECT nces_id FROM districts ORDER BY md5(nces_id)')).rows.map(
      (r) => r.nces_id,
    );
    states = (await t.db.query<{ state: string }>('SELECT DISTINCT state FROM districts ORDER BY state')).rows.map(
      (r) => r.state,
    );
    const taken = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM bell_schedules WHERE year = ANY ($1)',
      [YEARS],
    );
    expect(taken.rows[0]!.n).toBe(0);
  });
  afterAll(async () => {
    await serve?.stop();
    await t?.destroy();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves every request, keeps memory flat, and loses no write', async () => {
    serve = await startServeProcess({ DATABASE_URL: t.url, LCT_API_TOKEN: TOKEN });
    const reads: string[] = [];
    for (let i = 0; i < 200; i++) {
      const id = districts[i % districts.length]!;
      const state = states[i % states.length]!;
      reads.push(
        `/api/districts/${id}`,
        `/api/districts/${id.replace(/^0/, '')}`,
        `/api/districts?state=${state}&per_page=20`,
        `/api/districts?q=${['spring', 'lake', 'county', '12'][i % 4]}`,
        `/api/campaign/candidates?state=${state}`,
      );
      if (i % 10 === 0) {
        reads.push(
          `/api/lct?per_page=100&page=${1 + (i % 7)}`,
          `/api/lct?state=${state}&valid=true`,
          `/api/lct/summary?group_by=state`,
          `/api/lct/summary?group_by=scope`,
          `/api/lct/histogram?bins=40&scope=all`,
          '/api/states',
          '/api/runs',
          '/health',
        );
      }
    }
    const logs = [path.join(dir, 'writes-warmup.json'), path.join(dir, 'writes-load.json')];
    const plan = (requests: number, log: string, first: number): LoadPlan => ({
      url: serve!.url,
      duration: 0,
      amount: requests,
      connections: CONNECTIONS,
      paths: reads,
      writes: { every: WRITE_EVERY, token: TOKEN, districts, years: YEARS, log, first },
    });

    const warmup = await runLoadProcess<LoadResult>(plan(WARMUP_REQUESTS, logs[0]!, 0), dir);
    const rssStart = rssMiB(serve.pid);
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(rssMiB(serve!.pid)), 5000);
    let load: LoadResult;
    try {
      load = await runLoadProcess<LoadResult>(plan(LOAD_REQUESTS, logs[1]!, warmup.writes_sent), dir);
    } finally {
      clearInterval(sampler);
    }
    const rssEnd = rssMiB(serve.pid);

    const acknowledged = logs.flatMap((log) => JSON.parse(fs.readFileSync(log, 'utf8')) as AcknowledgedWrite[]);
    const stored = await t.db.query<{
      district_id: string;
      year: string;
      grade_level: string;
      instructional_minutes: number;
    }>(
      `SELECT district_id, year, grade_level, instructional_minutes FROM bell_schedules WHERE created_by = 'api-load'`,
    );
    const byKey = new Map(
      stored.rows.map((r) => [`${r.district_id}/${r.year}/${r.grade_level}`, r.instructional_minutes]),
    );
    const missing = acknowledged.filter(
      (w) => byKey.get(`${w.district_id}/${w.year}/${w.grade_level}`) !== w.instructional_minutes,
    );
    const lineage = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM data_lineage WHERE table_name = 'bell_schedules' AND source = $1`,
      [`api:${tokenName(TOKEN)}`],
    );

    console.log(
      [
        `API load: ${LOAD_REQUESTS} requests after ${WARMUP_REQUESTS} to warm up, ${CONNECTIONS} connections, 1 write in ${WRITE_EVERY} requests, ${DISTRICTS} districts, server engine`,
        `  warm-up: ${warmup.requests} requests (${warmup.rps}/s), ${warmup.writes_acknowledged} writes, errors ${warmup.errors}, non-2xx ${warmup.non2xx}`,
        `  load: ${load.requests} requests (${load.rps}/s, p50 ${load.p50_ms} ms, p99 ${load.p99_ms} ms, max ${load.max_ms} ms), ${load.writes_acknowledged} writes acknowledged`,
        `  errors ${load.errors}, timeouts ${load.timeouts}, non-2xx ${load.non2xx}, status ${JSON.stringify(load.status)}`,
        `  server RSS: ${rssStart} MiB after warm-up, ${rssEnd} MiB at the end (samples ${samples.join(', ')} MiB)`,
        `  writes: ${acknowledged.length} acknowledged, ${stored.rowCount} stored, ${missing.length} missing; lineage rows under api:${tokenName(TOKEN)}: ${lineage.rows[0]!.n}`,
      ].join('\n'),
    );

    for (const r of [warmup, load]) {
      expect(r.errors).toBe(0);
      expect(r.timeouts).toBe(0);
      expect(r.non2xx).toBe(0);
    }
    expect(load.requests).toBeGreaterThanOrEqual(LOAD_REQUESTS);
    // About one request in WRITE_EVERY is a write (1,812 of 20,000 in one run: autocannon does not keep each
    // connection's sequence exactly); at least half that share, so that the writes are a real part of the load.
    expect(load.writes_acknowledged).toBeGreaterThanOrEqual(LOAD_REQUESTS / WRITE_EVERY / 2);
    expect(acknowledged.every((w) => w.status === 201)).toBe(true);
    expect(missing).toEqual([]);
    // Writes cut off by the end of the run may or may not have committed; nothing else is there.
    expect(stored.rowCount).toBeGreaterThanOrEqual(acknowledged.length);
    expect(stored.rowCount).toBeLessThanOrEqual(warmup.writes_sent + load.writes_sent);
    expect(lineage.rows[0]!.n).toBe(stored.rowCount);
    // Flat memory: the end within 25% (and at most 64 MiB) of what the server held after the warm-up.
    expect(rssEnd).toBeLessThanOrEqual(Math.min(rssStart * 1.25, rssStart + 64));
    expect(await serve.stop()).toBe(0);
    serve = null;
  });
});
