/**
 * `npm run bench -- dashboard`: the dashboard's first render on a 17,800-district demo database on the
 * server: from navigation start to the map drawn with ≥ 50 filled state paths (the `lct:map-drawn`
 * performance mark, checked against the DOM), in headless Chromium (CHROME_PATH or a system one, bench/chromium.ts; via playwright-core),
 * each load in a new browser context (empty HTTP cache). Measured with the API's response cache off (every
 * load runs its queries) and on (the default: repeated loads are answered from memory).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_HINT, IN_CI, findChromium } from './chromium.js';
import { writeDemoData } from '../src/demo/demo-data.js';
import { importPaths } from '../src/import/run-import.js';
import { calculate } from '../src/calculate/calculate.js';
import { startServer } from '../src/api/index.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { firstRender } from './first-render.js';
import { median, serverDatabase, type BenchResult } from './lib.js';

const DISTRICTS = 17_800;
const ROUNDS = 7;
const TARGET_MS = 1500;

interface Load {
  /** Navigation start → map drawn with ≥ 50 filled paths. */
  mapMs: number;
  /** The state summary request (the map's data), request start → response end. */
  summaryMs: number;
  /** app.js, request start → response end. */
  scriptMs: number;
}

function firstMapRender(browser: Browser, url: string): Promise<Load> {
  return firstRender(browser, url, {
    timeoutMs: 30_000,
    read: () => {
      const resource = (part: string) => {
        const r = performance.getEntriesByType('resource').find((e) => e.name.includes(part)) as
          PerformanceResourceTiming | undefined;
        return r ? r.responseEnd - r.startTime : NaN;
      };
      return {
        mapMs: performance.getEntriesByName('lct:map-drawn')[0]!.startTime,
        summaryMs: resource('group_by=state'),
        scriptMs: resource('app.js'),
      };
    },
  });
}

async function measure(browser: Browser, url: string): Promise<Load[]> {
  const loads: Load[] = [];
  for (let i = 0; i < ROUNDS; i++) loads.push(await firstMapRender(browser, url));
  return loads;
}

export async function benchDashboard(): Promise<BenchResult[]> {
  const chromiumPath = findChromium();
  if (chromiumPath.path === null) {
    const why = `${chromiumPath.missing}: ${CHROMIUM_HINT}`;
    if (IN_CI) throw new Error(`CI is set and the dashboard bench cannot run: ${why}`);
    console.error(`dashboard bench skipped: ${why}`);
    return [{ name: 'dashboard first render', measured: `skipped: ${chromiumPath.missing}` }];
  }
  if (!fs.existsSync(path.join(PACKAGE_ROOT, 'dist', 'web', 'index.html')))
    throw new Error('dist/web is not built: run npm run build');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lct-bench-dashboard-'));
  const server = await serverDatabase();
  let browser: Browser | null = null;
  try {
    console.error(`  writing and importing ${DISTRICTS} demo districts, calculating…`);
    writeDemoData(dir, { districts: DISTRICTS });
    await importPaths(server.db, [dir]);
    await calculate(server.db, { year: '2023-24', outDir: false });
    browser = await chromium.launch({ executablePath: chromiumPath.path });
    const results: BenchResult[] = [];
    for (const cache of [false, true]) {
      const api = await startServer(server.db, { port: 0, cache, token: null });
      try {
        const loads = await measure(browser, `${api.url}/`);
        // The first load of each server warms the engine's plans (and, with the cache on, fills it).
        const first = loads[0]!;
        const rest = loads.slice(1);
        const map = median(rest.map((l) => l.mapMs));
        const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
        const detail = `state summary ${median(rest.map((l) => l.summaryMs)).toFixed(0)} ms, app.js ${median(rest.map((l) => l.scriptMs)).toFixed(0)} ms`;
        console.error(
          `  API cache ${cache ? 'on' : 'off'}: first ${fmt(first.mapMs)}, then ${rest.map((l) => l.mapMs.toFixed(0)).join(', ')} ms (${detail})`,
        );
        results.push({
          name: `dashboard first render, ${DISTRICTS} districts, server, API cache ${cache ? 'on' : 'off'} (median of ${rest.length}; first load)`,
          measured: `${fmt(map)} (first ${fmt(first.mapMs)}; ${detail})`,
          target: '≤ 1.5 s',
          pass: map <= TARGET_MS && first.mapMs <= TARGET_MS,
        });
      } finally {
        await api.close(1000);
      }
    }
    return results;
  } finally {
    await browser?.close();
    await server.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
