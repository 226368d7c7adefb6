/**
 * The dashboard's years in headless Chromium (CHROME_PATH or a system Chromium driven by playwright-core; no
 * browser is ever downloaded; without one the test is skipped, except under CI, where it fails) over demo data of five years, each calculated: the year control redraws the map, the
 * histogram and the scope means; the national and state line charts with the COVID years marked; the movers;
 * a district's line chart with enrollment and staff beneath and its breaks as gaps with their reason.
 * Screenshots go to test-artifacts/browser/.
 *
 * The browser, the server and the database are shared; every test has a fresh browser context and page of its
 * own and brings it to the state it needs, so the tests run in any order.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from './helpers/databases.js';
import { tempDir } from './helpers/ccd-fixture.js';
import { writeDemoYears } from '../src/demo/demo-data.js';
import { importPaths } from '../src/import/run-import.js';
import { calculate } from '../src/calculate/calculate.js';
import { startServer, type RunningServer } from '../src/api/index.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { CHROMIUM_HINT, IN_CI, findChromium } from '../bench/chromium.js';

const CHROMIUM = findChromium();
const ARTIFACTS = path.join(PACKAGE_ROOT, 'test-artifacts', 'browser');
const YEARS = ['2018-19', '2019-20', '2020-21', '2021-22', '2022-23'];
const SCOPE = 'teachers_only';

const NO_BROWSER = CHROMIUM.path === null ? `${CHROMIUM.missing}: ${CHROMIUM_HINT}` : null;
if (NO_BROWSER && !IN_CI) console.warn(`browser-trends.test.ts skipped: ${NO_BROWSER}`);

describe.skipIf(!!NO_BROWSER && !IN_CI)('dashboard over several years in headless Chromium', () => {
  let t: TestDatabase;
  let dataDir: string;
  let webDir: string;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** Console errors and uncaught exceptions of every page and the server's complaints, checked after each test. */
  const problems: string[] = [];

  const shot = (p: Page, name: string) => p.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
  const noHorizontalOverflow = (p: Page) =>
    p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    webDir = tempDir('lct-web-trends-');
    execFileSync(process.execPath, [path.join(PACKAGE_ROOT, 'scripts', 'build-web.mjs'), '--outdir', webDir], {
      stdio: 'pipe',
    });
    dataDir = tempDir('lct-browser-years-');
    await writeDemoYears(dataDir, { districts: 300, seed: 7, years: YEARS });
    t = await createTestDatabase('pglite');
    await importPaths(t.db, [dataDir]);
    for (const year of YEARS) await calculate(t.db, { year, outDir: false });
    server = await startServer(t.db, { port: 0, webRoot: webDir, token: null, log: (m) => problems.push(m) });
    browser = await chromium.launch({ executablePath: CHROMIUM.path! });
  }, 600_000);

  // A page of each test's own: nothing (route, year, scope, area) carries over from another test.
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const p = await context.newPage();
    p.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error on ${p.url()}: ${m.text()}`);
    });
    p.on('pageerror', (e) => problems.push(`uncaught on ${p.url()}: ${e.message}`));
    page = p;
  });

  // Each test logged no console errors, no uncaught exceptions and no server failures.
  afterEach(async () => {
    await context?.close();
    expect(problems.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close(1000);
    await t?.destroy();
    for (const dir of [dataDir, webDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const api = async (url: string) => (await fetch(server.url + url)).json() as Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  /** The overview, loaded afresh (the latest year, the default scope, the nation), with its map and histogram drawn. */
  const openOverview = async (p: Page) => {
    await p.goto(server.url + '/');
    await p.waitForFunction(() => document.querySelectorAll('#map path[data-state]').length >= 50);
    await p.waitForFunction(() => document.querySelectorAll('#histogram rect').length > 5);
  };

  it('the year control lists every calculated year and redraws the map, histogram and scope means', async () => {
    await openOverview(page);
    const years = await page.$$eval('#year option', (options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(years).toEqual([...YEARS].reverse());
    expect(await page.inputValue('#year')).toBe('2022-23');
    const before = await page.getAttribute('#histogram', 'data-signature');
    const meansBefore = await page.textContent('#scope-means');

    await page.selectOption('#year', '2019-20');
    await expect.poll(() => page.textContent('#histogram-title')).toContain('2019-20');
    await expect.poll(() => page.textContent('#map-title')).toContain('2019-20');
    // The histogram is the one of that year: its total is the API's for 2019-20.
    const histogram = await api(`/api/lct/histogram?year=2019-20&scope=${SCOPE}&bins=120`);
    await expect
      .poll(() => page.getAttribute('#histogram', 'data-signature'))
      .toMatch(new RegExp(`^${SCOPE}:${histogram.total}:`));
    expect(await page.getAttribute('#histogram', 'data-signature')).not.toBe(before);
    const summary = await api('/api/lct/summary?year=2019-20&group_by=scope');
    const mean = summary.items.find((i: { scope: string }) => i.scope === SCOPE).mean_lct as number;
    await expect
      .poll(() => page.textContent(`#scope-means li[data-key="${SCOPE}"] .bar-value`))
      .toBe(mean.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
    expect(await page.textContent('#scope-means')).not.toBe(meansBefore);
    // The map's tooltip gives that year's median of a state.
    const states = await api(`/api/lct/summary?year=2019-20&scope=${SCOPE}&group_by=state`);
    const tx = states.items.find((i: { state: string }) => i.state === 'TX');
    await expect.poll(() => page.getAttribute('#map svg', 'aria-label')).toContain('2019-20');
    await page.hover('#map path[data-state="TX"]');
    await page.locator('#map .tooltip').waitFor({ state: 'visible' });
    expect(await page.textContent('#map .tooltip')).toContain(
      (tx.median_lct as number).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    );
    await shot(page, 'overview-year-2019-20.png');
  });

  it('draws the national line chart, median and weighted, with the COVID years shaded, and a state’s', async () => {
    await openOverview(page);
    await page.waitForFunction(() => document.querySelector('#trend')?.getAttribute('data-points') !== null);
    const nation = await api(`/api/trends?scope=${SCOPE}`);
    // Two series, a point per year each.
    expect(await page.locator('#trend .series-median circle').count()).toBe(YEARS.length);
    expect(await page.locator('#trend .series-weighted circle').count()).toBe(YEARS.length);
    expect(await page.$$eval('#trend .covid-band', (r) => r.map((e) => e.getAttribute('data-year')))).toEqual([
      '2019-20',
      '2020-21',
    ]);
    // Hover texts carry the API's values.
    const medianTitles = await page.$$eval('#trend .series-median circle title', (e) => e.map((x) => x.textContent));
    expect(medianTitles[0]).toContain(
      `${YEARS[0]}: median ${(nation.years[0].lct_median as number).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} min`,
    );
    // Higher LCT is drawn higher: the y of each point orders like the values.
    const ys = await page.$$eval('#trend .series-weighted circle', (c) => c.map((e) => Number(e.getAttribute('cy'))));
    const values = nation.years.map((y: { lct_weighted: number }) => y.lct_weighted) as number[];
    for (let i = 1; i < values.length; i++)
      expect(Math.sign(ys[i - 1]! - ys[i]!)).toBe(Math.sign(values[i]! - values[i - 1]!));

    await page.selectOption('#trend-area', 'TX');
    await expect.poll(() => page.textContent('#trend-title')).toContain('Texas');
    const texas = await api(`/api/trends?state=TX&scope=${SCOPE}`);
    const drawn = texas.years.filter((y: { lct_median: number | null }) => y.lct_median !== null).length;
    await expect.poll(() => page.locator('#trend .series-median circle').count()).toBe(drawn);
    await shot(page, 'overview-trend-texas.png');
  });

  it('lists the biggest movers from the first year to the chosen one, linked to their pages', async () => {
    // From another area and an earlier year, back to the nation and the latest year.
    await openOverview(page);
    await page.selectOption('#trend-area', 'TX');
    await page.selectOption('#year', '2019-20');
    await expect.poll(() => page.textContent('#movers-title')).toContain('Texas · 2018-19 to 2019-20');
    await page.selectOption('#trend-area', '');
    await page.selectOption('#year', '2022-23');
    await expect.poll(() => page.textContent('#movers-title')).toContain('the nation · 2018-19 to 2022-23');
    const movers = await api(`/api/trends/movers?from=2018-19&to=2022-23&scope=${SCOPE}&limit=10`);
    expect(movers.rises.length + movers.falls.length).toBeGreaterThan(0);
    await expect
      .poll(() => page.$$eval('#movers-rises tbody a', (a) => a.map((e) => e.getAttribute('href'))))
      .toEqual(movers.rises.map((m: { district_id: string }) => `#/district/${m.district_id}`));
    expect(await page.$$eval('#movers-falls tbody a', (a) => a.map((e) => e.getAttribute('href')))).toEqual(
      movers.falls.map((m: { district_id: string }) => `#/district/${m.district_id}`),
    );
    await shot(page, 'overview-movers.png');
    expect(await noHorizontalOverflow(page)).toBeLessThanOrEqual(0);
  });

  it("draws a district's line chart with enrollment and staff beneath, a break as a gap with its reason", async () => {
    // A district whose series breaks (the demo data closes, adds and redraws districts), with a value both sides.
    const { items } = await api('/api/districts?per_page=300');
    let chosen: { id: string; trend: any } | null = null; // eslint-disable-line @typescript-eslint/no-explicit-any
    for (const d of items as { nces_id: string }[]) {
      const trend = await api(`/api/districts/${d.nces_id}/trend?scope=${SCOPE}`);
      const i = trend.years.findIndex((y: { break: string | null }, k: number) => k > 0 && y.break);
      if (i > 0 && trend.years[i].lct_value !== null && trend.years[i - 1].lct_value !== null) {
        chosen = { id: d.nces_id, trend };
        break;
      }
    }
    expect(chosen, 'a demo district with a break between two values').not.toBeNull();
    const { id, trend } = chosen!;
    await page.goto(`${server.url}/#/district/${id}`);
    await page.waitForFunction(() => document.querySelector('#district-trend [data-chart="district-trend"]'));
    const withValue = trend.years.filter((y: { lct_value: number | null }) => y.lct_value !== null);
    expect(await page.locator('#district-trend .district-trend .series-lct circle').count()).toBe(withValue.length);
    // The break: a marked line with the API's reason, and no line drawn across it.
    const breakYear = trend.years.find((y: { break: string | null }, k: number) => k > 0 && y.break);
    const mark = page.locator(`#district-trend .district-trend .break-mark[data-year="${breakYear.year}"]`);
    expect(await mark.locator('title').textContent()).toBe(`${breakYear.year}: series break, ${breakYear.break}`);
    const lines = await page.$$eval('#district-trend .district-trend .series-lct path.line', (p) =>
      p.map((e) => ({ from: e.getAttribute('data-from')!, to: e.getAttribute('data-to')! })),
    );
    expect(lines.length).toBeGreaterThan(0);
    for (const { from, to } of lines) expect(from < breakYear.year && to >= breakYear.year).toBe(false);
    // Hovering the break shows its reason (an SVG title: the browser's tooltip).
    await mark.hover();
    // Enrollment and staff beneath, one point per year with a value.
    const enrolled = trend.years.filter((y: { enrollment: number | null }) => y.enrollment !== null).length;
    expect(await page.locator('#district-trend .district-enrollment circle').count()).toBe(enrolled);
    const staffed = trend.years.filter((y: { staff_count: number | null }) => y.staff_count !== null).length;
    expect(await page.locator('#district-trend .district-staff circle').count()).toBe(staffed);
    await shot(page, 'district-trend.png');

    // Another scope redraws the chart from that scope's trend.
    const all = await api(`/api/districts/${id}/trend?scope=all`);
    await page.selectOption('#district-trend-scope', 'all');
    await expect
      .poll(() => page.$$eval('#district-trend .series-lct circle title', (e) => e.map((x) => x.textContent)))
      .toEqual(
        all.years
          .filter((y: { lct_value: number | null }) => y.lct_value !== null)
          .map((y: { year: string }) => expect.stringContaining(`${y.year}: LCT`)),
      );
    expect(await noHorizontalOverflow(page)).toBeLessThanOrEqual(0);
  });

  it('fits a phone (390 px) with the trend cards', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    phone.on('pageerror', (e) => problems.push(`uncaught on ${phone.url()}: ${e.message}`));
    try {
      await phone.goto(server.url + '/');
      await phone.waitForFunction(() => Number(document.querySelector('#trend')?.getAttribute('data-points')) > 0);
      expect(await noHorizontalOverflow(phone)).toBeLessThanOrEqual(0);
      await shot(phone, 'overview-trend-phone.png');
    } finally {
      await phone.close();
    }
  });
});
