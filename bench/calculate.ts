/**
 * Calculation benchmarks on a national year (17.8K real districts, see national-year.ts), on the server
 * and on the embedded engine: a full run (seven scopes, flags, hashes, all outputs written, views
 * refreshed) against the bare INSERT … SELECT of the same seven scopes (bare-calculation.ts); a
 * no-change incremental run; the peak RSS of `lct calculate` in a child process.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../src/db/database.js';
import { calculate } from '../src/calculate/calculate.js';
import { applyRunSettings } from '../src/calculate/run-settings.js';
import { STAFF_SCOPES } from '../src/domain/scopes.js';
import { type BenchResult, CLI, embeddedDatabase, median, serverDatabase, time } from './lib.js';
import { NATIONAL_YEAR, loadNationalYear } from './national-year.js';
import { BARE_TABLE, createBareTable, runBareCalculation } from './bare-calculation.js';

const SEVEN_SCOPES = STAFF_SCOPES.map((s) => s.scope);

interface EngineTargets {
  label: string;
  fullRatio: number;
  repeats: number;
}

async function measure(db: Database, tmp: string, target: EngineTargets): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const bare: number[] = [];
  const full: number[] = [];
  let lastRun = '';
  for (let i = 0; i < target.repeats; i++) {
    await createBareTable(db);
    // The same session settings as a run (no JIT, the same work_mem), so that only the work differs.
    bare.push(
      (
        await time(() =>
          db.transaction(async (tx) => {
            await applyRunSettings(tx, db.engine);
            return runBareCalculation(tx, NATIONAL_YEAR);
          }),
        )
      ).seconds,
    );
    const run = await time(() =>
      calculate(db, { year: NATIONAL_YEAR, scopes: SEVEN_SCOPES, outDir: path.join(tmp, `${target.label}-${i}`) }),
    );
    full.push(run.seconds);
    lastRun = run.value.run_id;
  }
  const ratio = median(full) / median(bare);
  results.push({
    name: `full run, national year, 7 scopes + flags + outputs (${target.label})`,
    measured: `${median(full).toFixed(2)} s`,
    baseline: `${median(bare).toFixed(2)} s bare INSERT … SELECT`,
    ratio,
    target: `≤ ${target.fullRatio}×`,
    pass: ratio <= target.fullRatio,
  });
  // The baseline computes the same values: a check that the comparison is like for like.
  const differing = (
    await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM lct_calculations c FULL JOIN ${BARE_TABLE} b USING (district_id, scope)
       WHERE (c.run_id = $1 OR c.run_id IS NULL) AND (c.valid OR c.valid IS NULL) AND c.lct_value IS DISTINCT FROM b.lct_value
         AND (b.lct_value IS NULL OR b.lct_value > 0 AND b.lct_value <= 360)`,
      [lastRun],
    )
  ).rows[0]!.n;
  results.push({
    name: `baseline gives the engine's values for every valid row (${target.label})`,
    measured: `${differing} differing`,
    pass: differing === 0,
  });

  const unchanged: number[] = [];
  for (let i = 0; i < 5; i++) {
    const run = await time(() =>
      calculate(db, { year: NATIONAL_YEAR, scopes: SEVEN_SCOPES, incremental: true, outDir: false }),
    );
    if (!run.value.unchanged) throw new Error('a no-change incremental run recalculated something');
    unchanged.push(run.seconds);
  }
  results.push({
    name: `incremental run, nothing changed (${target.label})`,
    measured: `${median(unchanged).toFixed(3)} s`,
    target: '≤ 0.3 s',
    pass: median(unchanged) <= 0.3,
  });

  await db.query(
    `UPDATE grade_level_enrollment SET enrollment = enrollment + 1 WHERE (nces_id, year, grade) = (SELECT nces_id, year, grade FROM grade_level_enrollment WHERE year = $1 AND grade = 'G03' AND enrollment > 0 ORDER BY nces_id LIMIT 1)`,
    [NATIONAL_YEAR],
  );
  const one = await time(() =>
    calculate(db, {
      year: NATIONAL_YEAR,
      scopes: SEVEN_SCOPES,
      incremental: true,
      outDir: path.join(tmp, `${target.label}-incremental`),
    }),
  );
  results.push({
    name: `incremental run, one district changed, outputs written (${target.label})`,
    measured: `${one.seconds.toFixed(2)} s, ${one.value.districts_processed} district, ${one.value.calculations_created} rows`,
  });
  return results;
}

/** Peak RSS of `lct calculate` run as a user would (a child process), from /usr/bin/time. */
function peakRss(env: NodeJS.ProcessEnv, out: string): number {
  const result = spawnSync(
    '/usr/bin/time',
    [
      '-v',
      process.execPath,
      CLI,
      'calculate',
      '--year',
      NATIONAL_YEAR,
      '--scopes',
      SEVEN_SCOPES.join(','),
      '--out',
      out,
    ],
    {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`lct calculate failed: ${result.stderr}`);
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr)?.[1];
  if (!kb) throw new Error('no maximum resident set size in /usr/bin/time output');
  return Number(kb) / 1024;
}

export async function benchCalculate(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lct-bench-calc-'));
  try {
    const server = await serverDatabase();
    try {
      await loadNationalYear(server.db);
      // Five pairs: on 2 shared cores either side varies by ±10% from run to run, and a median of five holds still.
      results.push(...(await measure(server.db, tmp, { label: 'server', fullRatio: 2, repeats: 5 })));
      const rss = peakRss({ DATABASE_URL: server.url }, path.join(tmp, 'rss-server'));
      results.push({
        name: 'lct calculate peak RSS (server)',
        measured: `${rss.toFixed(0)} MB`,
        target: '≤ 500 MB',
        pass: rss <= 500,
      });
    } finally {
      await server.drop();
    }
    const dataDir = path.join(tmp, 'pgdata');
    const embedded = await embeddedDatabase(dataDir);
    try {
      await loadNationalYear(embedded.db);
      results.push(...(await measure(embedded.db, tmp, { label: 'embedded', fullRatio: 3, repeats: 2 })));
    } finally {
      await embedded.drop();
    }
    // The child opens the data folder itself: the embedded engine's memory counts in its RSS.
    const rss = peakRss({ LCT_DATA_DIR: dataDir, DATABASE_URL: '' }, path.join(tmp, 'rss-embedded'));
    results.push({
      name: 'lct calculate peak RSS (embedded)',
      measured: `${rss.toFixed(0)} MB`,
      target: '≤ 500 MB',
      pass: rss <= 500,
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return results;
}
