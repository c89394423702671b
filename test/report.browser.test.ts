/**
 * The report in a real browser: headless Chromium (Debian's `chromium` package, which CI installs)
 * driven by playwright-core opens report.html from disk, with the network blocked, and checks that
 * every chart is drawn, nothing is fetched and nothing is logged as an error.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHART_NAMES, writeReport } from '../src/charts/index.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  console.warn(`report.browser.test: skipped — ${CHROMIUM} not found (install Debian's "chromium" package to run it).`);
}

const FIXTURE = join(import.meta.dirname, 'fixtures', 'summary-small');

describe.skipIf(!haveChromium)('report.html in headless Chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'amtsim-browser-'));
    for (const f of ['summary.json', 'manifest.json', 'replications.csv']) cpSync(join(FIXTURE, f), join(dir, f));
    writeReport(dir);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('draws every chart with no console errors and no network requests, and takes a screenshot', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(join(dir, 'report.html')).href);
    await page.waitForSelector('body[data-charts="done"]', { timeout: 60_000 });

    for (const name of CHART_NAMES) {
      const el = page.locator(`#chart-${name}`);
      expect(await el.getAttribute('data-rendered'), name).toBe('true');
      expect(await el.locator('svg, canvas').count(), name).toBeGreaterThan(0);
      const box = await el.locator('svg').first().boundingBox();
      expect(box?.width ?? 0, name).toBeGreaterThan(200);
      expect(box?.height ?? 0, name).toBeGreaterThan(100);
    }
    // The embedded font was used, not a fallback.
    // (A string expression: the test files are type-checked without the DOM library.)
    const fontLoaded = await page.evaluate(
      '[...document.fonts].some((f) => f.family.replace(/"/g, "") === "Source Sans 3" && f.status === "loaded")',
    );
    expect(fontLoaded).toBe(true);

    // A tooltip appears on hover (vega-tooltip adds #vg-tooltip-element).
    const bar = page.locator('#chart-shortage-days svg path[role="graphics-symbol"]').first();
    await bar.hover();
    await page.waitForSelector('#vg-tooltip-element.visible', { timeout: 5_000 });
    expect(await page.locator('#vg-tooltip-element').innerText()).toContain('Mean');

    const shot = join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(50_000);
    expect(readFileSync(shot).subarray(1, 4).toString('latin1')).toBe('PNG');
    if (process.env.AMTSIM_KEEP_SCREENSHOT) cpSync(shot, process.env.AMTSIM_KEEP_SCREENSHOT);

    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('prints to PDF', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(dir, 'report.html')).href);
    await page.waitForSelector('body[data-charts="done"]', { timeout: 60_000 });
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    if (process.env.AMTSIM_KEEP_PDF) writeFileSync(process.env.AMTSIM_KEEP_PDF, pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(100_000);
    await page.close();
  });
});
