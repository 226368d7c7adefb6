/**
 * Crash during import and during a calculation: SIGKILL `lct` at several points of a national-size
 * import, then of a national calculation run, on both engines. Afterwards the database opens and holds
 * exactly what it held before, the killed runs end up failed (never completed), and re-running completes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { ENGINES, createServerDatabase, waitForOtherSessions } from '../../helpers/databases.js';
import { tempDir } from '../../helpers/ccd-fixture.js';
import { killOnLine, percentOf } from '../../helpers/kill-on-line.js';
import { waitFor } from '../../helpers/wait.js';
import { writeDemoData } from '../../../src/demo/demo-data.js';
import { openDatabase } from '../../../src/db/open.js';

/**
 * Where an import is killed: points it announces on stderr, from the first file's rows being written to
 * the last file being read (the whole import is one transaction, committed after the last file).
 */
const IMPORT_KILL_POINTS: { name: string; at: (line: string) => boolean }[] = [
  { name: 'writing the directory', at: (l) => l === 'writing district_directory…' },
  {
    name: 'half-way through reading the membership file',
    at: (l) => (percentOf(l, 'reading ccd_lea_052') ?? 0) >= 50,
  },
  { name: 'writing the enrollment rows', at: (l) => l === 'writing grade_level_enrollment…' },
  { name: 'writing the staffing rows', at: (l) => l === 'writing grade_level_staffing…' },
  { name: 'importing the SPED estimates', at: (l) => l === 'importing sped_estimates.csv…' },
];

/** Where a calculation run is killed: its stages, all before its transaction commits. */
const CALCULATION_KILL_POINTS: { name: string; at: (line: string) => boolean }[] = [
  { name: 'calculating', at: (l) => l.startsWith('Calculating ') },
  { name: 'summarising', at: (l) => l === 'Summarising the results…' },
];

/** The current results and the completed runs: what a killed calculation must leave as it was. */
const RESULTS_SNAPSHOT = `SELECT (SELECT count(*) || ':' || md5(coalesce(string_agg(c::text, '|' ORDER BY district_id, scope), '')) FROM lct_current c)
  || ' runs:' || (SELECT string_agg(run_id, ',' ORDER BY run_id) FROM calculation_runs WHERE status = 'completed') AS snapshot`;

const SNAPSHOT = `SELECT string_agg(t || ':' || n || ':' || h, ' ' ORDER BY t) AS snapshot FROM (
  SELECT 'districts' AS t, count(*) AS n, md5(coalesce(string_agg(d::text, '|' ORDER BY nces_id), '')) AS h FROM districts d
  UNION ALL SELECT 'enrollment', count(*), md5(coalesce(string_agg(e::text, '|' ORDER BY nces_id, year, grade), '')) FROM grade_level_enrollment e
  UNION ALL SELECT 'staffing', count(*), md5(coalesce(string_agg(s::text, '|' ORDER BY nces_id, year, category), '')) FROM grade_level_staffing s
  UNION ALL SELECT 'bell', count(*), md5(coalesce(string_agg(b::text, '|' ORDER BY id), '')) FROM bell_schedules b
  UNION ALL SELECT 'states', count(*), md5(coalesce(string_agg(r::text, '|' ORDER BY state_code), '')) FROM state_requirements r
  UNION ALL SELECT 'lineage', count(*), '' FROM data_lineage) s`;

/** Whether every run left `running` started longer ago than the grace period of failInterruptedRuns (10 s). */
const PAST_GRACE = `SELECT coalesce(bool_and(started_at < clock_timestamp() - interval '10 seconds'), true)::text AS snapshot
  FROM calculation_runs WHERE status = 'running'`;

async function snapshot(env: Record<string, string | undefined>, sql = SNAPSHOT): Promise<string> {
  const db = await openDatabase(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.LCT_DATA_DIR });
  try {
    await waitForOtherSessions(db);
    return (await db.query<{ snapshot: string }>(sql)).rows[0]!.snapshot;
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

  for (const engine of ENGINES) {
    it(`on ${engine}: the database holds exactly what it held before, and a re-run completes`, async () => {
      const server = engine === 'postgres' ? await createServerDatabase() : null;
      const env = server
        ? { DATABASE_URL: server.url }
        : { DATABASE_URL: undefined, LCT_DATA_DIR: path.join(dir, 'pgdata') };
      try {
        expect((await runCli(['db', 'migrate'], env)).code).toBe(0);
        // Something already in the database, which every crash must leave as it was.
        expect(
          (await runCli(['import', 'state-requirements', path.join(data, 'state-requirements.yaml')], env)).code,
        ).toBe(0);
        const before = await snapshot(env);
        let kills = 0;
        let committedBeforeKill = false;
        for (const point of IMPORT_KILL_POINTS) {
          const run = await killOnLine(['import', 'all', data], env, point.at);
          if (!run.killed) {
            committedBeforeKill = true; // the import finished before this kill point
            break;
          }
          const after = await snapshot(env);
          if (after !== before) {
            // Killed after its COMMIT was sent: then all of it is there, never a part.
            expect(after, `after a kill while ${point.name}`).toMatch(
              /districts:17800:.* enrollment:2\d{5}:.* staffing:3\d{5}:/,
            );
            committedBeforeKill = true;
            break;
          }
          kills++;
        }
        expect(kills).toBeGreaterThanOrEqual(IMPORT_KILL_POINTS.length - 1);
        const rerun = await runCli(['import', 'all', data, '--json'], env);
        expect(rerun.code, rerun.stderr).toBe(0);
        const summary = JSON.parse(rerun.stdout) as { files: { table: string; inserted: number; unchanged: number }[] };
        const districts = summary.files.find((f) => f.table === 'districts')!;
        expect(committedBeforeKill ? districts.unchanged : districts.inserted).toBe(17_800);
        expect(await snapshot(env)).not.toBe(before);

        // Now a calculation run: one completes, then later full runs are killed part way.
        const out = path.join(dir, `outputs-${engine}`);
        const calculateArgs = ['calculate', '--year', '2023-24', '--out', out];
        expect((await runCli([...calculateArgs, '--json'], env)).code).toBe(0);
        const results = await snapshot(env, RESULTS_SNAPSHOT);
        let calculationKills = 0;
        let completedBeforeKill = 0;
        for (const point of CALCULATION_KILL_POINTS) {
          const run = await killOnLine(calculateArgs, env, point.at);
          // Finished before the kill, or killed after its COMMIT was sent: then it completed, all of it.
          // Otherwise the results and the completed runs are exactly as they were.
          if (!run.killed || (await snapshot(env, RESULTS_SNAPSHOT)) !== results) {
            completedBeforeKill = 1;
            break;
          }
          calculationKills++;
        }
        expect(calculationKills).toBe(CALCULATION_KILL_POINTS.length);
        // The next run marks a killed run failed once it is past the grace period (by the database clock)
        // within which a live run locks its row: wait for that, not for a fixed time.
        await waitFor(
          async () => (await snapshot(env, PAST_GRACE)) === 'true',
          'the killed runs to be past the grace period',
        );
        const recalculated = await runCli([...calculateArgs, '--json'], env);
        expect(recalculated.code, recalculated.stderr).toBe(0);
        const runs = JSON.parse((await runCli(['runs', 'list', '--json'], env)).stdout) as {
          status: string;
          error: string | null;
        }[];
        expect(runs.filter((r) => r.status === 'failed').map((r) => r.error)).toEqual(
          Array(calculationKills).fill(expect.stringMatching(/^interrupted/)),
        );
        expect(runs.filter((r) => r.status === 'running')).toEqual([]);
        expect(runs.filter((r) => r.status === 'completed')).toHaveLength(2 + completedBeforeKill);
        console.log(
          `${engine}: survived ${kills} SIGKILLs during the import and ${calculationKills} during calculation runs`,
        );
      } finally {
        await server?.drop();
      }
    });
  }
});
