// Standard base64 (RFC 4648, '+' and '/', '=' padding, no line breaks) without Node's Buffer, so
// it runs in a Web Worker. Tables instead of atob/btoa: no intermediate binary string, and a
// precise error position for a corrupt file.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PAD = 61; // '='

/** Character code -> 6-bit value, or -1 for anything outside the alphabet. */
const DECODE = new Int8Array(256).fill(-1);
/** 6-bit value -> character code. */
const ENCODE = new Uint8Array(64);
for (let i = 0; i < 64; i++) {
  DECODE[ALPHABET.charCodeAt(i)] = i;
  ENCODE[i] = ALPHABET.charCodeAt(i);
}

export class Base64Error extends Error {
  override readonly name = 'Base64Error';
}

/** Bytes a valid base64 text of this length and padding decodes to (for checks before decoding). */
export function decodedLength(text: string): number {
  const n = text.length;
  if (n === 0) return 0;
  let pad = 0;
  if (text.charCodeAt(n - 1) === PAD) pad = text.charCodeAt(n - 2) === PAD ? 2 : 1;
  return Math.floor(n / 4) * 3 - pad;
}

export function encodeBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const t = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[o++] = ENCODE[t >>> 18];
    out[o++] = ENCODE[(t >>> 12) & 63];
    out[o++] = ENCODE[(t >>> 6) & 63];
    out[o++] = ENCODE[t & 63];
  }
  const rest = n - i;
  if (rest > 0) {
    const t = (bytes[i] << 16) | (rest === 2 ? bytes[i + 1] << 8 : 0);
    out[o++] = ENCODE[t >>> 18];
    out[o++] = ENCODE[(t >>> 12) & 63];
    out[o++] = rest === 2 ? ENCODE[(t >>> 6) & 63] : PAD;
    out[o] = PAD;
  }
  // The output is pure ASCII, so a UTF-8 decoder turns it into a string in one native call.
  return new TextDecoder().decode(out);
}

/** Decodes strict base64; throws Base64Error naming the first bad character and its position. */
export function decodeBase64(text: string): Uint8Array {
  const n = text.length;
  if (n % 4 !== 0) throw new Base64Error(`its length ${n} is not a multiple of 4`);
  const out = new Uint8Array(decodedLength(text));
  const padded = n > 0 && text.charCodeAt(n - 1) === PAD;
  const fullEnd = padded ? n - 4 : n; // quads with no padding
  let o = 0;
  for (let i = 0; i < fullEnd; i += 4) {
    const c0 = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1);
    const c2 = text.charCodeAt(i + 2);
    const c3 = text.charCodeAt(i + 3);
    // A code above 255 would alias in the table, so it is rejected before the lookup.
    if ((c0 | c1 | c2 | c3) > 255) badCharacter(text, i);
    const a = DECODE[c0];
    const b = DECODE[c1];
    const c = DECODE[c2];
    const d = DECODE[c3];
    if ((a | b | c | d) < 0) badCharacter(text, i);
    const t = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = t >>> 16;
    out[o++] = (t >>> 8) & 255;
    out[o++] = t & 255;
  }
  if (padded) {
    // Last quad: 'xx==' carries one byte, 'xxx=' two.
    const i = fullEnd;
    const twoBytes = text.charCodeAt(i + 2) !== PAD;
    const a = lookup(text, i);
    const b = lookup(text, i + 1);
    const c = twoBytes ? lookup(text, i + 2) : 0;
    const t = (a << 18) | (b << 12) | (c << 6);
    out[o] = t >>> 16;
    if (twoBytes) out[o + 1] = (t >>> 8) & 255;
  }
  return out;
}

function lookup(text: string, i: number): number {
  const code = text.charCodeAt(i);
  const v = code > 255 ? -1 : DECODE[code];
  if (v < 0) throw new Base64Error(describeBad(text, i));
  return v;
}

function badCharacter(text: string, quadStart: number): never {
  for (let i = quadStart; i < quadStart + 4; i++) lookup(text, i);
  throw new Base64Error(`bad character near position ${quadStart}`);
}

function describeBad(text: string, i: number): string {
  const ch = text[i];
  return ch === '=' && i < text.length - 2
    ? `'=' padding before the end (position ${i})`
    : `character ${JSON.stringify(ch)} at position ${i} is not base64`;
}
