// parseWeightsFile: bytes or text -> a fully validated, decoded WeightsFile, or a
// WeightsImportError saying what is wrong. Pure: no tfjs, so the page can check a file before the
// worker sees it. Checks that need the target networks live in compatible.ts.

import type { ModelKind } from '../config';
import { Base64Error, decodeBase64, decodedLength } from './base64';
import { bytesLEToFloat32, firstNonFinite } from './float32-bytes';
import {
  DEFAULT_MAX_BYTES,
  formatShape,
  NETWORKS_BY_KIND,
  OPTIMIZERS_BY_KIND,
  shapeSize,
  weightKey,
  WEIGHTS_FORMAT_ID,
  WEIGHTS_FORMAT_VERSION,
  type AdamHyperparameters,
  type DecodedAdamSlot,
  type DecodedOptimizer,
  type DecodedWeight,
  type WeightsFile,
} from './format';
import {
  arrayAt,
  booleanAt,
  describe,
  fail,
  finiteAt,
  intAt,
  objectAt,
  stringAt,
  type JsonObject,
} from './json-checks';
import { validateMeta } from './validate-meta';

export interface ParseOptions {
  /** Refuse inputs larger than this many bytes (string input: UTF-16 code units), before parsing. */
  readonly maxBytes?: number;
}

const MAX_RANK = 8;
const MAX_DIM = 2 ** 31 - 1;
/** Weight names are like `g_deconv1_bn/moving_variance`; longer ones would swamp a message. */
const MAX_NAME = 200;
/** Unknown names listed in a message; the rest are counted. */
const MAX_LISTED = 5;

export function parseWeightsFile(
  input: string | Uint8Array | ArrayBuffer,
  opts: ParseOptions = {},
): WeightsFile {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > maxBytes) {
    fail(
      'too-large',
      `The file is ${formatBytes(size)}, larger than the ${formatBytes(maxBytes)} limit for weights files.`,
    );
  }
  if (size === 0) fail('not-json', 'The file is empty.');
  const text = typeof input === 'string' ? input : decodeUtf8(input);
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    fail('not-json', `The file is not a weights file: it is not valid JSON (${jsonReason(err)}).`);
  }
  return decodeWeightsJson(raw);
}

/** Validates an already-parsed JSON value (see parseWeightsFile). */
export function decodeWeightsJson(raw: unknown): WeightsFile {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    fail(
      'format',
      `The file is not a weights file: it holds ${describe(raw)} rather than an object.`,
    );
  }
  const top = raw as JsonObject;
  if (top.format !== WEIGHTS_FORMAT_ID) {
    fail(
      'format',
      top.format === undefined
        ? `The file is not a weights file: it has no format field (a weights file says "format": "${WEIGHTS_FORMAT_ID}").`
        : `The file is not a weights file: its format field is ${describe(top.format)}, not "${WEIGHTS_FORMAT_ID}".`,
    );
  }
  if (top.version !== WEIGHTS_FORMAT_VERSION) {
    const newer = typeof top.version === 'number' && top.version > WEIGHTS_FORMAT_VERSION;
    fail(
      'version',
      `Weights format version ${describe(top.version)} is not supported: this app reads version ${WEIGHTS_FORMAT_VERSION}` +
        (newer ? ' (the file was written by a newer version of the app).' : '.'),
    );
  }
  const meta = validateMeta(top);
  return {
    version: WEIGHTS_FORMAT_VERSION,
    appVersion: stringAt(top.appVersion, 'appVersion', 200),
    createdAt: stringAt(top.createdAt, 'createdAt', 200),
    meta,
    networks: decodeNetworks(top.networks, meta.model.kind),
    optimizers: decodeOptimizers(top.optimizers, meta.model.kind),
  };
}

function decodeNetworks(raw: unknown, kind: ModelKind): Record<string, DecodedWeight[]> {
  const obj = objectAt(raw, 'networks');
  const expected = NETWORKS_BY_KIND[kind];
  checkNames(Object.keys(obj), expected, `a ${kind} model's networks`, 'networks');
  const out: Record<string, DecodedWeight[]> = {};
  for (const net of expected) {
    const seen = new Set<string>();
    out[net] = arrayAt(obj[net], `networks.${net}`).map((item, i) => {
      const path = `networks.${net}[${i}]`;
      const rec = objectAt(item, path);
      const name = stringAt(rec.name, `${path}.name`, MAX_NAME);
      if (name.length === 0) fail('structure', `${path}.name must not be empty.`);
      const key = weightKey(net, name);
      if (seen.has(name)) fail('structure', `Tensor ${key} appears twice in the file.`);
      seen.add(name);
      const shape = shapeAt(rec.shape, key);
      checkDtype(rec.dtype, key);
      const trainable = booleanAt(rec.trainable, `${path}.trainable`);
      return { name, shape, trainable, values: decodeTensorData(rec.data, shape, key) };
    });
  }
  return out;
}

function decodeOptimizers(raw: unknown, kind: ModelKind): Record<string, DecodedOptimizer> | null {
  if (raw === undefined || raw === null) return null;
  const obj = objectAt(raw, 'optimizers');
  const expected = OPTIMIZERS_BY_KIND[kind];
  checkNames(Object.keys(obj), expected, `a ${kind} model's optimizers`, 'optimizers');
  const out: Record<string, DecodedOptimizer> = {};
  for (const name of expected) {
    const path = `optimizers.${name}`;
    const rec = objectAt(obj[name], path);
    if (rec.type !== 'Adam') {
      fail(
        'optimizer',
        `Optimizer ${name} has type ${describe(rec.type)}; only Adam state can be restored.`,
      );
    }
    const cfg = objectAt(rec.config, `${path}.config`);
    const config: AdamHyperparameters = {
      learningRate: finiteAt(cfg.learningRate, `${path}.config.learningRate`),
      beta1: finiteAt(cfg.beta1, `${path}.config.beta1`),
      beta2: finiteAt(cfg.beta2, `${path}.config.beta2`),
      epsilon: finiteAt(cfg.epsilon, `${path}.config.epsilon`),
    };
    const slots = arrayAt(rec.slots, `${path}.slots`).map((item, i): DecodedAdamSlot => {
      const slotPath = `${path}.slots[${i}]`;
      const slot = objectAt(item, slotPath);
      const variable =
        slot.variable === null ? null : stringAt(slot.variable, `${slotPath}.variable`, MAX_NAME);
      const label = `optimizer ${name} slot ${i}` + (variable === null ? '' : ` (${variable})`);
      const shape = shapeAt(slot.shape, label);
      checkDtype(slot.dtype, label);
      return {
        variable,
        shape,
        m: decodeTensorData(slot.m, shape, `${label} first moment`),
        v: decodeTensorData(slot.v, shape, `${label} second moment`),
      };
    });
    out[name] = {
      type: 'Adam',
      iterations: intAt(rec.iterations, `${path}.iterations`, 0, MAX_DIM),
      config,
      slots,
    };
  }
  return out;
}

function checkNames(
  found: string[],
  expected: readonly string[],
  what: string,
  path: string,
): void {
  const extra = found.filter((n) => !expected.includes(n));
  if (extra.length > 0) {
    const listed = extra.slice(0, MAX_LISTED).map(describe).join(', ');
    const more = extra.length > MAX_LISTED ? ` and ${extra.length - MAX_LISTED} more` : '';
    fail(
      'structure',
      `${path} has unknown entries ${listed}${more}; ${what} are ${expected.join(', ')}.`,
    );
  }
  const missing = expected.filter((n) => !found.includes(n));
  if (missing.length > 0) {
    fail(
      'structure',
      `${path} is missing ${missing.join(', ')}; ${what} are ${expected.join(', ')}.`,
    );
  }
}

function shapeAt(raw: unknown, label: string): number[] {
  if (!Array.isArray(raw) || raw.length > MAX_RANK) {
    fail(
      'structure',
      `Tensor ${label}: shape must be an array of at most ${MAX_RANK} sizes, found ${describe(raw)}.`,
    );
  }
  for (const d of raw) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d > MAX_DIM) {
      fail(
        'structure',
        `Tensor ${label}: shape [${raw.map(describe).join(', ')}] must hold whole numbers >= 0.`,
      );
    }
  }
  return raw as number[];
}

function checkDtype(raw: unknown, label: string): void {
  if (raw !== 'float32') {
    fail('data', `Tensor ${label}: dtype ${describe(raw)} is not supported (only float32).`);
  }
}

function decodeTensorData(raw: unknown, shape: readonly number[], label: string): Float32Array {
  if (typeof raw !== 'string')
    fail('data', `Tensor ${label}: data must be a base64 string, found ${describe(raw)}.`);
  const count = shapeSize(shape);
  const wantBytes = count * 4;
  // Compare lengths before decoding: a truncated or padded tensor is reported without the work.
  const haveBytes = raw.length % 4 === 0 ? decodedLength(raw) : -1;
  if (haveBytes >= 0 && haveBytes !== wantBytes) {
    fail(
      'data',
      `Tensor ${label}: data holds ${haveBytes} bytes but shape ${formatShape(shape)} needs ${wantBytes} (${count} float32 values).`,
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(raw);
  } catch (err) {
    if (err instanceof Base64Error)
      fail('data', `Tensor ${label}: data is not valid base64 (${err.message}).`);
    throw err;
  }
  const values = bytesLEToFloat32(bytes);
  const bad = firstNonFinite(values);
  if (bad >= 0) {
    fail(
      'non-finite',
      `Tensor ${label} contains ${values[bad]} at index ${bad}; weights must be finite numbers.`,
    );
  }
  return values;
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** The parser's reason, on one line and short: V8 quotes a snippet of the (untrusted) text. */
function jsonReason(err: unknown): string {
  const text = (err instanceof Error ? err.message : String(err)).replace(CONTROL_CHARACTERS, ' ');
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function decodeUtf8(input: Uint8Array | ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    fail('not-json', 'The file is not a weights file: it is not UTF-8 text.');
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
