/** Hand-drawn SVG charts: the LCT histogram, horizontal bars (scope means, enrollment by grade). */
import { h, s, fill, message } from './dom.js';
import { fmtInt, fmtLct, num } from './format.js';
import { linear, niceMax, ticks } from './scale.js';
import type { Histogram } from './api.js';

const W = 640;
const H = 280;
const M = { top: 12, right: 16, bottom: 42, left: 52 };

/** The distribution of district LCT for one scope: bars per bin, axes with round ticks. */
export function drawHistogram(container: HTMLElement, histogram: Histogram, mean: number | null, median: number | null): void {
  const bins = histogram.bins
    .map((b) => ({ from: num(b.from), to: num(b.to), count: num(b.count) ?? 0 }))
    .filter((b): b is { from: number; to: number; count: number } => b.from !== null && b.to !== null);
  if (!bins.length) {
    fill(container, message(`No valid ${histogram.scope} values for ${histogram.year ?? 'this year'}.`));
    container.dataset.signature = 'empty';
    return;
  }
  const lo = bins[0]!.from;
  const hi = bins.at(-1)!.to;
  const top = niceMax(Math.max(...bins.map((b) => b.count)));
  const x = linear([lo, hi], [M.left, W - M.right]);
  const y = linear([0, top], [H - M.bottom, M.top]);

  const svg = s('svg', {
    viewBox: `0 0 ${W} ${H}`,
    class: 'chart histogram',
    role: 'img',
    'aria-label': `Histogram of district LCT, ${histogram.scope}: ${fmtInt(histogram.total)} districts from ${fmtLct(lo)} to ${fmtLct(hi)} minutes`,
  });
  // Grid and y axis.
  for (const t of ticks(0, top, 4)) {
    svg.append(
      s('line', { x1: M.left, x2: W - M.right, y1: y(t), y2: y(t), class: 'gridline' }),
      s('text', { x: M.left - 6, y: y(t), class: 'tick', 'text-anchor': 'end', 'dominant-baseline': 'middle' }, fmtInt(t)),
    );
  }
  const bars = s('g', { class: 'bars' });
  for (const b of bins) {
    const x0 = x(b.from);
    const width = Math.max(0.5, x(b.to) - x0 - 1);
    const y0 = y(b.count);
    bars.append(
      s(
        'rect',
        { x: x0 + 0.5, y: y0, width, height: Math.max(0, H - M.bottom - y0), 'data-count': b.count },
        s('title', undefined, `${fmtLct(b.from)}–${fmtLct(b.to)} min: ${fmtInt(b.count)} districts`),
      ),
    );
  }
  svg.append(bars);
  // x axis.
  svg.append(s('line', { x1: M.left, x2: W - M.right, y1: H - M.bottom, y2: H - M.bottom, class: 'axis' }));
  for (const t of ticks(lo, hi, 6)) {
    svg.append(
      s('line', { x1: x(t), x2: x(t), y1: H - M.bottom, y2: H - M.bottom + 5, class: 'axis' }),
      s('text', { x: x(t), y: H - M.bottom + 18, class: 'tick', 'text-anchor': 'middle' }, fmtInt(t)),
    );
  }
  svg.append(s('text', { x: (M.left + W - M.right) / 2, y: H - 4, class: 'axis-label', 'text-anchor': 'middle' }, 'LCT (minutes per student per day)'));
  svg.append(s('text', { x: 12, y: (M.top + H - M.bottom) / 2, class: 'axis-label', 'text-anchor': 'middle', transform: `rotate(-90 12 ${(M.top + H - M.bottom) / 2})` }, 'districts'));
  // Median and mean markers.
  for (const [value, name, cls] of [
    [median, 'median', 'marker-median'],
    [mean, 'mean', 'marker-mean'],
  ] as const) {
    if (value === null || value < lo || value > hi) continue;
    svg.append(
      s('line', { x1: x(value), x2: x(value), y1: M.top, y2: H - M.bottom, class: cls }, s('title', undefined, `${name} ${fmtLct(value)}`)),
    );
  }
  fill(
    container,
    svg,
    h(
      'p',
      { class: 'chart-caption' },
      `${fmtInt(histogram.total)} districts with a valid value · `,
      h('span', { class: 'key key-median' }, `median ${fmtLct(median)}`),
      ' · ',
      h('span', { class: 'key key-mean' }, `mean ${fmtLct(mean)}`),
      ' minutes',
    ),
  );
  container.dataset.signature = `${histogram.scope}:${histogram.total}:${bins.map((b) => b.count).join(',')}`;
}

export interface Bar {
  key: string;
  label: string;
  value: number | null;
  /** Text at the bar's end; defaults to the value. */
  text?: string;
  title?: string;
  selected?: boolean;
}

/** Horizontal bars, one row per item, labels left and values right: readable at phone width. */
export function drawBars(container: HTMLElement, bars: Bar[], options: { ariaLabel: string; onSelect?: (key: string) => void; format?: (v: number) => string }): void {
  if (!bars.length) {
    fill(container, message('Nothing to show yet.'));
    return;
  }
  const format = options.format ?? fmtLct;
  const max = niceMax(Math.max(0, ...bars.map((b) => b.value ?? 0)));
  const list = h('ul', { class: 'bars-list', 'aria-label': options.ariaLabel });
  for (const bar of bars) {
    const pct = bar.value === null ? 0 : (100 * bar.value) / max;
    const content = [
      h('span', { class: 'bar-label' }, bar.label),
      h('span', { class: 'bar-track' }, h('span', { class: 'bar-fill', style: `width:${pct.toFixed(2)}%` })),
      h('span', { class: 'bar-value' }, bar.text ?? (bar.value === null ? '–' : format(bar.value))),
    ];
    list.append(
      h(
        'li',
        { class: bar.selected ? 'selected' : undefined, title: bar.title, 'data-key': bar.key },
        options.onSelect
          ? h('button', { type: 'button', class: 'bar-row', 'aria-pressed': bar.selected ? 'true' : 'false', onclick: () => options.onSelect!(bar.key) }, ...content)
          : h('div', { class: 'bar-row' }, ...content),
      ),
    );
  }
  fill(container, list);
}
