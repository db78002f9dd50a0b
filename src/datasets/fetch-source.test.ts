// The browser's byte source, exercised against a real local HTTP server (Node 20 has fetch):
// the whole flags dataset loads over HTTP, and 404s or HTML fallback pages become DatasetErrors.

import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetchSource } from './fetch-source';
import { DEFAULT_DATA_DIR } from './node-source';
import { getDataset } from './registry';
import { DatasetError } from './types';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/spa/')) {
      // What a single-page-app dev server does for unknown paths.
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title>');
      return;
    }
    // Under /encoded/, .gz files go out with Content-Encoding: gzip, as Vite's dev server sends
    // them; fetch then hands over the decoded bytes.
    const encoded = url.pathname.startsWith('/encoded/');
    const rel = decodeURIComponent(url.pathname.replace(/^\/(data|encoded)\//, ''));
    const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
    if (encoded && rel.endsWith('.gz')) headers['content-encoding'] = 'gzip';
    readFile(path.join(DEFAULT_DATA_DIR, rel)).then(
      (bytes) => res.writeHead(200, headers).end(bytes),
      () => res.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('createFetchSource', () => {
  it('loads a dataset over HTTP with progress', async () => {
    const messages: string[] = [];
    const data = await getDataset('flags').load({
      source: createFetchSource(`${base}/data`), // no trailing slash on purpose
      onProgress: (_, message) => messages.push(message),
    });
    expect(data.train.count).toBe(244);
    expect(messages.at(-1)).toMatch(/loaded/);
  });

  it('loads files a server sends with Content-Encoding: gzip', async () => {
    const data = await getDataset('flags').load({ source: createFetchSource(`${base}/encoded/`) });
    expect(data.test.count).toBe(27);
    expect(data.train.images.some((v) => v !== 0)).toBe(true);
  });

  it('turns a 404 into a DatasetError naming the URL', async () => {
    const source = createFetchSource(`${base}/nowhere/`);
    const err = await source('flags/manifest.json').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as Error).message).toMatch(
      /nowhere\/flags\/manifest\.json: HTTP 404.*npm run data/,
    );
  });

  it('treats an HTML fallback page as a missing file', async () => {
    const err = await createFetchSource(`${base}/spa/`)('mnist/manifest.json').catch((e) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as Error).message).toMatch(/missing \(the server sent an HTML page\)/);
  });

  it('turns a network failure into a DatasetError', async () => {
    // Port 9 (discard) on localhost: nothing listens there, so the connection is refused.
    const err = await createFetchSource('http://127.0.0.1:9/data/')('x.json').catch((e) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as Error).message).toMatch(
      /Could not download http:\/\/127\.0\.0\.1:9\/data\/x\.json/,
    );
  });
});
