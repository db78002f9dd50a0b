// ByteSource for browsers and workers: files come from the web server (Vite copies public/data
// into the build). Missing files and network failures become DatasetErrors naming the URL.

import { DatasetError, type ByteSource } from './types';

const FIX =
  'The bundled data files are built by `npm run data` into public/data/ (run before dev/build).';

/**
 * `baseUrl` is the URL of the data root (the folder holding mnist/, flags/, ...). Pass an absolute
 * URL from the page, e.g. `new URL('data/', document.baseURI).href`: inside a worker a relative
 * URL would resolve against the worker script's own location.
 */
export function createFetchSource(baseUrl: string | URL): ByteSource {
  const base = resolveBase(baseUrl);
  return async (relativePath: string) => {
    const url = new URL(relativePath, base);
    let response: Response;
    try {
      response = await fetch(url);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new DatasetError(`Could not download ${url.href} (${reason}). Check the connection.`);
    }
    if (!response.ok) {
      throw new DatasetError(`Could not download ${url.href}: HTTP ${response.status}. ${FIX}`);
    }
    // A dev server may answer a missing path with its index.html page and status 200.
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('text/html')) {
      throw new DatasetError(`${url.href} is missing (the server sent an HTML page). ${FIX}`);
    }
    try {
      return new Uint8Array(await response.arrayBuffer());
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new DatasetError(`Download of ${url.href} broke off (${reason}). Try again.`);
    }
  };
}

function resolveBase(baseUrl: string | URL): URL {
  const href = typeof baseUrl === 'string' ? baseUrl : baseUrl.href;
  const withSlash = href.endsWith('/') ? href : `${href}/`;
  const location = (globalThis as { location?: { href: string } }).location;
  return location === undefined ? new URL(withSlash) : new URL(withSlash, location.href);
}
