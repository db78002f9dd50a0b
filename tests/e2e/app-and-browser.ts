// One served app and one Chromium per browser-test file: started before the file's first test
// and closed after its last, so the file's describe blocks open their pages side by side in them.
// A block that follows one page through its tests opens it with openForBlock.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import {
  launchBrowser,
  openApp,
  serveApp,
  type AppServer,
  type OpenOptions,
  type OpenedPage,
} from './harness';

/** A page a describe block (or a file) shares across its tests. */
export interface BlockPage {
  /** The opened page with its context and console records (read it in a hook or a test). */
  readonly opened: OpenedPage;
  readonly page: Page;
}

export interface AppAndBrowser {
  /** The preview server (read it in a hook or a test: it starts in beforeAll). */
  readonly server: AppServer;
  readonly browser: Browser;
  /** openApp in this browser against this server: the app at `query` in a fresh context. */
  open(query?: string, options?: OpenOptions): Promise<OpenedPage>;
  /**
   * Opens the app at `query` in a beforeAll of the enclosing describe block (or of the file, at
   * the top level) and closes its context in the matching afterAll.
   */
  openForBlock(query?: string, options?: OpenOptions): BlockPage;
}

/**
 * Serves the app and launches Chromium in a beforeAll, closes both in an afterAll. Call it at
 * the top level of a test file; hooks the file adds later run after the start and before the close.
 */
export function startAppAndBrowser(): AppAndBrowser {
  let server: AppServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await serveApp();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} has not started: use it in a hook or test`);
    return value;
  };
  const app: AppAndBrowser = {
    get server() {
      return started(server, 'the app server');
    },
    get browser() {
      return started(browser, 'the browser');
    },
    open: (query = '', options = {}) => openApp(app.browser, app.server, query, options),
    openForBlock: (query = '', options = {}) => {
      let opened: OpenedPage | undefined;
      beforeAll(async () => {
        opened = await app.open(query, options);
      });
      afterAll(async () => {
        await opened?.context.close();
      });
      return {
        get opened() {
          return started(opened, 'the page');
        },
        get page() {
          return started(opened, 'the page').page;
        },
      };
    },
  };
  return app;
}
