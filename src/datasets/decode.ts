// Decoding and verifying one stored data file, with only web-standard APIs (DecompressionStream,
// crypto.subtle), which exist in browsers, workers and Node 20: no dependency, one code path.

import { DatasetError } from './types';
import type { ManifestFile } from './manifest';

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/**
 * Checks and decodes the stored bytes of `file` into `target` (exactly `file.rawBytes` long).
 * `where` names the file in messages; `fix` says what to do about it.
 */
export async function decodeFileInto(
  stored: Uint8Array,
  file: ManifestFile,
  target: Uint8Array,
  where: string,
  fix: string,
): Promise<void> {
  if (target.length !== file.rawBytes) {
    throw new Error(`decodeFileInto: target holds ${target.length}, need ${file.rawBytes}`);
  }
  const isGzip = stored.length >= 2 && stored[0] === GZIP_MAGIC_0 && stored[1] === GZIP_MAGIC_1;
  if (file.encoding === 'gzip' && isGzip) {
    if (stored.length !== file.bytes) throw sizeError(stored.length, file.bytes, where, fix);
    await gunzipInto(stored, target, where, fix);
  } else if (stored.length === file.rawBytes) {
    // Stored raw, or a web server that sent the .gz with Content-Encoding: gzip and the
    // browser already inflated it. Either way these are the decoded bytes.
    target.set(stored);
  } else {
    throw sizeError(
      stored.length,
      file.encoding === 'gzip' ? file.bytes : file.rawBytes,
      where,
      fix,
    );
  }
  const digest = await sha256Hex(target);
  if (digest !== null && digest !== file.rawSha256) {
    throw new DatasetError(
      `${where} is corrupt: its content does not match the sha256 in the manifest. ${fix}`,
    );
  }
}

function sizeError(got: number, expected: number, where: string, fix: string): DatasetError {
  const what = got < expected ? 'truncated' : 'larger than expected';
  return new DatasetError(`${where} is ${what}: ${got} bytes, expected ${expected}. ${fix}`);
}

/** Streams gzip data through DecompressionStream straight into `target`, checking its length. */
async function gunzipInto(
  gz: Uint8Array,
  target: Uint8Array,
  where: string,
  fix: string,
): Promise<void> {
  // DecompressionStream's typings want ArrayBuffer-backed chunks; sources never hand out
  // SharedArrayBuffer-backed bytes, so the cast only narrows the type.
  const chunk = gz as Uint8Array<ArrayBuffer>;
  const input = new ReadableStream<Uint8Array<ArrayBuffer>>({
    start(controller) {
      controller.enqueue(chunk);
      controller.close();
    },
  });
  const reader = input.pipeThrough(new DecompressionStream('gzip')).getReader();
  let offset = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (offset + value.length > target.length) {
        throw new DatasetError(`${where} decompresses to more than the expected bytes. ${fix}`);
      }
      target.set(value, offset);
      offset += value.length;
    }
  } catch (err) {
    if (err instanceof DatasetError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new DatasetError(`${where} is damaged (gzip: ${reason}). ${fix}`);
  }
  if (offset !== target.length) {
    throw new DatasetError(
      `${where} is truncated: it decompresses to ${offset} bytes, expected ${target.length}. ${fix}`,
    );
  }
}

/**
 * sha256 as lowercase hex, or null where crypto.subtle is unavailable (pages served over plain
 * http from a non-localhost address are not a secure context); the size checks still apply then.
 * One native digest pass over the bytes: small beside decompressing them.
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) return null;
  // The cast only narrows ArrayBufferLike to ArrayBuffer, as in gunzipInto.
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}
