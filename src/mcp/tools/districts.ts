/** Districts: search by name or id (with the current LCT per scope), one district, and its full profile. */
import { z } from 'zod';
import { LctError } from '../../errors.js';
import { formatTable } from '../../export/text-table.js';
import { rowSchema } from '../../db/schema.js';
import { defaultCalculationYear } from '../../queries/default-year.js';
import { districtListItem, searchDistricts } from '../../queries/search-districts.js';
import {
  districtBellSchedule,
  districtLct,
  getDistrictDetails,
  type DistrictLct,
} from '../../queries/get-district-details.js';
import { getDistrictProfile } from '../../queries/get-district-profile.js';
import { currentLctValue, getCurrentLctForDistricts } from '../../queries/get-current-lct-for-districts.js';
import { DistrictProfile } from '../../api/schemas.js';
import { districtId, schoolYear, stateCode, wholeNumber } from '../arguments.js';
import { defineTool } from '../tool.js';

function unknownDistrict(id: string): LctError {
  return new LctError(`No district ${id} in the database.`, 'Find its id by name with search_districts.');
}

const district = rowSchema('districts');
const count = (n: number | null) => (n === null ? 'unknown' : n.toLocaleString('en-US'));

/** The current LCT rows as a table, newest year first. */
const lctTable = (lct: DistrictLct[]) =>
  lct.length
    ? formatTable(
        lct.map((l) => ({
          year: l.year,
          scope: l.scope,
          lct: l.lct_value,
          valid: l.valid ? 'yes' : 'no',
          minutes: l.instructional_minutes,
          staff: l.staff_count,
          enrollment: l.enrollment,
          flags: l.qa_flags.join(' '),
        })),
      )
    : '(not calculated)';

export const searchDistrictsTool = defineTool({
  name: 'search_districts',
  title: 'Search districts',
  description:
    'Find school districts by part of the name (any case) or by NCES id (a full id or its start), optionally within a state or an enrollment range, largest enrollment first, each with its current LCT per scope for a school year. Use it to get a district’s NCES id from its name, or to list the largest districts of a state.',
  input: z.strictObject({
    query: z
      .string({ error: 'must be a string' })
      .max(200, { error: 'must be at most 200 characters' })
      .optional()
      .describe('Part of the name ("Milwaukee"), or the NCES id or its start ("5509600", "55")'),
    state: stateCode('Only districts of this state (two-letter code)').optional(),
    min_enrollment: wholeNumber('Only districts with at least this K-12 enrollment', 0, 100_000_000).optional(),
    max_enrollment: wholeNumber('Only districts with at most this K-12 enrollment', 0, 100_000_000).optional(),
    year: schoolYear(
      'School year of the LCT shown, like 2023-24; default: the year of the latest calculation run',
    ).optional(),
    limit: wholeNumber('Districts per page (default 10)', 1, 50).default(10),
    page: wholeNumber('Page, from 1', 1, 10_000).default(1),
  }),
  output: z.object({
    year: z.string().nullable().describe('School year of the LCT values; null when nothing was calculated yet'),
    total: z.int().describe('Districts matching, on every page'),
    page: z.int().describe('This page, from 1'),
    per_page: z.int().describe('Districts per page'),
    items: z
      .array(districtListItem.extend({ lct: z.array(currentLctValue).describe('Current LCT per scope that year') }))
      .describe('Largest enrollment first'),
  }),
  async run(args, { db }) {
    const year = args.year ?? (await defaultCalculationYear(db));
    const page = await searchDistricts(db, {
      q: args.query,
      state: args.state,
      min_enrollment: args.min_enrollment,
      max_enrollment: args.max_enrollment,
      page: args.page,
      per_page: args.limit,
    });
    const lct = year
      ? await getCurrentLctForDistricts(
          db,
          page.items.map((d) => d.nces_id),
          year,
        )
      : new Map();
    return { ...page, year, items: page.items.map((d) => ({ ...d, lct: lct.get(d.nces_id) ?? [] })) };
  },
  text(r) {
    if (r.items.length === 0) return `No district matches (${r.total} in all).`;
    const scopes = [...new Set(r.items.flatMap((d) => d.lct.map((l) => l.scope)))].slice(0, 3);
    return [
      `${r.total} district(s) match; page ${r.page}, largest first${r.year ? `; LCT ${r.year}` : ''}:`,
      formatTable(
        r.items.map((d) => ({
          nces_id: d.nces_id,
          name: d.name,
          state: d.state,
          enrollment: d.enrollment,
          ...Object.fromEntries(scopes.map((s) => [s, d.lct.find((l) => l.scope === s)?.lct_value ?? null])),
        })),
      ),
    ].join('\n');
  },
});

export const lookupDistrict = defineTool({
  name: 'lookup_district',
  title: 'One district',
  description:
    'One district by NCES id: name, state, enrollment, schools, locale, its bell schedules, and its current LCT for every calculated year and scope with the minutes, staff and enrollment behind each value and any QA flags. get_district_profile adds enrollment by grade, staffing by category and the change history.',
  input: z.strictObject({ district_id: districtId() }),
  output: z.object({
    district: district,
    bell_schedules: z.array(districtBellSchedule).describe('Bell schedules, newest year first'),
    lct: z.array(districtLct).describe('Current LCT per year and scope, newest year first'),
  }),
  async run({ district_id }, { db }) {
    const details = await getDistrictDetails(db, district_id);
    if (!details) throw unknownDistrict(district_id);
    return details;
  },
  text({ district: d, bell_schedules, lct }) {
    return [
      `${d.name} (${d.state}), NCES ${d.nces_id}: enrollment ${count(d.enrollment)}, schools ${d.schools ?? 'unknown'}${d.locale_code ? `, locale ${d.locale_code}` : ''}.`,
      'Bell schedules:',
      bell_schedules.length ? formatTable(bell_schedules) : '(none)',
      'Current LCT (minutes per student per day):',
      lctTable(lct),
    ].join('\n');
  },
});

export const getDistrictProfileTool = defineTool({
  name: 'get_district_profile',
  title: 'District profile',
  description:
    'Everything about one district (what GET /api/districts/:id serves): the district, enrollment by year and grade, staff FTE by year and category, bell schedules, current LCT per year and scope, and the latest 100 changes to its data with their sources. Use it to explain why a district’s LCT is what it is.',
  input: z.strictObject({ district_id: districtId() }),
  output: DistrictProfile,
  async run({ district_id }, { db }) {
    const profile = await getDistrictProfile(db, district_id);
    if (!profile) throw unknownDistrict(district_id);
    const { district: d, enrollment_by_grade, staffing_by_category, bell_schedules, lct, lineage } = profile;
    return { district: d, enrollment_by_grade, staffing_by_category, bell_schedules, lct, lineage };
  },
  text(p) {
    const d = p.district;
    const latest = (rows: { year: string }[]) => rows[0]?.year;
    const enrollmentYear = latest(p.enrollment_by_grade);
    const staffYear = latest(p.staffing_by_category);
    return [
      `${d.name} (${d.state}), NCES ${d.nces_id}: enrollment ${count(d.enrollment)}, schools ${d.schools ?? 'unknown'}.`,
      enrollmentYear
        ? `Enrollment ${enrollmentYear}: ${p.enrollment_by_grade
            .filter((e) => e.year === enrollmentYear)
            .map((e) => `${e.grade} ${e.enrollment}`)
            .join(', ')}.`
        : 'No enrollment by grade.',
      staffYear
        ? `Staff FTE ${staffYear}: ${p.staffing_by_category
            .filter((s) => s.year === staffYear)
            .map((s) => `${s.category} ${s.fte_count}`)
            .join(', ')}.`
        : 'No staffing by category.',
      `Bell schedules: ${p.bell_schedules.map((b) => `${b.year} ${b.grade_level} ${b.instructional_minutes} min`).join('; ') || 'none'}.`,
      'Current LCT (minutes per student per day):',
      lctTable(p.lct),
      `Changes recorded: ${p.lineage.length}${p.lineage[0] ? `, latest ${p.lineage[0].timestamp} (${p.lineage[0].source})` : ''}.`,
    ].join('\n');
  },
});
