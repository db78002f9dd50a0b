// fast-check arbitraries that damage a weights file the way disks, downloads, hand edits and
// hostile files do: raw byte edits, truncation, and structural edits of the JSON at any depth.
// Pure functions of the base file and the generated plan, so a failing case shrinks and replays.
// Past 300 lines because it is a catalogue of mutation kinds, each a short function.

import fc from 'fast-check';

/** Arbitrary JSON as parsed; narrowed where each mutation needs it. */
type Json = unknown;
type JsonObject = Record<string, Json>;
type Path = readonly (string | number)[];

const encoder = new TextEncoder();

/** A damaged file and how it was made; fast-check prints `how`, not a megabyte of bytes. */
export interface FuzzCase {
  readonly bytes: Uint8Array;
  readonly how: string;
}

function fuzzCase(bytes: Uint8Array, how: string): FuzzCase {
  const head = new TextDecoder().decode(bytes.subarray(0, 60));
  const text = `${how} -> ${bytes.length} bytes starting ${JSON.stringify(head)}`;
  return { bytes, how, [fc.toStringMethod]: () => text } as FuzzCase;
}

function plan(value: unknown): string {
  const text = JSON.stringify(value, (_, v: unknown) =>
    v instanceof Uint8Array ? `bytes(${[...v].join(',')})` : v,
  );
  return text.length > 400 ? `${text.slice(0, 400)}...` : text;
}

// ---- Byte level ------------------------------------------------------------------------------

export type ByteEdit =
  | { readonly kind: 'flip'; readonly at: number; readonly bits: number }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'delete'; readonly at: number; readonly count: number };

/** Positions as fractions of the length, so one plan fits any file; half land in the header. */
const position = fc.oneof(
  fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  fc.double({ min: 0, max: 0.02, maxExcluded: true, noNaN: true }),
);

const byteEdit: fc.Arbitrary<{ kind: ByteEdit['kind']; at: number; n: number; bytes: Uint8Array }> =
  fc.record({
    kind: fc.constantFrom<ByteEdit['kind']>('flip', 'insert', 'delete'),
    at: position,
    n: fc.integer({ min: 1, max: 255 }),
    bytes: fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 8 }),
      // Characters that matter to JSON and base64.
      fc.constantFrom(
        ...['"', '{', '}', '[', ']', ',', ':', '\\', '=', '-', 'e', '0', '\u00e9', '\u{1F600}'].map(
          (s) => encoder.encode(s),
        ),
      ),
    ),
  });

/** 1 to 8 flips, insertions or deletions at random places. */
export function byteEdits(base: Uint8Array): fc.Arbitrary<FuzzCase> {
  return fc.array(byteEdit, { minLength: 1, maxLength: 8 }).map((edits) => {
    let out = base;
    for (const e of edits) {
      const at = Math.floor(e.at * out.length);
      if (e.kind === 'flip') {
        out = out.slice();
        out[at] ^= e.n;
      } else if (e.kind === 'insert') {
        out = concat(out.subarray(0, at), e.bytes, out.subarray(at));
      } else {
        out = concat(out.subarray(0, at), out.subarray(Math.min(out.length, at + (e.n % 16) + 1)));
      }
    }
    return fuzzCase(out, `byte edits ${plan(edits)}`);
  });
}

/** The file cut at a random offset (0 = empty). */
export function truncations(base: Uint8Array): fc.Arbitrary<FuzzCase> {
  return fc
    .oneof(
      fc.integer({ min: 0, max: base.length - 1 }),
      fc.integer({ min: 0, max: Math.min(4096, base.length - 1) }),
    )
    .map((n) => fuzzCase(base.slice(0, n), `cut at ${n} of ${base.length}`));
}

/** Random bytes; some start like JSON so they get past the first character. */
export function randomBytes(): fc.Arbitrary<FuzzCase> {
  return fc
    .oneof(
      fc.uint8Array({ maxLength: 4096 }),
      fc
        .tuple(
          fc.constantFrom('{', '[', '{"format":"gan-playground-weights","version":1,'),
          fc.uint8Array({ maxLength: 2048 }),
        )
        .map(([head, tail]) => concat(encoder.encode(head), tail)),
      fc.string({ unit: 'binary', maxLength: 2048 }).map((s) => encoder.encode(s)),
    )
    .map((bytes) => fuzzCase(bytes, 'random bytes'));
}

// ---- JSON structure --------------------------------------------------------------------------

/** Raw JSON number texts that JSON.stringify cannot produce; spliced in through a marker. */
const NUMBER_TEXTS = [
  '1e999',
  '-1e999',
  'NaN',
  'Infinity',
  '1e308',
  '-0',
  '0.5',
  '-1',
  '2147483648',
  '9007199254740993',
  '1e-320',
];
const MARKER = '__weights_fuzz_marker__';

type Raw = { readonly raw: string };

export type JsonEdit =
  | { readonly op: 'delete'; readonly path: number }
  | { readonly op: 'replace'; readonly path: number; readonly value: Json }
  | { readonly op: 'retype'; readonly path: number; readonly to: number }
  | { readonly op: 'number'; readonly path: number; readonly text: string }
  | { readonly op: 'nest'; readonly path: number; readonly depth: number; readonly open: string }
  | { readonly op: 'shape'; readonly tensor: number; readonly how: number; readonly dim: number }
  | { readonly op: 'data'; readonly tensor: number; readonly how: number; readonly n: number }
  | { readonly op: 'extraTensor'; readonly tensor: number; readonly rename: boolean }
  | { readonly op: 'swapNetworks' }
  | { readonly op: 'otherKind'; readonly part: number }
  | { readonly op: 'plausible'; readonly how: number; readonly n: number };

const pathIndex = fc.nat();

const jsonEdit: fc.Arbitrary<JsonEdit> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), path: pathIndex }),
  fc.record({
    op: fc.constant('replace' as const),
    path: pathIndex,
    value: fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom<Json>(null, '', 0, -1, 1e300, 4, 'float32', 'dcgan', 'vae', 'mnist', [], {}),
    ),
  }),
  fc.record({ op: fc.constant('retype' as const), path: pathIndex, to: fc.nat(5) }),
  fc.record({
    op: fc.constant('number' as const),
    path: pathIndex,
    text: fc.constantFrom(...NUMBER_TEXTS),
  }),
  fc.record({
    op: fc.constant('nest' as const),
    path: pathIndex,
    depth: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1000, max: 100_000 })),
    open: fc.constantFrom('[', '{"a":'),
  }),
  fc.record({ op: fc.constant('shape' as const), tensor: fc.nat(), how: fc.nat(7), dim: fc.nat() }),
  fc.record({
    op: fc.constant('data' as const),
    tensor: fc.nat(),
    how: fc.nat(6),
    n: fc.integer({ min: 1, max: 64 }),
  }),
  fc.record({ op: fc.constant('extraTensor' as const), tensor: fc.nat(), rename: fc.boolean() }),
  fc.record({ op: fc.constant('swapNetworks' as const) }),
  fc.record({ op: fc.constant('otherKind' as const), part: fc.nat(3) }),
);

/** Edits a careful person or another tool could make: many still load, some no longer fit. */
const plausibleEdit: fc.Arbitrary<JsonEdit> = fc.record({
  op: fc.constant('plausible' as const),
  how: fc.nat(9),
  n: fc.nat(),
});

/** 1 to 3 structural edits of the parsed file, written back as JSON text bytes. */
export function jsonEdits(base: Uint8Array, other: Uint8Array): fc.Arbitrary<FuzzCase> {
  const baseJson = JSON.parse(new TextDecoder().decode(base)) as JsonObject;
  const otherJson = JSON.parse(new TextDecoder().decode(other)) as JsonObject;
  const edit = fc.oneof(
    { arbitrary: jsonEdit, weight: 3 },
    { arbitrary: plausibleEdit, weight: 2 },
  );
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
    const file = structuredClone(baseJson);
    const raws: Raw[] = [];
    for (const edit of edits) applyEdit(file, edit, otherJson, raws);
    return fuzzCase(encoder.encode(writeWithRaws(file, raws)), `JSON edits ${plan(edits)}`);
  });
}

function applyEdit(file: JsonObject, edit: JsonEdit, other: JsonObject, raws: Raw[]): void {
  switch (edit.op) {
    case 'delete':
    case 'replace':
    case 'retype':
    case 'number':
    case 'nest': {
      const paths = allPaths(file);
      const path = paths[edit.path % paths.length];
      if (edit.op === 'delete') return removeAt(file, path);
      if (edit.op === 'replace') return setAt(file, path, structuredClone(edit.value));
      if (edit.op === 'retype') return setAt(file, path, retype(getAt(file, path), edit.to));
      const raw = edit.op === 'number' ? edit.text : deepNest(edit.open, edit.depth);
      return setAt(file, path, marker(raws, raw));
    }
    case 'shape': {
      const t = pickTensor(file, edit.tensor);
      if (t === null || !Array.isArray(t.shape)) return;
      const shape = [...(t.shape as number[])];
      const i = shape.length === 0 ? 0 : edit.dim % shape.length;
      const changes: (() => Json)[] = [
        () => [...shape, 1],
        () => shape.slice(1),
        () => shape.map((d, k) => (k === i ? d + 1 : d)),
        () => shape.map((d, k) => (k === i ? 0 : d)),
        () => shape.map((d, k) => (k === i ? 2 ** 31 : d)),
        () => shape.map((d, k) => (k === i ? -d : d)),
        () => shape.map((d, k) => (k === i ? d + 0.5 : d)),
        () => [...shape].reverse(),
      ];
      t.shape = changes[edit.how % changes.length]();
      return;
    }
    case 'data': {
      const t = pickTensor(file, edit.tensor);
      if (t === null) return;
      const key = 'data' in t ? 'data' : edit.n % 2 === 0 ? 'm' : 'v';
      const data = typeof t[key] === 'string' ? (t[key] as string) : '';
      const at = edit.n % Math.max(1, data.length);
      const changes: (() => string)[] = [
        () => data.slice(0, Math.max(0, data.length - edit.n)),
        () => data + 'AAAA'.repeat(edit.n),
        () => data.slice(0, at) + '!' + data.slice(at + 1),
        () => data.slice(0, at) + '=' + data.slice(at + 1),
        () => '',
        () => data.slice(0, at) + '/w==' + data.slice(at + 4),
        // Valid base64 of a NaN or infinity at the start: bytes 00 00 c0 7f / 00 00 80 7f.
        () => (edit.n % 2 === 0 ? 'AADAfw' : 'AACAfw') + data.slice(6),
      ];
      t[key] = changes[edit.how % changes.length]();
      return;
    }
    case 'extraTensor': {
      const list = tensorLists(file).flat();
      if (list.length === 0) return;
      const source = list[edit.tensor % list.length];
      const nets = file.networks as Record<string, JsonObject[]> | undefined;
      const target = nets && Object.values(nets).find(Array.isArray);
      if (target === undefined) return;
      const copy = structuredClone(source);
      if (edit.rename) copy.name = `extra_${edit.tensor % 1000}/kernel`;
      target.push(copy);
      return;
    }
    case 'swapNetworks': {
      const nets = file.networks as JsonObject | undefined;
      if (typeof nets !== 'object' || nets === null) return;
      const [a, b] = Object.keys(nets);
      if (b === undefined) return;
      [nets[a], nets[b]] = [nets[b], nets[a]];
      return;
    }
    case 'plausible':
      return plausible(file, edit.how, edit.n);
    case 'otherKind': {
      // The other model's config, networks, optimizers or losses, under this file's other parts.
      const keys = ['model', 'networks', 'optimizers', 'history'];
      const key = keys[edit.part % keys.length];
      file[key] = structuredClone(other[key]);
      return;
    }
  }
}

function isObject(v: Json): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function plausible(file: JsonObject, how: number, n: number): void {
  // Earlier edits may have broken any part: each edit checks what it touches.
  const model = isObject(file.model) ? file.model : {};
  const t = pickTensor(file, n);
  switch (how) {
    case 0: {
      // Another valid base64 character inside a tensor (not in the padded last quad).
      if (t === null) return;
      const key = 'data' in t ? 'data' : n % 2 === 0 ? 'm' : 'v';
      const data = t[key];
      if (typeof data !== 'string' || data.length < 8) return;
      const at = (n >> 3) % (data.length - 4);
      t[key] = data.slice(0, at) + BASE64[n % 64] + data.slice(at + 1);
      return;
    }
    case 1: {
      // Architecture: the config no longer matches the tensors (refused after the model is built).
      const field = ['baseFilters', 'latentDim', 'kernelSize'][n % 3];
      const value = model[field];
      if (typeof value === 'number')
        model[field] = field === 'kernelSize' ? 5 : value + 1 + (n % 3);
      return;
    }
    case 2: {
      // Hyperparameters the tensors do not depend on, or (dcgan) a loss the file's critic
      // cannot serve: WGAN-GP over batch norm (refused by rule), or a critic norm the tensors
      // do not have (refused after the model is built).
      const dcgan = [
        { lrG: 1e-3, loss: 'hinge', dStepsPerG: 2 },
        { loss: 'wgan-gp', labelSmoothing: 0 },
        { loss: 'minimax', gpWeight: 1 + (n % 50) },
        { discriminatorNorm: 'layer' },
      ][n % 4];
      if (model.kind === 'dcgan') Object.assign(model, dcgan);
      else Object.assign(model, { lr: 5e-4, klWeight: 0.5, likelihood: 'gaussian' });
      return;
    }
    case 3:
      file.step = n % 100_000;
      file.epoch = n % 1000;
      return;
    case 4:
      if (Array.isArray(file.history)) file.history = file.history.slice(0, n % 3);
      return;
    case 5:
      if (n % 2 === 0) file.optimizers = null;
      else delete file.optimizers;
      return;
    case 6: {
      // Network weights are matched by name, so their order is free (Adam slots' is not).
      const nets = isObject(file.networks) ? Object.values(file.networks) : [];
      for (const list of nets) if (Array.isArray(list)) list.reverse();
      return;
    }
    case 7:
      if (t !== null && 'trainable' in t) t.trainable = !(t.trainable as boolean);
      return;
    case 8: {
      // A fresh Adam for one optimizer: no slots, iterations 0.
      const opts = isObject(file.optimizers) ? Object.values(file.optimizers) : [];
      const first = opts[n % Math.max(1, opts.length)];
      if (isObject(first)) Object.assign(first, { slots: [], iterations: 0 });
      return;
    }
    default:
      file.train = { seed: n % 2 ** 31, stepsPerEpoch: null, sampleEverySteps: 1 + (n % 50) };
  }
}

/** Every path to a value below the top (objects' keys and arrays' indices). */
function allPaths(root: Json): Path[] {
  const out: Path[] = [];
  const visit = (value: Json, path: Path) => {
    if (path.length > 0) out.push(path);
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...path, i]));
    else if (typeof value === 'object' && value !== null)
      for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
  };
  visit(root, []);
  return out;
}

function getAt(root: Json, path: Path): Json {
  return path.reduce<Json>((v, k) => (v as Record<string | number, Json>)[k], root);
}

function setAt(root: Json, path: Path, value: Json): void {
  const parent = getAt(root, path.slice(0, -1)) as Record<string | number, Json>;
  parent[path[path.length - 1]] = value;
}

function removeAt(root: Json, path: Path): void {
  const parent = getAt(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete (parent as JsonObject)[key];
}

function retype(value: Json, to: number): Json {
  const options: Json[] = [
    typeof value === 'object' ? JSON.stringify(value) : String(value),
    [value],
    { value },
    null,
    typeof value === 'number' ? !value : 1,
    Array.isArray(value)
      ? { ...value }
      : typeof value === 'object' && value !== null
        ? Object.values(value)
        : [],
  ];
  return options[to % options.length];
}

/** Tensor records (network weights and optimizer slots), each list per network or optimizer. */
function tensorLists(file: JsonObject): JsonObject[][] {
  const lists: JsonObject[][] = [];
  const nets = file.networks;
  if (typeof nets === 'object' && nets !== null) {
    for (const list of Object.values(nets))
      if (Array.isArray(list)) lists.push(list as JsonObject[]);
  }
  const opts = file.optimizers;
  if (typeof opts === 'object' && opts !== null) {
    for (const o of Object.values(opts)) {
      const slots = (o as JsonObject | null)?.slots;
      if (Array.isArray(slots)) lists.push(slots as JsonObject[]);
    }
  }
  return lists;
}

function pickTensor(file: JsonObject, index: number): JsonObject | null {
  const all = tensorLists(file)
    .flat()
    .filter((t) => typeof t === 'object' && t !== null);
  return all.length === 0 ? null : all[index % all.length];
}

/** `[[[...]]]` or `{"a":{"a":...1}}`, `depth` levels deep. */
export function deepNest(open: string, depth: number): string {
  return open === '['
    ? '['.repeat(depth) + ']'.repeat(depth)
    : open.repeat(depth) + '1' + '}'.repeat(depth);
}

function marker(raws: Raw[], raw: string): string {
  raws.push({ raw });
  return `${MARKER}${raws.length - 1}`;
}

/** JSON.stringify, then each marker string replaced by its raw text (numbers JSON lacks, deep nests). */
function writeWithRaws(file: Json, raws: readonly Raw[]): string {
  const text = JSON.stringify(file);
  if (raws.length === 0) return text;
  return text.replace(new RegExp(`"${MARKER}(\\d+)"`, 'g'), (_, i: string) => raws[Number(i)].raw);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
