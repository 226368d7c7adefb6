/**
 * End to end on a small fixture with every number worked out by hand: every scope, minutes from state
 * requirements weighted by level enrollment, a bell-schedule level overriding the state requirement,
 * flat minutes, bell schedules for every level, the `high` policy, SPED scopes, the QA summary, and the
 * output files the run writes and lists.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCsvText } from './helpers/csv.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestDatabase, type TestDatabase } from './helpers/databases.js';
import {
  type ResultRow,
  YEAR,
  insertBellSchedules,
  insertDistricts,
  insertSpedEstimates,
  insertStateRequirement,
  rowsOfRun,
} from './helpers/calc-fixtures.js';
import { calculate } from '../src/calculate/calculate.js';
import type { CalculationResult } from '../src/calculate/types.js';

const STAFF = {
  elementary_teachers: 30,
  kindergarten_teachers: 5,
  secondary_teachers: 25,
  ungraded_teachers: 2,
  prek_teachers: 4,
  teachers_total: 62,
  instructional_coordinators: 1,
  paraprofessionals: 10,
  counselors: 3,
  psychologists: 1,
  student_support_services: 2,
  librarians: 1,
  library_support: 1,
  lea_administrators: 2,
  school_administrators: 3,
  lea_admin_support: 2,
  school_admin_support: 4,
  other_staff: 5,
};
// K-5 600, 6-8 300, 9-12 300, ungraded 20: K-12 1,220 (Pre-K 50 does not count).
const ENROLLMENT = {
  PK: 50,
  KG: 100,
  G01: 100,
  G02: 100,
  G03: 100,
  G04: 100,
  G05: 100,
  G06: 100,
  G07: 100,
  G08: 100,
  G09: 75,
  G10: 75,
  G11: 75,
  G12: 75,
  UG: 20,
};

/**
 * A (WI: 300/330/360 minutes): K-12 minutes (600·300 + 300·330 + 300·360) / 1200 = 322.5; staff 60, 62, 73, 79, 97.
 * B (WI, plus a 2024-25 bell schedule of 390 for middle school): (600·300 + 300·390 + 300·360) / 1200 = 337.5.
 * C (MN: 360 at every level): flat minutes. D (Guam: no requirement) with bell schedules for all three levels.
 */
const EXPECTED: Record<
  string,
  Record<string, [lct: number, minutes: number, source: string, minutesYear: string | null]>
> = {
  '5500001': {
    teachers_only: [15.86, 322.5, 'state_requirement', null], // 322.5 × 60 / 1220 = 15.8607
    teachers_core: [16.39, 322.5, 'state_requirement', null], // × 62 = 16.3893
    instructional: [19.3, 322.5, 'state_requirement', null], // × 73 = 19.2971
    instructional_plus_support: [20.88, 322.5, 'state_requirement', null], // × 79 = 20.8832
    all: [25.64, 322.5, 'state_requirement', null], // × 97 = 25.6414
    teachers_elementary: [17.5, 300, 'state_requirement', null], // 300 × 35 / 600
    teachers_secondary: [14.38, 345, 'state_requirement', null], // 345 × 25 / 600 = 14.375: half to even
    core_sped: [25.8, 322.5, 'state_requirement', null], // 322.5 × 8 / 100
    teachers_gened: [14.97, 322.5, 'state_requirement', null], // 322.5 × 52 / 1120 = 14.9732
    instructional_sped: [45.15, 322.5, 'state_requirement', null], // 322.5 × 14 / 100
  },
  '5500002': {
    teachers_only: [16.6, 337.5, 'mixed', '2024-25'], // 337.5 × 60 / 1220 = 16.5984
    teachers_core: [17.15, 337.5, 'mixed', '2024-25'],
    instructional: [20.19, 337.5, 'mixed', '2024-25'],
    instructional_plus_support: [21.85, 337.5, 'mixed', '2024-25'],
    all: [26.83, 337.5, 'mixed', '2024-25'], // 337.5 × 97 / 1220 = 26.8340
    teachers_elementary: [17.5, 300, 'state_requirement', null],
    teachers_secondary: [15.62, 375, 'mixed', '2024-25'], // (390 + 360) / 2 × 25 / 600 = 15.625: half to even
  },
  '2700001': {
    teachers_only: [18, 360, 'state_requirement', null],
    teachers_core: [18, 360, 'state_requirement', null],
    instructional: [18, 360, 'state_requirement', null],
    instructional_plus_support: [18, 360, 'state_requirement', null],
    all: [21.6, 360, 'state_requirement', null],
    teachers_elementary: [18, 360, 'state_requirement', null],
    teachers_secondary: [18, 360, 'state_requirement', null],
    core_sped: [360, 360, 'state_requirement', null], // 396, capped
    teachers_gened: [14.18, 360, 'state_requirement', null], // 360 × 39 / 990 = 14.1818
    instructional_sped: [360, 360, 'state_requirement', null],
  },
  '6600001': {
    teachers_only: [21.4, 356.67, 'bell_schedule', '2023-24'], // (350 + 355 + 365) / 3 × 18 / 300
    teachers_core: [21.4, 356.67, 'bell_schedule', '2023-24'],
    instructional: [21.4, 356.67, 'bell_schedule', '2023-24'],
    instructional_plus_support: [21.4, 356.67, 'bell_schedule', '2023-24'],
    all: [21.4, 356.67, 'bell_schedule', '2023-24'],
    teachers_elementary: [21, 350, 'bell_schedule', '2023-24'],
    teachers_secondary: [21.6, 360, 'bell_schedule', '2023-24'],
  },
};

describe.each(ENGINES)('calculation end to end on %s', (engine) => {
  let t: TestDatabase;
  let out: string;
  let run: CalculationResult;
  let rows: Map<string, Map<string, ResultRow>>;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'lct-calc-e2e-'));
    await insertStateRequirement(t.db, 'WI', { elementary: 300, middle: 330, high: 360 });
    await insertStateRequirement(t.db, 'MN', { elementary: 360, middle: 360, high: 360 });
    await insertDistricts(t.db, [
      { id: '5500001', name: 'Alpha', state: 'WI', enrollment: ENROLLMENT, staff: STAFF },
      { id: '5500002', name: 'Beta', state: 'WI', enrollment: ENROLLMENT, staff: STAFF },
      {
        id: '2700001',
        name: 'Gamma',
        state: 'MN',
        enrollment: { G03: 400, G07: 300, G11: 300 },
        staff: { elementary_teachers: 20, secondary_teachers: 30, other_staff: 10 },
      },
      {
        id: '6600001',
        name: 'Delta',
        state: 'GU',
        enrollment: { KG: 100, G06: 100, G09: 100 },
        staff: { elementary_teachers: 6, secondary_teachers: 12 },
      },
    ]);
    await insertBellSchedules(t.db, [
      { district_id: '5500002', year: '2024-25', grade_level: 'middle', instructional_minutes: 390 },
      { district_id: '6600001', year: '2023-24', grade_level: 'elementary', instructional_minutes: 350 },
      { district_id: '6600001', year: '2023-24', grade_level: 'middle', instructional_minutes: 355 },
      { district_id: '6600001', year: '2023-24', grade_level: 'high', instructional_minutes: 365 },
    ]);
    await insertSpedEstimates(t.db, [
      {
        nces_id: '5500001',
        sped_enrollment: 100,
        gened_enrollment: 1120,
        sped_teachers: 8,
        sped_instructional: 14,
        gened_teachers: 52,
      },
      {
        nces_id: '2700001',
        sped_enrollment: 10,
        gened_enrollment: 990,
        sped_teachers: 11,
        sped_instructional: 11,
        gened_teachers: 39,
      },
    ]);
    run = await calculate(t.db, { year: YEAR, outDir: out });
    rows = await rowsOfRun(t.db, run.run_id);
  });
  afterAll(async () => {
    await t.destroy();
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('computes every scope as worked out by hand', () => {
    expect(run).toMatchObject({
      status: 'completed',
      run_type: 'full',
      districts_processed: 4,
      calculations_created: 34,
    });
    for (const [district, scopes] of Object.entries(EXPECTED)) {
      expect([...rows.get(district)!.keys()].sort(), district).toEqual(Object.keys(scopes).sort());
      for (const [scope, [lct, minutes, source, minutesYear]] of Object.entries(scopes)) {
        expect(rows.get(district)!.get(scope), `${district} ${scope}`).toMatchObject({
          lct_value: lct,
          instructional_minutes: minutes,
          minutes_source: source,
          minutes_year: minutesYear,
          valid: true,
        });
      }
    }
  });

  it('records staff, enrollment and their types per scope', () => {
    const a = rows.get('5500001')!;
    expect(
      [
        a.get('teachers_only'),
        a.get('teachers_core'),
        a.get('instructional'),
        a.get('instructional_plus_support'),
        a.get('all'),
      ].map((r) => r!.staff_count),
    ).toEqual([60, 62, 73, 79, 97]);
    expect(a.get('all')).toMatchObject({ enrollment: 1220, enrollment_type: 'k12' });
    expect(a.get('teachers_elementary')).toMatchObject({
      staff_count: 35,
      enrollment: 600,
      enrollment_type: 'elementary',
    });
    expect(a.get('teachers_secondary')).toMatchObject({
      staff_count: 25,
      enrollment: 600,
      enrollment_type: 'secondary',
    });
    expect(a.get('teachers_gened')).toMatchObject({ staff_count: 52, enrollment: 1120, enrollment_type: 'gened' });
    expect(a.get('instructional_sped')).toMatchObject({ staff_count: 14, enrollment: 100, enrollment_type: 'sped' });
  });

  it('says which level came from where when a bell schedule overrides part of the state requirement', () => {
    expect(rows.get('5500002')!.get('teachers_only')!.calculation_notes).toBe(
      'minutes by level: elementary 300 (state_requirement), middle 390 (bell_schedule 2024-25), high 360 (state_requirement)',
    );
    expect(rows.get('5500002')!.get('teachers_secondary')!.calculation_notes).toBe(
      'minutes by level: middle 390 (bell_schedule 2024-25), high 360 (state_requirement)',
    );
    expect(rows.get('5500001')!.get('teachers_only')!.calculation_notes).toBeNull();
  });

  it('flags what docs/calculation.md says, and nothing else', () => {
    for (const [district, byScope] of rows) {
      for (const [scope, r] of byScope) {
        const expected =
          district === '6600001' && !scope.startsWith('teachers_e') && !scope.startsWith('teachers_s')
            ? ['ERR_FLAT_STAFF', 'ERR_RATIO_CEILING']
            : district === '2700001' && scope.endsWith('_sped')
              ? ['WARN_SPED_RATIO_CAP']
              : [];
        expect(r.qa_flags, `${district} ${scope}`).toEqual(expected);
      }
    }
  });

  it('summarises the run: pass rate, flags, scope statistics, hierarchy, coverage, outliers, status', async () => {
    const qa = run.qa_summary!;
    expect(qa.data_quality).toEqual({
      total_rows: 34,
      valid_rows: 34,
      invalid_rows: 0,
      pass_rate: 100,
      districts_with_rows: 4,
      rows_with_flags: 7,
      rows_with_notes: 6,
    });
    // (15.86 + 16.60 + 18.00 + 21.40) / 4 = 17.965 → 17.96; (16.39 + 17.15 + 18 + 21.4) / 4 = 18.235 → 18.24.
    expect(qa.scope_summary.find((s) => s.scope === 'teachers_only')).toEqual({
      scope: 'teachers_only',
      count: 4,
      mean: 17.96,
      median: 17.3,
      std: 2.46,
      min: 15.86,
      max: 21.4,
    });
    expect(qa.scope_summary.find((s) => s.scope === 'teachers_core')!.mean).toBe(18.24);
    expect(qa.hierarchy.map((h) => [h.check, h.passed])).toEqual([
      ['teachers_secondary < teachers_only', true],
      ['teachers_only < teachers_elementary', true],
      ['teachers_only < teachers_core', true],
      ['teachers_core < instructional', true],
      ['instructional < instructional_plus_support', true],
      ['instructional_plus_support < all', true],
    ]);
    expect(qa.flags.find((f) => f.flag === 'ERR_FLAT_STAFF')).toMatchObject({
      rows: 5,
      districts: 1,
      severity: 'error',
    });
    expect(qa.flags.find((f) => f.flag === 'WARN_SPED_RATIO_CAP')).toMatchObject({ rows: 2, districts: 1 });
    expect(qa.flags.find((f) => f.flag === 'WARN_LCT_LOW')).toMatchObject({ rows: 0, districts: 0 });
    expect(qa.state_coverage).toEqual({
      states_with_valid_rows: 3,
      states_in_districts: 3,
      states_without_valid_rows: [],
    });
    expect(qa.outliers.find((o) => o.scope === 'all')!.lowest[0]).toEqual({
      district_id: '6600001',
      district_name: 'Delta',
      state: 'GU',
      scope: 'all',
      lct_value: 21.4,
    });
    expect(qa.outliers.find((o) => o.scope === 'all')!.highest[0]).toMatchObject({
      district_id: '5500002',
      lct_value: 26.83,
    });
    expect(qa.overall_status).toBe('PASS');
    const stored = await t.db.query<{ qa_summary: unknown }>(
      'SELECT qa_summary FROM calculation_runs WHERE run_id = $1',
      [run.run_id],
    );
    expect(stored.rows[0]!.qa_summary).toEqual(qa);
  });

  it('writes the outputs and lists them in calculation_runs.output_files', async () => {
    const stored = (
      await t.db.query<{ output_files: { name: string; path: string; format: string }[] }>(
        'SELECT output_files FROM calculation_runs WHERE run_id = $1',
        [run.run_id],
      )
    ).rows[0]!.output_files;
    expect(stored.map((f) => [f.name, f.format])).toEqual([
      ['all_rows', 'csv'],
      ['valid_rows', 'csv'],
      ['summary_by_scope', 'csv'],
      ['summary_by_state', 'csv'],
      ['report', 'txt'],
      ['qa', 'json'],
    ]);
    for (const f of stored) expect(fs.existsSync(f.path), f.path).toBe(true);
    const file = (name: string) => fs.readFileSync(stored.find((f) => f.name === name)!.path, 'utf8');
    const header =
      'district_id,district_name,state,scope,lct_value,instructional_minutes,minutes_source,minutes_year,staff_count,staff_year,enrollment,enrollment_type,enrollment_year,qa_flags,notes';
    expect(file('valid_rows').split('\n')[0]).toBe(header);
    expect(file('all_rows').split('\n')[0]).toBe(header);
    const all = parseCsvText(file('all_rows'));
    expect(all).toHaveLength(34);
    expect(all.find((r) => r.district_id === '6600001' && r.scope === 'all')).toMatchObject({
      district_name: 'Delta',
      state: 'GU',
      lct_value: '21.40',
      qa_flags: 'ERR_FLAT_STAFF; ERR_RATIO_CEILING',
      minutes_year: '2023-24',
    });
    expect(parseCsvText(file('valid_rows')).length).toBe(34);
    expect(file('summary_by_scope').split('\n')[0]).toBe('scope,count,mean,median,std,min,max');
    expect(file('summary_by_scope')).toContain('teachers_only,4,17.96,17.3,2.46,15.86,21.4');
    expect(file('summary_by_state').split('\n')[0]).toBe('state,scope,count,mean,median,std,min,max');
    expect(file('summary_by_state')).toContain('WI,teachers_only,2,16.23,16.23,0.52,15.86,16.6');
    expect(JSON.parse(file('qa'))).toEqual(run.qa_summary);
    expect(file('report')).toContain('QA status: PASS');
    expect(file('report')).toContain(run.run_id);
  });

  it('the high policy takes the high-school minutes for every scope', async () => {
    const high = await calculate(t.db, { year: YEAR, minutesPolicy: 'high', outDir: false });
    const h = await rowsOfRun(t.db, high.run_id);
    expect(h.get('5500001')!.get('teachers_only')).toMatchObject({
      lct_value: 17.7,
      instructional_minutes: 360,
      minutes_source: 'state_requirement',
    }); // 360 × 60 / 1220
    expect(h.get('5500001')!.get('teachers_elementary')).toMatchObject({ lct_value: 21, instructional_minutes: 360 }); // 360 × 35 / 600
    expect(h.get('5500001')!.get('teachers_secondary')).toMatchObject({ lct_value: 15, instructional_minutes: 360 });
    expect(h.get('5500002')!.get('teachers_only')).toMatchObject({
      lct_value: 17.7,
      minutes_source: 'state_requirement',
      calculation_notes: null,
    });
    expect(h.get('6600001')!.get('teachers_elementary')).toMatchObject({
      lct_value: 21.9,
      instructional_minutes: 365,
      minutes_source: 'bell_schedule',
      minutes_year: '2023-24',
    });
    const options = await t.db.query<{ options: unknown }>('SELECT options FROM calculation_runs WHERE run_id = $1', [
      high.run_id,
    ]);
    expect(options.rows[0]!.options).toMatchObject({ minutes_policy: 'high' });
    expect(high.input_hash).not.toBe(run.input_hash);
  });
});
