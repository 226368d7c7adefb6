/**
 * The demo data `npm start` writes when there is nothing else: imported and calculated, it passes the
 * QA checks a real year passes (every scope-hierarchy check, pass rate ≥ 99%), so a new user's first
 * report is not a false alarm.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { tempDir } from './helpers/ccd-fixture.js';
import { writeDemoData } from '../src/demo/demo-data.js';
import { importPaths } from '../src/import/run-import.js';
import { calculate } from '../src/calculate/calculate.js';

describe.each(ENGINES)('demo data on %s', (engine) => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    dir = tempDir('lct-demo-');
    writeDemoData(dir, { districts: 2000 });
  });
  afterAll(async () => {
    await t.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('calculates to a PASS: every hierarchy check holds, pass rate at least 99%', async () => {
    await importPaths(t.db, [dir]);
    const result = await calculate(t.db, { year: '2023-24', outDir: false });
    const qa = result.qa_summary!;
    expect(qa.hierarchy.filter((h) => !h.passed).map((h) => `${h.check}: ${h.lower_mean} vs ${h.higher_mean}`)).toEqual(
      [],
    );
    expect(qa.overall_status).toBe('PASS');
  });
});
