/**
 * LCT across years on the dashboard: the national or a state's line chart (median and enrollment-weighted,
 * the COVID years marked), the biggest movers, and a district's line chart with enrollment and staff beneath.
 */
import { stateByCode } from '../../src/domain/states.js';
import type { AreaTrend, DistrictTrend, Movers } from './api.js';
import { h, fill, message, table } from './dom.js';
import { DASH, fmtInt, fmtLct, fmtNum, label, num } from './format.js';
import { drawLineChart, type LinePoint, type YearMark } from './line-chart.js';

/** The school years whose schedules and counts the pandemic disturbed, shaded on every trend chart. */
export const COVID_MARKED_YEARS = ['2019-20', '2020-21'] as const;

const covidMarks = (years: string[]): YearMark[] =>
  COVID_MARKED_YEARS.filter((y) => years.includes(y)).map((year) => ({
    year,
    kind: 'covid',
    reason: `${year}: a COVID year (closures, remote schooling); compare with care`,
  }));

/** Every school year from the first to the last given, so a year nobody has shows as a gap. */
export function yearSpan(years: string[]): string[] {
  const starts = years.map((y) => Number(y.slice(0, 4))).filter(Number.isFinite);
  if (!starts.length) return [];
  const out: string[] = [];
  for (let y = Math.min(...starts); y <= Math.max(...starts); y++)
    out.push(`${y}-${String((y + 1) % 100).padStart(2, '0')}`);
  return out;
}

function signed(value: unknown, format: (v: unknown) => string): string {
  const n = num(value);
  if (n === null) return DASH;
  return `${n > 0 ? '+' : n < 0 ? '−' : '±'}${format(Math.abs(n))}`;
}

function changeText(change: unknown, pct: unknown): string {
  return num(change) === null ? '' : `, ${signed(change, fmtLct)} min (${signed(pct, fmtNum)}%) from the year before`;
}

export function areaName(state: string | null): string {
  return state ? (stateByCode(state)?.name ?? state) : 'the nation';
}

/** The median and the enrollment-weighted LCT of a state or the nation, year by year. */
export function drawAreaTrend(container: HTMLElement, trend: AreaTrend): void {
  const years = yearSpan(trend.years.map((y) => y.year));
  const point = (year: AreaTrend['years'][number], value: unknown, what: string): LinePoint => ({
    year: year.year,
    value: num(value),
    segment: 0,
    title: `${year.year}: ${what} ${fmtLct(value)} min · ${fmtInt(year.district_count)} districts${
      what === 'median'
        ? changeText(year.change, year.change_pct)
        : num(year.change_weighted) === null
          ? ''
          : `, ${signed(year.change_weighted, fmtLct)} min from the year before`
    }`,
  });
  const where = areaName(trend.state);
  drawLineChart(container, {
    name: 'area-trend',
    years,
    series: [
      {
        key: 'weighted',
        label: 'enrollment-weighted',
        className: 'series-weighted',
        points: trend.years.map((y) => point(y, y.lct_weighted, 'enrollment-weighted')),
      },
      {
        key: 'median',
        label: 'median district',
        className: 'series-median',
        points: trend.years.map((y) => point(y, y.lct_median, 'median')),
      },
    ],
    marks: covidMarks(years),
    ariaLabel: `LCT in ${where}, ${label(trend.scope)}, ${years[0] ?? ''} to ${years.at(-1) ?? ''}: median and enrollment-weighted`,
    yLabel: 'LCT (min)',
    format: (v) => fmtInt(v),
  });
  const summary =
    trend.first_year && trend.last_year && trend.first_year !== trend.last_year
      ? h(
          'p',
          { class: 'note trend-summary' },
          `${trend.first_year} to ${trend.last_year}: ${signed(trend.change, fmtLct)} min`,
          num(trend.cagr) === null ? '' : ` (${signed(trend.cagr, fmtNum)}% a year)`,
          '.',
        )
      : null;
  if (summary) container.append(summary);
}

/** The largest rises and falls between two years, each district linked to its page. */
export function drawMovers(container: HTMLElement, movers: Movers): void {
  const rows = (list: Movers['rises'], cls: string) =>
    list.map((m) => [
      h('a', { href: `#/district/${m.district_id}` }, m.name),
      m.state,
      fmtLct(m.from_lct),
      fmtLct(m.to_lct),
      h('span', { class: cls }, signed(m.change, fmtLct)),
    ]);
  const headers = ['District', 'State', movers.from, movers.to, 'Change'];
  if (!movers.rises.length && !movers.falls.length) {
    fill(
      container,
      message(`No district is valid in both ${movers.from} and ${movers.to} without a series break between.`),
    );
    return;
  }
  fill(
    container,
    h(
      'div',
      { class: 'movers' },
      h(
        'div',
        { id: 'movers-rises' },
        table(headers, rows(movers.rises, 'rise'), {
          numeric: [2, 3, 4],
          className: 'compact',
          caption: `Largest rises, ${movers.from} to ${movers.to} (minutes)`,
        }),
      ),
      h(
        'div',
        { id: 'movers-falls' },
        table(headers, rows(movers.falls, 'fall'), {
          numeric: [2, 3, 4],
          className: 'compact',
          caption: `Largest falls, ${movers.from} to ${movers.to} (minutes)`,
        }),
      ),
    ),
  );
}

/** The series breaks of a district trend, as marks with their reason. */
function breakMarks(trend: DistrictTrend): YearMark[] {
  return trend.years
    .filter((y) => y.break)
    .map((y) => ({ year: y.year, kind: 'break', reason: `${y.year}: series break, ${y.break}` }));
}

/** Points of a district trend's value, segments split at the breaks. */
function districtPoints(trend: DistrictTrend, value: (y: DistrictTrend['years'][number]) => unknown, title: string) {
  let segment = 0;
  return trend.years.map((y, i): LinePoint => {
    if (y.break && i > 0) segment++;
    return { year: y.year, value: num(value(y)), segment, title: `${y.year}: ${title} ${fmtNum(value(y))}` };
  });
}

/**
 * A district's LCT for one scope year by year, with its enrollment and staff beneath: a break ends the
 * line (the reason on hover), a missing year is a gap.
 */
export function drawDistrictTrend(container: HTMLElement, trend: DistrictTrend): void {
  const years = yearSpan(trend.years.map((y) => y.year));
  const marks = [...covidMarks(years), ...breakMarks(trend)];
  let segment = 0;
  const lctPoints = trend.years.map((y, i): LinePoint => {
    if (y.break && i > 0) segment++;
    const flags = y.qa_flags.length ? ` · flags: ${y.qa_flags.join(', ')}` : '';
    return {
      year: y.year,
      value: num(y.lct_value),
      segment,
      title: `${y.year}: LCT ${fmtLct(y.lct_value)} min${y.valid ? '' : ' (not valid)'}${changeText(y.change, y.change_pct)}${y.break ? ` · break: ${y.break}` : ''}${flags}`,
    };
  });
  const lctEl = h('div', { class: 'trend-lct' });
  const enrollmentEl = h('div', { class: 'trend-enrollment' });
  const staffEl = h('div', { class: 'trend-staff' });
  // A year the district has no result for comes with nulls (or not at all): a gap.
  const missing = years.filter((y) => {
    const t = trend.years.find((x) => x.year === y);
    return !t || (t.lct_value === null && t.enrollment === null && t.staff_count === null);
  });
  fill(
    container,
    lctEl,
    h('h4', undefined, 'Enrollment'),
    enrollmentEl,
    h('h4', undefined, `Staff FTE, ${label(trend.scope)}`),
    staffEl,
    missing.length ? h('p', { class: 'note' }, `No data for ${missing.join(', ')} (gaps, not zeros).`) : null,
    trend.first_year && trend.last_year && trend.first_year !== trend.last_year
      ? h(
          'p',
          { class: 'note trend-summary' },
          `${trend.first_year} to ${trend.last_year}: `,
          num(trend.change) === null
            ? 'no change computed across a series break'
            : `${signed(trend.change, fmtLct)} min${num(trend.cagr) === null ? '' : ` (${signed(trend.cagr, fmtNum)}% a year)`}`,
          '.',
        )
      : null,
  );
  drawLineChart(lctEl, {
    name: 'district-trend',
    years,
    series: [{ key: 'lct', label: `LCT, ${label(trend.scope)}`, className: 'series-lct', points: lctPoints }],
    marks,
    ariaLabel: `LCT of ${trend.name}, ${label(trend.scope)}, by year`,
    yLabel: 'LCT (min)',
    format: (v) => fmtInt(v),
  });
  drawLineChart(enrollmentEl, {
    name: 'district-enrollment',
    years,
    series: [
      {
        key: 'enrollment',
        label: 'enrollment',
        className: 'series-enrollment',
        points: districtPoints(trend, (y) => y.enrollment, 'enrollment'),
      },
    ],
    marks,
    ariaLabel: `Enrollment of ${trend.name} by year`,
    yLabel: 'students',
    format: (v) => fmtInt(v),
    height: 150,
    fromZero: true,
  });
  drawLineChart(staffEl, {
    name: 'district-staff',
    years,
    series: [
      {
        key: 'staff',
        label: 'staff FTE',
        className: 'series-staff',
        points: districtPoints(trend, (y) => y.staff_count, 'staff FTE'),
      },
    ],
    marks,
    ariaLabel: `Staff FTE of ${trend.name}, ${label(trend.scope)}, by year`,
    yLabel: 'FTE',
    format: (v) => fmtInt(v),
    height: 150,
    fromZero: true,
  });
}
