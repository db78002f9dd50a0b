// The security headers: one strict policy, the static-host file generated from it, and the copy
// in index.html's source free of inline script (the built page is checked in a browser by
// tests/e2e/security.test.ts).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CSP_HEADER,
  CSP_META,
  PRODUCTION_HEADERS,
  staticHostHeadersFile,
} from '../../src/build/security-headers';

const root = new URL('../../', import.meta.url);

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe('security headers', () => {
  it('allow no inline script, no eval and no other origin', () => {
    const csp = directives(CSP_HEADER);
    expect(csp.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'", 'blob:']);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    const sources = [...csp.values()].flat();
    for (const banned of [
      "'unsafe-inline'",
      "'unsafe-eval'",
      "'unsafe-hashes'",
      '*',
      'https:',
      'http:',
    ])
      expect(sources).not.toContain(banned);
    expect(sources.every((s) => s.startsWith("'") || ['blob:', 'data:'].includes(s))).toBe(true);
  });

  it('the meta tag carries the same policy minus what a meta tag cannot', () => {
    const header = directives(CSP_HEADER);
    header.delete('frame-ancestors');
    expect(directives(CSP_META)).toEqual(header);
  });

  it('public/_headers is generated from the same definition', () => {
    expect(readFileSync(new URL('public/_headers', root), 'utf8')).toBe(staticHostHeadersFile());
    expect(PRODUCTION_HEADERS['Cross-Origin-Embedder-Policy']).toBe('require-corp');
  });

  it('index.html has no inline script', () => {
    const html = readFileSync(new URL('index.html', root), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc=/);
      expect(body.trim()).toBe('');
    }
  });
});
