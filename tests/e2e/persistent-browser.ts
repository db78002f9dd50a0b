// A browser with a profile on disk, for tests of storage limits. Contexts from
// browser.newContext() are off the record: IndexedDB lives in memory, its usage is not counted
// and a quota override (CDP Storage.overrideQuotaForOrigin) has no effect there. This one counts
// and enforces it like a person's browser. Debian's Chromium, as harness.ts; nothing downloaded.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { DESKTOP } from './harness';

export interface PersistentBrowser {
  readonly context: BrowserContext;
  /** Closes the browser and deletes its profile. */
  close(): Promise<void>;
}

export async function launchPersistentBrowser(): Promise<PersistentBrowser> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gan-playground-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: DESKTOP,
    colorScheme: 'light',
    acceptDownloads: true,
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
