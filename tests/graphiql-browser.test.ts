// GraphiQL in a real browser with every other host unreachable: the page loads
// from this server alone, runs the example operation by its run button and
// shows the rebuttal in the result pane. Debian's chromium, driven by
// playwright-core; CI installs it (.ci/run), elsewhere the test skips without it.
import { existsSync, mkdirSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPHIQL_EXAMPLE } from '../src/graphiql-example.js';
import { seedCurated, useTestApi } from './helpers/api.js';
import { databaseLabel } from './helpers/database.js';
import { expectNoErrors } from './helpers/graphql.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const inCi = !!process.env.CI;
/** Text as the result pane shows it, wrapped lines joined. */
const squash = (text: string) => text.replace(/\s+/g, ' ');
const SCREENSHOT = new URL('../docs/graphiql.png', import.meta.url);

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
    mkdirSync(new URL('.', SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT.pathname });
    expect(blocked).toEqual([]);
    await page.close();
  });
});
