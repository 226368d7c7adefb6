/**
 * Foundation benchmarks: `lct db migrate` on a new embedded database, `lct --help`, and what the audit
 * trail costs a 500,000-row COPY (the same load with the lineage triggers disabled is the baseline).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../src/db/database.js';
import { type BenchResult, embeddedDatabase, median, serverDatabase, time, timeCli } from './lib.js';

const GRADE_ROWS = 500_000;
const GRADES = [
  'KG',
  'G01',
  'G02',
  'G03',
  'G04',
  'G05',
  'G06',
  'G07',
  'G08',
  'G09',
  'G10',
  'G11',
  'G12',
  'UG',
  'PK',
  'AE',
  'G13',
];
const YEARS = ['2022-23', '2023-24'];
const DISTRICTS = Math.ceil(GRADE_ROWS / GRADES.length);
const ROWS = DISTRICTS * GRADES.length;

function* districtCsv() {
  let chunk = '';
  for (let i = 0; i < DISTRICTS; i++) {
    chunk += `${String(1_000_000 + i)},District ${i},WI,${i % 5000}\n`;
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
}

function* enrollmentCsv(year: string) {
  let chunk = '';
  for (let i = 0; i < DISTRICTS; i++) {
    for (const grade of GRADES) chunk += `${String(1_000_000 + i)},${year},${grade},${(i * 7 + grade.length) % 900}\n`;
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
}

async function copyEnrollment(db: Database, lineage: boolean, year: string): Promise<number> {
  await db.query('TRUNCATE grade_level_enrollment');
  const action = lineage ? 'ENABLE' : 'DISABLE';
  await db.query(`ALTER TABLE grade_level_enrollment ${action} TRIGGER grade_level_enrollment_lineage_insert`);
  const { seconds } = await time(() =>
    db.transaction(
      (tx) =>
        tx.copyFrom(
          'COPY grade_level_enrollment (nces_id, year, grade, enrollment) FROM STDIN WITH (FORMAT csv)',
          enrollmentCsv(year),
        ),
      {
        source: 'bench:lineage',
      },
    ),
  );
  return seconds;
}

async function lineageOverhead(db: Database, label: string): Promise<BenchResult> {
  await db.transaction((tx) =>
    tx.copyFrom('COPY districts (nces_id, name, state, enrollment) FROM STDIN WITH (FORMAT csv)', districtCsv()),
  );
  const without: number[] = [];
  const withLineage: number[] = [];
  for (let i = 0; i < 3; i++) {
    without.push(await copyEnrollment(db, false, YEARS[i % 2]!));
    withLineage.push(await copyEnrollment(db, true, YEARS[i % 2]!));
  }
  const ratio = median(withLineage) / median(without);
  return {
    name: `lineage on a ${(ROWS / 1000).toFixed(0)}K-row COPY (${label})`,
    measured: `${median(withLineage).toFixed(2)} s`,
    baseline: `${median(without).toFixed(2)} s without triggers`,
    ratio,
    target: '≤ 1.3×',
    pass: ratio <= 1.3,
  };
}

export async function benchFoundation(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lct-bench-'));
  try {
    // Warm the initdb template cache the way a user's first run does, then time a new database.
    timeCli(['db', 'status'], { LCT_DATA_DIR: path.join(tmp, 'warm'), DATABASE_URL: '' });
    const migrateTimes = [1, 2, 3].map((i) =>
      timeCli(['db', 'migrate'], { LCT_DATA_DIR: path.join(tmp, `db${i}`), DATABASE_URL: '' }),
    );
    results.push({
      name: 'lct db migrate, new embedded database',
      measured: `${median(migrateTimes).toFixed(2)} s`,
      target: '≤ 5 s',
      pass: median(migrateTimes) <= 5,
    });
    const helpTimes = [1, 2, 3, 4, 5].map(() => timeCli(['--help']));
    results.push({
      name: 'lct --help',
      measured: `${median(helpTimes).toFixed(3)} s`,
      target: '≤ 0.5 s',
      pass: median(helpTimes) <= 0.5,
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const server = await serverDatabase();
  try {
    results.push(await lineageOverhead(server.db, 'server'));
  } finally {
    await server.drop();
  }
  const embedded = await embeddedDatabase();
  try {
    results.push(await lineageOverhead(embedded.db, 'embedded'));
  } finally {
    await embedded.drop();
  }
  return results;
}
