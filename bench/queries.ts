/**
 * Query-utility benchmarks at national size: the 17,842 real districts of
 * data/real/districts_2023_24_nces.csv, with
 * synthetic enrollment (15 grades each), staffing (17 categories), bell schedules, one completed
 * calculation run (7 scopes) and some campaign claims, all deterministic.
 * Targets: each query utility p95 ≤ 10 ms on the server (embedded reported too); `lct export csv` of all
 * tables ≤ 1.5× `psql \copy … TO` of the same tables, in the same run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import type { Database } from '../src/db/database.js';
import { PgliteDatabase } from '../src/db/pglite-engine.js';
import { migrate } from '../src/db/migrate.js';
import { refreshMaterializedViews } from '../src/db/refresh-views.js';
import { normalizeDistrictId } from '../src/domain/ids.js';
import { STAFF_SCOPES } from '../src/domain/scopes.js';
import { bulkInsert } from '../src/queries/bulk-insert.js';
import { getNextEnrichmentCandidates } from '../src/queries/get-next-enrichment-candidates.js';
import { getStateCampaignProgress } from '../src/queries/get-state-campaign-progress.js';
import { getLctSummaryByScope } from '../src/queries/get-lct-summary-by-scope.js';
import { getDistrictById } from '../src/queries/get-district-by-id.js';
import { getDistrictDetails } from '../src/queries/get-district-details.js';
import { getEnrichmentSummary } from '../src/queries/get-enrichment-summary.js';
import { printEnrichmentReport } from '../src/queries/print-enrichment-report.js';
import { addBellSchedule } from '../src/queries/add-bell-schedule.js';
import { claimNextCandidate } from '../src/queries/claim-next-candidate.js';
import { releaseClaim } from '../src/queries/release-claim.js';
import { listClaims } from '../src/queries/list-claims.js';
import { backupDatabase } from '../src/backup/backup-database.js';
import { restoreDatabase } from '../src/backup/restore-database.js';
import { listDataTables, orderedSelect } from '../src/db/table-catalog.js';
import { type BenchResult, REAL_DATA, median, percentile, serverDatabase, time, timeCli } from './lib.js';

const YEAR = '2023-24';
const CAMPAIGN_YEAR = '2025-26';
const ITERATIONS = 200;
const WARMUP = 20;

interface RealDistrict {
  nces_id: string;
  name: string;
  state: string;
  enrollment: number;
  teachers: number;
}

export function readDistricts(): RealDistrict[] {
  const file = path.join(REAL_DATA, 'districts_2023_24_nces.csv');
  const rows = Papa.parse<Record<string, string>>(fs.readFileSync(file, 'utf8').trim(), { header: true }).data;
  return rows.map((r) => ({
    nces_id: normalizeDistrictId(r.district_id!)!,
    name: r.district_name!,
    state: r.state!,
    enrollment: Math.round(Number(r.enrollment)),
    teachers: Number(r.instructional_staff) || 0,
  }));
}

const GRADES = ['PK', 'KG', 'G01', 'G02', 'G03', 'G04', 'G05', 'G06', 'G07', 'G08', 'G09', 'G10', 'G11', 'G12', 'UG'];
const CATEGORIES = [
  'elementary_teachers',
  'kindergarten_teachers',
  'secondary_teachers',
  'ungraded_teachers',
  'prek_teachers',
  'instructional_coordinators',
  'paraprofessionals',
  'counselors',
  'psychologists',
  'student_support_services',
  'librarians',
  'library_support',
  'lea_administrators',
  'school_administrators',
  'lea_admin_support',
  'school_admin_support',
  'other_staff',
];
const LEVELS = ['elementary', 'middle', 'high'] as const;

/** Loads the national data set; returns row counts. */
export async function loadNational(db: Database, districts: RealDistrict[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const load = async (table: string, rows: Iterable<Record<string, unknown>>) => {
    counts[table] = await bulkInsert(db, table, rows, { source: 'bench:queries' });
  };
  await load(
    'districts',
    districts.map((d) => ({
      nces_id: d.nces_id,
      name: d.name,
      state: d.state,
      enrollment: d.enrollment,
      schools: 1 + (d.enrollment % 40),
    })),
  );
  await load(
    'grade_level_enrollment',
    (function* () {
      for (const d of districts)
        for (const [i, grade] of GRADES.entries())
          yield { nces_id: d.nces_id, year: YEAR, grade, enrollment: Math.floor(d.enrollment / 14) + (i % 3) };
    })(),
  );
  await load(
    'grade_level_staffing',
    (function* () {
      for (const d of districts)
        for (const [i, category] of CATEGORIES.entries())
          yield { nces_id: d.nces_id, year: YEAR, category, fte_count: Math.round((d.teachers / (i + 2)) * 100) / 100 };
    })(),
  );

  // Bell schedules: each state's 3 largest districts fully collected for the campaign year, every 7th
  // district an elementary schedule the year before, every 50th only a statutory fallback.
  const byState = new Map<string, RealDistrict[]>();
  for (const d of districts) byState.set(d.state, [...(byState.get(d.state) ?? []), d]);
  const schedules: Record<string, unknown>[] = [];
  const collected = new Set<string>();
  for (const list of byState.values()) {
    list.sort((a, b) => b.enrollment - a.enrollment || a.nces_id.localeCompare(b.nces_id));
    for (const d of list.slice(0, 3)) collected.add(d.nces_id);
    for (const d of list.slice(0, 3))
      for (const [i, level] of LEVELS.entries())
        schedules.push({
          district_id: d.nces_id,
          year: CAMPAIGN_YEAR,
          grade_level: level,
          instructional_minutes: 350 + 10 * i,
          method: 'human_provided',
          confidence: 'high',
          source_urls: [`https://example.org/${d.nces_id}`],
        });
  }
  districts.forEach((d, i) => {
    if (i % 7 === 0)
      schedules.push({
        district_id: d.nces_id,
        year: '2024-25',
        grade_level: 'elementary',
        instructional_minutes: 340 + (i % 40),
        method: 'automated_enrichment',
        confidence: 'medium',
        source_urls: [],
      });
    if (i % 50 === 1 && !collected.has(d.nces_id))
      schedules.push({
        district_id: d.nces_id,
        year: CAMPAIGN_YEAR,
        grade_level: 'high',
        instructional_minutes: 360,
        method: 'statutory_fallback',
        confidence: 'low',
        source_urls: [],
      });
  });
  await load('bell_schedules', schedules);

  await db.query(
    `INSERT INTO calculation_runs (run_id, year, run_type, status, scopes, completed_at) VALUES ('bench-run', $1, 'full', 'completed', $2, now())`,
    [YEAR, STAFF_SCOPES.map((s) => s.scope)],
  );
  await load(
    'calculation_district_inputs',
    districts.map((d) => ({ run_id: 'bench-run', district_id: d.nces_id, input_hash: d.nces_id.padEnd(64, '0') })),
  );
  await load(
    'lct_calculations',
    (function* () {
      for (const [i, d] of districts.entries()) {
        for (const [k, s] of STAFF_SCOPES.entries()) {
          const lct =
            d.enrollment > 0 ? Math.round(((360 * d.teachers * (1 + k / 10)) / d.enrollment) * 100) / 100 : null;
          yield {
            district_id: d.nces_id,
            year: YEAR,
            scope: s.scope,
            instructional_minutes: 360,
            staff_count: d.teachers,
            enrollment: d.enrollment,
            lct_value: lct,
            valid: lct !== null && lct > 0 && lct <= 360 && i % 97 !== 0,
            qa_flags: i % 97 === 0 ? ['ERR_VOLATILE'] : [],
            run_id: 'bench-run',
          };
        }
      }
    })(),
  );
  await refreshMaterializedViews(db);
  await db.query('ANALYZE');
  // A few collectors at work.
  for (const state of ['CA', 'TX', 'NY', 'OH', 'IL'])
    for (let i = 0; i < 10; i++) await claimNextCandidate(db, state, CAMPAIGN_YEAR, { claimedBy: `collector ${i}` });
  return counts;
}

async function p95(fn: (i: number) => Promise<unknown>): Promise<{ p95: number; median: number }> {
  for (let i = 0; i < WARMUP; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const start = performance.now();
    await fn(i);
    times.push(performance.now() - start);
  }
  return { p95: percentile(times, 95), median: median(times) };
}

/** Each utility's timing, in ms. */
async function measureUtilities(
  db: Database,
  districts: RealDistrict[],
): Promise<Map<string, { p95: number; median: number }>> {
  const results = new Map<string, { p95: number; median: number }>();
  const states = ['CA', 'TX', 'WI', 'NY', 'PR'];
  const someIds = districts.filter((_, i) => i % 1000 === 3).map((d) => d.nces_id.replace(/^0/, '')); // 6-digit where the zero is lost
  results.set(
    'getNextEnrichmentCandidates',
    await p95((i) => getNextEnrichmentCandidates(db, states[i % states.length]!, CAMPAIGN_YEAR)),
  );
  results.set('getStateCampaignProgress', await p95(() => getStateCampaignProgress(db, CAMPAIGN_YEAR)));
  results.set(
    'getLctSummaryByScope',
    await p95((i) => getLctSummaryByScope(db, STAFF_SCOPES[i % STAFF_SCOPES.length]!.scope, YEAR)),
  );
  results.set('getDistrictById', await p95((i) => getDistrictById(db, someIds[i % someIds.length]!)));
  results.set('getDistrictDetails', await p95((i) => getDistrictDetails(db, someIds[i % someIds.length]!)));
  results.set('getEnrichmentSummary', await p95(() => getEnrichmentSummary(db, CAMPAIGN_YEAR)));
  results.set('printEnrichmentReport', await p95(() => printEnrichmentReport(db, CAMPAIGN_YEAR, () => undefined)));
  results.set('listClaims', await p95(() => listClaims(db)));
  const targets = districts.filter((_, i) => i % 300 === 5);
  results.set(
    'addBellSchedule (upsert)',
    await p95((i) =>
      addBellSchedule(
        db,
        {
          district_id: targets[i % targets.length]!.nces_id,
          year: CAMPAIGN_YEAR,
          grade_level: 'middle',
          instructional_minutes: 300 + (i % 100),
          method: 'human_provided',
        },
        { source: 'bench:queries' },
      ),
    ),
  );
  // Each claim is timed alone; releasing it (so the pool of candidates stays the same) is not.
  const claimTimes: number[] = [];
  for (let i = 0; i < WARMUP + ITERATIONS; i++) {
    const start = performance.now();
    const claim = await claimNextCandidate(db, states[i % 4]!, CAMPAIGN_YEAR, { claimedBy: 'bench' });
    if (i >= WARMUP) claimTimes.push(performance.now() - start);
    if (claim) await releaseClaim(db, claim.district_id, { year: CAMPAIGN_YEAR });
  }
  results.set('claimNextCandidate', { p95: percentile(claimTimes, 95), median: median(claimTimes) });
  // What any write costs here (a commit waits for the WAL to reach the disk): the floor for the two above.
  await db.query('CREATE TABLE IF NOT EXISTS bench_write_floor (id serial PRIMARY KEY, v integer)');
  results.set(
    'one-row INSERT transaction (write floor, no target)',
    await p95((i) => db.transaction((tx) => tx.query('INSERT INTO bench_write_floor (v) VALUES ($1)', [i]))),
  );
  await db.query('DROP TABLE bench_write_floor');
  // Not a library utility: the same summary when the view is stale and it is computed live.
  await db.query(
    `UPDATE materialized_view_refreshes SET refreshed_at = '-infinity' WHERE view_name = 'mv_lct_summary_stats'`,
  );
  results.set(
    'getLctSummaryByScope, view stale (live)',
    await p95((i) => getLctSummaryByScope(db, STAFF_SCOPES[i % STAFF_SCOPES.length]!.scope, YEAR)),
  );
  await refreshMaterializedViews(db);
  return results;
}

function psqlCopy(url: string, tables: { name: string; sql: string }[], dir: string): number {
  const args = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', url];
  for (const t of tables)
    args.push('-c', `\\copy (${t.sql}) TO '${path.join(dir, `${t.name}.csv`)}' WITH (FORMAT csv, HEADER)`);
  const start = performance.now();
  const result = spawnSync('psql', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
  return (performance.now() - start) / 1000;
}

export async function benchQueries(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const districts = readDistricts();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lct-bench-queries-'));
  const server = await serverDatabase();
  let embedded: PgliteDatabase | null = null;
  try {
    const serverLoad = await time(() => loadNational(server.db, districts));
    console.error(
      `  server: loaded ${Object.entries(serverLoad.value)
        .map(([t, n]) => `${n} ${t}`)
        .join(', ')} in ${serverLoad.seconds.toFixed(1)} s`,
    );
    const dataDir = path.join(tmp, 'pgdata');
    embedded = await PgliteDatabase.open(dataDir);
    await migrate(embedded);
    const embeddedLoad = await time(() => loadNational(embedded!, districts));
    console.error(`  embedded: loaded in ${embeddedLoad.seconds.toFixed(1)} s`);

    const onServer = await measureUtilities(server.db, districts);
    const onEmbedded = await measureUtilities(embedded, districts);
    for (const [name, s] of onServer) {
      const e = onEmbedded.get(name)!;
      const target = name.includes('(live)') || name.includes('no target') ? undefined : '≤ 10 ms p95 (server)';
      results.push({
        name: `${name}, national`,
        measured: `server p95 ${s.p95.toFixed(2)} ms (median ${s.median.toFixed(2)})`,
        baseline: `embedded p95 ${e.p95.toFixed(2)} ms (median ${e.median.toFixed(2)})`,
        target,
        pass: target ? s.p95 <= 10 : undefined,
      });
    }

    // lct export csv vs psql \copy of the same tables, same queries, same server.
    const tables = (await listDataTables(server.db)).map((t) => ({ name: t.name, sql: orderedSelect(t) }));
    const lctTimes: number[] = [];
    const psqlTimes: number[] = [];
    for (let i = 0; i < 7; i++) {
      psqlTimes.push(psqlCopy(server.url!, tables, fs.mkdtempSync(path.join(tmp, 'psql-'))));
      lctTimes.push(timeCli(['export', 'csv', fs.mkdtempSync(path.join(tmp, 'lct-'))], { DATABASE_URL: server.url }));
    }
    const exportRatio = median(lctTimes) / median(psqlTimes);
    const rows = (
      await server.db.query<{
        n: number;
      }>(`SELECT (SELECT count(*) FROM districts) + (SELECT count(*) FROM grade_level_enrollment) + (SELECT count(*) FROM grade_level_staffing)
      + (SELECT count(*) FROM lct_calculations) + (SELECT count(*) FROM bell_schedules) + (SELECT count(*) FROM data_lineage) AS n`)
    ).rows[0]!.n;
    results.push({
      name: `lct export csv, all ${tables.length} tables (~${Math.round(rows / 1000)}K rows), server`,
      measured: `${median(lctTimes).toFixed(2)} s`,
      baseline: `${median(psqlTimes).toFixed(2)} s psql \\copy`,
      ratio: exportRatio,
      target: '≤ 1.5×',
      pass: exportRatio <= 1.5,
    });

    // Backup and restore at national size (no target), restore beside psql \copy loading the same rows
    // (the CSV files of lct export csv) into a fresh database in one transaction.
    const backupFile = path.join(tmp, 'national.lctbackup');
    const backup = await time(() => backupDatabase(server.db, backupFile));
    const exportDir = fs.mkdtempSync(path.join(tmp, 'load-'));
    timeCli(['export', 'csv', exportDir], { DATABASE_URL: server.url });
    const restoreTarget = await serverDatabase({ migrated: false });
    const psqlTarget = await serverDatabase();
    try {
      const restore = await time(() => restoreDatabase(restoreTarget.db, backupFile));
      // Audit triggers off, as the restore has them (foreign keys stay checked in both).
      const load = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', psqlTarget.url!];
      for (const t of tables) load.push('-c', `ALTER TABLE ${t.name} DISABLE TRIGGER USER`);
      for (const t of tables)
        load.push('-c', `\\copy ${t.name} FROM '${path.join(exportDir, `${t.name}.csv`)}' WITH (FORMAT csv, HEADER)`);
      const started = performance.now();
      const loaded = spawnSync('psql', load, { encoding: 'utf8' });
      if (loaded.status !== 0) throw new Error(`psql failed: ${loaded.stderr}`);
      const psqlLoad = (performance.now() - started) / 1000;
      results.push({
        name: 'lct restore, national, server (backup: no baseline)',
        measured: `restore ${restore.seconds.toFixed(2)} s; backup ${backup.seconds.toFixed(2)} s, ${(fs.statSync(backupFile).size / 1e6).toFixed(1)} MB`,
        baseline: `${psqlLoad.toFixed(2)} s psql \\copy FROM`,
        ratio: restore.seconds / psqlLoad,
      });
    } finally {
      await restoreTarget.drop();
      await psqlTarget.drop();
    }

    await embedded.close();
    embedded = null;
    const embeddedExport = [1, 2].map(() =>
      timeCli(['export', 'csv', fs.mkdtempSync(path.join(tmp, 'lct-e-'))], { DATABASE_URL: '', LCT_DATA_DIR: dataDir }),
    );
    results.push({ name: 'lct export csv, all tables, embedded', measured: `${median(embeddedExport).toFixed(2)} s` });
  } finally {
    await embedded?.close();
    await server.drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return results;
}
