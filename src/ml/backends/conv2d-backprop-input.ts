// Conv2DBackpropInput for the wasm backend: the forward pass of conv2dTranspose and the input
// gradient of conv2d. The wasm backend's own kernel is a slow direct loop; these composites run
// on its fast (XNNPACK) forward Conv2D instead.
//
//   dx[n, ih, iw, ci] = sum dy[n, oh, ow, co] * W[kh, kw, ci, co]   where ih = oh*s - top + kh
//
// Two ways to turn that into stride-1 convolutions:
// - zero insertion: spread dy's pixels `s` apart (s-1 zeros between them), then convolve with the
//   filter reversed in both spatial axes and its in/out channels swapped. Simple, but for s = 2
//   three quarters of the multiplications hit inserted zeros.
// - sub-pixel (used by default): output pixels with the same row phase ih mod s only ever meet
//   the filter rows kh = r, r+s, r+2s... (r fixed by the phase), so each of the s*s phases is a
//   small stride-1 convolution of dy itself with a sub-filter. The s*s results, stacked along the
//   channel axis, interleave into dx (depth-to-space). No multiplication by an inserted zero.

import * as tf from '@tensorflow/tfjs';

import { filterReader, type FilterBlock } from './transposed-filters';
import {
  callWasmKernel,
  conv2dExplicit,
  release,
  reshape,
  slice,
  transpose,
  type WasmBackend,
} from './wasm-kernel-calls';

type KernelArgs = {
  inputs: tf.NamedTensorInfoMap;
  backend: WasmBackend;
  attrs: tf.NamedAttrMap;
};

type ConvInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

function readArgs(args: KernelArgs): { dy: tf.TensorInfo; filter: tf.TensorInfo; info: ConvInfo } {
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  if (attrs.dataFormat !== 'NHWC') {
    throw new Error(`Conv2DBackpropInput on wasm supports NHWC only, got ${attrs.dataFormat}`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape,
    filter.shape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  return { dy, filter, info };
}

/** Pads that may be negative: a negative pad is a crop of the input instead. */
interface SignedPads {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Conv2D stride 1 of x [N, H, W, C] with pads that may be negative (cropping x first). */
function conv2dSignedPads(
  backend: WasmBackend,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  pads: SignedPads,
): tf.TensorInfo {
  const [n, h, w, c] = x.shape;
  const cropTop = Math.max(0, -pads.top);
  const cropBottom = Math.max(0, -pads.bottom);
  const cropLeft = Math.max(0, -pads.left);
  const cropRight = Math.max(0, -pads.right);
  const cropped = cropTop + cropBottom + cropLeft + cropRight > 0;
  const input = cropped
    ? slice(
        backend,
        x,
        [0, cropTop, cropLeft, 0],
        [n, h - cropTop - cropBottom, w - cropLeft - cropRight, c],
      )
    : x;
  const out = conv2dExplicit(
    backend,
    input,
    filter,
    {
      top: Math.max(0, pads.top),
      bottom: Math.max(0, pads.bottom),
      left: Math.max(0, pads.left),
      right: Math.max(0, pads.right),
    },
    [1, 1],
    [1, 1],
  );
  if (cropped) release(backend, input);
  return out;
}

/** The zero-insertion composite (kept for comparison and as a reference in tests). */
export function conv2dBackpropInputZeroInsertion(args: KernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { dy, filter, info } = readArgs(args);
  const { batchSize: n, inHeight, inWidth, outHeight, outWidth, outChannels } = info;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, padInfo } = info;

  // dy [N, OH, OW, Cout] -> [N, OH*sh, OW*sw, Cout] with each pixel followed by zeros.
  let spread = dy;
  if (sh > 1 || sw > 1) {
    const r6 = reshape(backend, dy, [n, outHeight, 1, outWidth, 1, outChannels]);
    const padded = callWasmKernel(
      'PadV2',
      backend,
      { x: r6 },
      {
        paddings: [
          [0, 0],
          [0, 0],
          [0, sh - 1],
          [0, 0],
          [0, sw - 1],
          [0, 0],
        ],
        constantValue: 0,
      },
    ); // [N, OH, sh, OW, sw, Cout]
    spread = reshape(backend, padded, [n, outHeight * sh, outWidth * sw, outChannels]);
    release(backend, r6, padded);
  }
  // Filter reversed in both spatial axes, channels swapped: [KH, KW, Cout, Cin].
  const reader = filterReader(backend, filter);
  const whole = (k: number) => ({ first: 0, step: 1, taps: k, offset: 0 });
  const flipped = reader.build(kh, kw, reader.inChannels, [
    { rows: whole(kh), cols: whole(kw), channelOffset: 0 },
  ]);
  // Output row i reads spread rows i + top - (kh-1) .. i + top; `spread` already carries
  // sh-1 trailing zero rows, so the far pad shrinks by that much (cropping if negative).
  const top = kh - 1 - padInfo.top;
  const left = kw - 1 - padInfo.left;
  const dx = conv2dSignedPads(backend, spread, flipped, {
    top,
    bottom: inHeight + kh - 1 - outHeight * sh - top,
    left,
    right: inWidth + kw - 1 - outWidth * sw - left,
  }); // [N, inH, inW, Cin]
  release(backend, flipped);
  if (spread !== dy) release(backend, spread);
  return dx;
}

/** One output phase along one axis: which filter taps it uses and how dy lines up with it. */
interface Phase {
  /** First filter tap of this phase (kh = first, first + s, ...). */
  first: number;
  /** Number of taps. 0 when the kernel is smaller than the stride and misses this phase. */
  taps: number;
  /** Conv2D pad before dy along this axis (negative: crop). */
  padBefore: number;
  /** Conv2D pad after dy along this axis (negative: crop). */
  padAfter: number;
}

/**
 * Output pixel ih = s*m + p meets filter taps kh = r + s*j with r = (p + top) mod s, at
 * dy row q - j where q = m + floor((p + top) / s). With the sub-filter reversed, that is a
 * stride-1 convolution whose m-th output reads dy rows m + c - (J-1) .. m + c.
 */
function phaseOf(
  p: number,
  s: number,
  k: number,
  top: number,
  dyLen: number,
  outLen: number,
): Phase {
  const first = (p + top) % s;
  const c = Math.floor((p + top) / s);
  const taps = first < k ? Math.ceil((k - first) / s) : 0;
  const padBefore = taps - 1 - c;
  return { first, taps, padBefore, padAfter: outLen + taps - 1 - dyLen - padBefore };
}

/**
 * Below this many dx channels the phases share one convolution (see mergedPhases): XNNPACK runs
 * a convolution with a few output channels at a fraction of its speed, so one call with
 * s*s*Cin outputs beats s*s calls despite the zero taps. Measured with
 * bench/wasm-kernels/backprop-input-shapes.ts (batch 64, k4 s2): Cin 1: merged 4.0 ms,
 * separate 9.5, native 10.1; Cin 3: 4.4 / 6.7 / 15.4; Cin 8: 8.0 / 6.7 / 41;
 * Cin 64: 67 / 31 / 296.
 */
export const MERGE_PHASES_BELOW_CHANNELS = 8;

/** The sub-pixel composite: s*s small convolutions whose outputs interleave into dx. */
export function conv2dBackpropInputSubPixel(
  args: KernelArgs,
  merge: 'auto' | 'merged' | 'separate' = 'auto',
): tf.TensorInfo {
  const { backend } = args;
  const { dy, filter, info } = readArgs(args);
  const { batchSize: n, inHeight, inWidth, outHeight, outWidth, inChannels } = info;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, padInfo } = info;

  if (sh === 1 && sw === 1) return conv2dBackpropInputZeroInsertion(args); // nothing inserted

  // Every phase produces ceil(in/s) rows so that the phases stack; rows past the end of dx
  // (odd sizes) are computed and cropped after the interleave.
  const rowsPerPhase = Math.ceil(inHeight / sh);
  const colsPerPhase = Math.ceil(inWidth / sw);
  const rowPhases = Array.from({ length: sh }, (_, p) =>
    phaseOf(p, sh, kh, padInfo.top, outHeight, rowsPerPhase),
  );
  const colPhases = Array.from({ length: sw }, (_, p) =>
    phaseOf(p, sw, kw, padInfo.left, outWidth, colsPerPhase),
  );

  const reader = filterReader(backend, filter);
  const useMerged =
    merge === 'auto' ? inChannels < MERGE_PHASES_BELOW_CHANNELS : merge === 'merged';
  const stacked = (useMerged ? mergedPhases : separatePhases)(
    backend,
    dy,
    reader,
    rowPhases,
    colPhases,
    [n, rowsPerPhase, colsPerPhase, inChannels],
  ); // [N, rowsPerPhase, colsPerPhase, sh*sw*Cin], channel block ph*sw + pw = phase (ph, pw)

  // Interleave: [N, R, C, sh, sw, Cin] -> [N, R, sh, C, sw, Cin] -> [N, R*sh, C*sw, Cin].
  // (The backend's DepthToSpace does the same but is several times slower than Transpose.)
  const r6 = reshape(backend, stacked, [n, rowsPerPhase, colsPerPhase, sh, sw, inChannels]);
  const t6 = transpose(backend, r6, [0, 1, 3, 2, 4, 5]);
  let dx = reshape(backend, t6, [n, rowsPerPhase * sh, colsPerPhase * sw, inChannels]);
  release(backend, stacked, r6, t6);
  if (dx.shape[1] !== inHeight || dx.shape[2] !== inWidth) {
    const cropped = slice(backend, dx, [0, 0, 0, 0], [n, inHeight, inWidth, inChannels]);
    release(backend, dx);
    dx = cropped;
  }
  return dx;
}

/** The taps of phase `p` along one axis, placed at `offset` in the filter window. */
const tapsOf = (p: Phase, step: number, offset = 0) => ({
  first: p.first,
  step,
  taps: p.taps,
  offset,
});

type PhaseRunner = (
  backend: WasmBackend,
  dy: tf.TensorInfo,
  reader: ReturnType<typeof filterReader>,
  rowPhases: Phase[],
  colPhases: Phase[],
  phaseShape: [number, number, number, number],
) => tf.TensorInfo;

/** One convolution per phase, results stacked along channels. Exact multiply count. */
const separatePhases: PhaseRunner = (backend, dy, reader, rowPhases, colPhases, phaseShape) => {
  const [sh, sw] = [rowPhases.length, colPhases.length];
  const parts: tf.TensorInfo[] = []; // sh*sw of [N, rowsPerPhase, colsPerPhase, Cin]
  for (const rp of rowPhases) {
    for (const cp of colPhases) {
      if (rp.taps === 0 || cp.taps === 0) {
        parts.push(
          callWasmKernel('Fill', backend, {}, { shape: phaseShape, value: 0, dtype: 'float32' }),
        );
        continue;
      }
      // [taps_h, taps_w, Cout, Cin]: this phase's taps, reversed, channels swapped
      const sub = reader.build(rp.taps, cp.taps, reader.inChannels, [
        { rows: tapsOf(rp, sh), cols: tapsOf(cp, sw), channelOffset: 0 },
      ]);
      parts.push(
        conv2dSignedPads(backend, dy, sub, {
          top: rp.padBefore,
          bottom: rp.padAfter,
          left: cp.padBefore,
          right: cp.padAfter,
        }),
      );
      release(backend, sub);
    }
  }
  const stacked = callWasmKernel('Concat', backend, parts, { axis: 3 });
  release(backend, ...parts);
  return stacked;
};

/** Where each phase's taps sit inside one window shared by all phases along an axis. */
function sharedWindow(phases: Phase[]): { padBefore: number; padAfter: number; size: number } {
  const live = phases.filter((p) => p.taps > 0);
  const padBefore = Math.max(...live.map((p) => p.padBefore));
  const size = Math.max(...live.map((p) => padBefore - p.padBefore + p.taps));
  // Every phase yields the same output length: padAfter + padBefore - size is phase-free.
  const p0 = live[0];
  const padAfter = p0.padAfter + p0.padBefore + size - p0.taps - padBefore;
  return { padBefore, padAfter, size };
}

/**
 * All phases in one convolution: each sub-filter is zero-padded into a window shared by all
 * phases, and the padded sub-filters are stacked along the output channels. Costs the zero taps
 * of that window (for k4 s2: 9 taps instead of 4) but makes one well-shaped call.
 */
const mergedPhases: PhaseRunner = (backend, dy, reader, rowPhases, colPhases) => {
  const [sh, sw] = [rowPhases.length, colPhases.length];
  const cin = reader.inChannels;
  const rows = sharedWindow(rowPhases);
  const cols = sharedWindow(colPhases);
  const blocks: FilterBlock[] = [];
  rowPhases.forEach((rp, ph) => {
    colPhases.forEach((cp, pw) => {
      if (rp.taps === 0 || cp.taps === 0) return; // an all-zero block
      blocks.push({
        rows: tapsOf(rp, sh, rows.padBefore - rp.padBefore),
        cols: tapsOf(cp, sw, cols.padBefore - cp.padBefore),
        channelOffset: (ph * sw + pw) * cin,
      });
    });
  });
  const merged = reader.build(rows.size, cols.size, sh * sw * cin, blocks); // [.., Cout, sh*sw*Cin]
  const stacked = conv2dSignedPads(backend, dy, merged, {
    top: rows.padBefore,
    bottom: rows.padAfter,
    left: cols.padBefore,
    right: cols.padAfter,
  });
  release(backend, merged);
  return stacked;
};
