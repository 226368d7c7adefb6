/** Hand-drawn SVG charts: the LCT histogram, horizontal bars (scope means, enrollment by grade). */
import { h, s, fill, message } from './dom.js';
import { fmtInt, fmtLct, label, num } from './format.js';
import { linear, niceMax, ticks } from './scale.js';
import type { Histogram } from './api.js';

const M = { top: 12, right: 16, bottom: 42, left: 48 };
/** Bars shown at most; finer bins from the API are merged. */
const MAX_BARS = 40;
/** Values above this share of districts go into one last "above" bar, so a few outliers do not squash the rest. */
const SHOWN_SHARE = 0.995;

interface Bin {
  from: number;
  to: number;
  count: number;
}

/**
 * The bars to draw: the API's bins up to the one where SHOWN_SHARE of the districts are counted, merged to
 * at most MAX_BARS, and the count above that as a separate tail.
 */
export function histogramBars(bins: Bin[], total: number): { bars: Bin[]; tail: Bin | null } {
  let last = bins.length - 1;
  let cumulative = 0;
  for (let i = 0; i < bins.length; i++) {
    cumulative += bins[i]!.count;
    if (cumulative >= SHOWN_SHARE * total) {
      last = i;
      break;
    }
  }
  // Keep the whole range when cutting would hide little (the tail spans few bins).
  if (last >= bins.length - 3) last = bins.length - 1;
  const kept = bins.slice(0, last + 1);
  const factor = Math.ceil(kept.length / MAX_BARS);
  const bars: Bin[] = [];
  for (let i = 0; i < kept.length; i += factor) {
    const group = kept.slice(i, i + factor);
    bars.push({ from: group[0]!.from, to: group.at(-1)!.to, count: group.reduce((n, b) => n + b.count, 0) });
  }
  const rest = bins.slice(last + 1);
  const tailCount = rest.reduce((n, b) => n + b.count, 0);
  const tail = rest.length && tailCount > 0 ? { from: rest[0]!.from, to: rest.at(-1)!.to, count: tailCount } : null;
  return { bars, tail };
}

/** The distribution of district LCT for one scope: bars per bin, axes with round ticks, drawn at the container's pixel width. */
export function drawHistogram(
  container: HTMLElement,
  histogram: Histogram,
  mean: number | null,
  median: number | null,
): void {
  const bins = histogram.bins
    .map((b) => ({ from: num(b.from), to: num(b.to), count: num(b.count) ?? 0 }))
    .filter((b): b is Bin => b.from !== null && b.to !== null);
  if (!bins.length) {
    fill(container, message(`No valid ${label(histogram.scope)} values for ${histogram.year ?? 'this year'}.`));
    container.dataset.signature = 'empty';
    return;
  }
  const total = num(histogram.total) ?? bins.reduce((n, b) => n + b.count, 0);
  const { bars, tail } = histogramBars(bins, total);
  const W = Math.round(Math.min(720, Math.max(300, container.clientWidth || 640)));
  const H = Math.round(Math.min(300, Math.max(220, W * 0.45)));
  const tailWidth = tail ? Math.max(28, (W - M.left - M.right) / 14) : 0;
  const plotRight = W - M.right - (tail ? tailWidth + 10 : 0);
  const lo = bars[0]!.from;
  const hi = bars.at(-1)!.to;
  const top = niceMax(Math.max(...bars.map((b) => b.count), tail?.count ?? 0));
  const x = linear([lo, hi], [M.left, plotRight]);
  const y = linear([0, top], [H - M.bottom, M.top]);

  const svg = s('svg', {
    viewBox: `0 0 ${W} ${H}`,
    width: W,
    height: H,
    class: 'chart histogram',
    role: 'img',
    'aria-label': `Histogram of district LCT, ${label(histogram.scope)}: ${fmtInt(total)} districts from ${fmtLct(bins[0]!.from)} to ${fmtLct(bins.at(-1)!.to)} minutes`,
  });
  // Grid and y axis.
  for (const t of ticks(0, top, 4)) {
    svg.append(
      s('line', { x1: M.left, x2: W - M.right, y1: y(t), y2: y(t), class: 'gridline' }),
      s(
        'text',
        { x: M.left - 6, y: y(t), class: 'tick', 'text-anchor': 'end', 'dominant-baseline': 'middle' },
        fmtInt(t),
      ),
    );
  }
  const group = s('g', { class: 'bars' });
  const bar = (b: Bin, x0: number, x1: number, cls?: string, text?: string) => {
    const y0 = y(b.count);
    group.append(
      s(
        'rect',
        {
          x: x0 + 0.5,
          y: y0,
          width: Math.max(0.5, x1 - x0 - 1),
          height: Math.max(0, H - M.bottom - y0),
          class: cls,
          'data-count': b.count,
        },
        s('title', undefined, text ?? `${fmtLct(b.from)}–${fmtLct(b.to)} min: ${fmtInt(b.count)} districts`),
      ),
    );
  };
  for (const b of bars) bar(b, x(b.from), x(b.to));
  if (tail) {
    const x0 = W - M.right - tailWidth;
    bar(
      tail,
      x0,
      W - M.right,
      'tail',
      `above ${fmtLct(tail.from)} (up to ${fmtLct(tail.to)}) min: ${fmtInt(tail.count)} districts`,
    );
    svg.append(
      s(
        'text',
        { x: x0 + tailWidth / 2, y: H - M.bottom + 18, class: 'tick', 'text-anchor': 'middle' },
        `>${fmtInt(tail.from)}`,
      ),
    );
  }
  svg.append(group);
  // x axis.
  svg.append(s('line', { x1: M.left, x2: plotRight, y1: H - M.bottom, y2: H - M.bottom, class: 'axis' }));
  for (const t of ticks(lo, hi, Math.max(3, Math.floor((plotRight - M.left) / 70)))) {
    svg.append(
      s('line', { x1: x(t), x2: x(t), y1: H - M.bottom, y2: H - M.bottom + 5, class: 'axis' }),
      s('text', { x: x(t), y: H - M.bottom + 18, class: 'tick', 'text-anchor': 'middle' }, fmtInt(t)),
    );
  }
  svg.append(
    s(
      'text',
      { x: (M.left + W - M.right) / 2, y: H - 6, class: 'axis-label', 'text-anchor': 'middle' },
      'LCT (minutes per student per day)',
    ),
  );
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
      'districts',
    ),
  );
  // Median and mean markers.
  for (const [value, name, cls] of [
    [median, 'median', 'marker-median'],
    [mean, 'mean', 'marker-mean'],
  ] as const) {
    if (value === null || value < lo || value > hi) continue;
    svg.append(
      s(
        'line',
        { x1: x(value), x2: x(value), y1: M.top, y2: H - M.bottom, class: cls },
        s('title', undefined, `${name} ${fmtLct(value)}`),
      ),
    );
  }
  fill(
    container,
    svg,
    h(
      'p',
      { class: 'chart-caption' },
      `${fmtInt(total)} districts with a valid value · `,
      h('span', { class: 'key key-median' }, `median ${fmtLct(median)}`),
      ' · ',
      h('span', { class: 'key key-mean' }, `mean ${fmtLct(mean)}`),
      ' min',
      tail ? ` · the last bar: ${fmtInt(tail.count)} above ${fmtLct(tail.from)}` : '',
    ),
  );
  container.dataset.signature = `${histogram.scope}:${total}:${bins.map((b) => b.count).join(',')}`;
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
export function drawBars(
  container: HTMLElement,
  bars: Bar[],
  options: { ariaLabel: string; onSelect?: (key: string) => void; format?: (v: number) => string },
): void {
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
          ? h(
              'button',
              {
                type: 'button',
                class: 'bar-row',
                'aria-pressed': bar.selected ? 'true' : 'false',
                onclick: () => options.onSelect!(bar.key),
              },
              ...content,
            )
          : h('div', { class: 'bar-row' }, ...content),
      ),
    );
  }
  fill(container, list);
}
