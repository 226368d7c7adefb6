/**
 * The U.S. map: us-atlas states-albers-10m (already projected to Albers USA in a 975×610 box, so
 * d3-geo's geoPath needs no projection), one path per state, coloured by the state's median LCT.
 * States are matched by FIPS code (the topology's feature ids) → postal code from src/domain/states.ts.
 */
import { geoPath } from 'd3-geo';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import atlas from 'us-atlas/states-albers-10m.json';
import { STATE_CODES } from '../../src/domain/states.js';
import { h, s, fill } from './dom.js';
import { fmtInt, fmtLct, num } from './format.js';
import { NO_DATA, quantileScale } from './scale.js';
import type { SummaryItem } from './api.js';

const WIDTH = 975;
const HEIGHT = 610;

const byFips = new Map(STATE_CODES.map((st) => [st.fips, st]));
const byCode = new Map(STATE_CODES.map((st) => [st.code, st]));

interface StateShape {
  code: string;
  name: string;
  d: string;
}

let shapes: StateShape[] | null = null;
let borders = '';

/** The state outlines as SVG path strings, computed once. */
function stateShapes(): StateShape[] {
  if (shapes) return shapes;
  const topology = atlas as unknown as Topology<{ states: GeometryCollection<{ name: string }> }>;
  const states = feature(topology, topology.objects.states) as FeatureCollection<Geometry, { name: string }>;
  const path = geoPath();
  shapes = states.features
    .map((f: Feature<Geometry, { name: string }>) => {
      const st = byFips.get(String(f.id));
      return { code: st?.code ?? String(f.id), name: st?.name ?? f.properties.name, d: path(f) ?? '' };
    })
    .filter((shape) => shape.d !== '');
  borders = path(mesh(topology, topology.objects.states, (a, b) => a !== b)) ?? '';
  return shapes;
}

/** Computes the state outlines now (they are computed once), e.g. while waiting for data. */
export function prepareMap(): void {
  stateShapes();
}

export interface MapOptions {
  /** Called when a state is clicked or chosen with the keyboard. */
  onSelect?: (state: string) => void;
  scopeLabel: string;
  year: string | null;
}

/** Draws (or redraws) the map, legend and table of state values into `container`. */
export function drawMap(container: HTMLElement, items: SummaryItem[], options: MapOptions): void {
  const byState = new Map(items.filter((i) => i.state).map((i) => [i.state!, i]));
  const medians = items.map((i) => num(i.median_lct)).filter((v): v is number => v !== null);
  const scale = quantileScale(medians);

  const tooltip = h('div', { class: 'tooltip', role: 'status', hidden: true });
  let frame: HTMLElement | null = null;
  const svg = s('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    class: 'us-map',
    // A group, not an image: its state paths are focusable, each with its own label.
    role: 'group',
    'aria-label': `Map of U.S. states coloured by median LCT (${options.scopeLabel}, ${options.year ?? 'no year'})`,
  });
  const group = s('g', { class: 'states' });
  for (const shape of stateShapes()) {
    const item = byState.get(shape.code);
    const median = item ? num(item.median_lct) : null;
    const title = item
      ? `${shape.name}: median ${fmtLct(median)} min (${fmtInt(item.district_count)} districts)`
      : `${shape.name}: no valid LCT`;
    group.append(
      s(
        'path',
        {
          d: shape.d,
          fill: scale.color(median),
          'data-state': shape.code,
          'data-median': median ?? '',
          tabindex: 0,
          'aria-label': title,
        },
        s('title', undefined, title),
      ),
    );
  }
  svg.append(group, s('path', { d: borders, class: 'borders', fill: 'none' }));

  const show = (target: EventTarget | null, x: number, y: number) => {
    const code = target instanceof SVGPathElement ? target.dataset.state : undefined;
    if (!code) {
      tooltip.hidden = true;
      return;
    }
    const st = byCode.get(code);
    const item = byState.get(code);
    fill(
      tooltip,
      h('strong', undefined, st?.name ?? code),
      item
        ? h(
            'span',
            undefined,
            `median ${fmtLct(item.median_lct)} · mean ${fmtLct(item.mean_lct)} min`,
            h('br'),
            `${fmtInt(item.district_count)} districts · range ${fmtLct(item.min_lct)}–${fmtLct(item.max_lct)}`,
          )
        : h('span', undefined, 'no valid LCT'),
    );
    tooltip.hidden = false;
    const box = (frame ?? container).getBoundingClientRect();
    const left = Math.min(Math.max(0, x - box.left + 12), Math.max(0, box.width - tooltip.offsetWidth - 4));
    tooltip.style.left = `${left}px`;
    tooltip.style.top = `${Math.max(0, y - box.top - tooltip.offsetHeight - 10)}px`;
  };
  // Mouse: hover shows values, a click picks the state for the campaign's next candidates. Touch: a tap shows values.
  let pointerType = 'mouse';
  svg.addEventListener('pointerdown', (e) => {
    pointerType = e.pointerType;
    if (e.pointerType !== 'mouse') show(e.target, e.clientX, e.clientY);
  });
  svg.addEventListener('pointermove', (e) => e.pointerType === 'mouse' && show(e.target, e.clientX, e.clientY));
  svg.addEventListener('pointerleave', () => (tooltip.hidden = true));
  svg.addEventListener('focusin', (e) => {
    const r = (e.target as Element).getBoundingClientRect();
    show(e.target, r.left + r.width / 2, r.top + r.height / 2);
  });
  svg.addEventListener('focusout', () => (tooltip.hidden = true));
  const select = (target: EventTarget | null) => {
    if (target instanceof SVGPathElement && target.dataset.state) options.onSelect?.(target.dataset.state);
  };
  svg.addEventListener('click', (e) => pointerType === 'mouse' && select(e.target));
  svg.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      select(e.target);
    }
  });

  // Legend: one swatch per class with its range, then "no data".
  const bounds = [scale.min, ...scale.thresholds, scale.max];
  const legend = h(
    'ul',
    { class: 'legend', 'aria-label': 'Legend: state median LCT in minutes' },
    ...scale.colors.map((color, i) =>
      h(
        'li',
        undefined,
        h('span', { class: 'swatch', style: `background:${color}` }),
        `${fmtLct(bounds[i])}–${fmtLct(bounds[i + 1])}`,
      ),
    ),
    h('li', undefined, h('span', { class: 'swatch', style: `background:${NO_DATA}` }), 'no data'),
  );

  // Every state with a value, territories included (they are not on the map).
  const onMap = new Set(stateShapes().map((sh) => sh.code));
  const offMap = [...byState.keys()].filter((code) => !onMap.has(code));
  const rows = [...byState.values()]
    .sort((a, b) => (num(b.median_lct) ?? -1) - (num(a.median_lct) ?? -1))
    .map((i) => [
      `${byCode.get(i.state!)?.name ?? i.state} (${i.state})`,
      fmtLct(i.median_lct),
      fmtLct(i.mean_lct),
      fmtInt(i.district_count),
    ]);
  const details = h(
    'details',
    { class: 'state-table' },
    h('summary', undefined, `All ${rows.length} states and territories as a table`),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        undefined,
        h(
          'thead',
          undefined,
          h(
            'tr',
            undefined,
            h('th', undefined, 'State'),
            h('th', { class: 'num' }, 'Median'),
            h('th', { class: 'num' }, 'Mean'),
            h('th', { class: 'num' }, 'Districts'),
          ),
        ),
        h(
          'tbody',
          undefined,
          ...rows.map((r) =>
            h('tr', undefined, h('td', undefined, r[0]), ...r.slice(1).map((c) => h('td', { class: 'num' }, c))),
          ),
        ),
      ),
    ),
  );

  frame = h('div', { class: 'map-frame' }, svg, tooltip);
  fill(
    container,
    frame,
    legend,
    offMap.length
      ? h(
          'p',
          { class: 'note' },
          `Not on the map: ${offMap.map((c) => `${c} ${fmtLct(byState.get(c)?.median_lct)}`).join(' · ')}`,
        )
      : null,
    details,
  );
  container.dataset.drawn = String(group.childElementCount);
}
