/**
 * A hand-drawn SVG line chart over school years: one or more series, a year missing from a series is a gap
 * (never a zero), a series break (a district that closed, reopened or changed boundaries) ends the line and
 * starts a new one, with its reason on hover, and years can be marked (the COVID years) as shaded bands.
 */
import { fill, h, message, s } from './dom.js';
import { linear, niceMax, ticks } from './scale.js';

export interface LinePoint {
  year: string;
  value: number | null;
  /** Points of different segments are never joined (a series break lies between them). */
  segment: number;
  /** Hover text of the point. */
  title: string;
}

export interface LineSeries {
  key: string;
  label: string;
  /** CSS class of the line and its points (its colour). */
  className: string;
  points: LinePoint[];
}

export interface YearMark {
  year: string;
  kind: 'covid' | 'break';
  /** Hover text: why the year is marked. */
  reason: string;
}

export interface LineChartOptions {
  /** Every year of the axis, in order; years a series lacks are gaps. */
  years: string[];
  series: LineSeries[];
  marks?: YearMark[];
  ariaLabel: string;
  yLabel: string;
  format: (value: number) => string;
  /** Height in pixels (the width follows the container). */
  height?: number;
  /** Start the y axis at zero (counts) instead of near the lowest value (LCT). */
  fromZero?: boolean;
  /** Name of the chart in data-chart, for tests and styles. */
  name: string;
}

const M = { top: 14, right: 14, bottom: 36, left: 62 };

/** `2019-20` → `'19-20`, short enough for eight years at phone width. */
function shortYear(year: string): string {
  return `’${year.slice(2)}`;
}

/** Runs of consecutive years with a value in the same segment: each is one line. */
export function lineRuns(points: LinePoint[], years: string[]): LinePoint[][] {
  const byYear = new Map(points.map((p) => [p.year, p]));
  const runs: LinePoint[][] = [];
  let current: LinePoint[] = [];
  for (const year of years) {
    const p = byYear.get(year);
    if (!p || p.value === null || (current.length && current.at(-1)!.segment !== p.segment)) {
      if (current.length) runs.push(current);
      current = p && p.value !== null ? [p] : [];
      continue;
    }
    current.push(p);
  }
  if (current.length) runs.push(current);
  return runs;
}

export function drawLineChart(container: HTMLElement, options: LineChartOptions): void {
  const { years, series } = options;
  const values = series.flatMap((sr) => sr.points.map((p) => p.value)).filter((v): v is number => v !== null);
  container.dataset.chart = options.name;
  if (!years.length || !values.length) {
    fill(container, message('No values to draw for these years.'));
    container.dataset.points = '0';
    return;
  }
  const W = Math.round(Math.min(760, Math.max(300, container.clientWidth || 640)));
  const H = options.height ?? 240;
  const lowest = Math.min(...values);
  const highest = Math.max(...values);
  const top = niceMax(highest * 1.05);
  const floor = options.fromZero ? 0 : Math.max(0, Math.floor((lowest - (highest - lowest) * 0.15) / 5) * 5);
  const band = (W - M.left - M.right) / years.length;
  const index = new Map(years.map((y, i) => [y, i]));
  const x = (year: string) => M.left + band * (index.get(year)! + 0.5);
  const y = linear([floor, top], [H - M.bottom, M.top]);

  const svg = s('svg', {
    viewBox: `0 0 ${W} ${H}`,
    width: W,
    height: H,
    class: `chart line-chart ${options.name}`,
    role: 'img',
    'aria-label': options.ariaLabel,
  });
  for (const mark of options.marks ?? []) {
    if (!index.has(mark.year)) continue;
    if (mark.kind === 'covid') {
      svg.append(
        s(
          'rect',
          {
            x: x(mark.year) - band / 2,
            y: M.top,
            width: band,
            height: H - M.bottom - M.top,
            class: 'covid-band',
            'data-year': mark.year,
          },
          s('title', undefined, mark.reason),
        ),
      );
    }
  }
  for (const t of ticks(floor, top, 4)) {
    svg.append(
      s('line', { x1: M.left, x2: W - M.right, y1: y(t), y2: y(t), class: 'gridline' }),
      s(
        'text',
        { x: M.left - 6, y: y(t), class: 'tick', 'text-anchor': 'end', 'dominant-baseline': 'middle' },
        options.format(t),
      ),
    );
  }
  svg.append(s('line', { x1: M.left, x2: W - M.right, y1: H - M.bottom, y2: H - M.bottom, class: 'axis' }));
  const every = Math.max(1, Math.ceil(years.length / Math.max(2, Math.floor((W - M.left - M.right) / 46))));
  years.forEach((year, i) => {
    if (i % every) return;
    svg.append(
      s('text', { x: x(year), y: H - M.bottom + 16, class: 'tick', 'text-anchor': 'middle' }, shortYear(year)),
    );
  });
  svg.append(
    s(
      'text',
      {
        x: 12,
        y: (M.top + H - M.bottom) / 2,
        class: 'axis-label',
        'text-anchor': 'middle',
        transform: `rotate(-90 12 ${(M.top + H - M.bottom) / 2})`,
      },
      options.yLabel,
    ),
  );
  // A break lies between the year before it and its own year: a dashed line there, the reason on hover.
  for (const mark of options.marks ?? []) {
    if (mark.kind !== 'break' || !index.has(mark.year)) continue;
    const bx = x(mark.year) - band / 2;
    svg.append(
      s(
        'g',
        { class: 'break-mark', 'data-year': mark.year, tabindex: 0 },
        s('title', undefined, mark.reason),
        // A wide transparent strip, so the hover target is easy to hit.
        s('rect', { x: bx - 7, y: M.top, width: 14, height: H - M.bottom - M.top, class: 'break-hit' }),
        s('line', { x1: bx, x2: bx, y1: M.top, y2: H - M.bottom, class: 'break-line' }),
      ),
    );
  }
  let drawnPoints = 0;
  for (const sr of series) {
    const group = s('g', { class: `series ${sr.className}`, 'data-series': sr.key });
    for (const run of lineRuns(sr.points, years)) {
      if (run.length > 1)
        group.append(
          s('path', {
            d: run.map((p, i) => `${i ? 'L' : 'M'}${x(p.year).toFixed(1)},${y(p.value!).toFixed(1)}`).join(''),
            class: 'line',
            'data-from': run[0]!.year,
            'data-to': run.at(-1)!.year,
          }),
        );
      for (const p of run) {
        drawnPoints++;
        group.append(
          s(
            'circle',
            { cx: x(p.year), cy: y(p.value!), r: 3.5, class: 'point', 'data-year': p.year },
            s('title', undefined, p.title),
          ),
        );
      }
    }
    svg.append(group);
  }
  const legend =
    series.length > 1 || (options.marks ?? []).length
      ? h(
          'p',
          { class: 'chart-caption' },
          ...series.flatMap((sr, i) => [
            i ? ' · ' : '',
            h('span', { class: `key key-line ${sr.className}` }, sr.label),
          ]),
          (options.marks ?? []).some((m) => m.kind === 'covid' && index.has(m.year))
            ? h('span', { class: 'key key-covid' }, ' COVID years')
            : null,
          (options.marks ?? []).some((m) => m.kind === 'break' && index.has(m.year))
            ? h('span', { class: 'key key-break' }, ' series break (hover for the reason)')
            : null,
        )
      : null;
  fill(container, svg, legend);
  container.dataset.points = String(drawnPoints);
}
