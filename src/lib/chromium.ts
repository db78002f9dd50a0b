// Debian's Chromium, headless, through playwright-core (Node only): the one launcher behind the
// browser tests and the benchmark. It never downloads a browser.

import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/** Flags every launch gets: no sandbox, no background traffic, software WebGL2. */
const BASE_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Software WebGL2 (SwiftShader): the machines running these have no GPU.
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

/** Launches Debian's Chromium headless with the base flags, then `extraFlags` after them. */
export async function launchChromium(extraFlags: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium).`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [...BASE_FLAGS, ...extraFlags],
    headless: true,
  });
}
