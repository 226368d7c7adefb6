/**
 * Small things a user notices: `lct --version`; an unknown state code refused everywhere a state is taken
 * (CLI, library, HTTP API), naming the valid codes; progress lines with true counts (never a "0 rows" that
 * counted nothing); the first calculation of a year called a full run; the report's plain wording.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { tempDir } from './helpers/ccd-fixture.js';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { call } from './helpers/api.js';
import { QUERIES_FIXTURE } from './fixtures/queries-fixture.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { terminalProgress } from '../src/cli/progress.js';
import { createApp } from '../src/api/app.js';
import { searchDistricts } from '../src/queries/search-districts.js';
import { summarizeLct } from '../src/queries/summarize-lct.js';
import { getLctHistogram } from '../src/queries/get-lct-histogram.js';
import { listLctResults } from '../src/queries/list-lct-results.js';
import { getNextEnrichmentCandidates } from '../src/queries/get-next-enrichment-candidates.js';

/** Written out here, not taken from the code: the codes NCES publishes districts for, in the messages' order. */
const VALID_CODES_START = 'AL, AK, AZ, AR, CA';
const VALID_CODES_END = 'WI, WY, BI, MP, PR, VI';

describe('lct --version', () => {
  it('prints the version of package.json, with -V too', async () => {
    const version = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')).version as string;
    for (const flag of ['--version', '-V']) {
      const r = await runCli([flag]);
      expect(r.code, flag).toBe(0);
      expect(r.stdout, flag).toBe(`${version}\n`);
    }
  });
});

describe('an unknown state code on the command line', () => {
  for (const args of [
    ['candidates', 'ZZ'],
    ['campaign', 'claim', 'ZZ', '--by', 'tester'],
    ['campaign', 'list', '--state', 'zz'],
    ['candidates', 'Wisconsin'],
  ]) {
    it(`lct ${args.join(' ')}: an error naming the valid codes, exit code 1`, async () => {
      const r = await runCli(['--memory', ...args], { LCT_COLLECTOR: 'tester' });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/is not a (two-letter )?state code/);
      expect(r.stderr).toContain(VALID_CODES_START);
      expect(r.stderr).toContain(VALID_CODES_END);
    });
  }
});

describe.each(ENGINES)('an unknown state code in the library and the API on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await t.db.execScript(QUERIES_FIXTURE);
  });
  afterAll(() => t.destroy());

  it('every query taking a state refuses ZZ, naming the valid codes', async () => {
    const refusals = [
      searchDistricts(t.db, { state: 'ZZ' }),
      summarizeLct(t.db, { year: '2023-24', state: 'ZZ' }),
      getLctHistogram(t.db, { year: '2023-24', scope: 'teachers_only', state: 'ZZ' }),
      listLctResults(t.db, { year: '2023-24', state: 'ZZ' }),
      getNextEnrichmentCandidates(t.db, 'ZZ', '2025-26'),
    ];
    for (const refusal of refusals) {
      await expect(refusal).rejects.toMatchObject({
        message: expect.stringContaining('"ZZ" is not a state code'),
        hint: expect.stringContaining(VALID_CODES_END),
      });
    }
    // A valid code in any case still works.
    expect((await searchDistricts(t.db, { state: 'al' })).total).toBeGreaterThan(0);
  });

  it('every API route taking a state answers 400 naming the valid codes', async () => {
    const app = createApp(t.db, { log: () => undefined });
    for (const url of [
      '/api/districts?state=ZZ',
      '/api/lct?year=2023-24&state=ZZ',
      '/api/lct?year=2023-24&format=csv&state=ZZ',
      '/api/lct/summary?year=2023-24&state=ZZ',
      '/api/lct/histogram?year=2023-24&state=ZZ',
      '/api/campaign/candidates?state=ZZ',
    ]) {
      const r = await call(app, url);
      expect(r.status, url).toBe(400);
      expect(r.body.error.fields.state, url).toContain(VALID_CODES_END);
    }
  });
});

/** A non-terminal stream that keeps what is written. */
function recordingStream(): { stream: NodeJS.WriteStream; lines: () => string[] } {
  let text = '';
  const stream = { isTTY: false, write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WriteStream;
  return { stream, lines: () => text.split('\n').filter(Boolean) };
}

describe('progress lines without a terminal', () => {
  it('a phase that counted nothing ends as done, never "0 rows"', () => {
    const { stream, lines } = recordingStream();
    const progress = terminalProgress(stream);
    progress.begin('Refreshing mv_lct_summary_stats');
    progress.end();
    expect(lines()).toEqual(['Refreshing mv_lct_summary_stats…', 'Refreshing mv_lct_summary_stats: done']);
  });

  it('a phase with a total prints each tenth it crosses, whatever the speed', () => {
    const { stream, lines } = recordingStream();
    const progress = terminalProgress(stream);
    progress.begin('Restoring', 1000, 'rows');
    for (let i = 0; i < 4; i++) progress.advance(250);
    progress.end('Restored 1,000 rows');
    const percents = lines()
      .map((l) => /\((\d+)%\)/.exec(l)?.[1])
      .filter(Boolean);
    expect(percents).toEqual(['25', '50', '75', '100']);
    expect(lines().at(-1)).toBe('Restored 1,000 rows');
  });

  it('the final count is printed once: no second line after the 100% one', () => {
    const { stream, lines } = recordingStream();
    const progress = terminalProgress(stream);
    progress.begin('writing staff (059)', 200, 'districts');
    progress.advance(100);
    progress.advance(100);
    progress.end();
    expect(lines().map((l) => /\((\d+)%\)/.exec(l)?.[1] ?? l)).toEqual(['writing staff (059)…', '50', '100']);
  });
});

describe('an import and the first calculations, as a user sees them', () => {
  let dir: string;
  let env: Record<string, string | undefined>;
  beforeAll(async () => {
    dir = tempDir('lct-user-details-');
    env = { DATABASE_URL: undefined, LCT_DATA_DIR: path.join(dir, 'pgdata') };
    expect((await runCli(['demo-data', path.join(dir, 'demo'), '--districts', '120'])).code).toBe(0);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the import prints the rows it wrote; the first run is a full run, the next an incremental one', async () => {
    expect((await runCli(['db', 'migrate'], env)).code).toBe(0);
    const imported = await runCli(['import', 'all', path.join(dir, 'demo')], env);
    expect(imported.code, imported.stderr).toBe(0);
    const counts = await runCli(
      [
        'sql',
        '--json',
        `SELECT (SELECT count(*)::int FROM grade_level_enrollment) AS enrollment,
                (SELECT count(*)::int FROM grade_level_staffing) AS staffing`,
      ],
      env,
    );
    const [{ enrollment, staffing }] = JSON.parse(counts.stdout) as [{ enrollment: number; staffing: number }];
    expect(enrollment).toBeGreaterThan(0);
    expect(imported.stderr).toContain(`writing grade_level_enrollment: ${enrollment.toLocaleString('en-US')} rows\n`);
    expect(imported.stderr).toContain(`writing grade_level_staffing: ${staffing.toLocaleString('en-US')} rows\n`);
    expect(imported.stderr).not.toMatch(/: 0 rows, 0 rows\/s/);

    const first = await runCli(['calculate', '--year', '2023-24', '--incremental', '--no-outputs'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^LCT calculation \S+: 2023-24, full run, completed/m);
    expect(first.stdout).toMatch(
      /^Current results: [\d,]+ rows for [\d,]+ districts, .* with notes \(all 2023-24 results/m,
    );
    expect(first.stdout).not.toContain('(lct_current)');
    expect(first.stderr).toContain('Refreshing mv_lct_summary_stats: done\n');
    expect(first.stderr).not.toMatch(/: 0 rows, 0 rows\/s/);

    // A change, then an incremental run: it reads the current results back, and says how many.
    const changed = await runCli(
      [
        'sql',
        `UPDATE grade_level_staffing SET fte_count = fte_count + 1 WHERE ctid IN (SELECT ctid FROM grade_level_staffing LIMIT 1)`,
      ],
      env,
    );
    expect(changed.code, changed.stderr).toBe(0);
    const next = await runCli(['calculate', '--year', '2023-24', '--incremental', '--no-outputs'], env);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toMatch(/^LCT calculation \S+: 2023-24, incremental run, completed/m);
    const runs = JSON.parse((await runCli(['runs', 'list', '--json'], env)).stdout) as { run_type: string }[];
    expect(runs.map((r) => r.run_type).sort()).toEqual(['full', 'incremental']);
    const current = await runCli(
      ['sql', '--json', `SELECT count(*)::int AS n FROM lct_current WHERE year = '2023-24'`],
      env,
    );
    const [{ n }] = JSON.parse(current.stdout) as [{ n: number }];
    expect(next.stderr).toContain(`${n.toLocaleString('en-US')} current rows checked\n`);
  });
});
