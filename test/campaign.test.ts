import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { QUERIES_FIXTURE } from './fixtures/queries-fixture.js';
import { type FixtureMark, markFixture, resetToFixture } from './helpers/campaign-fixture-reset.js';
import type { Database } from '../src/db/database.js';
import { PostgresDatabase } from '../src/db/postgres-engine.js';
import { claimNextCandidate } from '../src/queries/claim-next-candidate.js';
import { releaseClaim } from '../src/queries/release-claim.js';
import { listClaims } from '../src/queries/list-claims.js';
import { addBellSchedule } from '../src/queries/add-bell-schedule.js';
import { getNextEnrichmentCandidates } from '../src/queries/get-next-enrichment-candidates.js';
import { bulkInsert } from '../src/queries/bulk-insert.js';

/*
 * The claims story of the tests below, one step each; a test replays the steps before its own, on the
 * fixture as it was loaded (the reset before each test deletes the claims and schedules of the others).
 */
/** Alice claims the largest unenriched district of AL, 0100002 (for 2 hours), Bob the next, 0100003 (for 30 minutes). */
async function aliceAndBobClaim(db: Database): Promise<void> {
  await claimNextCandidate(db, 'AL', '2025-26', { claimedBy: 'alice' });
  await claimNextCandidate(db, 'al', '2025-26', { claimedBy: 'bob', hours: 0.5 });
}
/** Carol claims 0100001 for another year, and releases it. */
async function carolClaimsAnotherYear(db: Database): Promise<void> {
  await claimNextCandidate(db, 'AL', '2024-25', { claimedBy: 'carol' });
  await releaseClaim(db, '100001', { year: '2024-25' });
}
/** Alice's claim on 0100002 is released; Dave claims the district. */
async function daveTakesOverFromAlice(db: Database): Promise<void> {
  await releaseClaim(db, '100002');
  await claimNextCandidate(db, 'AL', '2025-26', { claimedBy: 'dave' });
}
/** Bob adds a statutory fallback, then an enriching schedule for 0100003: his claim completes. */
async function bobEnriches(db: Database): Promise<void> {
  await addBellSchedule(db, {
    district_id: '0100003',
    year: '2025-26',
    grade_level: 'middle',
    instructional_minutes: 360,
    method: 'statutory_fallback',
  });
  await addBellSchedule(db, {
    district_id: '0100003',
    year: '2025-26',
    grade_level: 'elementary',
    instructional_minutes: 355,
    created_by: 'bob',
  });
}
/** Dave's claim runs out; Erin claims 0100002, which expires Dave's claim. */
async function daveExpiresErinClaims(db: Database): Promise<void> {
  await db.query(
    `UPDATE campaign_claims SET claimed_at = now() - interval '3 hours', expires_at = now() - interval '1 hour' WHERE district_id = '0100002' AND status = 'active'`,
  );
  await claimNextCandidate(db, 'AL', '2025-26', { claimedBy: 'erin' });
}

describe.each(ENGINES)('campaign claims on %s', (engine) => {
  let t: TestDatabase;
  let fixture: FixtureMark;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await t.db.execScript(QUERIES_FIXTURE);
    fixture = await markFixture(t.db);
  });
  beforeEach(async () => {
    await resetToFixture(t.db, fixture);
  });
  afterAll(() => t.destroy());

  it('hands out the largest unenriched district, then the next, and shows who holds them', async () => {
    const first = await claimNextCandidate(t.db, 'AL', '2025-26', { claimedBy: 'alice' });
    expect(first).toMatchObject({
      district_id: '0100002',
      name: 'B',
      state: 'AL',
      enrollment: 500,
      year: '2025-26',
      claimed_by: 'alice',
      status: 'active',
      ended_at: null,
    });
    const hours = (first!.expires_at.getTime() - first!.claimed_at.getTime()) / 3_600_000;
    expect(hours).toBeCloseTo(2, 6);
    const second = await claimNextCandidate(t.db, 'al', '2025-26', { claimedBy: 'bob', hours: 0.5 });
    expect(second).toMatchObject({ district_id: '0100003', claimed_by: 'bob' });
    expect((second!.expires_at.getTime() - second!.claimed_at.getTime()) / 60_000).toBeCloseTo(30, 6);
    const candidates = await getNextEnrichmentCandidates(t.db, 'AL', '2025-26');
    expect(candidates.map((c) => [c.nces_id, c.claimed_by])).toEqual([
      ['0100002', 'alice'],
      ['0100003', 'bob'],
      ['0100004', null],
      ['0100005', null],
    ]);
    expect((await listClaims(t.db, { state: 'AL' })).map((c) => [c.district_id, c.claimed_by, c.name])).toEqual([
      ['0100003', 'bob', 'C'],
      ['0100002', 'alice', 'B'],
    ]);
  });

  it('a claim is per year', async () => {
    const other = await claimNextCandidate(t.db, 'AL', '2024-25', { claimedBy: 'carol' });
    expect(other).toMatchObject({ district_id: '0100001', year: '2024-25' });
    await releaseClaim(t.db, '100001', { year: '2024-25' });
  });

  it('release gives the district back; the next claim gets it', async () => {
    await aliceAndBobClaim(t.db);
    const released = await releaseClaim(t.db, '100002');
    expect(released.map((c) => [c.district_id, c.status, c.claimed_by])).toEqual([['0100002', 'released', 'alice']]);
    expect(released[0]!.ended_at).toBeInstanceOf(Date);
    await expect(releaseClaim(t.db, '0100002')).rejects.toThrow('District 0100002 has no active claim');
    await expect(releaseClaim(t.db, '0100003', { claimedBy: 'alice' })).rejects.toThrow(
      'no active claim held by alice',
    );
    expect(await claimNextCandidate(t.db, 'AL', '2025-26', { claimedBy: 'dave' })).toMatchObject({
      district_id: '0100002',
      claimed_by: 'dave',
    });
  });

  it('adding an enriching bell schedule completes the claim; a statutory fallback does not', async () => {
    await aliceAndBobClaim(t.db);
    await carolClaimsAnotherYear(t.db);
    await daveTakesOverFromAlice(t.db);
    const fallback = await addBellSchedule(t.db, {
      district_id: '0100003',
      year: '2025-26',
      grade_level: 'middle',
      instructional_minutes: 360,
      method: 'statutory_fallback',
    });
    expect(fallback.completed_claim_id).toBeNull();
    const claim = (await listClaims(t.db, { state: 'AL', year: '2025-26' })).find((c) => c.district_id === '0100003')!;
    const added = await addBellSchedule(t.db, {
      district_id: '0100003',
      year: '2025-26',
      grade_level: 'elementary',
      instructional_minutes: 355,
      created_by: 'bob',
    });
    expect(added.completed_claim_id).toBe(claim.id);
    const row = await t.db.query(
      'SELECT status, bell_schedule_id, ended_at IS NOT NULL AS ended FROM campaign_claims WHERE id = $1',
      [claim.id],
    );
    expect(row.rows).toEqual([{ status: 'completed', bell_schedule_id: added.schedule.id, ended: true }]);
    expect((await listClaims(t.db, { state: 'AL' })).map((c) => c.district_id)).toEqual(['0100002']);
    expect(
      (await listClaims(t.db, { state: 'AL', all: true })).map((c) => [c.district_id, c.status, c.claimed_by]),
    ).toEqual([
      ['0100002', 'active', 'dave'],
      ['0100001', 'released', 'carol'],
      ['0100003', 'completed', 'bob'],
      ['0100002', 'released', 'alice'],
    ]);
  });

  it('an expired claim frees the district for the next collector', async () => {
    await aliceAndBobClaim(t.db);
    await daveTakesOverFromAlice(t.db);
    await t.db.query(
      `UPDATE campaign_claims SET claimed_at = now() - interval '3 hours', expires_at = now() - interval '1 hour' WHERE district_id = '0100002' AND status = 'active'`,
    );
    expect((await getNextEnrichmentCandidates(t.db, 'AL', '2025-26'))[0]).toMatchObject({
      nces_id: '0100002',
      claimed_by: null,
    });
    const again = await claimNextCandidate(t.db, 'AL', '2025-26', { claimedBy: 'erin' });
    expect(again).toMatchObject({ district_id: '0100002', claimed_by: 'erin' });
    const history = await t.db.query(
      `SELECT claimed_by, status FROM campaign_claims WHERE district_id = '0100002' ORDER BY id`,
    );
    expect(history.rows).toEqual([
      { claimed_by: 'alice', status: 'released' },
      { claimed_by: 'dave', status: 'expired' },
      { claimed_by: 'erin', status: 'active' },
    ]);
  });

  it('returns null when everything is enriched or claimed, and refuses bad arguments', async () => {
    await aliceAndBobClaim(t.db);
    await carolClaimsAnotherYear(t.db);
    await daveTakesOverFromAlice(t.db);
    await bobEnriches(t.db);
    expect(await claimNextCandidate(t.db, 'AL', '2025-26', { claimedBy: 'x' })).toMatchObject({
      district_id: '0100004',
    });
    expect(await claimNextCandidate(t.db, 'AL', '2025-26', { claimedBy: 'x' })).toMatchObject({
      district_id: '0100005',
    });
    expect(await claimNextCandidate(t.db, 'AL', '2025-26', { claimedBy: 'x' })).toBeNull();
    await expect(claimNextCandidate(t.db, 'AL', '2020-21', { claimedBy: 'x' })).rejects.toThrow('COVID year');
    await expect(claimNextCandidate(t.db, 'AL', '2025-26', { claimedBy: ' ' })).rejects.toThrow('needs the collector');
    await expect(claimNextCandidate(t.db, 'AL', '2025-26', { claimedBy: 'x', hours: -1 })).rejects.toThrow(
      'hours must be a positive number',
    );
  });

  it("records every claim, release and expiry in data_lineage, under the caller's source", async () => {
    await aliceAndBobClaim(t.db);
    await carolClaimsAnotherYear(t.db);
    await daveTakesOverFromAlice(t.db);
    await bobEnriches(t.db);
    await daveExpiresErinClaims(t.db);
    const claim = await claimNextCandidate(t.db, 'WI', '2025-26', { claimedBy: 'fay', source: 'test:claim' });
    await releaseClaim(t.db, claim!.district_id, { source: 'test:release' });
    const lineage = await t.db.query<{ operation: string; source: string; changes: Record<string, unknown> }>(
      `SELECT operation, source, changes FROM data_lineage WHERE table_name = 'campaign_claims' AND record_id = $1 ORDER BY id`,
      [String(claim!.id)],
    );
    expect(lineage.rows).toMatchObject([
      { operation: 'insert', source: 'test:claim', changes: { after: { district_id: '5500004', claimed_by: 'fay' } } },
      {
        operation: 'update',
        source: 'test:release',
        changes: { before: { status: 'active', ended_at: null }, after: { status: 'released' } },
      },
    ]);
    // Each claim of the story: its insert, and the expired one's expiry (by erin's claim).
    const all = await t.db.query<{ record_id: string; operation: string; status: string | null; source: string }>(
      `SELECT l.record_id, l.operation, l.changes -> 'after' ->> 'status' AS status, l.source
       FROM data_lineage l WHERE l.table_name = 'campaign_claims' ORDER BY l.id`,
    );
    const claims = await t.db.query<{ id: number; status: string }>(
      'SELECT id, status FROM campaign_claims ORDER BY id',
    );
    for (const c of claims.rows)
      expect(all.rows).toContainEqual(expect.objectContaining({ record_id: String(c.id), operation: 'insert' }));
    const dave = await t.db.query<{ id: number }>(`SELECT id FROM campaign_claims WHERE claimed_by = 'dave'`);
    expect(all.rows).toContainEqual({
      record_id: String(dave.rows[0]!.id),
      operation: 'update',
      status: 'expired',
      source: 'lib:claimNextCandidate',
    });
  });
});

describe.runIf(ENGINES.includes('postgres'))('campaign claims under concurrency on the server', () => {
  const CLAIMERS = 8;
  const DISTRICTS = 60;
  let t: TestDatabase;
  let pools: PostgresDatabase[];
  let fixture: FixtureMark;
  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    const districts = Array.from({ length: DISTRICTS }, (_, i) => ({
      nces_id: String(4_800_000 + i),
      name: `TX ${i}`,
      state: 'TX',
      enrollment: 1000 + ((i * 37) % DISTRICTS),
    }));
    await bulkInsert(t.db, 'districts', districts);
    // Separate pools = separate connections, as separate collectors' machines would have.
    pools = Array.from(
      { length: CLAIMERS },
      () => new PostgresDatabase({ url: t.url!, poolSize: 2, acquireTimeoutMs: 30_000 }),
    );
    fixture = await markFixture(t.db);
  });
  beforeEach(async () => {
    await resetToFixture(t.db, fixture);
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
    await t.destroy();
  });

  it(`${CLAIMERS} collectors claiming at once never get the same district`, async () => {
    const claimedBy = new Map<string, string[]>();
    await Promise.all(
      pools.map(async (pool, i) => {
        for (;;) {
          const claim = await claimNextCandidate(pool, 'TX', '2025-26', { claimedBy: `collector ${i}` });
          if (!claim) return;
          claimedBy.set(claim.district_id, [...(claimedBy.get(claim.district_id) ?? []), `collector ${i}`]);
        }
      }),
    );
    expect([...claimedBy.values()].filter((who) => who.length > 1)).toEqual([]);
    expect(claimedBy.size).toBe(DISTRICTS);
    const rows = await t.db.query(
      `SELECT count(*)::int AS claims, count(DISTINCT district_id)::int AS districts, count(DISTINCT claimed_by)::int AS collectors FROM campaign_claims WHERE status = 'active'`,
    );
    expect(rows.rows[0]).toMatchObject({ claims: DISTRICTS, districts: DISTRICTS });
    expect((rows.rows[0] as { collectors: number }).collectors).toBeGreaterThan(1);
  });

  it('with more collectors than districts left, each district goes to exactly one of them', async () => {
    let claimed = 0;
    while (await claimNextCandidate(t.db, 'TX', '2025-26', { claimedBy: 'early' })) claimed++;
    expect(claimed).toBe(DISTRICTS);
    await t.db.query(
      `UPDATE campaign_claims SET status = 'released', ended_at = now() WHERE district_id IN (SELECT nces_id FROM districts ORDER BY nces_id LIMIT 5)`,
    );
    const claims = await Promise.all(
      pools.map((pool, i) => claimNextCandidate(pool, 'TX', '2025-26', { claimedBy: `late ${i}` })),
    );
    const got = claims.filter((c) => c !== null).map((c) => c!.district_id);
    expect(got.length).toBe(5);
    expect(new Set(got).size).toBe(5);
  });
});
