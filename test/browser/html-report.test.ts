/**
 * The HTML report in a real browser (Debian's Chromium through playwright-core): it renders every
 * failing check and the lockout matrix, logs no console error, requests nothing but itself, and its
 * filters work. Screenshots (light and dark) go to the temp dir for a human to look at.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderHtml } from '../../src/report/html.js';
import {
  driftedResult,
  fixtureOptions,
  HOSTILE_NAME,
  rebuild,
  reviewedSignIns,
  whatIfChecks,
} from '../fixtures/audit/fixtures.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium)`;

const dir = mkdtempSync(join(tmpdir(), 'breakglass-html-'));
const result = rebuild(driftedResult(), { signIns: reviewedSignIns(), whatIf: whatIfChecks() });
const file = join(dir, 'report.html');
writeFileSync(file, renderHtml(result, fixtureOptions()));
const pageUrl = pathToFileURL(file).href;

let browser: Browser;
before(async () => {
  if (skip) return;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
});
after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens the report with every request routed: the page itself is served, anything else is recorded and aborted. */
async function open(
  colorScheme: 'light' | 'dark',
): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      errors.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (url === pageUrl) return route.continue();
    requests.push(url);
    return route.abort();
  });
  await page.goto(pageUrl, { waitUntil: 'load' });
  return { page, errors, requests };
}

test(
  'renders every failing check and the lockout matrix, with no console error and no request',
  { skip },
  async () => {
    const { page, errors, requests } = await open('light');
    for (const f of result.findings.filter((x) => x.status === 'fail')) {
      const card = page.locator(`li.finding[data-status="fail"]`, { hasText: f.message });
      assert.equal(await card.count(), 1, `${f.checkId} ${f.subject.id}`);
      assert.ok(await card.isVisible(), `${f.checkId} is visible by default`);
    }
    const rows = page.locator('table.matrix tbody tr');
    assert.equal(await rows.count(), result.lockout.length);
    assert.equal(await page.locator('table.matrix thead th.pcol').count(), 3);
    // The hostile name is shown as text, not run.
    assert.equal(await page.locator('table.matrix thead th.pcol .pname').first().textContent(), HOSTILE_NAME);
    assert.equal(await page.locator('img').count(), 0);
    // Open a cell: the reason is there.
    const cell = page.locator('table.matrix tbody tr').nth(1).locator('td.c-blocks details').first();
    await cell.locator('summary').click();
    assert.match((await cell.locator('.why').textContent()) ?? '', /cannot be satisfied|blocks access/);
    assert.ok(await page.locator('#signins').isVisible());
    await page.screenshot({ path: join(tmpdir(), 'breakglass-report-light.png'), fullPage: true });
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, []);
  },
);

test('filters by status, area and text', { skip }, async () => {
  const { page, errors } = await open('dark');
  const visible = () => page.locator('li.finding:visible').count();
  const problems = result.findings.filter((f) => f.status !== 'pass').length;
  assert.equal(await visible(), problems, 'passes are hidden at first');
  await page.locator('.chip[data-status="pass"]').click();
  assert.equal(await visible(), result.findings.length);
  await page.locator('#f-area').selectOption('monitoring');
  assert.equal(await visible(), result.findings.filter((f) => f.checkId.startsWith('EA-MON')).length);
  await page.locator('#f-area').selectOption('');
  await page.locator('#f-text').fill('ea-ca-004');
  assert.equal(await visible(), 2);
  assert.match((await page.locator('#f-count').textContent()) ?? '', /Showing 2 of 40 findings/);
  await page.locator('#f-text').fill('no such thing');
  assert.ok(await page.locator('#f-empty').isVisible());
  await page.locator('#f-text').fill('');
  await page.screenshot({ path: join(tmpdir(), 'breakglass-report-dark.png'), fullPage: false });
  assert.deepEqual(errors, []);
});
