/** LCT across years: a district's, a state's or the nation's trend, and the districts that moved most. */
import { z } from 'zod';
import { LctError } from '../../errors.js';
import { formatTable } from '../../export/text-table.js';
import { getDistrictTrend } from '../../queries/get-district-trend.js';
import { getMovers } from '../../queries/get-movers.js';
import { getNationalTrend } from '../../queries/get-national-trend.js';
import { getStateTrend } from '../../queries/get-state-trend.js';
import { AreaTrend, DistrictTrend, Movers } from '../../api/schemas.js';
import { districtId, schoolYear, scope, stateCode, wholeNumber } from '../arguments.js';
import { defineTool } from '../tool.js';

const DEFAULT_SCOPE = 'teachers_only';

const range = {
  scope: scope(`LCT scope; default ${DEFAULT_SCOPE}`).default(DEFAULT_SCOPE),
  from: schoolYear('The first school year, like 2016-17; default: the first with data').optional(),
  to: schoolYear('The last school year, like 2024-25; default: the last with data').optional(),
};

function checkRange(args: { from?: string; to?: string }): void {
  if (args.from && args.to && args.from > args.to)
    throw new LctError(`from (${args.from}) is after to (${args.to}).`, 'Give the earlier year as from.');
}

const signed = (n: number | null, unit = '') => (n === null ? 'n/a' : `${n > 0 ? '+' : ''}${n}${unit}`);

function seriesLine(t: {
  first_year: string | null;
  last_year: string | null;
  change: number | null;
  cagr: number | null;
}): string {
  if (!t.first_year || !t.last_year) return 'No valid year.';
  if (t.first_year === t.last_year) return `One valid year: ${t.first_year}.`;
  return `${t.first_year} to ${t.last_year}: ${signed(t.change, ' min')} (${signed(t.cagr, '%')} a year).`;
}

export const districtTrendTool = defineTool({
  name: 'district_trend',
  title: "A district's LCT over the years",
  description:
    "One district's LCT year by year for a scope (what GET /api/districts/:id/trend serves): the value, enrollment, staff FTE, minutes and their source, valid, QA flags, the change from the year before, and series breaks (the district closed, reopened, changed boundaries, or its enrollment moved by more than half), across which no change is computed; over the series the first and last valid years, the change and the compound annual rate. Use it for questions like how a district's LCT moved after pandemic relief money ended.",
  input: z.strictObject({ district_id: districtId(), ...range }),
  output: DistrictTrend,
  async run(args, { db }) {
    checkRange(args);
    const trend = await getDistrictTrend(db, args.district_id, { scope: args.scope, from: args.from, to: args.to });
    if (!trend)
      throw new LctError(
        `No district ${args.district_id} in the database.`,
        'Find its id by name with search_districts.',
      );
    return trend;
  },
  text: (t) =>
    [
      `${t.name} (${t.state}), NCES ${t.district_id}, LCT ${t.scope} in minutes per student per day:`,
      t.years.length
        ? formatTable(
            t.years.map((y) => ({
              year: y.year,
              lct: y.lct_value,
              valid: y.valid ? 'yes' : 'no',
              enrollment: y.enrollment,
              staff: y.staff_count,
              minutes: y.instructional_minutes,
              change: y.change,
              break: y.break ?? '',
            })),
          )
        : '(no year calculated)',
      seriesLine(t),
    ].join('\n'),
});

export const areaTrendTool = defineTool({
  name: 'lct_trend',
  title: 'LCT over the years, a state or the nation',
  description:
    'The LCT of a state, or of the nation without a state, year by year for a scope (what GET /api/trends serves): the median over the valid districts and the enrollment-weighted LCT (all minutes × staff over all enrollment), districts counted, and the change from the year before; over the series the first and last years, the change and the compound annual rate. The COVID years 2019-20 and 2020-21 are in the series like any other; say so when comparing with them.',
  input: z.strictObject({
    state: stateCode('A state (two-letter code); leave out for the nation').optional(),
    ...range,
  }),
  output: AreaTrend,
  async run(args, { db }) {
    checkRange(args);
    const options = { scope: args.scope, from: args.from, to: args.to };
    return args.state ? await getStateTrend(db, args.state, options) : await getNationalTrend(db, options);
  },
  text: (t) =>
    [
      `LCT ${t.scope} in ${t.state ?? 'the nation'}, minutes per student per day, over the valid districts:`,
      t.years.length
        ? formatTable(
            t.years.map((y) => ({
              year: y.year,
              median: y.lct_median,
              weighted: y.lct_weighted,
              districts: y.district_count,
              change: y.change,
            })),
          )
        : '(no year calculated)',
      seriesLine(t),
    ].join('\n'),
});

export const moversTool = defineTool({
  name: 'lct_movers',
  title: 'Districts whose LCT moved most',
  description:
    'The largest rises and falls of LCT between two school years (what GET /api/trends/movers serves), among districts valid in both years with no series break between them, nationally or in one state: each with its LCT in both years and the change in minutes and percent.',
  input: z.strictObject({
    from: schoolYear('The earlier school year, like 2019-20; default: the calculated year before to').optional(),
    to: schoolYear('The later school year, like 2024-25; default: the latest calculated year').optional(),
    scope: range.scope,
    state: stateCode('Only districts of this state').optional(),
    limit: wholeNumber('Rises and falls listed, each (default 10)', 1, 100).default(10),
  }),
  output: Movers,
  async run(args, { db }) {
    checkRange(args);
    return await getMovers(db, {
      from: args.from,
      to: args.to,
      scope: args.scope,
      state: args.state,
      limit: args.limit,
    });
  },
  text: (m) => {
    const rows = (list: typeof m.rises) =>
      list.length
        ? formatTable(
            list.map((d) => ({
              district_id: d.district_id,
              name: d.name,
              state: d.state,
              [m.from]: d.from_lct,
              [m.to]: d.to_lct,
              change: d.change,
              change_pct: d.change_pct,
            })),
          )
        : '(none)';
    return [
      `LCT ${m.scope}, ${m.from} to ${m.to}, minutes per student per day.`,
      'Largest rises:',
      rows(m.rises),
      'Largest falls:',
      rows(m.falls),
    ].join('\n');
  },
});
