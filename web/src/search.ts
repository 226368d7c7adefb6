/** District search in the header: name or id prefix, results as links to district pages. */
import { getJson, type DistrictList } from './api.js';
import { byId, fill, h } from './dom.js';
import { fmtInt, num } from './format.js';

const DEBOUNCE_MS = 180;

export function startSearch(): void {
  const form = byId<HTMLFormElement>('search-form');
  const input = byId<HTMLInputElement>('search');
  const results = byId<HTMLUListElement>('search-results');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | null = null;

  const close = () => {
    results.hidden = true;
    input.setAttribute('aria-expanded', 'false');
  };

  const run = async () => {
    const q = input.value.trim();
    controller?.abort();
    if (q.length < 2) {
      fill(results);
      close();
      return;
    }
    controller = new AbortController();
    const { signal } = controller;
    try {
      const list = await getJson<DistrictList>('/api/districts', { q, per_page: 12 }, signal);
      if (signal.aborted) return;
      fill(
        results,
        ...(list.items.length
          ? list.items.map((d) =>
              h(
                'li',
                undefined,
                h(
                  'a',
                  { href: `#/district/${d.nces_id}`, class: 'result' },
                  h('span', { class: 'result-name' }, d.name),
                  h('span', { class: 'result-meta' }, `${d.state} · ${d.nces_id} · ${fmtInt(d.enrollment)} students`),
                ),
              ),
            )
          : [h('li', { class: 'none' }, `No district matches “${q}”.`)]),
        (num(list.total) ?? 0) > list.items.length
          ? h('li', { class: 'more' }, `${fmtInt(list.total)} matches; keep typing to narrow them.`)
          : null,
      );
      results.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    } catch (error) {
      if (signal.aborted || (error as Error).name === 'AbortError') return;
      fill(results, h('li', { class: 'none' }, `Search failed: ${(error as Error).message}`));
      results.hidden = false;
    }
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), DEBOUNCE_MS);
  });
  input.addEventListener('focus', () => {
    if (results.childElementCount) results.hidden = false;
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') close();
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      results.querySelector<HTMLAnchorElement>('a')?.focus();
    }
  });
  results.addEventListener('keydown', (e) => {
    const links = [...results.querySelectorAll<HTMLAnchorElement>('a')];
    const i = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (e.key === 'ArrowDown' && i >= 0) {
      e.preventDefault();
      links[Math.min(links.length - 1, i + 1)]?.focus();
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (i <= 0) input.focus();
      else links[i - 1]?.focus();
    } else if (e.key === 'Escape') {
      close();
      input.focus();
    }
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    const q = input.value.trim();
    if (/^\d{6,7}$/.test(q)) {
      close();
      location.hash = `#/district/${q.padStart(7, '0')}`;
      return;
    }
    void run().then(() => results.querySelector<HTMLAnchorElement>('a')?.click());
  });
  results.addEventListener('click', (e) => {
    if ((e.target as Element).closest('a')) close();
  });
  document.addEventListener('click', (e) => {
    if (!form.contains(e.target as Node)) close();
  });
}
