// GraphiQL in a real browser with every other host unreachable: the page loads
// from this server alone, runs the example operation by its run button and
// shows the rebuttal in the result pane. Debian's chromium, driven by
// playwright-core; CI installs it (.ci/run), elsewhere the test skips without it.
// The reference front end (examples/timeline, built by Vite at npm install) is
// driven the same way. Screenshots go to docs/ only with UPDATE_SCREENSHOTS=1,
// otherwise to the ignored .tmp/screenshots/, so a test run leaves the checkout clean.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createYoga } from 'graphql-yoga';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPHIQL_EXAMPLE } from '../src/graphiql-example.js';
import { examplesRoutePlugin } from '../src/http/examples-route.js';
import { seedCurated, useTestApi } from './helpers/api.js';
import { databaseLabel } from './helpers/database.js';
import { expectNoErrors } from './helpers/graphql.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const inCi = !!process.env.CI;
/** Text as the result pane shows it, wrapped lines joined. */
const squash = (text: string) => text.replace(/\s+/g, ' ');
const SCREENSHOTS = new URL(process.env.UPDATE_SCREENSHOTS === '1' ? '../docs/' : '../.tmp/screenshots/', import.meta.url);
const SCREENSHOT = new URL('graphiql.png', SCREENSHOTS);
const TIMELINE_SCREENSHOT = new URL('timeline.png', SCREENSHOTS);

if (!hasChromium && !inCi) {
  console.warn(`graphiql-browser: skipped, no chromium at ${CHROMIUM} (install it with apt-get install chromium, or set CHROMIUM_PATH).`);
}

describe(`GraphiQL page (${databaseLabel})`, () => {
  const api = useTestApi();

  it('carries its own assets: a title, no other host in the page or its content security policy', async () => {
    const page = await api.server.fetch('http://claimline.test/graphql', { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect(html).toContain('<title>claimline</title>');
    expect(html).not.toContain('__TITLE__');
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="?https?:/);
    expect(page.headers.get('content-security-policy')).not.toMatch(/https?:/);
  });

  it('serves the built reference front end at /examples/timeline/ (and /timeline leads there), and nothing else from the disk', async () => {
    const at = (path: string) => api.server.fetch(`http://claimline.test${path}`, { redirect: 'manual' });
    for (const path of ['/timeline', '/examples/timeline']) {
      const moved = await at(path);
      expect([moved.status, moved.headers.get('location')]).toEqual([308, '/examples/timeline/']);
    }
    const index = await at('/examples/timeline/');
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    const html = await index.text();
    // The page Vite built, not its source: a hashed script under assets/, no TypeScript.
    const script = html.match(/<script type="module" crossorigin src="\.\/(assets\/[^"]+\.js)">/)?.[1];
    expect(script, html).toBeTruthy();
    expect(html).not.toContain('main.ts');
    const asset = await at(`/examples/timeline/${script}`);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
    expect(await asset.text()).toContain('query TimelinePage');
    for (const path of ['/examples/timeline/../../package.json', '/examples/timeline/%2e%2e/%2e%2e/package.json', '/examples/timeline/nope.js', '/examples/timeline/src/main.ts', '/examples/timeline/package.json']) {
      const missing = await at(path);
      expect(missing.status, path).toBe(404);
    }
  });

  it('answers a clear message when the page was never built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'claimline-no-build-'));
    try {
      const yoga = createYoga({ plugins: [examplesRoutePlugin(pathToFileURL(`${empty}/`))], logging: false });
      const answer = await yoga.fetch('http://claimline.test/examples/timeline/');
      expect(answer.status).toBe(503);
      expect(await answer.text()).toContain('npm run build:timeline');
      // A partial build without its page counts as none.
      writeFileSync(join(empty, 'stray.js'), '');
      expect((await yoga.fetch('http://claimline.test/examples/timeline/stray.js')).status).toBe(503);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!hasChromium && !inCi)(`GraphiQL in a browser (${databaseLabel})`, () => {
  const api = useTestApi(seedCurated);
  let http: HttpServer;
  let origin = '';
  let browser: Browser;
  /** Requests the page tried to send to a host other than this server's. */
  const blocked: string[] = [];

  beforeAll(async () => {
    http = createHttpServer(api.server);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    origin = `http://localhost:${(http.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => http?.close(resolve));
  });

  async function openPage() {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.route('**/*', (route) => {
      const { hostname, protocol } = new URL(route.request().url());
      if (protocol === 'blob:' || protocol === 'data:' || hostname === 'localhost' || hostname === '127.0.0.1') return route.continue();
      blocked.push(route.request().url());
      return route.abort('blockedbyclient');
    });
    return page;
  }

  it('runs the example operation offline and shows the rebuttal', async () => {
    const data = expectNoErrors(await api.exec(GRAPHIQL_EXAMPLE), GRAPHIQL_EXAMPLE);
    const rebuttal: string = data.actor.statements.edges
      .flatMap((s: any) => s.node.claims.edges)
      .flatMap((c: any) => c.node.rebuttals)
      .map((r: any) => r.text)[0];
    expect(rebuttal).toBeTruthy();

    const page = await openPage();
    await page.goto(`${origin}/graphql`);
    expect(await page.title()).toBe('claimline');
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('.graphiql-query-editor').innerText(), { timeout: 30_000 }).toContain('SignatoryToRebuttal');
    await run.click();
    // The result editor draws only the lines in view: scroll it until the rebuttal comes into view.
    const wanted = squash(rebuttal);
    const pane = page.locator('.graphiql-response');
    await expect.poll(() => pane.innerText(), { timeout: 30_000 }).toContain('"data"');
    const box = (await pane.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    let seen = '';
    for (let step = 0; step < 80 && !seen.includes(wanted); step++) {
      seen = squash(await pane.innerText());
      if (!seen.includes(wanted)) await page.mouse.wheel(0, box.height / 2);
    }
    expect(seen).toContain(wanted);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: SCREENSHOT.pathname });
    expect(blocked).toEqual([]);
    await page.close();
  });

  it('draws the reference timeline page: items at their precision, histogram, filters, paging, rebuttals on click', async () => {
    const page = await openPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${origin}/examples/timeline/`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    const items = page.locator('#items .item');
    expect(await items.count()).toBeGreaterThanOrEqual(20);
    expect(await page.locator('#histogram .bar').count()).toBeGreaterThan(3);
    const whole = await page.locator('#count').innerText();
    expect(whole).toMatch(/^\d+ items$/);
    // Dates at their true precision: a year-precise item reads as a year, never a day.
    const years = await page.locator('.item:has(.precision:text-is("YEAR")) .date').allInnerTexts();
    expect(years.length).toBeGreaterThan(0);
    for (const year of years) expect(year).not.toMatch(/\d{1,2} [A-Z][a-z]+ \d{4}/);

    // Infinite scroll: the next page comes by cursor.
    const before = await items.count();
    await page.mouse.wheel(0, 100_000);
    await expect.poll(() => items.count(), { timeout: 15_000 }).toBeGreaterThan(before);

    // Filter by actor: the list and the count follow the API's answer for the same filter.
    const anca = await page.locator('#actor option', { hasText: 'Armenian National Committee of America' }).getAttribute('value');
    const expected = (await api.exec('query($f: TimelineFilter) { timeline(filter: $f) { totalCount } }', { f: { actors: [anca] } })).data.timeline.totalCount;
    await page.selectOption('#actor', anca!);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    expect(await page.locator('#count').innerText()).toBe(`${expected} items`);
    expect(await page.locator('#count').innerText()).not.toBe(whole);

    // A statement's claims and rebuttals on click.
    await page.locator('.item.statement', { hasText: 'Joint Statement by U.S. Organizations' }).first().click();
    await expect.poll(() => page.locator('.rebuttal').allInnerTexts(), { timeout: 15_000 }).toContainEqual(expect.stringMatching(/does not foresee sending troops/));
    await page.locator('.rebuttal').first().scrollIntoViewIfNeeded();
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: TIMELINE_SCREENSHOT.pathname });
    expect(errors).toEqual([]);
    expect(blocked).toEqual([]);
    await page.close();
  });
});
