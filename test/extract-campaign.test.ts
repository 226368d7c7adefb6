/**
 * Extracted schedules in the campaign: stored through the bell-schedule validation (method
 * automated_enrichment, the URL, the school, the evidence in the notes), completing the collector's claim;
 * every attempt recorded in campaign_attempts; districts whose last attempt was blocked shown as needing a
 * person by the candidates and the progress.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { QUERIES_FIXTURE } from './fixtures/queries-fixture.js';
import { type FixtureMark, markFixture, resetToFixture } from './helpers/campaign-fixture-reset.js';
import { runCli } from './helpers/cli.js';
import { claimNextCandidate } from '../src/queries/claim-next-candidate.js';
import { storeExtraction } from '../src/queries/store-extraction.js';
import { getNextEnrichmentCandidates } from '../src/queries/get-next-enrichment-candidates.js';
import { getStateCampaignProgress } from '../src/queries/get-state-campaign-progress.js';
import { attemptDocument } from '../src/extract/attempt.js';

const FIXTURES = path.resolve(import.meta.dirname, 'fixtures', 'bell-schedules');
const read = (file: string) => new Uint8Array(fs.readFileSync(path.join(FIXTURES, file)));

describe.each(ENGINES)('extracted schedules in the campaign on %s', (engine) => {
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

  it('stores the answers like any bell schedule and completes the claim', async () => {
    const claim = await claimNextCandidate(t.db, 'AL', '2025-26', { claimedBy: 'alice' });
    expect(claim!.district_id).toBe('0100002');
    const attempt = await attemptDocument(read('middle-periods-passing.html'), 'middle-periods-passing.html');
    expect(attempt.outcome).toBe('extracted');
    const stored = await storeExtraction(t.db, {
      district_id: '100002',
      year: '2025-26',
      url: 'https://b.example/lincoln/bell-schedule',
      outcome: attempt.outcome,
      attempted_by: 'alice',
      answers: attempt.extraction!.answers,
    });
    expect(stored.added).toHaveLength(1);
    expect(stored.added[0]!.completed_claim_id).toBe(claim!.id);
    expect(stored.added[0]!.schedule).toMatchObject({
      district_id: '0100002',
      year: '2025-26',
      grade_level: 'middle',
      instructional_minutes: 350,
      start_time: '8:15 AM',
      end_time: '2:45 PM',
      lunch_duration: 30,
      passing_periods: 30,
      method: 'automated_enrichment',
      confidence: 'high',
      schools_sampled: ['Lincoln Middle School'],
      source_urls: ['https://b.example/lincoln/bell-schedule'],
      created_by: 'alice',
    });
    expect(stored.added[0]!.schedule.notes).toContain(
      'Evidence: Lincoln Middle School / Regular Bell Schedule / Advisory',
    );
    expect(stored.attempt).toMatchObject({ outcome: 'extracted', schedules_added: 1, attempted_by: 'alice' });
    const lineage = await t.db.query<{ source: string }>(
      `SELECT DISTINCT source FROM data_lineage WHERE table_name = 'bell_schedules' AND changes -> 'after' ->> 'district_id' = '0100002'`,
    );
    expect(lineage.rows.map((r) => r.source)).toContain('cli:bell-schedule extract');
  });

  it('refuses an answer that breaks the bell-schedule rules, and writes nothing', async () => {
    const attempt = await attemptDocument(read('middle-periods-passing.html'), 'x.html');
    const answer = { ...attempt.extraction!.answers[0]!, instructional_minutes: 20 };
    const before = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM campaign_attempts');
    await expect(
      storeExtraction(t.db, {
        district_id: '0100004',
        year: '2025-26',
        document: 'x.html',
        outcome: 'extracted',
        answers: [answer],
      }),
    ).rejects.toThrow(/instructional_minutes 20 is outside 100-600/);
    expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM campaign_attempts')).rows).toEqual(
      before.rows,
    );
  });

  it('records a blocked attempt, and the district then needs a person', async () => {
    await storeExtraction(t.db, {
      district_id: '0100004',
      year: '2025-26',
      url: 'https://d.example/bell',
      outcome: 'blocked',
      detail: 'HTTP 403',
      attempted_by: 'bob',
    });
    const candidates = await getNextEnrichmentCandidates(t.db, 'AL', '2025-26');
    const d = candidates.find((c) => c.nces_id === '0100004')!;
    expect(d).toMatchObject({ last_attempt: 'blocked', needs_person: true });
    expect(candidates.find((c) => c.nces_id === '0100003')).toMatchObject({ last_attempt: null, needs_person: false });
    const al = (await getStateCampaignProgress(t.db, '2025-26')).find((s) => s.state === 'AL')!;
    expect(al.needs_person).toBe(1);
    // A later attempt that worked (a saved copy of the page) clears it.
    await storeExtraction(t.db, {
      district_id: '0100004',
      year: '2025-26',
      document: 'saved-page.html',
      outcome: 'no_schedule',
      detail: 'no bell schedule found',
      attempted_by: 'bob',
    });
    expect(
      (await getNextEnrichmentCandidates(t.db, 'AL', '2025-26')).find((c) => c.nces_id === '0100004'),
    ).toMatchObject({
      last_attempt: 'no_schedule',
      needs_person: false,
    });
    expect((await getStateCampaignProgress(t.db, '2025-26')).find((s) => s.state === 'AL')!.needs_person).toBe(0);
  });

  it('will not store an answer without a level', async () => {
    const attempt = await attemptDocument(
      Buffer.from('School begins at 8:30 a.m. and dismisses at 3:00 p.m.'),
      'hours.txt',
    );
    expect(attempt.extraction!.answers[0]!.level).toBeNull();
    await expect(
      storeExtraction(t.db, {
        district_id: '0100005',
        year: '2025-26',
        document: 'hours.txt',
        outcome: 'extracted',
        answers: attempt.extraction!.answers,
      }),
    ).rejects.toThrow(/names no school level/);
  });
});

describe.runIf(ENGINES.includes('postgres'))('lct bell-schedule extract --add, as a collector runs it', () => {
  let t: TestDatabase;
  let env: Record<string, string>;
  let tmp: string;
  let fixture: FixtureMark;
  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    await t.db.execScript(QUERIES_FIXTURE);
    fixture = await markFixture(t.db);
    env = { DATABASE_URL: t.url!, LCT_COLLECTOR: 'carol' };
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lct-extract-'));
  });
  // Each test starts from the fixture: no claims, attempts or schedules of the others.
  beforeEach(async () => {
    await resetToFixture(t.db, fixture);
  });
  afterAll(async () => {
    await t.destroy();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('stores one schedule per level and records the attempt; a page without a schedule exits 1 and is recorded', async () => {
    const claimed = await runCli(['campaign', 'claim', 'WI', '--year', '2025-26'], env);
    expect(claimed.code).toBe(0);
    expect(claimed.stdout).toContain('Claimed 5500004');
    const file = path.join(FIXTURES, 'district-levels-table.html');
    const added = await runCli(
      ['bell-schedule', 'extract', file, '--add', '--district', '5500004', '--year', '2025-26'],
      env,
    );
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(
      /Added the 2025-26 elementary bell schedule of district 5500004: 360 minutes \(automated_enrichment, low confidence/,
    );
    expect(added.stdout).toMatch(/Added the 2025-26 high bell schedule of district 5500004: 380 minutes/);
    expect(added.stdout).toMatch(/Completed campaign claim \d+\./);
    const rows = await t.db.query(
      `SELECT grade_level, instructional_minutes, method, confidence, created_by, source FROM bell_schedules WHERE district_id = '5500004' ORDER BY grade_level`,
    );
    expect(rows.rows).toEqual([
      {
        grade_level: 'elementary',
        instructional_minutes: 360,
        method: 'automated_enrichment',
        confidence: 'low',
        created_by: 'carol',
        source: 'lct bell-schedule extract: district-levels-table.html',
      },
      {
        grade_level: 'high',
        instructional_minutes: 380,
        method: 'automated_enrichment',
        confidence: 'low',
        created_by: 'carol',
        source: 'lct bell-schedule extract: district-levels-table.html',
      },
      {
        grade_level: 'middle',
        instructional_minutes: 375,
        method: 'automated_enrichment',
        confidence: 'low',
        created_by: 'carol',
        source: 'lct bell-schedule extract: district-levels-table.html',
      },
    ]);
    const none = await runCli(
      [
        'bell-schedule',
        'extract',
        path.join(FIXTURES, 'news-no-schedule.html'),
        '--district',
        '7200030',
        '--year',
        '2025-26',
      ],
      env,
    );
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('news-no-schedule.html: no ');
    const attempts = await t.db.query(
      `SELECT district_id, outcome, document, schedules_added, attempted_by FROM campaign_attempts ORDER BY id`,
    );
    expect(attempts.rows).toEqual([
      {
        district_id: '5500004',
        outcome: 'extracted',
        document: 'district-levels-table.html',
        schedules_added: 3,
        attempted_by: 'carol',
      },
      {
        district_id: '7200030',
        outcome: 'no_schedule',
        document: 'news-no-schedule.html',
        schedules_added: 0,
        attempted_by: 'carol',
      },
    ]);
  });

  it('needs --district and --year to add, and --level when the document names none', async () => {
    const missing = await runCli(['bell-schedule', 'extract', path.join(FIXTURES, 'k8-school.html'), '--add'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--add stores the answers for a district and year');
    const hours = path.join(tmp, 'hours.txt');
    fs.writeFileSync(
      hours,
      'School begins at 8:30 a.m. and dismisses at 3:00 p.m. Lunch is 11:45 a.m. to 12:20 p.m.\n',
    );
    const unleveled = await runCli(
      ['bell-schedule', 'extract', hours, '--add', '--district', '0100005', '--year', '2025-26'],
      env,
    );
    expect(unleveled.code).toBe(1);
    expect(unleveled.stderr).toContain('add --level');
    const leveled = await runCli(
      [
        'bell-schedule',
        'extract',
        hours,
        '--level',
        'elementary',
        '--add',
        '--district',
        '0100005',
        '--year',
        '2025-26',
        '--json',
      ],
      env,
    );
    expect(leveled.code).toBe(0);
    const [result] = JSON.parse(leveled.stdout);
    expect(result.stored[0].schedule).toMatchObject({
      grade_level: 'elementary',
      instructional_minutes: 355,
      confidence: 'medium',
    });
  });

  it('candidates and progress show the districts needing a person', async () => {
    await t.db.query(
      `INSERT INTO campaign_attempts (district_id, year, url, outcome, detail, attempted_by) VALUES ('0100003', '2025-26', 'https://c.example', 'blocked', 'HTTP 403', 'carol')`,
    );
    const candidates = await runCli(['candidates', 'AL', '--year', '2025-26'], env);
    expect(candidates.stdout).toMatch(/0100003 .*blocked: needs a person/);
    const progress = await runCli(['progress', '--year', '2025-26'], env);
    expect(progress.stdout).toMatch(/1 district\(s\) need a person: their last attempt was blocked/);
  });
});
