/**
 * Calculation vectors (the rules of docs/calculation.md), each district built to sit on one side of one rule: the
 * worked examples, half-to-even rounding, Pre-K, zero and missing numerators and denominators, every QA flag on both
 * sides of its boundary, temporal spans, COVID-year bell schedules, level notes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import {
  type DistrictFixture,
  type ResultRow,
  YEAR,
  insertBellSchedules,
  insertDistricts,
  insertSpedEstimates,
  rowsOfRun,
} from './helpers/calc-fixtures.js';
import { calculate } from '../src/calculate/calculate.js';

const K12_SCOPES = ['teachers_only', 'teachers_core', 'instructional', 'instructional_plus_support', 'all'];

/** All students in grade 3 (so K-12 = K-5), all staff elementary teachers unless said otherwise. */
const simple = (
  id: string,
  students: number | null,
  teachers: number | null,
  extraStaff: Record<string, number> = {},
): DistrictFixture => ({
  id,
  enrollment: { G03: students },
  staff: { elementary_teachers: teachers, ...extraStaff },
});

const DISTRICTS: DistrictFixture[] = [
  simple('0100001', 5000, 250),
  { id: '0100002', enrollment: { G05: 3000, G07: 3000, G10: 2500 }, staff: { elementary_teachers: 425 } },
  simple('0100003', 2880, 1),
  simple('0100004', 8000, 3),
  {
    id: '0100005',
    enrollment: { PK: 1000, KG: 100, G13: 50, AE: 30 },
    staff: { elementary_teachers: 5, prek_teachers: 100 },
  },
  simple('0100006', 500, 0, { secondary_teachers: 0, other_staff: 0 }),
  simple('0100007', 0, 10),
  simple('0100008', null, 10),
  { id: '0100009', enrollment: { G03: 500 } },
  simple('0100010', 1000, 50),
  simple('0100011', 1000, 50, { counselors: 1 }),
  simple('0100012', 1000, 50, { other_staff: 0.01 }),
  simple('0100013', 1000, 50, { other_staff: 0.02 }),
  simple('0100014', 100, 50),
  simple('0100015', 100, 50.01),
  simple('0100016', 49, 2),
  simple('0100017', 50, 2),
  simple('0100018', 7200, 99.8),
  simple('0100019', 720, 10),
  simple('0100020', 10000, 3333.64),
  simple('0100021', 300, 100),
  simple('0100022', 100, 100),
  simple('0100023', 100, 100.01),
  simple('0100024', 1000, 50),
  simple('0100025', 1000, 50),
  ...['0100030', '0100031', '0100032', '0100033', '0100034', '0100035'].map((id) => simple(id, 1000, 50)),
  simple('0100040', 1000, 50),
  simple('0100041', 1000, 50),
  simple('0100042', 1000, 50),
  { id: '0100050', enrollment: { G10: 200 }, staff: { elementary_teachers: 10, secondary_teachers: 10 } },
  { id: '0100051', enrollment: { G03: 100, G10: 100 }, staff: { secondary_teachers: 10 } },
];

/**
 * Bell-schedule year per district: the span to the 2023-24 enrollment and staff years is 0, 1, 2, 3, 4, 5. A
 * schedule serves only the years at most 3 from its own: the last two fall back to the default minutes.
 */
const SPANS: [string, string, number][] = [
  ['0100030', '2023-24', 0],
  ['0100031', '2024-25', 1],
  ['0100032', '2025-26', 2],
  ['0100033', '2026-27', 3],
  ['0100034', '2027-28', 4],
  ['0100035', '2018-19', 5],
];

describe.each(ENGINES)('calculation vectors on %s', (engine) => {
  let t: TestDatabase;
  let rows: Map<string, Map<string, ResultRow>>;
  const row = (district: string, scope: string): ResultRow => {
    const r = rows.get(district)?.get(scope);
    if (!r) throw new Error(`no ${scope} row for ${district}`);
    return r;
  };
  const flagged = (district: string, scope: string, flag: string) => row(district, scope).qa_flags.includes(flag);

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await insertDistricts(t.db, DISTRICTS);
    // Legacy data from before the no-COVID-years constraint, which the calculation must still ignore.
    await t.db.query('ALTER TABLE bell_schedules DROP CONSTRAINT bell_schedules_no_covid_years');
    await insertBellSchedules(t.db, [
      { district_id: '0100002', year: '2024-25', grade_level: 'elementary', instructional_minutes: 200 },
      { district_id: '0100002', year: '2024-25', grade_level: 'middle', instructional_minutes: 200 },
      { district_id: '0100002', year: '2024-25', grade_level: 'high', instructional_minutes: 360 },
      ...SPANS.map(([district_id, year]) => ({
        district_id,
        year,
        grade_level: 'elementary' as const,
        instructional_minutes: 300,
      })),
      { district_id: '0100040', year: '2021-22', grade_level: 'elementary', instructional_minutes: 200 },
      { district_id: '0100041', year: '2025-26', grade_level: 'elementary', instructional_minutes: 300 },
      { district_id: '0100041', year: '2021-22', grade_level: 'elementary', instructional_minutes: 200 },
      // The nearest year wins, not the latest: 2024-25 (1 year away) over 2026-27 (3) and 2025-26 (2).
      { district_id: '0100042', year: '2026-27', grade_level: 'elementary', instructional_minutes: 330 },
      { district_id: '0100042', year: '2024-25', grade_level: 'elementary', instructional_minutes: 280 },
      { district_id: '0100042', year: '2025-26', grade_level: 'elementary', instructional_minutes: 300 },
    ]);
    await insertSpedEstimates(t.db, [
      {
        nces_id: '0100024',
        sped_enrollment: 10,
        sped_teachers: 10,
        sped_instructional: 10,
        gened_enrollment: 990,
        gened_teachers: 40,
      },
      {
        nces_id: '0100025',
        sped_enrollment: 10,
        sped_teachers: 10.01,
        sped_instructional: 12,
        gened_enrollment: 990,
        gened_teachers: 40,
      },
    ]);
    const run = await calculate(t.db, { year: YEAR, outDir: false });
    rows = await rowsOfRun(t.db, run.run_id);
  });
  afterAll(() => t.destroy());

  it('5,000 students, 250 teachers, 360 minutes give 18.0', () => {
    expect(row('0100001', 'teachers_only')).toMatchObject({
      lct_value: 18,
      staff_count: 250,
      enrollment: 5000,
      instructional_minutes: 360,
      minutes_source: 'default',
      minutes_year: null,
      valid: true,
    });
  });

  it('the weighted example: K-8 6,000 at 200 min and 9-12 2,500 at 360 give 247.06 min and, with 425 staff, 12.35', () => {
    expect(row('0100002', 'teachers_only')).toMatchObject({
      instructional_minutes: 247.06,
      lct_value: 12.35,
      enrollment: 8500,
      staff_count: 425,
      minutes_source: 'bell_schedule',
      minutes_year: '2024-25',
    });
  });

  it('rounds half to even: 0.125 → 0.12, 0.135 → 0.14', async () => {
    expect(row('0100003', 'teachers_only').lct_value).toBe(0.12);
    expect(row('0100004', 'teachers_only').lct_value).toBe(0.14);
    const r = await t.db.query(
      `SELECT round_half_even(0.125, 2) AS a, round_half_even(0.135, 2) AS b, round_half_even(-0.125, 2) AS c, round_half_even(2.5, 0) AS d,
              round_half_even(3.5, 0) AS e, round_half_even(0.1251, 2) AS f, round_half_even(14.375, 2) AS g, round_half_even(NULL, 2) AS h`,
    );
    expect(r.rows[0]).toEqual({ a: 0.12, b: 0.14, c: -0.12, d: 2, e: 4, f: 0.13, g: 14.38, h: null });
  });

  it('never counts Pre-K students or teachers (nor grade 13 or adult education)', () => {
    expect(row('0100005', 'teachers_only')).toMatchObject({ enrollment: 100, staff_count: 5, lct_value: 18 });
    expect(row('0100005', 'all')).toMatchObject({ enrollment: 100, staff_count: 5, lct_value: 18 });
  });

  it('a zero or missing numerator or denominator gives no row', () => {
    for (const id of ['0100006', '0100007', '0100008', '0100009']) expect(rows.has(id)).toBe(false);
  });

  it('ERR_FLAT_STAFF: the five K-12 scopes with the same staff count, and not when one differs', () => {
    for (const scope of K12_SCOPES) expect(flagged('0100010', scope, 'ERR_FLAT_STAFF')).toBe(true);
    expect(flagged('0100010', 'teachers_elementary', 'ERR_FLAT_STAFF')).toBe(false);
    for (const scope of K12_SCOPES) expect(flagged('0100011', scope, 'ERR_FLAT_STAFF')).toBe(false);
    for (const scope of K12_SCOPES) expect(flagged('0100012', scope, 'ERR_FLAT_STAFF')).toBe(false);
  });

  it('ERR_RATIO_CEILING: teachers within 0.01 of all staff, and not at 0.02', () => {
    for (const scope of K12_SCOPES) expect(flagged('0100012', scope, 'ERR_RATIO_CEILING')).toBe(true);
    for (const scope of K12_SCOPES) expect(flagged('0100013', scope, 'ERR_RATIO_CEILING')).toBe(false);
    expect(flagged('0100011', 'all', 'ERR_RATIO_CEILING')).toBe(false);
  });

  it('ERR_IMPOSSIBLE_SSR: K-12 staff / enrollment above 0.5, not at 0.5', () => {
    expect(flagged('0100014', 'teachers_only', 'ERR_IMPOSSIBLE_SSR')).toBe(false);
    expect(flagged('0100015', 'teachers_only', 'ERR_IMPOSSIBLE_SSR')).toBe(true);
    expect(flagged('0100015', 'teachers_elementary', 'ERR_IMPOSSIBLE_SSR')).toBe(false);
  });

  it('ERR_VOLATILE: K-12 enrollment below 50, not at 50', () => {
    expect(flagged('0100016', 'teachers_only', 'ERR_VOLATILE')).toBe(true);
    expect(flagged('0100017', 'teachers_only', 'ERR_VOLATILE')).toBe(false);
  });

  it('WARN_LCT_LOW: below 5, not at 5', () => {
    expect(row('0100018', 'teachers_only').lct_value).toBe(4.99);
    expect(flagged('0100018', 'teachers_only', 'WARN_LCT_LOW')).toBe(true);
    expect(row('0100019', 'teachers_only').lct_value).toBe(5);
    expect(flagged('0100019', 'teachers_only', 'WARN_LCT_LOW')).toBe(false);
  });

  it('WARN_LCT_HIGH: teachers_only above 120, not at 120, and only on teachers_only', () => {
    expect(row('0100020', 'teachers_only').lct_value).toBe(120.01);
    expect(flagged('0100020', 'teachers_only', 'WARN_LCT_HIGH')).toBe(true);
    expect(flagged('0100020', 'teachers_elementary', 'WARN_LCT_HIGH')).toBe(false);
    expect(row('0100021', 'teachers_only').lct_value).toBe(120);
    expect(flagged('0100021', 'teachers_only', 'WARN_LCT_HIGH')).toBe(false);
  });

  it('valid ⇔ 0 < LCT ≤ 360', () => {
    expect(row('0100022', 'teachers_only')).toMatchObject({ lct_value: 360, valid: true });
    expect(row('0100023', 'teachers_only')).toMatchObject({ lct_value: 360.04, valid: false });
  });

  it('WARN_SPED_RATIO_CAP: SPED scopes above 360 are capped and flagged, 360 itself is not', () => {
    expect(row('0100024', 'core_sped')).toMatchObject({
      lct_value: 360,
      valid: true,
      qa_flags: [],
      enrollment_type: 'sped',
    });
    expect(row('0100025', 'core_sped')).toMatchObject({
      lct_value: 360,
      valid: true,
      qa_flags: ['WARN_SPED_RATIO_CAP'],
    });
    expect(row('0100025', 'instructional_sped')).toMatchObject({
      lct_value: 360,
      staff_count: 12,
      qa_flags: ['WARN_SPED_RATIO_CAP'],
    });
    expect(row('0100025', 'teachers_gened')).toMatchObject({
      lct_value: 14.55,
      enrollment: 990,
      enrollment_type: 'gened',
      qa_flags: [],
    });
    expect(rows.get('0100001')!.has('core_sped')).toBe(false);
  });

  it('temporal spans of the enrollment, staff and minutes years: 0-1 none, 2-3 WARN_YEAR_GAP; a schedule 4+ years away is not used', () => {
    for (const [id, year, span] of SPANS) {
      const r = row(id, 'teachers_only');
      expect(r.minutes_year, id).toBe(span <= 3 ? year : null);
      expect(r.minutes_source, id).toBe(span <= 3 ? 'bell_schedule' : 'default');
      expect(r.instructional_minutes, id).toBe(span <= 3 ? 300 : 360);
      expect(r.qa_flags.includes('WARN_YEAR_GAP'), `span ${span}`).toBe(span >= 2 && span <= 3);
      expect(r.qa_flags.includes('ERR_SPAN_EXCEEDED'), `span ${span}`).toBe(false);
    }
  });

  it('takes the bell schedule of the nearest year within 3, not the latest', () => {
    expect(row('0100042', 'teachers_only')).toMatchObject({
      instructional_minutes: 280,
      minutes_source: 'bell_schedule',
      minutes_year: '2024-25',
    });
  });

  it('ignores bell schedules of the COVID years', () => {
    expect(row('0100040', 'teachers_only')).toMatchObject({
      instructional_minutes: 360,
      minutes_source: 'default',
      minutes_year: null,
    });
    expect(row('0100041', 'teachers_only')).toMatchObject({
      instructional_minutes: 300,
      minutes_source: 'bell_schedule',
      minutes_year: '2025-26',
    });
  });

  it('level notes: teachers without matching students, or the reverse, make that level row invalid and say which', () => {
    expect(row('0100050', 'teachers_elementary')).toMatchObject({
      valid: false,
      lct_value: null,
      calculation_notes: 'elementary teachers (10.00 FTE) but no K-5 enrollment',
    });
    expect(row('0100050', 'teachers_secondary')).toMatchObject({ valid: true, lct_value: 18, calculation_notes: null });
    expect(row('0100051', 'teachers_elementary')).toMatchObject({
      valid: false,
      calculation_notes: 'K-5 enrollment (100) but no elementary teachers',
    });
    expect(row('0100051', 'teachers_only')).toMatchObject({ valid: true, lct_value: 18 });
  });

  it('stores flags sorted, and every row records where its numbers come from', () => {
    for (const byScope of rows.values()) {
      for (const r of byScope.values()) {
        expect(r.qa_flags).toEqual([...r.qa_flags].sort());
        expect(r.staff_year).toBe(YEAR);
        expect(r.enrollment_year).toBe(YEAR);
        expect(r.minutes_source).toMatch(/^(bell_schedule|state_requirement|default|mixed)$/);
      }
    }
  });
});
