/**
 * `lct demo-data`: deterministic synthetic data in the real NCES CCD layouts (029 directory, 052
 * membership with its detail, subtotal and total rows, 059 staff), plus state requirements, bell
 * schedules (original JSON shape) and SPED estimates, for people who have not downloaded anything yet.
 * Enrollment is skewed like the real one (a few huge districts, many tiny ones), staff ratios are
 * realistic, and about 1% of districts carry the oddities the QA flags exist to catch.
 */
import fs from 'node:fs';
import path from 'node:path';
import { GRADE_CODES } from '../domain/grades.js';
import { STAFF_CATEGORIES } from '../domain/staff.js';
import { STATE_CODES, type StateCode } from '../domain/states.js';
import { fileCodeFromYear, isCovidYear, isSchoolYear, yearStart } from '../domain/years.js';
import { csvField } from '../db/csv.js';
import { LctError } from '../errors.js';
import type { ProgressSink } from '../progress.js';
import { silentProgress } from '../progress.js';
import { SeededRandom } from './random.js';
import yazl from 'yazl';

export interface DemoOptions {
  districts?: number;
  seed?: number;
  year?: string;
  progress?: ProgressSink;
}

export interface DemoResult {
  dir: string;
  files: { file: string; rows: number; bytes: number }[];
  districts: number;
}

export const DEFAULT_DEMO_DISTRICTS = 17_800;

/** Rough share of districts per state (real counts vary from 1 to ~2,000). */
const STATE_WEIGHT: Record<string, number> = {
  CA: 1985,
  TX: 1207,
  NY: 1059,
  OH: 1048,
  IL: 918,
  MI: 882,
  PA: 779,
  NJ: 672,
  MO: 564,
  MN: 550,
  OK: 539,
  WI: 454,
  IN: 416,
  MA: 399,
  MT: 397,
  NC: 335,
  WA: 330,
  IA: 327,
  KS: 291,
  NE: 272,
  ME: 266,
  AR: 260,
  GA: 234,
  AZ: 216,
  OR: 215,
  CT: 201,
  NH: 196,
  LA: 189,
  CO: 187,
  ID: 187,
  BI: 174,
  KY: 171,
  ND: 170,
  SD: 155,
  UT: 155,
  AL: 150,
  MS: 152,
  NM: 152,
  TN: 148,
  VT: 134,
  VA: 132,
  SC: 94,
  FL: 82,
  DC: 72,
  RI: 64,
  WY: 61,
  WV: 55,
  AK: 54,
  DE: 42,
  MD: 25,
  NV: 20,
  VI: 2,
  HI: 1,
  MP: 1,
  PR: 1,
};

const RACES = [
  'American Indian or Alaska Native',
  'Asian',
  'Black or African American',
  'Hispanic/Latino',
  'Native Hawaiian or Other Pacific Islander',
  'Two or more races',
  'White',
];
const SEXES = ['Female', 'Male'];
const DETAIL = 'Category Set A - By Race/Ethnicity; Sex; Grade';

type Span = 'K12' | 'K8' | 'HS' | 'K5';
type Oddity = 'flat_staff' | 'impossible_ratio' | 'tiny' | 'high_teachers' | 'level_mismatch' | 'unreported' | null;

interface DemoDistrict {
  leaid: string;
  name: string;
  state: StateCode;
  span: Span;
  /** Grade code → students. */
  grades: Map<string, number>;
  k12: number;
  oddity: Oddity;
  bySubtotals: boolean;
  prefix: string;
  stLeaid: string;
  /** NCES SY_STATUS of the year: 1 open, 2 closed, 3 new, 5 changed boundary. */
  status: number;
  /** The file's Education Unit Total is off by this much (the self-check must report it). */
  totalError: number;
}

class LineWriter {
  private buffer = '';
  private readonly fd: number;
  rows = 0;
  bytes = 0;

  constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'w');
  }

  line(text: string): void {
    this.buffer += text + '\n';
    this.rows++;
    if (this.buffer.length > 1 << 20) this.flush();
  }

  private flush(): void {
    this.bytes += fs.writeSync(this.fd, this.buffer);
    this.buffer = '';
  }

  close(): { file: string; rows: number; bytes: number } {
    this.flush();
    fs.closeSync(this.fd);
    return { file: this.file, rows: this.rows - 1, bytes: this.bytes };
  }
}

const NAME_PARTS = [
  'Springfield',
  'Riverside',
  'Fairview',
  'Franklin',
  'Clinton',
  'Greenville',
  'Madison',
  'Georgetown',
  'Salem',
  'Oakland',
  'Lakeside',
  'Hillcrest',
  'Cedar',
  'Maple',
  'Pine',
  'Willow',
  'Union',
  'Liberty',
  'Washington',
  'Lincoln',
  'Jefferson',
  'Jackson',
  'Marion',
  'Monroe',
];
const NAME_KINDS = [
  'Unified',
  'City Schools',
  'County Schools',
  'Independent School District',
  'Public Schools',
  'Community Unit',
  'Consolidated',
  'Regional School District',
  'Elementary District',
  'Union High',
];

function makeDistricts(count: number, random: SeededRandom, year: string): DemoDistrict[] {
  const totalWeight = Object.values(STATE_WEIGHT).reduce((a, b) => a + b, 0);
  const perState = STATE_CODES.map((s) => ({
    state: s,
    n: Math.max(1, Math.round((count * (STATE_WEIGHT[s.code] ?? 1)) / totalWeight)),
  }));
  // Make the total exactly `count`, taking from or giving to the largest states.
  let diff = count - perState.reduce((a, b) => a + b.n, 0);
  const bySize = [...perState].sort((a, b) => b.n - a.n);
  for (let i = 0; diff !== 0; i = (i + 1) % bySize.length) {
    if (diff > 0) {
      bySize[i]!.n++;
      diff--;
    } else if (bySize[i]!.n > 1) {
      bySize[i]!.n--;
      diff++;
    }
  }
  const schoolYear = `${year.slice(0, 4)}-${Number(year.slice(0, 4)) + 1}`;
  const districts: DemoDistrict[] = [];
  for (const { state, n } of perState) {
    for (let i = 0; i < n; i++) {
      const leaid = `${state.fips}${String(i + 1).padStart(5, '0')}`;
      const spanRoll = random.next();
      const span: Span = spanRoll < 0.78 ? 'K12' : spanRoll < 0.9 ? 'K8' : spanRoll < 0.97 ? 'HS' : 'K5';
      const oddityRoll = random.next();
      const oddity: Oddity =
        oddityRoll < 0.002
          ? 'flat_staff'
          : oddityRoll < 0.004
            ? 'impossible_ratio'
            : oddityRoll < 0.008
              ? 'tiny'
              : oddityRoll < 0.01
                ? 'high_teachers'
                : oddityRoll < 0.012
                  ? 'level_mismatch'
                  : oddityRoll < 0.017
                    ? 'unreported'
                    : null;
      // Log-normal enrollment: median around 1,000 students, a long tail to a few hundred thousand.
      let k12 = Math.round(Math.exp(6.9 + 1.45 * random.normal()));
      k12 = Math.min(450_000, Math.max(60, k12));
      if (oddity === 'tiny') k12 = random.int(12, 45);
      const spanGrades =
        span === 'K12'
          ? GRADE_CODES.filter((g) => g.code === 'KG' || /^G(0[1-9]|1[0-2])$/.test(g.code))
          : span === 'K8'
            ? GRADE_CODES.filter((g) => g.code === 'KG' || /^G0[1-8]$/.test(g.code))
            : span === 'K5'
              ? GRADE_CODES.filter((g) => g.code === 'KG' || /^G0[1-5]$/.test(g.code))
              : GRADE_CODES.filter((g) => /^G(09|1[0-2])$/.test(g.code));
      const grades = new Map<string, number>();
      const split = random.split(k12, spanGrades.length);
      spanGrades.forEach((g, j) => grades.set(g.code, split[j]!));
      if (span !== 'HS' && random.chance(0.7))
        grades.set('PK', Math.round((k12 / spanGrades.length) * random.between(0.2, 0.8)));
      if (random.chance(0.1)) grades.set('UG', random.int(1, Math.max(2, Math.round(k12 * 0.01))));
      if (span !== 'K5' && span !== 'K8' && random.chance(0.03)) grades.set('AE', random.int(5, 200));
      const ugStudents = grades.get('UG') ?? 0;
      const name = `${random.pick(NAME_PARTS)}${random.chance(0.3) ? ` ${random.pick(NAME_PARTS)}` : ''} ${random.pick(NAME_KINDS)}${random.chance(0.05) ? ', District No. ' + random.int(1, 99) : ''}`;
      const prefix = [
        schoolYear,
        state.fips,
        state.name.toUpperCase(),
        state.code,
        csvField(`${name} (Synthetic)`),
        state.fips,
        '',
        csvField(`${state.code}-${String(i + 1).padStart(4, '0')}`),
        leaid,
      ].join(',');
      districts.push({
        leaid,
        name: `${name} (Synthetic)`,
        state,
        span,
        grades,
        k12: k12 + ugStudents,
        oddity,
        bySubtotals: !random.chance(0.05),
        prefix,
        stLeaid: `${state.code}-${String(i + 1).padStart(4, '0')}`,
        status: 1,
        totalError: 0,
      });
    }
  }
  return districts;
}

function writeMembership(file: string, districts: DemoDistrict[], random: SeededRandom, progress: ProgressSink) {
  const out = new LineWriter(file);
  out.line(
    'SCHOOL_YEAR,FIPST,STATENAME,ST,LEA_NAME,STATE_AGENCY_NO,UNION,ST_LEAID,LEAID,GRADE,RACE_ETHNICITY,SEX,STUDENT_COUNT,TOTAL_INDICATOR,DMS_FLAG',
  );
  progress.begin('writing membership (052)', districts.length, 'districts');
  for (const d of districts) {
    const unreportedGrade = d.oddity === 'unreported' ? 'G03' : null;
    let unitTotal = 0;
    let unitTotalNoAe = 0;
    const raceSex = new Array(RACES.length * SEXES.length).fill(0) as number[];
    for (const g of GRADE_CODES) {
      const students = d.grades.get(g.code);
      if (students === undefined) continue;
      const label = g.nces_label;
      const blank = g.code === unreportedGrade;
      const cells = random.split(students, RACES.length * SEXES.length);
      cells.forEach((count, i) => {
        out.line(
          `${d.prefix},${label},${RACES[Math.floor(i / SEXES.length)]},${SEXES[i % SEXES.length]},${blank ? '' : count},${DETAIL},${blank ? 'Not reported' : 'Reported'}`,
        );
        raceSex[i]! += blank ? 0 : count;
      });
      // NCES also lists the "Not Specified" race cells, mostly zero.
      for (const sex of SEXES) out.line(`${d.prefix},${label},Not Specified,${sex},0,${DETAIL},Reported`);
      if (d.bySubtotals)
        out.line(
          `${d.prefix},${label},No Category Codes,No Category Codes,${blank ? '' : students},Subtotal 4 - By Grade,${blank ? 'Not reported' : 'Reported'}`,
        );
      if (!blank) {
        unitTotal += students;
        if (g.code !== 'AE') unitTotalNoAe += students;
      }
    }
    raceSex.forEach((count, i) =>
      out.line(
        `${d.prefix},No Category Codes,${RACES[Math.floor(i / SEXES.length)]},${SEXES[i % SEXES.length]},${count},Derived - Subtotal by Race/Ethnicity and Sex minus Adult Education Count,Derived`,
      ),
    );
    out.line(
      `${d.prefix},No Category Codes,No Category Codes,No Category Codes,${unitTotal + d.totalError},Education Unit Total,Reported`,
    );
    out.line(
      `${d.prefix},No Category Codes,No Category Codes,No Category Codes,${unitTotalNoAe},Derived - Education Unit Total minus Adult Education Count,Derived`,
    );
    progress.advance(1);
  }
  progress.end();
  return out.close();
}

function staffFor(d: DemoDistrict, random: SeededRandom): Map<string, number | null> {
  const g = (code: string) => d.grades.get(code) ?? 0;
  const kg = g('KG');
  const elementary = ['G01', 'G02', 'G03', 'G04', 'G05'].reduce((a, c) => a + g(c), 0);
  const secondary = ['G06', 'G07', 'G08', 'G09', 'G10', 'G11', 'G12'].reduce((a, c) => a + g(c), 0);
  const ratio = Math.min(26, Math.max(9, 15.5 + 2.5 * random.normal()));
  const fte = (students: number, per: number) => Math.round((students / per) * random.between(0.85, 1.15) * 100) / 100;
  const staff = new Map<string, number | null>();
  // Smaller classes in the early grades, larger in secondary school, as in the real CCD: the scope
  // hierarchy (teachers_secondary < teachers_only < teachers_elementary) holds on the demo data too.
  staff.set('kindergarten_teachers', fte(kg, ratio * 0.9));
  staff.set('elementary_teachers', fte(elementary, ratio * 0.9));
  staff.set('secondary_teachers', fte(secondary, ratio * 1.2));
  staff.set('ungraded_teachers', fte(g('UG'), 10));
  staff.set('prek_teachers', fte(g('PK'), 14));
  const teachers = fte(d.k12, ratio);
  staff.set('instructional_coordinators', fte(teachers, 60));
  staff.set('paraprofessionals', fte(teachers, 2.3));
  staff.set('counselors', fte(d.k12, 420));
  staff.set('psychologists', fte(d.k12, 1300));
  staff.set('student_support_services', fte(teachers, 18));
  staff.set('librarians', fte(d.k12, 950));
  staff.set('library_support', fte(d.k12, 1600));
  staff.set('lea_administrators', fte(d.k12, 1100) + 1);
  staff.set('school_administrators', fte(d.k12, 320));
  staff.set('lea_admin_support', fte(d.k12, 480));
  staff.set('school_admin_support', fte(d.k12, 260));
  staff.set('other_staff', fte(teachers, 2));
  switch (d.oddity) {
    case 'flat_staff':
      // Only teachers reported: every K-12 scope ends up with the same staff count.
      for (const c of STAFF_CATEGORIES)
        if (!c.teacher_level || c.teacher_level === 'ungraded') staff.set(c.category, 0);
      break;
    case 'impossible_ratio':
      staff.set('elementary_teachers', Math.round(d.k12 * 0.4 * 100) / 100);
      staff.set('secondary_teachers', Math.round(d.k12 * 0.35 * 100) / 100);
      break;
    case 'high_teachers':
      staff.set('elementary_teachers', Math.round((elementary / 2.2) * 100) / 100);
      staff.set('secondary_teachers', Math.round((secondary / 2.2) * 100) / 100);
      staff.set('kindergarten_teachers', Math.round((kg / 2.2) * 100) / 100);
      break;
    case 'level_mismatch':
      // Secondary teachers reported for a district without secondary students, or the reverse.
      if (secondary === 0) staff.set('secondary_teachers', random.int(2, 8));
      else staff.set('secondary_teachers', 0);
      break;
    case 'unreported':
      staff.set('paraprofessionals', null);
      staff.set('other_staff', null);
      break;
  }
  return staff;
}

/** The STAFF labels of the year's real files for a category (src/domain/staff.ts NCES_STAFF_LABELS), with shares. */
function staffLabels(category: string, year: string): [string, number][] {
  switch (category) {
    case 'counselors':
      return [
        ['Elementary School Counselors', 0.55],
        ['Secondary School Counselors', 0.45],
      ];
    case 'student_support_services':
      return [
        [year >= '2019-20' ? 'Student Support Services Staff (w/o Psychology)' : 'Student Support Services Staff', 1],
      ];
    case 'psychologists':
      return year >= '2019-20' ? [['School Psychologists', 1]] : [];
    default: {
      const label = STAFF_CATEGORIES.find((c) => c.category === category)!.nces_label;
      return [[label, 1]];
    }
  }
}

function writeStaff(
  file: string,
  districts: DemoDistrict[],
  random: SeededRandom,
  progress: ProgressSink,
  year = '2023-24',
) {
  const out = new LineWriter(file);
  out.line(
    'SCHOOL_YEAR,FIPST,STATENAME,ST,LEA_NAME,STATE_AGENCY_NO,UNION,ST_LEAID,LEAID,STAFF,STAFF_COUNT,TOTAL_INDICATOR,DMS_FLAG',
  );
  progress.begin('writing staff (059)', districts.length, 'districts');
  const teacherCategories = new Set(STAFF_CATEGORIES.filter((c) => c.teacher_level).map((c) => c.category));
  const staffByDistrict = new Map<string, Map<string, number | null>>();
  for (const d of districts) {
    const staff = staffFor(d, random);
    staffByDistrict.set(d.leaid, staff);
    let teachers = 0;
    let all = 0;
    // Before 2019-20 psychologists are part of student support services, as in the real files.
    if (year < '2019-20') {
      const psych = staff.get('psychologists') ?? null;
      const sss = staff.get('student_support_services') ?? null;
      staff.set('student_support_services', sss === null ? psych : Math.round((sss + (psych ?? 0)) * 100) / 100);
      staff.delete('psychologists');
    }
    let counselors = 0;
    for (const c of STAFF_CATEGORIES) {
      if (c.category === 'teachers_total') continue;
      const value = staff.get(c.category) ?? null;
      const labels = staffLabels(c.category, year);
      labels.forEach(([label, share], i) => {
        // Shares rounded to 0.01, the last one taking the rest, so the parts add up exactly.
        const before = labels.slice(0, i).reduce((a, [, sh]) => a + Math.round((value ?? 0) * sh * 100) / 100, 0);
        const part =
          value === null ? null : i === labels.length - 1 ? value - before : Math.round(value * share * 100) / 100;
        out.line(
          `${d.prefix},${csvField(label)},${part === null ? '' : part.toFixed(2)},Category Set A,${part === null ? 'Not reported' : 'Reported'}`,
        );
      });
      if (value !== null && labels.length) {
        all += value;
        if (teacherCategories.has(c.category)) teachers += value;
        if (c.category === 'counselors') counselors += value;
      }
    }
    out.line(`${d.prefix},Teachers,${teachers.toFixed(2)},Derived - Major Staffing Category,Derived`);
    out.line(`${d.prefix},Guidance Counselors,${counselors.toFixed(2)},Derived - Subtotal,Derived`);
    out.line(`${d.prefix},Support Staff,${(all - teachers).toFixed(2)},Derived - Major Staffing Category,Derived`);
    out.line(`${d.prefix},No Category Codes,${all.toFixed(2)},Education Unit Total,Reported`);
    progress.advance(1);
  }
  progress.end();
  return { written: out.close(), staffByDistrict };
}

const STATUS_TEXT: Record<number, string> = { 1: 'Open', 2: 'Closed', 3: 'New', 5: 'Changed Boundary/Agency' };

function writeDirectory(file: string, districts: DemoDistrict[], random: SeededRandom) {
  const out = new LineWriter(file);
  out.line(
    'SCHOOL_YEAR,FIPST,STATENAME,ST,LEA_NAME,STATE_AGENCY_NO,UNION,ST_LEAID,LEAID,MSTREET1,MCITY,MSTATE,MZIP,PHONE,WEBSITE,SY_STATUS,SY_STATUS_TEXT,UPDATED_STATUS,LEA_TYPE,LEA_TYPE_TEXT,CHARTER_LEA,GSLO,GSHI,LEVEL,IGOFFERED,OPERATIONAL_SCHOOLS',
  );
  for (const d of districts) {
    const codes = [...d.grades.keys()].filter((c) => c !== 'AE' && c !== 'UG');
    const low = codes.includes('PK') ? 'PK' : codes[0]!;
    const high = codes.at(-1)!.replace(/^G/, '');
    const level = d.span === 'HS' ? 'High' : d.span === 'K12' ? 'Other' : 'Elementary';
    const schools = Math.max(1, Math.round(d.k12 / random.between(350, 650)));
    out.line(
      [
        d.prefix,
        csvField(`${random.int(1, 9999)} Main Street`),
        'Springfield',
        d.state.code,
        String(random.int(10000, 99999)),
        `(555)555-${String(random.int(0, 9999)).padStart(4, '0')}`,
        `https://example.org/${d.leaid}`,
        String(d.status),
        STATUS_TEXT[d.status] ?? 'Open',
        String(d.status),
        '1',
        'Regular public school district that is NOT a component of a supervisory union',
        'No',
        low.replace(/^G/, ''),
        high,
        level,
        'As reported',
        String(d.oddity === 'unreported' ? '' : schools),
      ].join(','),
    );
  }
  return out.close();
}

function writeStateRequirements(file: string, random: SeededRandom) {
  const lines = ['# Synthetic state instructional-time requirements (lct demo-data): not real statutes.', 'states:'];
  for (const s of STATE_CODES.filter((x) => !['DC', 'BI', 'MP', 'PR', 'VI'].includes(x.code))) {
    const elementary = random.int(9, 12) * 30 + random.pick([0, 0, 6, 15]);
    lines.push(
      `  ${s.name.toLowerCase().replace(/ /g, '_')}:`,
      `    code: "${s.code}"`,
      `    elementary: ${Math.min(390, elementary)}`,
      `    middle_school: ${Math.min(400, elementary + random.pick([0, 10, 30]))}`,
      `    high_school: ${Math.min(420, elementary + random.pick([0, 15, 30, 60]))}`,
      `    notes: "Synthetic requirement for the demo database"`,
      `    source_url: "https://example.org/synthetic/state-requirements"`,
    );
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return { file, rows: lines.length, bytes: fs.statSync(file).size };
}

const METHODS = [
  'web_scraping',
  'manual_data_collection',
  'automated',
  'district_policy',
  'human_provided',
  'automated_enrichment',
  'pdf_extraction',
  'web_scrape_tier1',
];

function writeBellSchedules(file: string, districts: DemoDistrict[], random: SeededRandom, year: string) {
  const byState = new Map<string, DemoDistrict[]>();
  for (const d of districts) byState.set(d.state.code, [...(byState.get(d.state.code) ?? []), d]);
  const chosen = new Set<DemoDistrict>();
  // The campaign's largest-first rule: the biggest districts of most states are collected first.
  for (const list of byState.values()) {
    if (!random.chance(0.7)) continue;
    const take = random.int(1, 4);
    for (const d of [...list].sort((a, b) => b.k12 - a.k12).slice(0, take)) chosen.add(d);
  }
  for (let i = 0; i < Math.min(400, districts.length / 40); i++) chosen.add(random.pick(districts));
  const data: Record<string, Record<string, unknown>> = {};
  const nextYear = `${Number(year.slice(0, 4)) + 1}-${String((Number(year.slice(0, 4)) + 2) % 100).padStart(2, '0')}`;
  for (const d of [...chosen].sort((a, b) => a.leaid.localeCompare(b.leaid))) {
    const levels =
      d.span === 'K12'
        ? ['elementary', 'middle', 'high']
        : d.span === 'K8'
          ? ['elementary', 'middle']
          : d.span === 'HS'
            ? ['high']
            : ['elementary'];
    const entry: Record<string, unknown> = { district_name: d.name, state: d.state.code };
    if (random.chance(0.3)) entry.year = year;
    else if (random.chance(0.5)) entry.year = nextYear;
    for (const level of levels) {
      const base = level === 'elementary' ? 350 : level === 'middle' ? 360 : 365;
      const method = random.chance(0.05) ? 'state_statutory' : random.pick(METHODS);
      entry[level] = {
        instructional_minutes: Math.round(Math.min(430, Math.max(290, base + 22 * random.normal()))),
        start_time: `${random.int(7, 8)}:${random.pick(['00', '15', '30', '45'])} AM`,
        end_time: `${random.int(2, 3)}:${random.pick(['00', '15', '30', '45'])} PM`,
        lunch_duration: random.pick([25, 30, 35, 40]),
        passing_periods: level === 'elementary' ? 0 : random.pick([20, 25, 30]),
        schools_sampled: [
          `${d.name.split(' ')[0]} ${level === 'elementary' ? 'Elementary' : level === 'middle' ? 'Middle' : 'High'} School`,
        ],
        source_urls: [`https://example.org/${d.leaid}/bell-schedule`],
        confidence: random.pick(['high', 'high', 'medium', 'low']),
        method,
        source: 'Synthetic bell schedule (lct demo-data)',
        notes: method === 'state_statutory' ? 'Schedule not published; state requirement used' : null,
      };
    }
    data[d.leaid.replace(/^0/, '')] = entry; // the original files drop the leading zero too
  }
  fs.writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  return { file, rows: chosen.size, bytes: fs.statSync(file).size };
}

function writeSpedEstimates(
  file: string,
  districts: DemoDistrict[],
  staff: Map<string, Map<string, number | null>>,
  random: SeededRandom,
  year: string,
) {
  const out = new LineWriter(file);
  out.line('nces_id,year,sped_enrollment,gened_enrollment,sped_teachers,sped_instructional,gened_teachers,confidence');
  for (const d of districts) {
    if (!random.chance(0.15) || d.k12 < 100) continue;
    const s = staff.get(d.leaid)!;
    const teachers = ['elementary_teachers', 'kindergarten_teachers', 'secondary_teachers', 'ungraded_teachers'].reduce(
      (a, c) => a + (s.get(c) ?? 0),
      0,
    );
    const sped = Math.round(d.k12 * random.between(0.11, 0.18));
    const spedTeachers = Math.round((sped / random.between(10, 16)) * 100) / 100;
    const spedInstructional = Math.round(spedTeachers * random.between(1.8, 2.6) * 100) / 100;
    out.line(
      [
        d.leaid,
        year,
        sped,
        d.k12 - sped,
        spedTeachers.toFixed(2),
        spedInstructional.toFixed(2),
        Math.max(0, teachers - spedTeachers).toFixed(2),
        random.pick(['high', 'medium', 'low']),
      ].join(','),
    );
  }
  return out.close();
}

/** The file names `lct demo-data` writes for a year, NCES style with a `synthetic` marker. */
export function demoFileNames(year: string): string[] {
  const code = fileCodeFromYear(year);
  return [
    `ccd_lea_029_${code}_w_1a_synthetic.csv`,
    `ccd_lea_052_${code}_l_1a_synthetic.csv`,
    `ccd_lea_059_${code}_l_1a_synthetic.csv`,
    'state-requirements.yaml',
    'bell_schedules.json',
    'sped_estimates.csv',
  ];
}

export function writeDemoData(dir: string, options: DemoOptions = {}): DemoResult {
  const count = options.districts ?? DEFAULT_DEMO_DISTRICTS;
  const year = options.year ?? '2023-24';
  if (!isSchoolYear(year)) throw new LctError(`--year ${year} is not a school year.`, 'Write it like --year 2023-24.');
  if (!Number.isInteger(count) || count < 55)
    throw new LctError('--districts must be a whole number of at least 55 (one per state code).');
  const progress = options.progress ?? silentProgress;
  const random = new SeededRandom(options.seed ?? 1);
  fs.mkdirSync(dir, { recursive: true });
  const [directoryFile, membershipFile, staffFile, stateFile, bellFile, spedFile] = demoFileNames(year).map((f) =>
    path.join(dir, f),
  );
  const districts = makeDistricts(count, random, year);
  markDisagreeingTotal(districts, random);
  const files = [writeDirectory(directoryFile!, districts, random)];
  files.push(writeMembership(membershipFile!, districts, random, progress));
  const staff = writeStaff(staffFile!, districts, random, progress);
  files.push(staff.written);
  files.push(writeStateRequirements(stateFile!, random));
  files.push(writeBellSchedules(bellFile!, districts, random, year));
  files.push(writeSpedEstimates(spedFile!, districts, staff.staffByDistrict, random, year));
  return { dir, files, districts: districts.length };
}

/** One district per file whose Education Unit Total is off by 7: the import's self-check must report it. */
function markDisagreeingTotal(districts: DemoDistrict[], random: SeededRandom): void {
  const candidates = districts.filter((d) => d.status !== 2 && d.bySubtotals);
  if (candidates.length) random.pick(candidates).totalError = 7;
}

function setYear(d: DemoDistrict, year: string): void {
  const schoolYear = `${year.slice(0, 4)}-${Number(year.slice(0, 4)) + 1}`;
  d.prefix = [
    schoolYear,
    d.state.fips,
    d.state.name.toUpperCase(),
    d.state.code,
    csvField(d.name),
    d.state.fips,
    '',
    csvField(d.stLeaid),
    d.leaid,
  ].join(',');
}

const scaleGrades = (d: DemoDistrict, factor: number) => {
  for (const [grade, n] of d.grades) d.grades.set(grade, Math.max(0, Math.round(n * factor)));
  d.k12 = [...d.grades].filter(([g]) => g !== 'PK' && g !== 'AE').reduce((a, [, n]) => a + n, 0);
};

/** The CCD file names of a year in an archive set, NCES style with the `synthetic` marker. */
export function demoArchiveNames(year: string): string[] {
  return demoFileNames(year)
    .slice(0, 3)
    .map((f) => f.replace(/\.csv$/, ''));
}

async function zipFile(csvFile: string, zipPath: string): Promise<number> {
  const zip = new yazl.ZipFile();
  zip.addFile(csvFile, path.basename(csvFile));
  zip.end();
  const out = fs.createWriteStream(zipPath);
  await new Promise<void>((resolve, reject) => {
    zip.outputStream
      .pipe(out)
      .on('close', () => resolve())
      .on('error', reject);
  });
  return fs.statSync(zipPath).size;
}

/**
 * `lct demo-data --years 2016-17..2023-24`: one synthetic set of CCD files per year, as zip archives
 * named like NCES's with the `synthetic` marker, with plausible change between years: enrollment drift,
 * staffing changes, a few closures (SY_STATUS 2), new districts (3) and boundary changes (5, with a jump
 * in enrollment), a dip in 2020-21; and in every membership file one district whose total disagrees.
 * State requirements, bell schedules and SPED estimates are written once, for the newest year.
 */
export async function writeDemoYears(
  dir: string,
  options: DemoOptions & { years: readonly string[] },
): Promise<DemoResult> {
  const count = options.districts ?? DEFAULT_DEMO_DISTRICTS;
  const years = [...options.years].sort();
  if (years.length === 0 || years.some((y) => !isSchoolYear(y)))
    throw new LctError('--years must be school years, like --years 2016-17..2023-24.');
  if (!Number.isInteger(count) || count < 55)
    throw new LctError('--districts must be a whole number of at least 55 (one per state code).');
  const progress = options.progress ?? silentProgress;
  const random = new SeededRandom(options.seed ?? 1);
  fs.mkdirSync(dir, { recursive: true });
  let districts = makeDistricts(count, random, years[0]!);
  const files: DemoResult['files'] = [];
  let newCounter = 0;
  const everyone = new Set<string>();
  for (const [index, year] of years.entries()) {
    if (index > 0) {
      // Last year's closures are gone; new and changed districts are ordinary now.
      districts = districts.filter((d) => d.status !== 2);
      for (const d of districts) {
        d.status = 1;
        d.totalError = 0;
        const dip = year === '2020-21' ? 0.95 : year === '2021-22' ? 1.01 : 1;
        scaleGrades(d, Math.max(0.8, (1 - 0.004 + 0.02 * random.normal()) * dip));
        const roll = random.next();
        if (roll < 0.004) d.status = 2;
        else if (roll < 0.007) {
          d.status = 5;
          scaleGrades(d, random.chance(0.5) ? random.between(0.5, 0.7) : random.between(1.4, 1.7));
        }
      }
      const born = Math.max(1, Math.round(districts.length * 0.004));
      for (let i = 0; i < born; i++) {
        const model = random.pick(districts);
        const leaid = `${model.state.fips}${String(90000 + ++newCounter).padStart(5, '0')}`;
        const d: DemoDistrict = {
          ...model,
          leaid,
          name: `${random.pick(NAME_PARTS)} Academy ${newCounter} (Synthetic)`,
          stLeaid: `${model.state.code}-N${newCounter}`,
          grades: new Map(model.grades),
          status: 3,
          totalError: 0,
          oddity: null,
        };
        scaleGrades(d, random.between(0.1, 0.4));
        districts.push(d);
      }
    }
    for (const d of districts) setYear(d, year);
    markDisagreeingTotal(districts, random);
    const open = districts.filter((d) => d.status !== 2);
    const work = fs.mkdtempSync(path.join(dir, '.lct-demo-'));
    try {
      const [directoryName, membershipName, staffName] = demoArchiveNames(year);
      const written = [
        writeDirectory(path.join(work, `${directoryName}.csv`), districts, random),
        writeMembership(path.join(work, `${membershipName}.csv`), open, random, progress),
        writeStaff(path.join(work, `${staffName}.csv`), open, random, progress, year).written,
      ];
      for (const w of written) {
        const zipPath = path.join(dir, path.basename(w.file).replace(/\.csv$/, '.zip'));
        files.push({ file: zipPath, rows: w.rows, bytes: await zipFile(w.file, zipPath) });
      }
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
    for (const d of districts) everyone.add(d.leaid);
  }
  const newest = years.at(-1)!;
  const open = districts.filter((d) => d.status !== 2);
  files.push(writeStateRequirements(path.join(dir, 'state-requirements.yaml'), random));
  // Bell schedules of pandemic years are not comparable (and refused): those go to 2023-24.
  const bellYear = isCovidYear(newest) || yearStart(newest) < 2023 ? '2023-24' : newest;
  files.push(writeBellSchedules(path.join(dir, 'bell_schedules.json'), open, random, bellYear));
  const staff = new Map(open.map((d) => [d.leaid, staffFor(d, random)]));
  files.push(writeSpedEstimates(path.join(dir, 'sped_estimates.csv'), open, staff, random, newest));
  return { dir, files, districts: everyone.size };
}
