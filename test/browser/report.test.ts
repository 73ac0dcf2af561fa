import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { compareCommand } from '../../src/cli/compare.ts';
import { createDocument } from '../../src/render/dom.ts';
import { timeSeriesChart, type Panel } from '../../src/render/timeSeriesChart.ts';
import { normaliseSvg } from '../render/svgSnapshot.ts';
import { launchChromium } from './chromium.ts';

/**
 * A real browser opens the flagship report (the scenario list `npm start` uses): every
 * chart and the metrics table are there, nothing is fetched from the network, the console
 * stays clean, the log switch works, and a screenshot is taken. Set BONESIM_SCREENSHOTS to
 * a folder to keep the screenshots.
 */
const flagship = (JSON.parse(readFileSync('package.json', 'utf8')) as { config: { flagship: string } }).config.flagship.split(/\s+/).filter(Boolean);
const screenshots = process.env.BONESIM_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'bonesim-screenshots-'));

describe('the flagship report in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let out: string;
  const problems: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'bonesim-report-'));
    const quiet = [vi.spyOn(process.stdout, 'write').mockReturnValue(true), vi.spyOn(process.stderr, 'write').mockReturnValue(true)];
    const code = await compareCommand(flagship, { out, title: 'Flagship report', quiet: true });
    quiet.forEach((spy) => spy.mockRestore());
    expect(code).toBe(0);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    page = await context.newPage();
    page.on('console', (message) => ['error', 'warning'].includes(message.type()) && problems.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(pathToFileURL(join(out, 'report.html')).href, { waitUntil: 'load' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('shows one chart per compared quantity and a metrics table with a column per scenario', async () => {
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    const quantities = metrics.quantities.map((q: { key: string }) => q.key);
    expect(quantities.slice(0, 6)).toEqual(['bone_volume', 'active_osteoblasts', 'active_osteoclasts', 'rankl', 'opg', 'rank_occupancy']);
    expect(await page.locator('figure.chart').evaluateAll((figures) => figures.map((f) => f.getAttribute('data-quantity')))).toEqual(quantities);
    for (const key of quantities) {
      const chart = page.locator(`figure.chart[data-quantity="${key}"] .linear svg`);
      await expect(chart.isVisible()).resolves.toBe(true);
      const box = await chart.boundingBox();
      expect(box!.width).toBeGreaterThan(300);
      expect(await chart.locator('path.series').count()).toBe(flagship.length);
    }
    const table = page.locator('table.metrics');
    await expect(table.isVisible()).resolves.toBe(true);
    expect(await table.locator('thead th').count()).toBe(flagship.length + 1);
    expect(await table.locator('tbody tr[data-metric]').count()).toBe(metrics.table.length);
    const tenYears = await table.locator('tr[data-metric="bv_change_10y"] td').allTextContents();
    expect(tenYears).toHaveLength(flagship.length);
    expect(tenYears[0]).toBe('0.0 %');
  });

  it('loads nothing from the network and logs no error', () => {
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('switches every chart to log axes and back', async () => {
    const visible = (selector: string) => page.locator(selector).evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).length);
    const figures = await page.locator('figure.chart').count();
    expect(await visible('figure.chart .linear')).toBe(figures);
    expect(await visible('figure.chart .log')).toBe(0);
    await page.click('label.switch');
    expect(await visible('figure.chart .linear')).toBe(0);
    expect(await visible('figure.chart .log')).toBe(figures);
    expect(await page.locator('figure.chart[data-quantity="active_osteoclasts"] .log .panel-unit').textContent()).toBe('pM, log scale');
    await page.locator('#charts').screenshot({ path: join(screenshots, 'flagship-report-log.png') });
    await page.click('label.switch');
    expect(await visible('figure.chart .linear')).toBe(figures);
  });

  it('fits a phone-sized screen: no horizontal scrolling, charts as wide as the screen, the metrics table scrolls in its own box', async () => {
    const phoneWidth = 390;
    const phone = await browser.newContext({ viewport: { width: phoneWidth, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const p = await phone.newPage();
    await p.goto(pathToFileURL(join(out, 'report.html')).href, { waitUntil: 'load' });
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phoneWidth);
    for (const figure of await p.locator('figure.chart:not(.hero) .linear svg').all()) {
      const box = (await figure.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(phoneWidth);
      expect(box.width).toBeGreaterThan(0.8 * phoneWidth);
    }
    // The wide lead chart keeps a legible size and scrolls inside its own frame.
    const hero = p.locator('figure.chart.hero');
    expect((await hero.boundingBox())!.x + (await hero.boundingBox())!.width).toBeLessThanOrEqual(phoneWidth);
    expect(await hero.evaluate((f) => f.scrollWidth > f.clientWidth)).toBe(true);
    const tableBox = (await p.locator('table.metrics').evaluate((t) => t.parentElement!.getBoundingClientRect().right));
    expect(tableBox).toBeLessThanOrEqual(phoneWidth);
    await p.screenshot({ path: join(screenshots, 'flagship-report-phone.png'), fullPage: true });
    await phone.close();
  });

  it('takes a screenshot of the whole report', async () => {
    const file = join(screenshots, 'flagship-report.png');
    mkdirSync(screenshots, { recursive: true });
    const png = await page.screenshot({ path: file, fullPage: true });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const height = png.readUInt32BE(20);
    expect(png.readUInt32BE(16)).toBe(1280);
    expect(height).toBeGreaterThan(3000);
    process.stdout.write(`screenshot: ${file}\n`);
  });

  it('draws the same chart as Node: one code path (esbuild bundle in the page, linkedom in Node)', async () => {
    const bundle = await build({ entryPoints: [resolve('test/browser/chartBundle.ts')], bundle: true, format: 'iife', globalName: 'bonesimCharts', write: false, platform: 'browser', logLevel: 'silent' });
    const days = Array.from({ length: 121 }, (_, i) => i);
    const panels: Panel[] = [
      { title: 'Active osteoclasts', unit: 'pM', series: [{ label: 'knockout', times: days, values: days.map((t) => 9.1e-4 * Math.exp(-0.035 * t)) }] },
      { title: 'Bone volume', unit: '%', series: [{ label: 'knockout', times: days, values: days.map((t) => 100 + 0.01 * t) }, { label: 'baseline', times: days, values: days.map(() => 100), dash: '6,4' }] },
    ];
    const options = { timeUnit: 'day' as const, title: 'Same code, two DOMs', markers: [{ time: 20, label: 'knockout' }], log: true, idPrefix: 'same' };
    const chartPage = await context.newPage();
    await chartPage.setContent('<!doctype html><html><body></body></html>');
    await chartPage.addScriptTag({ content: bundle.outputFiles[0].text });
    const inBrowser = await chartPage.evaluate(({ panels, options }) => {
      const charts = (globalThis as unknown as { bonesimCharts: { timeSeriesChart: typeof timeSeriesChart } }).bonesimCharts;
      return canonical(charts.timeSeriesChart(panels, { ...options, document }));
      function canonical(node: Element): string {
        const attributes = Array.from(node.attributes).map((a) => `${a.name}="${a.value}"`).sort().join(' ');
        const children = Array.from(node.childNodes).map((c) => (c.nodeType === 1 ? canonical(c as Element) : c.textContent ?? '')).join('');
        return `<${node.tagName.toLowerCase()} ${attributes}>${children}</${node.tagName.toLowerCase()}>`;
      }
    }, { panels, options });
    await chartPage.close();
    const inNode = canonicalInNode(timeSeriesChart(panels, { ...options, document: createDocument() }));
    expect(normaliseSvg(inBrowser)).toBe(normaliseSvg(inNode));
    writeFileSync(join(screenshots, 'same-chart.svg'), inBrowser);
  });
});

function canonicalInNode(node: Element): string {
  const attributes = Array.from(node.attributes).map((a) => `${a.name}="${a.value}"`).sort().join(' ');
  const children = Array.from(node.childNodes).map((c) => (c.nodeType === 1 ? canonicalInNode(c as Element) : c.textContent ?? '')).join('');
  return `<${node.tagName.toLowerCase()} ${attributes}>${children}</${node.tagName.toLowerCase()}>`;
}
