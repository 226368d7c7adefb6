/**
 * Concurrency on the server: 8 collectors claiming and adding bell schedules at once, while calculations
 * run, readers read and the HTTP API serves reads. No district is claimed twice, no update is lost, no deadlock or serialization
 * error reaches a user, and the results agree afterwards.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_SERVER, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { tempDir } from '../helpers/ccd-fixture.js';
import { PostgresDatabase } from '../../src/db/postgres-engine.js';
import { writeDemoData } from '../../src/demo/demo-data.js';
import { importPaths } from '../../src/import/run-import.js';
import { calculate } from '../../src/calculate/calculate.js';
import { claimNextCandidate } from '../../src/queries/claim-next-candidate.js';
import { addBellSchedule } from '../../src/queries/add-bell-schedule.js';
import { getStateCampaignProgress } from '../../src/queries/get-state-campaign-progress.js';
import { getDistrictsNeedingCalculation } from '../../src/queries/get-districts-needing-calculation.js';
import { getDistrictDetails } from '../../src/queries/get-district-details.js';
import { startServer } from '../../src/api/server.js';

const COLLECTORS = 8;
const CLAIMS_EACH = 8;
const YEAR = '2025-26';

describe.runIf(HAS_SERVER)('concurrent collectors, calculations and readers on the server', () => {
  let t: TestDatabase;
  let dir: string;
  let state: string;
  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    dir = tempDir('lct-concurrency-');
    writeDemoData(dir, { districts: 1500, seed: 7 });
    await importPaths(t.db, [dir]);
    await calculate(t.db, { year: '2023-24', outDir: false });
    // The state with the most districts: every collector works on it at once.
    state = (
      await t.db.query<{ state: string }>(`SELECT state FROM districts GROUP BY state ORDER BY count(*) DESC LIMIT 1`)
    ).rows[0]!.state;
  });
  afterAll(async () => {
    await t.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('hands out each district once, loses no schedule, and ends consistent', async () => {
    const pools = Array.from(
      { length: COLLECTORS },
      () => new PostgresDatabase({ url: t.url!, poolSize: 2, acquireTimeoutMs: 30_000 }),
    );
    const errors: unknown[] = [];
    const claimed: { collector: string; district_id: string }[] = [];
    let collecting = true;
    const collector = async (db: PostgresDatabase, name: string) => {
      for (let i = 0; i < CLAIMS_EACH; i++) {
        const claim = await claimNextCandidate(db, state, YEAR, { claimedBy: name });
        if (!claim) break;
        claimed.push({ collector: name, district_id: claim.district_id });
        await addBellSchedule(db, {
          district_id: claim.district_id,
          year: YEAR,
          grade_level: 'elementary',
          instructional_minutes: 300 + i,
          method: 'manual',
          created_by: name,
        });
        await addBellSchedule(db, {
          district_id: claim.district_id,
          year: YEAR,
          grade_level: 'high',
          instructional_minutes: 330 + i,
          method: 'manual',
          created_by: name,
        });
      }
    };
    const calculations = async () => {
      let runs = 0;
      while (collecting || runs < 2) {
        await calculate(t.db, { year: '2023-24', incremental: runs % 2 === 1, outDir: false });
        runs++;
      }
      return runs;
    };
    const readers = async () => {
      let reads = 0;
      while (collecting) {
        await getStateCampaignProgress(t.db, YEAR);
        const some = claimed.at(-1);
        if (some) await getDistrictDetails(t.db, some.district_id);
        reads++;
      }
      return reads;
    };
    // The API over the same database: every response a 200, whatever else is going on.
    const api = await startServer(t.db, { port: 0 });
    const apiStatuses = new Map<number, number>();
    const apiReaders = async () => {
      let requests = 0;
      while (collecting) {
        const some = claimed.at(-1)?.district_id ?? '';
        for (const url of [
          `/api/states?year=${YEAR}`,
          `/api/campaign/candidates?state=${state}&year=${YEAR}`,
          '/api/lct?per_page=100',
          ...(some ? [`/api/districts/${some}`] : []),
        ]) {
          const response = await fetch(api.url + url);
          await response.arrayBuffer();
          apiStatuses.set(response.status, (apiStatuses.get(response.status) ?? 0) + 1);
          requests++;
        }
      }
      return requests;
    };
    const background = Promise.all([calculations(), readers(), apiReaders()]);
    try {
      await Promise.all(pools.map((db, k) => collector(db, `collector-${k}`).catch((e: unknown) => errors.push(e))));
    } finally {
      collecting = false;
    }
    const [runs, reads, apiRequests] = await background;
    await api.close();
    await Promise.all(pools.map((p) => p.close()));

    expect(errors.map(String)).toEqual([]);
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(reads).toBeGreaterThan(0);
    expect(apiRequests).toBeGreaterThan(0);
    expect([...apiStatuses.keys()]).toEqual([200]);
    expect(claimed).toHaveLength(COLLECTORS * CLAIMS_EACH);
    expect(new Set(claimed.map((c) => c.district_id)).size).toBe(claimed.length);

    // Every schedule written is there, by the collector who claimed the district.
    const stored = await t.db.query<{ district_id: string; created_by: string; levels: number }>(
      `SELECT district_id, min(created_by) AS created_by, count(*)::int AS levels FROM bell_schedules WHERE year = $1 GROUP BY district_id`,
      [YEAR],
    );
    expect(stored.rows).toHaveLength(claimed.length);
    const byDistrict = new Map(stored.rows.map((r) => [r.district_id, r]));
    for (const c of claimed)
      expect(byDistrict.get(c.district_id)).toEqual({ district_id: c.district_id, created_by: c.collector, levels: 2 });

    // Claims completed by the schedules; campaign progress agrees with the schedules.
    const claims = await t.db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM campaign_claims WHERE year = $1 GROUP BY status`,
      [YEAR],
    );
    expect(claims.rows).toEqual([{ status: 'completed', n: claimed.length }]);
    const progress = (await getStateCampaignProgress(t.db, YEAR)).find((p) => p.state === state)!;
    expect(progress.enriched).toBe(claimed.length);

    // Runs all finished, and one more incremental run leaves nothing to recalculate.
    const statuses = await t.db.query<{ status: string }>(`SELECT DISTINCT status FROM calculation_runs`);
    expect(statuses.rows).toEqual([{ status: 'completed' }]);
    await calculate(t.db, { year: '2023-24', incremental: true, outDir: false });
    const latest = (
      await t.db.query<{ run_id: string }>(
        `SELECT run_id FROM calculation_runs WHERE status = 'completed' ORDER BY completed_at DESC LIMIT 1`,
      )
    ).rows[0]!;
    expect(await getDistrictsNeedingCalculation(t.db, { lastRunId: latest.run_id, year: '2023-24' })).toEqual([]);
  });
});
