// Conv2DBackpropFilter (the filter gradient of conv2d, and of conv2dTranspose) for the wasm
// backend, which does not ship this kernel. It is rewritten as one forward Conv2D:
//
//   dW[kh, kw, ci, co] = sum_{n, oh, ow} x[n, oh*s + kh - top, ow*s + kw - left, ci] * dy[n, oh, ow, co]
//
// Read x as a batch of Cin single images with N channels ([Cin, H, W, N]) and dy as a filter of
// size OH x OW from N to Cout channels ([OH, OW, N, Cout]); then the sum above is a stride-1
// convolution whose filter taps are `s` pixels apart (dilation = the original stride), with the
// original padding made explicit. Its output [Cin, KH', KW', Cout] holds dW transposed.

import * as tf from '@tensorflow/tfjs';

import { conv2dExplicit, release, slice, transpose, type WasmBackend } from './wasm-kernel-calls';

export function conv2dBackpropFilterComposite(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: WasmBackend;
  attrs: tf.NamedAttrMap;
}): tf.TensorInfo {
  const { backend } = args;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (attrs.dataFormat !== 'NHWC') {
    throw new Error(`Conv2DBackpropFilter on wasm supports NHWC only, got ${attrs.dataFormat}`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const { inHeight, inWidth, outHeight, outWidth, inChannels, outChannels, padInfo } = info;

  // Pad the far sides only as much as the last filter tap needs (never more than the forward
  // pass did): the output then has exactly kh x kw taps unless the input must be cropped.
  const bottom = Math.max(0, (outHeight - 1) * sh + kh - inHeight - padInfo.top);
  const right = Math.max(0, (outWidth - 1) * sw + kw - inWidth - padInfo.left);

  const xT = transpose(backend, x, [3, 1, 2, 0]); // [Cin, H, W, N]
  const dyT = transpose(backend, dy, [1, 2, 0, 3]); // [OH, OW, N, Cout]
  const conv = conv2dExplicit(
    backend,
    xT,
    dyT,
    { top: padInfo.top, bottom, left: padInfo.left, right },
    [1, 1],
    [sh, sw],
  ); // [Cin, KH', KW', Cout] with KH' >= KH, KW' >= KW
  release(backend, xT, dyT);

  let taps = conv;
  if (conv.shape[1] !== kh || conv.shape[2] !== kw) {
    taps = slice(backend, conv, [0, 0, 0, 0], [inChannels, kh, kw, outChannels]);
    release(backend, conv);
  }
  const dW = transpose(backend, taps, [1, 2, 0, 3]); // [KH, KW, Cin, Cout]
  release(backend, taps);
  return dW;
}
