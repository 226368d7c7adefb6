/**
 * The overview: year and scope controls, the map of state medians, the histogram, the scope means, the
 * latest run's QA and the campaign. Every fetch starts at once; each card draws when its data arrives.
 */
import { SPED_SCOPES, STAFF_SCOPES, scopeDescription } from '../../src/domain/scopes.js';
import { STATE_CAMPAIGN_TARGET } from '../../src/domain/campaign.js';
import { STATE_CODES, stateByCode } from '../../src/domain/states.js';
import {
  getJson,
  type AreaTrend,
  type Movers,
  type CandidatesResponse,
  type Histogram,
  type Run,
  type RunEntry,
  type StatesResponse,
  type Summary,
} from './api.js';
import { drawBars, drawHistogram } from './charts.js';
import { byId, fill, h, message, table } from './dom.js';
import { DASH, fmtDate, fmtInt, fmtLct, fmtPct, label, num } from './format.js';
import { drawMap, prepareMap } from './map.js';
import { lctRequests } from './requests.js';
import { areaName, drawAreaTrend, drawMovers } from './trends.js';

/** Movers listed each way on the overview. */
const MOVERS_SHOWN = 10;

export interface OverviewState {
  year: string | null;
  scope: string;
}

const STAFF = STAFF_SCOPES.map((sc) => sc.scope);
const SPED = SPED_SCOPES.map((sc) => sc.scope);

export class Overview {
  private lctToken = 0;
  private scopeSummaries = new Map<string, Promise<Summary>>();
  private spedPresent = new Set<string>();
  private runs: RunEntry[] = [];
  private candidateState: string | null = null;
  private campaignYear: string | null = null;
  private trendToken = 0;
  private moversToken = 0;
  /** The state of the trend chart and the movers; null: the nation. */
  private trendArea: string | null = null;
  /** The trend shown (its years bound the movers), and what it was drawn with, to redraw at a new width. */
  private trend: AreaTrend | null = null;
  /** What the histogram shows, to redraw it at a new width. */
  private histogramData: Parameters<typeof drawHistogram> | null = null;

  constructor(readonly state: OverviewState) {}

  start(): void {
    this.renderScopeSelect();
    byId<HTMLSelectElement>('scope').addEventListener('change', (e) =>
      this.setScope((e.target as HTMLSelectElement).value),
    );
    byId<HTMLSelectElement>('year').addEventListener('change', (e) =>
      this.setYear((e.target as HTMLSelectElement).value),
    );
    byId<HTMLSelectElement>('candidate-state').addEventListener('change', (e) =>
      this.showCandidates((e.target as HTMLSelectElement).value),
    );
    const area = byId<HTMLSelectElement>('trend-area');
    area.append(...STATE_CODES.map((st) => h('option', { value: st.code }, `${st.code} · ${st.name}`)));
    area.addEventListener('change', (e) => this.setTrendArea((e.target as HTMLSelectElement).value || null));
    // The line chart and the movers are below the fold: asked for once the map's cards stand, so their
    // queries (every year at once) never hold up the first render.
    void this.refreshLct().then(() => this.refreshTrend());
    void this.loadRuns();
    void this.loadCampaign();
    let resizeTimer: ReturnType<typeof setTimeout> | undefined;
    let lastWidth = window.innerWidth;
    window.addEventListener('resize', () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => {
        if (window.innerWidth === lastWidth || !this.histogramData || byId('overview').hidden) return;
        lastWidth = window.innerWidth;
        drawHistogram(...this.histogramData);
        if (this.trend) drawAreaTrend(byId('trend'), this.trend);
      }, 150);
    });
  }

  setScope(scope: string): void {
    if (scope === this.state.scope) return;
    this.state.scope = scope;
    byId<HTMLSelectElement>('scope').value = scope;
    void this.refreshLct();
    void this.refreshTrend();
  }

  setTrendArea(state: string | null): void {
    if (state === this.trendArea) return;
    this.trendArea = state;
    byId<HTMLSelectElement>('trend-area').value = state ?? '';
    void this.refreshTrend();
  }

  setYear(year: string): void {
    if (year === this.state.year) return;
    this.state.year = year;
    void this.refreshLct();
    void this.refreshMovers();
  }

  /** The line chart of the chosen area and scope, then the movers within its years. */
  private async refreshTrend(): Promise<void> {
    const token = ++this.trendToken;
    const el = byId('trend');
    const { scope } = this.state;
    const state = this.trendArea;
    el.setAttribute('aria-busy', 'true');
    byId('trend-title').textContent = `LCT over the years · ${areaName(state)} · ${label(scope)}`;
    try {
      const trend = await getJson<AreaTrend>('/api/trends', { state, scope });
      if (token !== this.trendToken) return;
      this.trend = trend;
      drawAreaTrend(el, trend);
      // For `npm run bench -- trend-web`: when the line chart first stood.
      if (!performance.getEntriesByName('lct:trend-drawn').length) performance.mark('lct:trend-drawn');
      el.removeAttribute('aria-busy');
    } catch (error) {
      if (token === this.trendToken)
        fill(el, message(`Could not load the trend: ${(error as Error).message}`, 'error'));
      return;
    }
    await this.refreshMovers();
  }

  /** The biggest movers from the trend's first year to the chosen year (the latest when none is chosen). */
  private async refreshMovers(): Promise<void> {
    const trend = this.trend;
    if (!trend) return;
    const token = ++this.moversToken;
    const el = byId('movers');
    const years = trend.years.filter((y) => num(y.district_count)).map((y) => y.year);
    const from = years[0];
    const to = this.state.year && years.includes(this.state.year) ? this.state.year : years.at(-1);
    const where = areaName(trend.state);
    if (!from || !to || from >= to) {
      byId('movers-title').textContent = `Biggest movers · ${where}`;
      fill(el, message(from ? `Choose a year after ${from} to compare with it.` : 'Needs two calculated years.'));
      return;
    }
    byId('movers-title').textContent = `Biggest movers · ${where} · ${from} to ${to} · ${label(trend.scope)}`;
    el.setAttribute('aria-busy', 'true');
    try {
      const movers = await getJson<Movers>('/api/trends/movers', {
        from,
        to,
        scope: trend.scope,
        state: trend.state,
        limit: MOVERS_SHOWN,
      });
      if (token !== this.moversToken) return;
      drawMovers(el, movers);
      el.removeAttribute('aria-busy');
    } catch (error) {
      if (token === this.moversToken)
        fill(el, message(`Could not load the movers: ${(error as Error).message}`, 'error'));
    }
  }

  private renderScopeSelect(): void {
    const select = byId<HTMLSelectElement>('scope');
    const option = (scope: string) =>
      h(
        'option',
        { value: scope, title: scopeDescription(scope) ?? '', selected: scope === this.state.scope },
        label(scope),
      );
    const sped = SPED.filter((sc) => this.spedPresent.has(sc));
    fill(
      select,
      h('optgroup', { label: 'Staff scopes (K-12 and levels)' }, ...STAFF.map(option)),
      sped.length ? h('optgroup', { label: 'Special education' }, ...sped.map(option)) : null,
    );
    select.value = this.state.scope;
    byId('scope-description').textContent = scopeDescription(this.state.scope) ?? '';
  }

  /** The per-scope summary of a year (cached): the scope means chart and the histogram's mean and median. */
  private scopeSummary(year: string | null): Promise<Summary> {
    const key = year ?? '';
    let p = this.scopeSummaries.get(key);
    if (!p) {
      p = getJson<Summary>(lctRequests(year, this.state.scope).scopeSummary);
      p.catch(() => this.scopeSummaries.delete(key));
      this.scopeSummaries.set(key, p);
    }
    return p;
  }

  /** Map, histogram and scope means for the current year and scope; late answers of older choices are dropped. */
  private async refreshLct(): Promise<void> {
    const token = ++this.lctToken;
    const { year, scope } = this.state;
    byId('scope-description').textContent = scopeDescription(scope) ?? '';
    byId('map-title').textContent = `Median LCT by state · ${label(scope)}${year ? ` · ${year}` : ''}`;
    const mapEl = byId('map');
    const histEl = byId('histogram');
    const meansEl = byId('scope-means');
    mapEl.setAttribute('aria-busy', 'true');
    histEl.setAttribute('aria-busy', 'true');

    const urls = lctRequests(year, scope);
    const stateSummary = getJson<Summary>(urls.stateSummary);
    const histogram = getJson<Histogram>(urls.histogram);
    const scopes = this.scopeSummary(year);
    // Outline the states while the answers are on their way.
    prepareMap();

    const mapDone = stateSummary.then(
      (summary) => {
        if (token !== this.lctToken) return;
        if (!this.state.year && summary.year) this.adoptYear(summary.year);
        byId('map-title').textContent =
          `Median LCT by state · ${label(scope)}${summary.year ? ` · ${summary.year}` : ''}`;
        if (!summary.items.length) {
          fill(
            mapEl,
            message(
              summary.year
                ? `No valid ${label(scope)} values in ${summary.year}.`
                : 'No calculation yet: run lct calculate.',
            ),
          );
          mapEl.dataset.drawn = '0';
        } else {
          drawMap(mapEl, summary.items, {
            scopeLabel: label(scope),
            year: summary.year,
            onSelect: (st) => this.showCandidates(st, true),
          });
          // The first render's end, for `npm run bench -- dashboard`.
          if (!performance.getEntriesByName('lct:map-drawn').length) performance.mark('lct:map-drawn');
        }
        mapEl.removeAttribute('aria-busy');
      },
      (error: Error) =>
        token === this.lctToken && fill(mapEl, message(`Could not load the map: ${error.message}`, 'error')),
    );
    const histDone = Promise.all([histogram, scopes.catch(() => null)]).then(
      ([hist, summary]) => {
        if (token !== this.lctToken) return;
        const item = summary?.items.find((i) => i.scope === scope);
        this.histogramData = [histEl, hist, num(item?.mean_lct), num(item?.median_lct)];
        drawHistogram(...this.histogramData);
        byId('histogram-title').textContent =
          `Distribution of district LCT · ${label(scope)}${hist.year ? ` · ${hist.year}` : ''}`;
        histEl.removeAttribute('aria-busy');
      },
      (error: Error) =>
        token === this.lctToken && fill(histEl, message(`Could not load the histogram: ${error.message}`, 'error')),
    );
    const meansDone = scopes.then(
      (summary) => {
        if (token !== this.lctToken) return;
        this.drawScopeMeans(meansEl, summary);
      },
      (error: Error) =>
        token === this.lctToken && fill(meansEl, message(`Could not load the scope means: ${error.message}`, 'error')),
    );
    await Promise.all([mapDone, histDone, meansDone]);
  }

  private adoptYear(year: string): void {
    this.state.year = year;
    this.renderYearSelect();
  }

  private drawScopeMeans(container: HTMLElement, summary: Summary): void {
    const present = new Map(
      summary.items.filter((i) => i.scope && (num(i.district_count) ?? 0) > 0).map((i) => [i.scope!, i]),
    );
    const spedBefore = this.spedPresent.size;
    for (const sc of SPED) if (present.has(sc)) this.spedPresent.add(sc);
    if (this.spedPresent.size !== spedBefore) this.renderScopeSelect();
    const order = [...STAFF, ...SPED].filter((sc) => present.has(sc));
    drawBars(
      container,
      order.map((sc) => {
        const item = present.get(sc)!;
        return {
          key: sc,
          label: label(sc),
          value: num(item.mean_lct),
          title: `${scopeDescription(sc) ?? sc}: mean ${fmtLct(item.mean_lct)}, median ${fmtLct(item.median_lct)}, ${fmtInt(item.district_count)} districts`,
          selected: sc === this.state.scope,
        };
      }),
      {
        ariaLabel: 'Mean LCT per scope; choose one to show it on the map and histogram',
        onSelect: (sc) => this.setScope(sc),
      },
    );
  }

  private renderYearSelect(): void {
    const select = byId<HTMLSelectElement>('year');
    const years = [
      ...new Set([
        ...this.runs.filter((r) => r.status === 'completed').map((r) => r.year),
        ...(this.state.year ? [this.state.year] : []),
      ]),
    ]
      .sort()
      .reverse();
    fill(
      select,
      ...(years.length
        ? years.map((y) => h('option', { value: y, selected: y === this.state.year }, y))
        : [h('option', { value: '' }, 'no runs yet')]),
    );
    if (this.state.year) select.value = this.state.year;
  }

  private async loadRuns(): Promise<void> {
    const qa = byId('qa');
    try {
      const { items } = await getJson<{ items: RunEntry[] }>('/api/runs');
      this.runs = items;
      this.renderYearSelect();
      const latest = items[0];
      if (!latest) {
        fill(qa, message('No calculation runs yet: run lct calculate.'));
        return;
      }
      const run = await getJson<Run>(`/api/runs/${encodeURIComponent(latest.run_id)}`);
      this.drawQa(qa, run);
    } catch (error) {
      fill(qa, message(`Could not load the runs: ${(error as Error).message}`, 'error'));
    }
  }

  private drawQa(container: HTMLElement, run: Run): void {
    const qa = run.qa_summary;
    const status = run.status !== 'completed' ? run.status.toUpperCase() : (qa?.overall_status ?? 'UNKNOWN');
    const statusClass = status === 'PASS' ? 'pass' : status === 'WARNING' ? 'warn' : 'fail';
    const flags = [...(qa?.flags ?? [])].sort((a, b) => (num(b.rows) ?? 0) - (num(a.rows) ?? 0));
    fill(
      container,
      h(
        'div',
        { class: 'qa-head' },
        h('span', { class: `badge ${statusClass}`, id: 'qa-status' }, status),
        h(
          'div',
          undefined,
          h('div', undefined, `Run ${run.run_id} · ${run.year} · ${run.run_type}`),
          h(
            'div',
            { class: 'note' },
            `completed ${fmtDate(run.completed_at)} · ${fmtInt(run.districts_processed)} districts`,
          ),
        ),
      ),
      qa
        ? h(
            'div',
            { class: 'kpis small' },
            h(
              'div',
              { class: 'kpi' },
              h('span', { class: 'kpi-value' }, fmtPct(qa.data_quality.pass_rate)),
              h('span', { class: 'kpi-name' }, 'pass rate'),
            ),
            h(
              'div',
              { class: 'kpi' },
              h('span', { class: 'kpi-value' }, fmtInt(qa.data_quality.valid_rows)),
              h('span', { class: 'kpi-name' }, 'valid rows'),
            ),
            h(
              'div',
              { class: 'kpi' },
              h('span', { class: 'kpi-value' }, fmtInt(qa.data_quality.invalid_rows)),
              h('span', { class: 'kpi-name' }, 'invalid rows'),
            ),
          )
        : null,
      qa?.status_reasons.length
        ? h('ul', { class: 'reasons' }, ...qa.status_reasons.map((r) => h('li', undefined, r)))
        : null,
      flags.length
        ? table(
            ['Flag', 'Rows', 'Districts'],
            flags.map((f) => [
              h(
                'span',
                { class: `flag ${f.severity}${num(f.rows) ? '' : ' zero'}`, title: f.definition },
                h('span', { class: 'sev' }, f.severity === 'error' ? 'error' : 'warning'),
                ' ',
                f.flag,
              ),
              h('span', { class: num(f.rows) ? undefined : 'zero' }, fmtInt(f.rows)),
              h('span', { class: num(f.districts) ? undefined : 'zero' }, fmtInt(f.districts)),
            ]),
            { numeric: [1, 2], className: 'compact', caption: 'QA flag counts (hover a flag for its definition)' },
          )
        : null,
      qa?.hierarchy.length
        ? h(
            'details',
            undefined,
            h(
              'summary',
              undefined,
              `Scope hierarchy checks: ${qa.hierarchy.filter((c) => c.passed === true).length} of ${qa.hierarchy.length} pass`,
            ),
            h(
              'ul',
              { class: 'checks' },
              ...qa.hierarchy.map((c) =>
                h(
                  'li',
                  { class: c.passed === false ? 'bad' : undefined },
                  `${c.passed === false ? '✗' : c.passed ? '✓' : '?'} ${c.check} (${fmtLct(c.lower_mean)} vs ${fmtLct(c.higher_mean)})`,
                ),
              ),
            ),
          )
        : null,
    );
  }

  private async loadCampaign(): Promise<void> {
    const el = byId('campaign');
    try {
      const states = await getJson<StatesResponse>('/api/states');
      this.campaignYear = states.year;
      this.drawCampaign(el, states);
    } catch (error) {
      fill(el, message(`Could not load the campaign progress: ${(error as Error).message}`, 'error'));
    }
  }

  private drawCampaign(container: HTMLElement, states: StatesResponse): void {
    const items = [...states.items].sort((a, b) => a.state.localeCompare(b.state));
    const complete = items.filter((i) => i.complete).length;
    byId('campaign-title').textContent = `Bell-schedule campaign · ${states.year}`;
    const tiles = h('ul', {
      class: 'tiles',
      'aria-label': `Districts enriched per state, target ${STATE_CAMPAIGN_TARGET}`,
    });
    for (const i of items) {
      const enriched = num(i.enriched) ?? 0;
      const shown = Math.min(enriched, STATE_CAMPAIGN_TARGET);
      const name = stateByCode(i.state)?.name ?? i.state;
      tiles.append(
        h(
          'li',
          { class: i.complete ? 'complete' : undefined, 'data-state': i.state },
          h(
            'button',
            {
              type: 'button',
              title: `${name}: ${fmtInt(enriched)} of ${fmtInt(i.total_districts)} districts enriched (${fmtPct(i.pct_enriched)}). Show its next candidates.`,
              onclick: () => this.showCandidates(i.state),
            },
            h('span', { class: 'tile-code' }, i.state),
            h('span', { class: 'tile-count' }, `${enriched}/${STATE_CAMPAIGN_TARGET}${i.complete ? ' ✓' : ''}`),
            h(
              'span',
              { class: 'tile-bar' },
              h('span', { style: `width:${((100 * shown) / STATE_CAMPAIGN_TARGET).toFixed(0)}%` }),
            ),
          ),
        ),
      );
    }
    fill(
      container,
      h(
        'p',
        undefined,
        h('strong', undefined, `${complete} of ${items.length}`),
        ` states have at least ${STATE_CAMPAIGN_TARGET} districts with a collected bell schedule.`,
      ),
      tiles,
    );

    const select = byId<HTMLSelectElement>('candidate-state');
    fill(
      select,
      ...items.map((i) => h('option', { value: i.state }, `${i.state} · ${stateByCode(i.state)?.name ?? i.state}`)),
    );
    // Start with the incomplete state with the most districts.
    const first =
      [...items]
        .filter((i) => !i.complete)
        .sort((a, b) => (num(b.total_districts) ?? 0) - (num(a.total_districts) ?? 0))[0] ?? items[0];
    if (first) this.showCandidates(this.candidateState ?? first.state);
  }

  private candidateToken = 0;

  async showCandidates(st: string, fromMap = false): Promise<void> {
    this.candidateState = st;
    const token = ++this.candidateToken;
    const select = byId<HTMLSelectElement>('candidate-state');
    if (select.value !== st) select.value = st;
    for (const tile of document.querySelectorAll<HTMLElement>('#campaign .tiles li'))
      tile.classList.toggle('chosen', tile.dataset.state === st);
    const el = byId('candidates');
    el.setAttribute('aria-busy', 'true');
    if (fromMap) byId('campaign-card').scrollIntoView({ behavior: 'smooth', block: 'start' });
    try {
      const result = await getJson<CandidatesResponse>('/api/campaign/candidates', {
        state: st,
        year: this.campaignYear,
        limit: 9,
      });
      if (token !== this.candidateToken) return;
      fill(
        el,
        result.items.length
          ? table(
              ['#', 'District', 'Enrollment', 'Claimed by'],
              result.items.map((c) => [
                fmtInt(c.rank_in_state),
                h('a', { href: `#/district/${c.nces_id}` }, c.name),
                fmtInt(c.enrollment),
                c.claimed_by ?? DASH,
              ]),
              {
                numeric: [0, 2],
                className: 'compact',
                caption: `Next districts to collect in ${stateByCode(st)?.name ?? st}, largest first`,
              },
            )
          : message(`Every district of ${st} has a bell schedule for ${result.year}.`),
      );
    } catch (error) {
      if (token === this.candidateToken)
        fill(el, message(`Could not load the candidates: ${(error as Error).message}`, 'error'));
    } finally {
      if (token === this.candidateToken) el.removeAttribute('aria-busy');
    }
  }
}
