/**
 * One first load of the dashboard in a new browser context: navigation start → the map drawn (≥ 50 filled
 * states and the `lct:map-drawn` mark) and every other mark asked for; then `read` runs in the page.
 */
import type { Browser } from 'playwright-core';

export async function firstRender<T>(
  browser: Browser,
  url: string,
  options: { marks?: string[]; timeoutMs: number; read: () => T },
): Promise<T> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(
      (marks) =>
        document.querySelectorAll('#map path[data-state][fill^="#"]').length >= 50 &&
        ['lct:map-drawn', ...marks].every((m) => performance.getEntriesByName(m).length > 0),
      options.marks ?? [],
      { timeout: options.timeoutMs, polling: 10 },
    );
    const result = await page.evaluate(options.read);
    if (errors.length) throw new Error(`The dashboard logged errors: ${errors.join('; ')}`);
    return result;
  } finally {
    await context.close();
  }
}
