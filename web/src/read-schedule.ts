/**
 * "Read a bell schedule" on a district page: paste a school's URL or drop a saved page, PDF or text file;
 * the server reads it (POST /api/bell-schedules/extract, nothing stored) and the answers appear with their
 * evidence; Save stores an accepted one through POST /api/bell-schedules. Both need the API token, kept for
 * the browser tab only (sessionStorage).
 */
import { ApiError, type ExtractResponse, type ExtractedAnswer, type FoundSchedule, postWithToken } from './api.js';
import { fill, h, message } from './dom.js';
import { label } from './format.js';

const TOKEN_KEY = 'lctApiToken';

function storedToken(): string {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

function rememberToken(token: string): void {
  try {
    sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Private mode: the field keeps it for this page.
  }
}

/** The school year now: from August on, the year starting this fall. */
function currentSchoolYear(now = new Date()): string {
  const start = now.getMonth() >= 7 ? now.getFullYear() : now.getFullYear() - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

function typeOf(file: File): string {
  if (file.type) return file.type;
  if (/\.pdf$/i.test(file.name)) return 'application/pdf';
  if (/\.html?$/i.test(file.name)) return 'text/html';
  return 'text/plain';
}

function scheduleLine(s: FoundSchedule): string {
  const times = s.start_time || s.end_time ? `${s.start_time ?? '?'}–${s.end_time ?? '?'}` : 'no times';
  const minutes = s.instructional_minutes !== null && !s.half_day ? ` · ${s.instructional_minutes} min` : '';
  return `${label(s.kind)}${s.grades ? ` (grades ${s.grades})` : ''}${s.half_day ? ', half day' : ''}: ${times}${minutes}`;
}

export function readScheduleCard(options: { districtId: string; years: string[]; onSaved: () => void }): HTMLElement {
  const token = h('input', {
    id: 'api-token',
    type: 'password',
    autocomplete: 'off',
    placeholder: 'API token (LCT_API_TOKEN)',
    'aria-label': 'API token',
    value: storedToken(),
  });
  const url = h('input', {
    id: 'extract-url',
    type: 'url',
    placeholder: 'https://school.example/bell-schedule',
    'aria-label': 'Page or PDF URL',
  });
  const year = h('input', {
    id: 'extract-year',
    type: 'text',
    inputmode: 'numeric',
    pattern: '\\d{4}-\\d{2}',
    size: 8,
    'aria-label': 'School year',
    value: options.years[0] ?? currentSchoolYear(),
  });
  const file = h('input', {
    id: 'extract-file',
    type: 'file',
    accept: '.html,.htm,.pdf,.txt,text/html,application/pdf,text/plain',
    class: 'visually-hidden',
  });
  const results = h('div', { id: 'extract-results', 'aria-live': 'polite' });

  const needToken = (): string | null => {
    const value = token.value.trim();
    if (!value) {
      fill(results, message('Enter the API token first (the server’s LCT_API_TOKEN).', 'error'));
      token.focus();
      return null;
    }
    rememberToken(value);
    return value;
  };

  const save = async (answer: ExtractedAnswer, button: HTMLButtonElement, status: HTMLElement) => {
    const key = needToken();
    if (!key) return;
    const schoolYear = year.value.trim();
    button.disabled = true;
    fill(status, 'Saving…');
    try {
      const saved = await postWithToken<{ item: { id: number | string }; completed_claim_id: number | null }>(
        '/api/bell-schedules',
        key,
        JSON.stringify({ ...answer.bell_schedule, district_id: options.districtId, year: schoolYear }),
        'application/json',
      );
      fill(
        status,
        `Saved as the ${schoolYear} ${answer.level} schedule (id ${saved.item.id})${saved.completed_claim_id !== null ? `; completed claim ${saved.completed_claim_id}` : ''}.`,
      );
      status.className = 'saved';
      options.onSaved();
    } catch (error) {
      button.disabled = false;
      fill(status, (error as Error).message);
      status.className = 'message error';
    }
  };

  const answerView = (answer: ExtractedAnswer): HTMLElement => {
    const status = h('span', { class: 'save-status', role: 'status' });
    const button = h('button', { type: 'button', class: 'save' }, answer.level ? `Save ${answer.level}` : 'Save');
    if (!answer.level) {
      button.disabled = true;
      button.title = 'The document names no level: read it again with a level';
    }
    button.addEventListener('click', () => void save(answer, button, status));
    return h(
      'article',
      { class: 'answer', 'data-level': answer.level ?? '' },
      h(
        'h4',
        undefined,
        `${answer.level ?? 'Level not named'}${answer.grades ? ` (grades ${answer.grades})` : ''}: ${answer.start_time}–${answer.end_time} · `,
        h('strong', { class: 'minutes' }, `${answer.instructional_minutes} min`),
        ` · ${answer.confidence} confidence`,
      ),
      h(
        'p',
        { class: 'note' },
        `Lunch ${answer.lunch_duration} min · recess ${answer.recess_duration} min${answer.passing_periods !== null ? ` · passing ${answer.passing_periods} min` : ''}${answer.school ? ` · ${answer.school}` : ''}`,
      ),
      h('p', { class: 'answer-notes' }, answer.notes),
      h(
        'details',
        { class: 'evidence', open: true },
        h('summary', undefined, `Evidence (${answer.evidence.length} lines)`),
        h('ul', undefined, ...answer.evidence.map((line) => h('li', undefined, line))),
      ),
      h('div', { class: 'save-row' }, button, status),
    );
  };

  const show = (read: ExtractResponse) => {
    const parts: (HTMLElement | null)[] = [];
    if (read.outcome === 'blocked')
      parts.push(
        message(
          `The site blocked the request (${read.detail}). lct does not work around blocks: open the page in your browser, save it, and drop the saved file here.`,
          'error',
        ),
      );
    else if (read.outcome !== 'extracted')
      parts.push(message(`${read.detail ?? 'Nothing could be read'}.`, read.outcome === 'error' ? 'error' : 'empty'));
    for (const answer of read.answers) parts.push(answerView(answer));
    const others = read.answers.length ? read.answers[0]!.other_schedules : read.schedules;
    if (others.length)
      parts.push(
        h(
          'div',
          { class: 'other-schedules' },
          h('h4', undefined, 'Other schedules found'),
          h('ul', undefined, ...others.map((s) => h('li', undefined, scheduleLine(s)))),
        ),
      );
    if (read.pdf_links.length)
      parts.push(
        h(
          'div',
          { class: 'pdf-links' },
          h('h4', undefined, 'PDFs linked from the page (not read: paste one to read it)'),
          h(
            'ul',
            undefined,
            ...read.pdf_links.map((l) =>
              h(
                'li',
                undefined,
                h('a', { href: l.url, rel: 'noreferrer noopener', target: '_blank' }, l.text || l.url),
              ),
            ),
          ),
        ),
      );
    fill(results, ...parts);
  };

  const run = async (body: BodyInit, type: string, query: string, what: string) => {
    const key = needToken();
    if (!key) return;
    fill(results, message(`Reading ${what}…`, 'loading'));
    try {
      show(await postWithToken<ExtractResponse>(`/api/bell-schedules/extract${query}`, key, body, type));
    } catch (error) {
      const text =
        error instanceof ApiError && error.status === 401
          ? `The token was refused: ${error.message}`
          : `Could not read ${what}: ${(error as Error).message}`;
      fill(results, message(text, 'error'));
    }
  };

  const readFile = (chosen: File | undefined) => {
    if (!chosen) return;
    void run(chosen, typeOf(chosen), `?name=${encodeURIComponent(chosen.name)}`, chosen.name);
  };
  file.addEventListener('change', () => readFile(file.files?.[0]));

  const form = h('form', { class: 'extract-url' }, url, h('button', { type: 'submit' }, 'Read'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = url.value.trim();
    if (!value) {
      fill(results, message('Paste the URL of a school’s bell-schedule page or PDF.', 'error'));
      return;
    }
    void run(JSON.stringify({ url: value }), 'application/json', '', value);
  });

  const drop = h(
    'label',
    { id: 'extract-drop', class: 'drop-zone', for: 'extract-file' },
    'Drop a saved page, PDF or text file here, or choose one',
    file,
  );
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    readFile((event as DragEvent).dataTransfer?.files?.[0]);
  });

  return h(
    'section',
    { class: 'card wide', id: 'read-schedule' },
    h('h3', undefined, 'Read a bell schedule'),
    h(
      'p',
      { class: 'note' },
      'Paste a school’s bell-schedule page or PDF, or drop a saved copy: lct finds the regular day per level and shows the lines it used. Nothing is saved until you press Save.',
    ),
    h(
      'div',
      { class: 'extract-settings' },
      h('label', undefined, 'Token ', token),
      h('label', undefined, 'Year ', year),
    ),
    form,
    drop,
    results,
  );
}
