// The production build's security in a real browser: the served page and its workers carry the
// strict Content Security Policy, and the whole app runs under it without one violation: loading,
// wasm training with threads, the GIF encoder, a custom dataset import. An injected inline script
// is blocked and eval throws. File and folder names that are HTML show as text and never run.
// Every request the page and its workers make stays on this origin.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP_HEADER, CSP_META } from '../../src/build/security-headers';
import { encodePng } from '../../src/lib/png';
import { startAppAndBrowser } from './app-and-browser';
import { statusText, screenshot, type OpenedPage } from './harness';
import { RUN_TIMEOUT, trainSteps, trainingWorker } from './run-helpers';

/** Names that would run script if any part of the page inserted them as HTML. */
const HOSTILE_IMAGE = '<img src=x onerror="window.__pwned=1">';
const HOSTILE_TEXT = '<svg onload="window.__pwned=2">';
const HOSTILE_SET = '<img src=x onerror="window.__pwned=3">';

const app = startAppAndBrowser();
let opened: OpenedPage;
let page: Page;
let folder: string;
const requests: string[] = [];

/** Records CSP violations inside a worker (its own global scope, its own policy). */
async function watchWorker(worker: Worker): Promise<void> {
  await worker
    .evaluate(() => {
      const scope = globalThis as unknown as { __cspWatched?: boolean } & EventTarget;
      if (scope.__cspWatched === true) return;
      scope.__cspWatched = true;
      scope.addEventListener('securitypolicyviolation', (e) => {
        const v = e as SecurityPolicyViolationEvent;
        console.error(`CSP violation in worker: ${v.violatedDirective} ${v.blockedURI}`);
      });
    })
    .catch(() => {}); // a thread worker may have ended already
}

/** Page-side violations recorded by the init script, plus worker ones seen on their consoles. */
async function pageViolations(): Promise<string[]> {
  const inPage = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
  const logged = opened.errors.filter((e) => /Content Security Policy|CSP violation/i.test(e));
  return [...inPage, ...logged];
}

beforeAll(async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'security-'));
  folder = path.join(root, `set ${HOSTILE_IMAGE}`);
  await mkdir(folder, { recursive: true });
  for (let k = 0; k < 8; k++) {
    const rgba = new Uint8Array(32 * 32 * 4).map((_, i) =>
      i % 4 === 3 ? 255 : (i * (k + 3)) % 251,
    );
    await writeFile(path.join(folder, `${HOSTILE_IMAGE} ${k}.png`), await encodePng(rgba, 32, 32));
  }
  await writeFile(path.join(folder, `${HOSTILE_TEXT}.txt`), 'not an image');
  opened = await app.open(
    '?backend=wasm&model=dcgan&batchSize=16&baseFilters=8&stepsPerEpoch=10&sampleEvery=2',
  );
  page = opened.page;
  // From here on, with the recorders in place, load the page again.
  opened.context.on('request', (r) => requests.push(r.url()));
  await opened.context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  page.on('worker', (worker) => void watchWorker(worker));
  opened.errors.length = 0;
});

afterAll(async () => {
  await opened?.context.close();
  if (folder) await rm(path.dirname(folder), { recursive: true, force: true });
});

describe('Content Security Policy in the production build', () => {
  it('the page loads again with the recorders in place', async () => {
    await page.reload();
    await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe('wasm');
  });

  it('is sent as a header with the isolation headers, and as a meta tag in the page', async () => {
    const res = await opened.context.request.get(app.server.url);
    const headers = res.headers();
    expect(headers['content-security-policy']).toBe(CSP_HEADER);
    expect(headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(headers['cross-origin-embedder-policy']).toBe('require-corp');
    const meta = page.locator('meta[http-equiv="Content-Security-Policy"]');
    expect(await meta.getAttribute('content')).toBe(CSP_META);
    // No inline script in the built page.
    const html = await res.text();
    for (const [, attrs] of html.matchAll(/<script\b([^>]*)>/g)) expect(attrs).toMatch(/\bsrc=/);
  });

  it('wasm trains with threads under it, and the worker script carries the policy too', async () => {
    await trainSteps(page, 4);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const worker = trainingWorker(page);
    expect(await worker.evaluate(() => crossOriginIsolated)).toBe(true);
    // tfjs-backend-wasm's thread pool: workers started from blob: URLs.
    expect(page.workers().some((w) => w.url().startsWith('blob:'))).toBe(true);
    const res = await opened.context.request.get(worker.url());
    expect(res.headers()['content-security-policy']).toBe(CSP_HEADER);
    expect(await pageViolations()).toEqual([]);
  });

  it('the GIF encoder worker runs under it', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: RUN_TIMEOUT }),
      page.getByTestId('download-gif').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.gif$/);
    expect(await pageViolations()).toEqual([]);
  });

  it('a custom dataset with HTML in every name imports; the names show as text', async () => {
    const panel = page.getByTestId('custom-dataset-panel');
    await panel.scrollIntoViewIfNeeded();
    await page.getByTestId('custom-name').fill(HOSTILE_SET);
    await page.getByTestId('custom-size').selectOption('32');
    await page.getByTestId('custom-folder').setInputFiles(folder);
    const summary = page.getByTestId('custom-summary');
    await summary.waitFor({ timeout: RUN_TIMEOUT });
    expect(await summary.textContent()).toContain(`${HOSTILE_TEXT}.txt is not an image`);
    const item = page.getByTestId('custom-list').locator('li');
    await expect.poll(() => item.count(), { timeout: 30_000 }).toBe(1);
    expect(await item.textContent()).toContain(HOSTILE_SET);
    // The picker lists the set by its name, as text.
    const option = page.getByTestId('dataset-select').locator('option[value^="custom-"]');
    await expect.poll(() => option.count(), { timeout: 30_000 }).toBe(1);
    expect(await option.textContent()).toBe(HOSTILE_SET);
    await screenshot(page, 'security-hostile-names');
    expect(await page.locator('img[src="x"], svg[onload]').count()).toBe(0);
    expect(await pageViolations()).toEqual([]);
  });

  it('a weights file with HTML for a name is named as text in the banner', async () => {
    const transfer = await page.evaluateHandle((name) => {
      const dt = new DataTransfer();
      dt.items.add(new File(['{}'], `${name}.bin`, { type: 'application/octet-stream' }));
      return dt;
    }, HOSTILE_IMAGE);
    await page.dispatchEvent('main', 'dragenter', { dataTransfer: transfer });
    await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
    const banner = page.getByTestId('error-banner');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.textContent()).toContain(`${HOSTILE_IMAGE}.bin is not a weights file`);
    await page.getByRole('button', { name: 'Dismiss error' }).click();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await pageViolations()).toEqual([]);
  });

  it('every request of the page and its workers went to this origin', () => {
    const origin = new URL(app.server.url).origin;
    const elsewhere = requests.filter(
      (u) => !u.startsWith(`${origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:'),
    );
    expect(elsewhere).toEqual([]);
    // The recorder saw the worker's own fetches (dataset and wasm binary), not just the page's.
    expect(requests.some((u) => u.endsWith('.wasm'))).toBe(true);
    expect(requests.some((u) => u.includes('/data/mnist'))).toBe(true);
  });

  it('blocks an injected inline script and makes eval throw', async () => {
    await page.addScriptTag({ content: 'window.__inlineRan = true;' }).catch(() => null);
    expect(await page.evaluate(() => (window as { __inlineRan?: boolean }).__inlineRan)).toBe(
      undefined,
    );
    // Code the test driver evaluates is exempt from the page's eval rule, so the attempts run
    // from the page's own tasks: a timer callback calling eval and new Function, and a timer
    // given a string.
    const results = await page.evaluate(
      () =>
        new Promise<string[]>((resolve) => {
          const w = window as unknown as { __stringTimer?: boolean };
          setTimeout(() => {
            const out: string[] = [];
            for (const attempt of [() => eval('1 + 1'), () => new Function('return 2')()]) {
              try {
                out.push(`ran: ${String(attempt())}`);
              } catch (e) {
                out.push((e as Error).name);
              }
            }
            setTimeout('window.__stringTimer = true', 0);
            setTimeout(
              () => resolve([...out, `string timer ran: ${w.__stringTimer === true}`]),
              200,
            );
          }, 0);
        }),
    );
    expect(results).toEqual(['EvalError', 'EvalError', 'string timer ran: false']);
    // Exactly these attempts were reported, as script-src violations.
    const seen = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(seen.every((v) => v.startsWith('script-src'))).toBe(true);
    expect(await statusText(page, 'status-backend')).toBe('wasm');
  });
});
