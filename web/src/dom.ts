/** Tiny DOM helpers: every text goes through textContent, never innerHTML, so data cannot inject markup. */

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;

const SVG_NS = 'http://www.w3.org/2000/svg';

function apply(el: Element, attrs: Attrs | undefined, children: Child[]): void {
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
      else el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'object' ? child : String(child));
  }
}

/** An HTML element: h('a', { href: '#/' }, 'Overview'). Attributes named on… are event listeners. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  apply(el, attrs, children);
  return el;
}

/** An SVG element. */
export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs?: Attrs,
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  apply(el, attrs, children);
  return el;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from index.html`);
  return el as T;
}

/** Replaces an element's children. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  apply(el, undefined, children);
}

/** A table with a header row; cells may be nodes or text. Wrapped so a wide table scrolls on its own. */
export function table(
  headers: string[],
  rows: Child[][],
  options: { numeric?: number[]; nowrap?: number[]; caption?: string; className?: string } = {},
): HTMLElement {
  const numeric = new Set(options.numeric ?? []);
  const nowrap = new Set(options.nowrap ?? []);
  const cls = (i: number) => [numeric.has(i) ? 'num' : '', nowrap.has(i) ? 'nowrap' : ''].join(' ').trim() || undefined;
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: options.className },
      options.caption ? h('caption', undefined, options.caption) : null,
      h(
        'thead',
        undefined,
        h('tr', undefined, ...headers.map((text, i) => h('th', { scope: 'col', class: cls(i) }, text))),
      ),
      h(
        'tbody',
        undefined,
        ...rows.map((cells) => h('tr', undefined, ...cells.map((cell, i) => h('td', { class: cls(i) }, cell)))),
      ),
    ),
  );
}

export function message(text: string, kind: 'empty' | 'error' | 'loading' = 'empty'): HTMLElement {
  return h('p', { class: `message ${kind}`, role: kind === 'error' ? 'alert' : undefined }, text);
}
