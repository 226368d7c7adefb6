/**
 * `npm run bench -- trend-web`: LCT across years as the API and the dashboard serve it, on the server engine at
 * eight national years (2016-17 to 2023-24: bench/national-year.ts's 2023-24 and seven earlier years derived
 * from it, each district's enrollment and staff moved by a stable ±10% a year, as bench/trends.ts builds them).
 *   - The dashboard's first render (navigation → map drawn, lct:map-drawn) with one year calculated, then with
 *     the eight: the ratio says what the years cost it; also when the national line chart stands (lct:trend-drawn).
 *     Headless Chromium, a new context per load, the API cache off (every load runs its queries).
 *   - GET /api/districts/:id/trend uncached (`lct serve --no-cache`, autocannon in a child process over every
 *     district id), beside GET /api/districts/:id the same way in the same run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { Database } from '../src/db/database.js';
import { calculate } from '../src/calculate/calculate.js';
import { calculateYears } from '../src/calculate/calculate-years.js';
import { startServer } from '../src/api/index.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { CHROMIUM_HINT, IN_CI, findChromium } from './chromium.js';
import { TREND_YEARS, deriveEarlierYears } from './trends.js';
import { firstRender } from './first-render.js';
import { type BenchResult, median, serverDatabase, time } from './lib.js';
import { NATIONAL_YEAR, loadNationalYear } from './national-year.js';
import { runLoadProcess, startServeProcess } from './serve-process.js';
import type { LoadResult } from './api-client.js';

const CHROMIUM = findChromium();
const ROUNDS = 7;
const RENDER_TARGET_MS = 1500;
const TREND_RPS_TARGET = 1000;
const CONNECTIONS = 10;
const DURATION = 10;

interface Render {
  mapMs: number;
  trendMs: number;
}

/** One first load: navigation start → the map drawn, and → the line chart drawn. */
function firstTrendRender(browser: Browser, url: string): Promise<Render> {
  return firstRender(browser, url, {
    marks: ['lct:trend-drawn'],
    timeoutMs: 60_000,
    read: () => ({
      mapMs: performance.getEntriesByName('lct:map-drawn')[0]!.startTime,
      trendMs: performance.getEntriesByName('lct:trend-drawn')[0]!.startTime,
    }),
  });
}

/** ROUNDS loads on a server with the API cache off; the first warms the plans and is reported apart. */
async function renders(browser: Browser, db: Database): Promise<{ first: Render; map: number; trend: number }> {
  const api = await startServer(db, { port: 0, cache: false, token: null });
  try {
    const loads: Render[] = [];
    for (let i = 0; i < ROUNDS; i++) loads.push(await firstTrendRender(browser, `${api.url}/`));
    const rest = loads.slice(1);
    return { first: loads[0]!, map: median(rest.map((l) => l.mapMs)), trend: median(rest.map((l) => l.trendMs)) };
  } finally {
    await api.close(1000);
  }
}

const rate = (r: LoadResult) =>
  `${r.rps.toLocaleString('en-US')}/s, p99 ${r.p99_ms} ms${r.non2xx || r.errors ? `, ${r.non2xx} non-2xx, ${r.errors} errors` : ''}`;

export async function benchTrendWeb(): Promise<BenchResult[]> {
  if (!fs.existsSync(path.join(PACKAGE_ROOT, 'dist', 'web', 'index.html')))
    throw new Error('dist/web is not built: run npm run build');
  const results: BenchResult[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lct-bench-trend-web-'));
  const server = await serverDatabase();
  const db = server.db;
  let browser: Browser | null = null;
  try {
    console.error('  loading the national year and calculating it…');
    await loadNationalYear(db);
    await calculate(db, { year: NATIONAL_YEAR, outDir: false });
    await db.query('VACUUM ANALYZE');
    const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const hasChromium = CHROMIUM.path !== null;
    if (!hasChromium && IN_CI) throw new Error(`CI is set and the dashboard renders cannot run: ${CHROMIUM.missing}`);
    let one: Awaited<ReturnType<typeof renders>> | null = null;
    if (hasChromium) {
      browser = await chromium.launch({ executablePath: CHROMIUM.path! });
      one = await renders(browser, db);
      console.error(
        `  one year: map ${fmt(one.map)}, line chart ${fmt(one.trend)} (first load ${fmt(one.first.mapMs)})`,
      );
    } else console.error(`  dashboard renders skipped: ${CHROMIUM.missing}: ${CHROMIUM_HINT}`);

    console.error(`  deriving ${TREND_YEARS.length - 1} earlier years and calculating all ${TREND_YEARS.length}…`);
    await deriveEarlierYears(db);
    const calculated = await time(() => calculateYears(db, { years: TREND_YEARS, outDir: false }));
    console.error(`  ${TREND_YEARS.length} years calculated in ${calculated.seconds.toFixed(1)} s`);
    await db.query('VACUUM ANALYZE');

    if (browser && one) {
      const eight = await renders(browser, db);
      console.error(
        `  eight years: map ${fmt(eight.map)}, line chart ${fmt(eight.trend)} (first load ${fmt(eight.first.mapMs)})`,
      );
      results.push({
        name: `dashboard first render, ${TREND_YEARS.length} national years, server, API cache off (median of ${ROUNDS - 1}; first load)`,
        measured: `${fmt(eight.map)} (first ${fmt(eight.first.mapMs)}); the line chart at ${fmt(eight.trend)}`,
        baseline: `${fmt(one.map)} with one year (line chart ${fmt(one.trend)})`,
        ratio: Math.round((eight.map / one.map) * 100) / 100,
        target: '≤ 1.5 s',
        pass: eight.map <= RENDER_TARGET_MS && eight.first.mapMs <= RENDER_TARGET_MS,
      });
    }

    const ids = (
      await db.query<{ nces_id: string }>('SELECT nces_id FROM districts ORDER BY hashtext(nces_id)')
    ).rows.map((r) => r.nces_id);
    const env = { DATABASE_URL: server.url, LCT_API_TOKEN: '', LCT_POOL_SIZE: String(CONNECTIONS) };
    const serve = await startServeProcess(env, { serveArgs: ['--no-cache'] });
    try {
      const load = (paths: string[], duration: number) =>
        runLoadProcess({ url: serve.url, duration, connections: CONNECTIONS, paths }, dir);
      // Warm up (JIT, each pooled connection's plans) on the 6-digit forms: the same work.
      const sixDigit = ids.filter((id) => id.startsWith('0')).map((id) => id.slice(1));
      await load(
        sixDigit.map((id) => `/api/districts/${id}/trend`),
        3,
      );
      const trend = await load(
        ids.map((id) => `/api/districts/${id}/trend`),
        DURATION,
      );
      await load(
        sixDigit.map((id) => `/api/districts/${id}`),
        3,
      );
      const profile = await load(
        ids.map((id) => `/api/districts/${id}`),
        DURATION,
      );
      results.push({
        name: `GET /api/districts/:id/trend, ${TREND_YEARS.length} years, ${ids.length.toLocaleString('en-US')} ids, lct serve --no-cache`,
        measured: rate(trend),
        baseline: `${rate(profile)} GET /api/districts/:id the same way`,
        ratio: Math.round((trend.rps / profile.rps) * 100) / 100,
        target: `≥ ${TREND_RPS_TARGET.toLocaleString('en-US')}/s`,
        pass: trend.rps >= TREND_RPS_TARGET && trend.non2xx === 0 && trend.errors === 0,
      });
    } finally {
      await serve.stop();
    }
  } finally {
    await browser?.close();
    await server.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
