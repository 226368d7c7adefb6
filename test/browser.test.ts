/**
 * The dashboard in headless Chromium (CHROME_PATH or a system Chromium driven by playwright-core; no browser is
 * ever downloaded; without one the test is skipped, except under CI, where it fails) over the API on a demo database: the map, the scope switcher, district search and
 * page, phone width, and no console errors. Screenshots go to test-artifacts/browser/.
 *
 * The browser, the server and the database are shared; every test has a fresh browser context and page of its
 * own and brings it to the state it needs, so the tests run in any order.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { tempDir } from './helpers/ccd-fixture.js';
import { writeDemoData } from '../src/demo/demo-data.js';
import { importPaths } from '../src/import/run-import.js';
import { calculate } from '../src/calculate/calculate.js';
import { startServer, type RunningServer } from '../src/api/index.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { CHROMIUM_HINT, IN_CI, findChromium } from '../bench/chromium.js';

const CHROMIUM = findChromium();
const ARTIFACTS = path.join(PACKAGE_ROOT, 'test-artifacts', 'browser');
const DISTRICTS = 300;
const TOKEN = 'browser-test-token';
const BELL_FIXTURES = path.join(PACKAGE_ROOT, 'test', 'fixtures', 'bell-schedules');

const NO_BROWSER = CHROMIUM.path === null ? `${CHROMIUM.missing}: ${CHROMIUM_HINT}` : null;
if (NO_BROWSER && !IN_CI) console.warn(`browser.test.ts skipped: ${NO_BROWSER}`);

describe.skipIf(!!NO_BROWSER && !IN_CI)('dashboard in headless Chromium', () => {
  let t: TestDatabase;
  let dataDir: string;
  let webDir: string;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** A school's site for the dashboard to read: a bell-schedule page, and a page that refuses. */
  let school: http.Server;
  let schoolUrl: string;
  /** Console errors and uncaught exceptions of every page and the server's complaints, checked after each test. */
  const problems: string[] = [];

  const watch = (p: Page) => {
    p.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error on ${p.url()}: ${m.text()}`);
    });
    p.on('pageerror', (e) => problems.push(`uncaught on ${p.url()}: ${e.message}`));
  };
  const shot = (p: Page, name: string) => p.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
  const noHorizontalOverflow = (p: Page) =>
    p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  /** The overview, loaded afresh in the default scope, with its map and histogram drawn. */
  const openOverview = async (p: Page) => {
    await p.goto(server.url + '/');
    await p.waitForFunction(() => document.querySelectorAll('#map path[data-state]').length >= 50);
    await p.waitForFunction(() => document.querySelectorAll('#histogram rect').length > 5);
  };

  beforeAll(async () => {
    if (NO_BROWSER) throw new Error(`CI is set and the browser test cannot run: ${NO_BROWSER}`);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    // The current web/ sources, bundled like `npm run build` does, into a folder of this test's own.
    webDir = tempDir('lct-web-');
    execFileSync(process.execPath, [path.join(PACKAGE_ROOT, 'scripts', 'build-web.mjs'), '--outdir', webDir], {
      stdio: 'pipe',
    });
    dataDir = tempDir('lct-browser-demo-');
    writeDemoData(dataDir, { districts: DISTRICTS, seed: 11 });
    t = await createTestDatabase('pglite');
    await importPaths(t.db, [dataDir]);
    await calculate(t.db, { year: '2023-24', outDir: false });
    server = await startServer(t.db, {
      port: 0,
      webRoot: webDir,
      token: TOKEN,
      log: (m) => problems.push(`server: ${m}`),
    });
    school = http.createServer((req, res) => {
      if (req.url === '/bell-schedule')
        return res
          .writeHead(200, { 'Content-Type': 'text/html' })
          .end(fs.readFileSync(path.join(BELL_FIXTURES, 'k8-school.html')));
      if (req.url === '/robots.txt') return res.writeHead(404).end();
      return res.writeHead(403, { 'Content-Type': 'text/html' }).end('<h1>Forbidden</h1>');
    });
    await new Promise<void>((resolve) => school.listen(0, '127.0.0.1', resolve));
    schoolUrl = `http://127.0.0.1:${(school.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM.path! });
  });

  // A page of each test's own: nothing (route, scope, a token in sessionStorage) carries over from another test.
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    watch(page);
  });

  // Each test logged no console errors, no uncaught exceptions and no server failures.
  afterEach(async () => {
    await context?.close();
    expect(problems.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close(1000);
    school?.closeAllConnections();
    await new Promise((resolve) => (school ? school.close(resolve) : resolve(undefined)));
    await t?.destroy();
    for (const dir of [dataDir, webDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('draws the map of state medians with at least 50 filled states, a legend, tooltips and the other cards', async () => {
    await openOverview(page);
    const fills = await page.$$eval('#map path[data-state]', (paths) => paths.map((p) => p.getAttribute('fill') ?? ''));
    expect(fills.length).toBeGreaterThanOrEqual(50);
    expect(fills.every((f) => /^#[0-9a-f]{6}$/i.test(f))).toBe(true);
    expect(new Set(fills).size).toBeGreaterThanOrEqual(4);
    expect(await page.locator('#map .legend li').count()).toBeGreaterThanOrEqual(3);

    // Hover values: the tooltip names the state and its median.
    await page.hover('#map path[data-state="TX"]');
    const tooltip = page.locator('#map .tooltip');
    await tooltip.waitFor({ state: 'visible' });
    expect(await tooltip.textContent()).toMatch(/Texas.*median \d/);

    // Histogram, scope means, QA and campaign are drawn too.
    await page.waitForFunction(() => document.querySelectorAll('#histogram rect').length > 5);
    expect(await page.locator('#scope-means li').count()).toBeGreaterThanOrEqual(7);
    await page.locator('#qa-status').waitFor();
    expect(await page.locator('#qa-status').textContent()).toMatch(/^(PASS|WARNING)$/);
    expect(await page.locator('#qa table tbody tr').count()).toBeGreaterThan(0);
    await page.waitForFunction(() => document.querySelectorAll('#campaign .tiles li').length >= 50);
    await page.waitForFunction(() => document.querySelectorAll('#candidates tbody tr').length > 0);
    await shot(page, 'overview-desktop.png');
    expect(await noHorizontalOverflow(page)).toBeLessThanOrEqual(0);
  });

  it('switching the scope redraws the histogram, the map and the scope means', async () => {
    await openOverview(page);
    const before = await page.getAttribute('#histogram', 'data-signature');
    expect(before).toMatch(/^teachers_only:/);
    const scopes = await page.$$eval('#scope option', (options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(scopes).toEqual(
      expect.arrayContaining([
        'teachers_only',
        'teachers_core',
        'instructional',
        'instructional_plus_support',
        'all',
        'teachers_elementary',
        'teachers_secondary',
      ]),
    );
    await page.selectOption('#scope', 'all');
    await page.waitForFunction(() =>
      document.querySelector('#histogram')?.getAttribute('data-signature')?.startsWith('all:'),
    );
    const after = await page.getAttribute('#histogram', 'data-signature');
    expect(after).not.toBe(before);
    await expect.poll(() => page.textContent('#map-title')).toContain('all');
    expect(await page.getAttribute('#scope-means li.selected', 'data-key')).toBe('all');
    // The scope means are buttons that switch the scope as well.
    await page.click('#scope-means li[data-key="teachers_elementary"] button');
    await page.waitForFunction(() =>
      document.querySelector('#histogram')?.getAttribute('data-signature')?.startsWith('teachers_elementary:'),
    );
    expect(await page.inputValue('#scope')).toBe('teachers_elementary');
    await shot(page, 'overview-scope-switched.png');
  });

  it('searches a district and opens its page', async () => {
    // A district with a name of its own among the demo districts.
    const { items } = (await (await fetch(`${server.url}/api/districts?per_page=200`)).json()) as {
      items: { nces_id: string; name: string }[];
    };
    const names = new Map<string, number>();
    for (const d of items) names.set(d.name, (names.get(d.name) ?? 0) + 1);
    const district = items.find((d) => names.get(d.name) === 1 && d.name.length > 8)!;
    expect(district).toBeDefined();

    // A scope other than the default, for the way back.
    await openOverview(page);
    await page.selectOption('#scope', 'teachers_elementary');
    await page.waitForFunction(() =>
      document.querySelector('#histogram')?.getAttribute('data-signature')?.startsWith('teachers_elementary:'),
    );

    await page.fill('#search', district.name.slice(0, Math.min(district.name.length, 18)));
    const link = page.locator(`#search-results a[href="#/district/${district.nces_id}"]`);
    await link.waitFor({ state: 'visible' });
    await link.click();
    await page.waitForFunction((name) => document.querySelector('#district-name')?.textContent === name, district.name);
    expect(page.url()).toContain(`#/district/${district.nces_id}`);
    expect(await page.isVisible('#overview')).toBe(false);
    expect(await page.textContent('#district .subtitle')).toContain(district.nces_id);
    expect(await page.locator('#district-lct-bars li').count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('#district-grades li').count()).toBeGreaterThanOrEqual(10);
    const text = (await page.textContent('#district')) ?? '';
    for (const heading of ['LCT by scope', 'Enrollment by grade', 'Staffing', 'Bell schedules', 'History'])
      expect(text).toContain(heading);
    await shot(page, 'district-desktop.png');

    // Back to the overview keeps the chosen scope.
    await page.click('#district a.back');
    await page.locator('#overview').waitFor({ state: 'visible' });
    expect(await page.inputValue('#scope')).toBe('teachers_elementary');
  });

  it('has no horizontal overflow at phone width (390 px), on the overview and a district page', async () => {
    const phone = await browser.newPage({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    watch(phone);
    try {
      await phone.goto(server.url + '/');
      await phone.waitForFunction(() => document.querySelectorAll('#map path[data-state]').length >= 50);
      await phone.waitForFunction(() => document.querySelectorAll('#histogram rect').length > 5);
      await phone.waitForFunction(() => document.querySelectorAll('#candidates tbody tr').length > 0);
      expect(await noHorizontalOverflow(phone)).toBeLessThanOrEqual(0);
      await shot(phone, 'overview-phone.png');

      const id = (await phone.getAttribute('#candidates tbody tr a', 'href'))!.replace('#/district/', '');
      await phone.click('#candidates tbody tr a');
      await phone.waitForFunction(
        () =>
          (document.querySelector('#district-name')?.textContent ?? '').length > 0 &&
          !document.querySelector('#district .loading'),
      );
      expect(phone.url()).toContain(id);
      expect(await noHorizontalOverflow(phone)).toBeLessThanOrEqual(0);
      await shot(phone, 'district-phone.png');
    } finally {
      await phone.close();
    }
  });

  it('reads a bell schedule on a district page: a pasted URL and a dropped file, answers with evidence, saves one', async () => {
    const { items } = (await (await fetch(`${server.url}/api/districts?per_page=5`)).json()) as {
      items: { nces_id: string }[];
    };
    const id = items[0]!.nces_id;
    await page.goto(`${server.url}/#/district/${id}`);
    await page.locator('#read-schedule').waitFor();
    expect(await page.textContent('#read-schedule h3')).toBe('Read a bell schedule');

    // Without the token it says so, and asks for nothing else.
    await page.fill('#extract-url', `${schoolUrl}/bell-schedule`);
    await page.click('#read-schedule form button');
    await expect.poll(() => page.textContent('#extract-results')).toContain('Enter the API token');

    await page.fill('#api-token', TOKEN);
    await page.fill('#extract-year', '2025-26');
    await page.click('#read-schedule form button');
    await expect.poll(() => page.locator('#extract-results .answer').count(), { timeout: 30_000 }).toBe(2);
    const middle = page.locator('#extract-results .answer[data-level="middle"]');
    expect(await middle.locator('h4').textContent()).toMatch(
      /middle \(grades K-8\): 8:00 AM–2:45 PM · 370 min · medium/,
    );
    expect(await middle.locator('.evidence li').allTextContents()).toContain('Lunch (6-8) 12:15-12:50');
    await shot(page, 'district-read-schedule.png');

    await middle.locator('button.save').click();
    await expect.poll(() => page.textContent('#extract-results')).toMatch(/Saved as the 2025-26 middle schedule/);
    // The page is drawn again: the bell-schedule card lists the saved schedule.
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('#district table tbody tr')).some(
        (tr) => /2025-26/.test(tr.textContent ?? '') && /automated enrichment/.test(tr.textContent ?? ''),
      ),
    );
    const saved = (await (await fetch(`${server.url}/api/districts/${id}`)).json()) as {
      bell_schedules: { year: string; grade_level: string; instructional_minutes: number; method: string }[];
    };
    expect(saved.bell_schedules).toContainEqual(
      expect.objectContaining({
        year: '2025-26',
        grade_level: 'middle',
        instructional_minutes: 370,
        method: 'automated_enrichment',
      }),
    );

    // A dropped file (a saved copy of a page).
    const html = fs.readFileSync(path.join(BELL_FIXTURES, 'middle-periods-passing.html'), 'utf8');
    await page.evaluate((content) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], 'lincoln.html', { type: 'text/html' }));
      document
        .querySelector('#extract-drop')!
        .dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, html);
    await page.waitForFunction(() =>
      /350 min · high/.test(document.querySelector('#extract-results .answer h4')?.textContent ?? ''),
    );
    expect(await page.locator('#extract-results .other-schedules li').allTextContents()).toEqual([
      expect.stringMatching(/^minimum day/),
    ]);

    // A site that refuses: reported, with what to do instead.
    await page.fill('#extract-url', `${schoolUrl}/members-only`);
    await page.click('#read-schedule form button');
    await expect.poll(() => page.textContent('#extract-results')).toMatch(/blocked the request \(HTTP 403\).*save it/);
    expect(await noHorizontalOverflow(page)).toBeLessThanOrEqual(0);
  });
});
