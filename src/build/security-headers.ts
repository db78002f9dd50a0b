// Build configuration, not app code (in src/ so a change to it makes the browser tests rebuild).
// The headers the production build needs from whatever serves it: cross-origin isolation (the
// wasm backend's threads need SharedArrayBuffer) and a strict Content Security Policy. One
// definition for `vite preview` (vite.config.ts), the <meta> tag injected into the built
// index.html (for hosts that cannot set headers) and public/_headers (Netlify, Cloudflare Pages);
// tests/unit/security-headers.test.ts keeps the copies equal.

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

/** Each directive and why it allows what it allows. */
const POLICY: readonly (readonly [directive: string, sources: readonly string[]])[] = [
  ['default-src', ["'self'"]],
  // Only the bundle's own files run. 'wasm-unsafe-eval' lets WebAssembly.instantiate compile the
  // tfjs wasm backend; it allows no JavaScript eval. blob: because tfjs-backend-wasm's thread
  // workers load the backend's code with importScripts(blob: URL of its own bundled source);
  // without it the thread pool never starts and the worker hangs. Only script already running
  // in this origin can make a blob: URL, so this admits no injected script.
  ['script-src', ["'self'", "'wasm-unsafe-eval'", 'blob:']],
  // tfjs-backend-wasm starts its thread pool from blob: URLs.
  ['worker-src', ["'self'", 'blob:']],
  // Datasets, classifiers and the wasm binaries come from this origin only.
  ['connect-src', ["'self'"]],
  // data: for the empty favicon, blob: for images made in the page (custom dataset previews).
  ['img-src', ["'self'", 'data:', 'blob:']],
  // Style sheets from this origin only; React and recharts set styles through the CSSOM
  // (element.style), which CSP does not restrict.
  ['style-src', ["'self'"]],
  ['object-src', ["'none'"]],
  ['base-uri', ["'self'"]],
  ['form-action', ["'none'"]],
  // Browsers ignore (and log an error for) frame-ancestors in a <meta> tag: header only.
  ['frame-ancestors', ["'none'"]],
];

const HEADER_ONLY = new Set(['frame-ancestors']);

function policyText(include: (directive: string) => boolean): string {
  return POLICY.filter(([d]) => include(d))
    .map(([d, sources]) => `${d} ${sources.join(' ')}`)
    .join('; ');
}

/** The policy as an HTTP header. */
export const CSP_HEADER = policyText(() => true);

/** The same policy for <meta http-equiv>, without the directives a meta tag cannot carry. */
export const CSP_META = policyText((d) => !HEADER_ONLY.has(d));

/** Every header a production host must send, for `vite preview` and public/_headers. */
export const PRODUCTION_HEADERS: Readonly<Record<string, string>> = {
  ...ISOLATION_HEADERS,
  'Content-Security-Policy': CSP_HEADER,
  // The policy's cousins: no MIME sniffing, no referrer beyond the origin.
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
};

/** public/_headers in the Netlify / Cloudflare Pages format: these headers on every path. */
export function staticHostHeadersFile(): string {
  const lines = Object.entries(PRODUCTION_HEADERS).map(([k, v]) => `  ${k}: ${v}`);
  return [
    '# Generated from src/build/security-headers.ts (tests/unit/security-headers.test.ts checks it).',
    '/*',
    ...lines,
    '',
  ].join('\n');
}
