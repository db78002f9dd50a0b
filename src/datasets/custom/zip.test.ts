import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type ImportLimits } from './limits';
import { extractEntry, isIgnoredEntry, listZip, readZip, ZipError, type ZipItem } from './zip';

const text = (s: string) => new TextEncoder().encode(s);
const files = (items: ZipItem[]) =>
  items.flatMap((i) => (i.kind === 'file' ? [[i.path, new TextDecoder().decode(i.data)]] : []));
const skips = (items: ZipItem[]) =>
  items.flatMap((i) => (i.kind === 'skip' ? [`${i.skipped.path} ${i.skipped.reason}`] : []));

/** Offset of the central directory entry for `name`. */
function centralEntry(zip: Uint8Array, name: string): number {
  const view = new DataView(zip.buffer, zip.byteOffset);
  for (let i = 0; i < zip.length - 4; i++) {
    if (view.getUint32(i, true) !== 0x02014b50) continue;
    const len = view.getUint16(i + 28, true);
    if (new TextDecoder().decode(zip.subarray(i + 46, i + 46 + len)) === name) return i;
  }
  throw new Error(`no entry ${name}`);
}

describe('listZip and readZip', () => {
  it('lists entries with their sizes and reads stored and deflated files', () => {
    const zip = zipSync({
      'a.txt': [text('stored file'), { level: 0 }],
      'dir/b.txt': text('deflated '.repeat(50)),
    });
    const entries = listZip(zip);
    expect(entries.map((e) => [e.name, e.method, e.size])).toEqual([
      ['a.txt', 0, 11],
      ['dir/b.txt', 8, 450],
    ]);
    expect(entries[1].compressedSize).toBeLessThan(450);
    const items = [...readZip(zip, 'x.zip', DEFAULT_LIMITS)];
    expect(files(items)).toEqual([
      ['x.zip/a.txt', 'stored file'],
      ['x.zip/dir/b.txt', 'deflated '.repeat(50)],
    ]);
  });

  it('ignores folders, __MACOSX and hidden files without a message', () => {
    const zip = zipSync({
      'pics/': new Uint8Array(0),
      'pics/cat.png': text('cat'),
      '__MACOSX/pics/._cat.png': text('fork'),
      'pics/.DS_Store': text('ds'),
    });
    const items = [...readZip(zip, 'p.zip', DEFAULT_LIMITS)];
    expect(files(items)).toEqual([['p.zip/pics/cat.png', 'cat']]);
    expect(skips(items)).toEqual([]);
    expect(isIgnoredEntry('a/b/')).toBe(true);
    expect(isIgnoredEntry('a/.hidden/b.png')).toBe(true);
    expect(isIgnoredEntry('a/b.png')).toBe(false);
  });

  it('throws a readable ZipError for something that is not a zip', () => {
    expect(() => listZip(text('PK\x03\x04 but nothing else'))).toThrow(ZipError);
    expect(() => listZip(text('PK\x03\x04 but nothing else'))).toThrow(/end-of-archive/);
  });
});

describe('zip bomb guard', () => {
  const limits: ImportLimits = {
    ...DEFAULT_LIMITS,
    maxImageBytes: 8 * 2 ** 20,
    maxZipTotalBytes: 3 * 2 ** 20,
    maxZipRatio: 100,
  };

  it('skips an entry that expands more than the ratio allows', () => {
    // 4 MB of zeros deflate to about 4 KB: a ratio near 1000.
    const zip = zipSync({ 'zeros.bmp': new Uint8Array(4 * 2 ** 20), 'ok.txt': text('fine') });
    const items = [...readZip(zip, 'bomb.zip', limits)];
    expect(skips(items)[0]).toMatch(/^bomb\.zip\/zeros\.bmp expands \d+ times when unzipped/);
    expect(files(items)).toEqual([['bomb.zip/ok.txt', 'fine']]);
  });

  it('skips entries whose declared size passes the per-image limit', () => {
    const zip = zipSync({ 'big.bin': [new Uint8Array(9 * 2 ** 20), { level: 0 }] });
    expect(skips([...readZip(zip, 'z.zip', limits)])).toEqual([
      'z.zip/big.bin is 9 MB, over the limit of 8 MB per image',
    ]);
  });

  it('stops reading once the total uncompressed size passes the limit', () => {
    const noise = (n: number, seed: number) =>
      Uint8Array.from({ length: n }, (_, i) => (i * seed) % 251);
    const zip = zipSync({
      '1.bin': [noise(2 ** 20 * 1.5, 7), { level: 0 }],
      '2.bin': [noise(2 ** 20 * 1.2, 11), { level: 0 }],
      '3.bin': [noise(2 ** 20 * 1.0, 13), { level: 0 }],
      '4.bin': [noise(10, 17), { level: 0 }],
    });
    const items = [...readZip(zip, 'big.zip', limits)];
    expect(items.filter((i) => i.kind === 'file')).toHaveLength(2);
    expect(skips(items)).toEqual(['big.zip unzips to more than 3 MB; the rest of it was not read']);
  });

  it('stops an entry that expands past the size its header declares', () => {
    const zip = zipSync({ 'liar.bin': new Uint8Array(2 ** 20) });
    // Rewrite the declared size to 1,000 bytes in the central directory.
    const at = centralEntry(zip, 'liar.bin');
    new DataView(zip.buffer, zip.byteOffset).setUint32(at + 24, 1000, true);
    const [entry] = listZip(zip);
    expect(entry.size).toBe(1000);
    expect(() => extractEntry(zip, entry)).toThrow(/expands past the size its zip header declares/);
    expect(skips([...readZip(zip, 'l.zip', limits)])[0]).toMatch(/^l\.zip\/liar\.bin expands past/);
  });

  it('reads at most maxZipEntries files', () => {
    const many = Object.fromEntries(
      Array.from({ length: 5 }, (_, i) => [`f${i}.txt`, text(String(i))]),
    );
    const items = [...readZip(zipSync(many), 'm.zip', { ...limits, maxZipEntries: 3 })];
    expect(files(items).map(([p]) => p)).toEqual(['m.zip/f0.txt', 'm.zip/f1.txt', 'm.zip/f2.txt']);
    expect(skips(items)).toEqual(['m.zip has 5 files; only the first 3 were read']);
  });

  it('skips encrypted entries and unknown compression methods', () => {
    const zip = zipSync({
      'a.txt': [text('aaaa'), { level: 0 }],
      'b.txt': [text('bbbb'), { level: 0 }],
    });
    const view = new DataView(zip.buffer, zip.byteOffset);
    const a = centralEntry(zip, 'a.txt');
    view.setUint16(a + 8, view.getUint16(a + 8, true) | 1, true); // encrypted flag
    view.setUint16(centralEntry(zip, 'b.txt') + 10, 14, true); // LZMA
    expect(skips([...readZip(zip, 'e.zip', limits)])).toEqual([
      'e.zip/a.txt is encrypted',
      'e.zip/b.txt uses compression method 14, which is not supported',
    ]);
  });
});
