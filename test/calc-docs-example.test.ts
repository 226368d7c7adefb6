/**
 * The worked example of docs/calculation.md, calculated: the page's figures were worked out by hand, and this
 * test keeps the page and the engine in agreement.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import {
  YEAR,
  insertBellSchedules,
  insertDistricts,
  insertStateRequirement,
  rowsOfRun,
  type ResultRow,
} from './helpers/calc-fixtures.js';
import { calculate } from '../src/calculate/calculate.js';

const ID = '5500100';
const grades = (codes: string[], students: number) => Object.fromEntries(codes.map((c) => [c, students]));

describe.each(ENGINES)('the worked example of docs/calculation.md on %s', (engine) => {
  let t: TestDatabase;
  let rows: Map<string, ResultRow>;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await insertDistricts(t.db, [
      {
        id: ID,
        state: 'WI',
        enrollment: {
          ...grades(['KG', 'G01', 'G02', 'G03', 'G04', 'G05'], 400),
          ...grades(['G06', 'G07', 'G08'], 400),
          ...grades(['G09', 'G10', 'G11', 'G12'], 350),
        },
        staff: {
          elementary_teachers: 120,
          kindergarten_teachers: 20,
          secondary_teachers: 122.5,
          paraprofessionals: 60,
          counselors: 10,
          other_staff: 40,
        },
      },
    ]);
    await insertStateRequirement(t.db, 'WI', { elementary: 300, middle: 360, high: 390 });
    await insertBellSchedules(t.db, [
      { district_id: ID, year: '2024-25', grade_level: 'elementary', instructional_minutes: 330 },
    ]);
    const run = await calculate(t.db, { year: YEAR, outDir: false });
    rows = (await rowsOfRun(t.db, run.run_id)).get(ID)!;
  });
  afterAll(() => t.destroy());

  it('weights the levels by enrollment, mixes sources, and rounds 18.585 half to even', () => {
    expect(rows.get('teachers_only')).toMatchObject({
      instructional_minutes: 354,
      minutes_source: 'mixed',
      minutes_year: '2024-25',
      staff_count: 262.5,
      enrollment: 5000,
      lct_value: 18.58,
      valid: true,
      qa_flags: [],
      calculation_notes:
        'minutes by level: elementary 330 (bell_schedule 2024-25), middle 360 (state_requirement), high 390 (state_requirement)',
    });
  });

  it('counts more staff in each wider scope, over the same students and minutes', () => {
    const wider = ['teachers_core', 'instructional', 'instructional_plus_support', 'all'].map((scope) => {
      const r = rows.get(scope)!;
      return [scope, r.staff_count, r.lct_value];
    });
    expect(wider).toEqual([
      ['teachers_core', 262.5, 18.58],
      ['instructional', 322.5, 22.83],
      ['instructional_plus_support', 332.5, 23.54],
      ['all', 372.5, 26.37],
    ]);
  });

  it('gives the teacher-level scopes their own levels', () => {
    expect(rows.get('teachers_elementary')).toMatchObject({
      instructional_minutes: 330,
      minutes_source: 'bell_schedule',
      enrollment: 2400,
      lct_value: 19.25,
    });
    expect(rows.get('teachers_secondary')).toMatchObject({
      instructional_minutes: 376.15,
      minutes_source: 'state_requirement',
      minutes_year: null,
      enrollment: 2600,
      lct_value: 17.72,
    });
  });
});
