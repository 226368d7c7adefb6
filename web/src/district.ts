/** The district page (#/district/0601234): numbers, LCT by scope, enrollment, staffing, bell schedules, lineage. */
import { GRADE_CODES } from '../../src/domain/grades.js';
import { STAFF_CATEGORIES } from '../../src/domain/staff.js';
import { ALL_SCOPES, scopeDescription } from '../../src/domain/scopes.js';
import { stateByCode } from '../../src/domain/states.js';
import { ApiError, getJson, type DistrictDetail, type DistrictTrend, type LineageEntry } from './api.js';
import { drawBars } from './charts.js';
import { h, fill, message, table } from './dom.js';
import { DASH, fmtDate, fmtInt, fmtLct, fmtNum, label, num } from './format.js';
import { readScheduleCard } from './read-schedule.js';
import { drawDistrictTrend } from './trends.js';

const LINEAGE_SHOWN = 100;

function card(title: string, ...children: (Node | string | null)[]): HTMLElement {
  return h('section', { class: 'card' }, h('h3', undefined, title), ...children);
}

function kpi(name: string, value: string, note?: string): HTMLElement {
  return h(
    'div',
    { class: 'kpi' },
    h('span', { class: 'kpi-value' }, value),
    h('span', { class: 'kpi-name' }, name),
    note ? h('span', { class: 'kpi-note' }, note) : null,
  );
}

function years<T extends { year: string }>(rows: T[]): string[] {
  return [...new Set(rows.map((r) => r.year))].sort().reverse();
}

function shortValue(value: unknown): string {
  const text =
    value === null || value === undefined ? 'null' : typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function describeChange(entry: LineageEntry): string {
  const c = entry.changes;
  if (!c) return entry.operation;
  if (c.bulk) return `bulk ${entry.operation} of ${fmtInt(c.rows)} rows`;
  if (entry.operation === 'update' && c.after) {
    return Object.keys(c.after)
      .map((key) => `${key}: ${shortValue(c.before?.[key])} → ${shortValue(c.after?.[key])}`)
      .join('; ');
  }
  const row = c.after ?? c.before ?? {};
  const keys = [
    'year',
    'grade',
    'category',
    'grade_level',
    'instructional_minutes',
    'student_count',
    'enrollment',
    'fte_count',
    'name',
  ].filter((k) => k in row);
  const detail = keys.map((k) => `${k} ${shortValue(row[k])}`).join(', ');
  return `${entry.operation === 'insert' ? 'created' : entry.operation === 'delete' ? 'deleted' : entry.operation}${detail ? `: ${detail}` : ''}`;
}

export async function renderDistrict(
  container: HTMLElement,
  id: string,
  currentScope: string,
  signal: AbortSignal,
): Promise<void> {
  fill(container, h('a', { href: '#/', class: 'back' }, '← Overview'), message(`Loading district ${id}…`, 'loading'));
  let detail: DistrictDetail;
  // Asked for at once beside the profile; drawn when both are there.
  const firstTrend = loadTrend(id, currentScope, signal);
  firstTrend.catch(() => undefined);
  try {
    detail = await getJson<DistrictDetail>(`/api/districts/${encodeURIComponent(id)}`, {}, signal);
  } catch (error) {
    if (signal.aborted) return;
    const text =
      error instanceof ApiError && error.status === 404
        ? `No district with the id ${id}.`
        : `Could not load district ${id}: ${(error as Error).message}`;
    fill(
      container,
      h('a', { href: '#/', class: 'back' }, '← Overview'),
      h('h2', { id: 'district-name', tabindex: -1 }, `District ${id}`),
      message(text, 'error'),
    );
    return;
  }
  if (signal.aborted) return;
  const d = detail.district;
  document.title = `${d.name} · LCT dashboard`;
  const st = stateByCode(d.state);

  // LCT: the latest year with rows, in scope order.
  const lctYears = years(detail.lct);
  const latestLctYear = lctYears[0];
  const order = (scope: string) => {
    const i = ALL_SCOPES.indexOf(scope);
    return i < 0 ? ALL_SCOPES.length : i;
  };
  const latestLct = detail.lct.filter((r) => r.year === latestLctYear).sort((a, b) => order(a.scope) - order(b.scope));
  const headline =
    latestLct.find((r) => r.scope === currentScope) ??
    latestLct.find((r) => r.scope === 'teachers_only') ??
    latestLct[0];

  const lctCard = card(
    `LCT by scope${latestLctYear ? `, ${latestLctYear}` : ''}`,
    latestLct.length ? h('div', { id: 'district-lct-bars' }) : message('No LCT calculated for this district yet.'),
    detail.lct.length
      ? table(
          ['Year', 'Scope', 'LCT', 'Valid', 'Minutes', 'Staff FTE', 'Enrollment', 'QA flags'],
          [...detail.lct]
            .sort((a, b) => (a.year < b.year ? 1 : a.year > b.year ? -1 : order(a.scope) - order(b.scope)))
            .map((r) => [
              r.year,
              h('span', { title: scopeDescription(r.scope) ?? '' }, label(r.scope)),
              fmtLct(r.lct_value),
              r.valid ? 'yes' : h('span', { class: 'bad' }, 'no'),
              fmtInt(r.instructional_minutes),
              fmtNum(r.staff_count),
              fmtInt(r.enrollment),
              r.qa_flags.length ? r.qa_flags.join(', ') : DASH,
            ]),
          { numeric: [2, 4, 5, 6], nowrap: [0], className: 'compact' },
        )
      : null,
  );

  // Enrollment by grade, latest year, in grade order.
  const enrollmentYears = years(detail.enrollment_by_grade);
  const latestEnrollmentYear = enrollmentYears[0];
  const gradeIndex = new Map(GRADE_CODES.map((g, i) => [g.code, i]));
  const gradeLabel = (code: string) =>
    code === 'KG'
      ? 'K'
      : code === 'PK'
        ? 'Pre-K'
        : /^G\d\d$/.test(code)
          ? `Grade ${Number(code.slice(1))}`
          : code === 'UG'
            ? 'Ungraded'
            : code === 'AE'
              ? 'Adult ed.'
              : code;
  const grades = detail.enrollment_by_grade
    .filter((g) => g.year === latestEnrollmentYear)
    .sort((a, b) => (gradeIndex.get(a.grade) ?? 99) - (gradeIndex.get(b.grade) ?? 99));
  const enrollmentCard = card(
    `Enrollment by grade${latestEnrollmentYear ? `, ${latestEnrollmentYear}` : ''}`,
    grades.length ? h('div', { id: 'district-grades' }) : message('No enrollment by grade.'),
    enrollmentYears.length > 1
      ? h('p', { class: 'note' }, `Also on file: ${enrollmentYears.slice(1).join(', ')}.`)
      : null,
  );

  // Staffing: one column per year (latest three), categories in domain order.
  const staffYears = years(detail.staffing_by_category).slice(0, 3);
  const staffIndex = new Map(STAFF_CATEGORIES.map((c, i) => [c.category, i]));
  const staffLabel = new Map(STAFF_CATEGORIES.map((c) => [c.category, c.nces_label]));
  const categories = [...new Set(detail.staffing_by_category.map((r) => r.category))].sort(
    (a, b) => (staffIndex.get(a) ?? 99) - (staffIndex.get(b) ?? 99),
  );
  const fte = new Map(detail.staffing_by_category.map((r) => [`${r.year}|${r.category}`, r.fte_count]));
  const staffCard = card(
    'Staffing (FTE)',
    categories.length
      ? table(
          ['Category', ...staffYears],
          categories.map((c) => [
            h('span', { title: staffLabel.get(c) ?? c }, label(c)),
            ...staffYears.map((y) => fmtNum(fte.get(`${y}|${c}`))),
          ]),
          { numeric: staffYears.map((_, i) => i + 1), className: 'compact' },
        )
      : message('No staffing reported.'),
  );

  const bellCard = card(
    'Bell schedules',
    detail.bell_schedules.length
      ? table(
          ['Year', 'Level', 'Minutes', 'Hours', 'Method', 'Confidence'],
          detail.bell_schedules.map((b) => [
            b.year,
            b.grade_level,
            fmtInt(b.instructional_minutes),
            b.start_time && b.end_time ? `${b.start_time.slice(0, 5)}–${b.end_time.slice(0, 5)}` : DASH,
            label(b.method),
            b.confidence,
          ]),
          { numeric: [2], nowrap: [0, 3], className: 'compact' },
        )
      : message('No bell schedules yet: LCT uses the state’s statutory minutes.'),
  );

  const lineage = [...detail.lineage].sort((a, b) =>
    a.timestamp < b.timestamp ? 1 : a.timestamp > b.timestamp ? -1 : (num(b.id) ?? 0) - (num(a.id) ?? 0),
  );
  const lineageCard = card(
    'History (data lineage)',
    lineage.length
      ? table(
          ['When', 'Table', 'Change', 'Source'],
          lineage
            .slice(0, LINEAGE_SHOWN)
            .map((e) => [fmtDate(e.timestamp), e.table_name, describeChange(e), e.source ?? DASH]),
          { nowrap: [0], className: 'compact lineage' },
        )
      : message('No recorded changes.'),
    lineage.length > LINEAGE_SHOWN
      ? h('p', { class: 'note' }, `Showing the latest ${LINEAGE_SHOWN} of ${fmtInt(lineage.length)} changes.`)
      : null,
  );

  const locale = d.locale_code ? ` · locale ${d.locale_code}` : '';
  fill(
    container,
    h('a', { href: '#/', class: 'back' }, '← Overview'),
    h('h2', { id: 'district-name', tabindex: -1 }, d.name),
    h('p', { class: 'subtitle' }, `${st?.name ?? d.state} (${d.state}) · NCES ${d.nces_id}${locale}`),
    h(
      'div',
      { class: 'kpis' },
      kpi('K-12 enrollment', fmtInt(d.enrollment)),
      kpi('schools', fmtInt(d.schools)),
      kpi(
        headline ? `LCT, ${label(headline.scope)}` : 'LCT',
        headline ? fmtLct(headline.lct_value) : DASH,
        headline ? `${headline.year}${headline.valid ? '' : ' · not valid'}` : 'not calculated',
      ),
      kpi('instructional minutes', fmtInt(headline?.instructional_minutes), headline ? 'per day' : undefined),
      kpi('staff FTE', fmtNum(headline?.staff_count), headline ? label(headline.scope) : undefined),
    ),
    trendCard(id, detail, currentScope, firstTrend, signal),
    h('div', { class: 'grid' }, lctCard, enrollmentCard, staffCard, bellCard),
    readScheduleCard({
      districtId: d.nces_id,
      years: years(detail.bell_schedules),
      // The saved schedule shows in the bell-schedule card and the history: draw the page again.
      onSaved: () => {
        const results = container.querySelector('#extract-results');
        void renderDistrict(container, id, currentScope, signal).then(() => {
          // Keep what was read (and the "Saved" line) in the new panel.
          const fresh = container.querySelector('#extract-results');
          if (results && fresh) fresh.replaceChildren(...results.childNodes);
        });
      },
    }),
    lineageCard,
  );

  const bars = container.querySelector<HTMLElement>('#district-lct-bars');
  if (bars) {
    drawBars(
      bars,
      latestLct.map((r) => ({
        key: r.scope,
        label: label(r.scope),
        value: num(r.lct_value),
        text: `${fmtLct(r.lct_value)}${r.valid ? '' : ' ✗'}`,
        title: `${scopeDescription(r.scope) ?? r.scope}${r.qa_flags.length ? ` · flags: ${r.qa_flags.join(', ')}` : ''}`,
        selected: r.scope === headline?.scope,
      })),
      { ariaLabel: 'LCT by scope' },
    );
  }
  const gradeBars = container.querySelector<HTMLElement>('#district-grades');
  if (gradeBars) {
    drawBars(
      gradeBars,
      grades.map((g) => ({
        key: g.grade,
        label: gradeLabel(g.grade),
        value: num(g.enrollment),
        text: num(g.enrollment) === null ? 'not reported' : fmtInt(g.enrollment),
      })),
      { ariaLabel: 'Enrollment by grade', format: fmtInt },
    );
  }
  container.querySelector<HTMLElement>('#district-name')?.focus({ preventScroll: true });
}

function loadTrend(id: string, scope: string, signal: AbortSignal): Promise<DistrictTrend> {
  return getJson<DistrictTrend>(`/api/districts/${encodeURIComponent(id)}/trend`, { scope }, signal);
}

/**
 * LCT over the years for one scope at a time (a select switches it), enrollment and staff beneath; the
 * first scope's answer was asked for with the profile.
 */
function trendCard(
  id: string,
  detail: DistrictDetail,
  firstScope: string,
  first: Promise<DistrictTrend>,
  signal: AbortSignal,
): HTMLElement {
  const order = (scope: string) => {
    const i = ALL_SCOPES.indexOf(scope);
    return i < 0 ? ALL_SCOPES.length : i;
  };
  const scopes = [...new Set(detail.lct.map((r) => r.scope))].sort((a, b) => order(a) - order(b));
  if (!scopes.includes(firstScope)) scopes.unshift(firstScope);
  const chart = h('div', { id: 'district-trend' }, message('Loading…', 'loading'));
  let token = 0;
  const show = async (scope: string, answer: Promise<DistrictTrend>) => {
    const mine = ++token;
    chart.setAttribute('aria-busy', 'true');
    try {
      const trend = await answer;
      if (mine !== token || signal.aborted) return;
      drawDistrictTrend(chart, trend);
    } catch (error) {
      if (mine !== token || signal.aborted) return;
      fill(chart, message(`Could not load the trend for ${label(scope)}: ${(error as Error).message}`, 'error'));
    } finally {
      if (mine === token) chart.removeAttribute('aria-busy');
    }
  };
  const select = h(
    'select',
    {
      id: 'district-trend-scope',
      onchange: (e: Event) => {
        const scope = (e.target as HTMLSelectElement).value;
        void show(scope, loadTrend(id, scope, signal));
      },
    },
    ...scopes.map((scope) =>
      h('option', { value: scope, selected: scope === firstScope, title: scopeDescription(scope) ?? '' }, label(scope)),
    ),
  );
  void show(firstScope, first);
  return h(
    'section',
    { class: 'card', id: 'district-trend-card' },
    h('h3', undefined, 'LCT over the years'),
    h('div', { class: 'trend-controls' }, h('label', { class: 'inline' }, 'Scope ', select)),
    chart,
  );
}
