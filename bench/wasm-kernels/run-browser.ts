// Runs the DCGAN step benchmark in headless Chromium (Debian's /usr/bin/chromium), in a module
// worker on a cross-origin-isolated page, so wasm runs with threads as in the app.
//
//   npx tsx bench/wasm-kernels/run-browser.ts [--steps 5] [--no-threads]

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const stepsArg = process.argv.indexOf('--steps');
const steps = stepsArg >= 0 ? Number(process.argv[stepsArg + 1]) : 5;
const threads = !process.argv.includes('--no-threads');

const server = await createServer({ configFile: path.join(here, 'browser', 'vite.config.ts') });
await server.listen(0);
const url = server.resolvedUrls?.local[0];
if (url === undefined) throw new Error('vite did not report a URL');

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
try {
  const page = await browser.newPage();
  const done = new Promise<void>((resolve, reject) => {
    page.on('console', (msg) => {
      const text = msg.text();
      if (text === 'BENCH DONE') resolve();
      else if (text.startsWith('BENCH ERROR')) reject(new Error(text));
      else if (!text.startsWith('[vite]')) console.log(text);
    });
    page.on('pageerror', (err) => reject(err));
    page.on('response', (res) => {
      if (res.status() >= 400) console.log(`HTTP ${res.status()} ${res.url()}`);
    });
  });
  console.log(`Chromium ${browser.version()}, DCGAN 28x28x1 batch 64 step in a worker`);
  await page.goto(`${url}?steps=${steps}&threads=${threads ? 1 : 0}`);
  await done;
} finally {
  await browser.close();
  await server.close();
}
