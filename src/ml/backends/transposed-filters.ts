// Builds the filters Conv2DBackpropInput's composites convolve with, in plain JavaScript.
//
// Each is (a strided subset of) the forward filter W [KH, KW, Cin, Cout] reversed in both
// spatial axes with its channels swapped, possibly placed inside a larger zero window. Filters
// are small (131k values for 4x4x64x128), and one pass over them in JS costs well under a
// millisecond, while the wasm backend's StridedSlice and Reverse took ~15 ms and ~4 ms per call
// on such tensors.

import * as tf from '@tensorflow/tfjs';

import type { WasmBackend } from './wasm-kernel-calls';

/** Which filter taps along one axis, and where they land in the output window. */
export interface TapRange {
  /** First tap of W used (kh = first, first + step, ...). */
  readonly first: number;
  readonly step: number;
  readonly taps: number;
  /** Window row (or column) where the block starts; its taps are written reversed. */
  readonly offset: number;
}

/**
 * A block to write into a filter window [WH, WW, Cout, channelsTotal]:
 *   window[rows.offset + j, cols.offset + j', co, channelOffset + ci]
 *     = W[rows.first + rows.step * (rows.taps - 1 - j), cols.first + ..., ci, co]
 */
export interface FilterBlock {
  readonly rows: TapRange;
  readonly cols: TapRange;
  readonly channelOffset: number;
}

/** Reads W once; `build` then writes any number of windows from it. */
export function filterReader(backend: WasmBackend, filter: tf.TensorInfo) {
  const [kh, kw, cin, cout] = filter.shape;
  // readSync returns a copy of the heap bytes, safe from later heap growth.
  const w = backend.readSync(filter.dataId) as Float32Array;
  return {
    inChannels: cin,
    outChannels: cout,
    /** Window [height, width, Cout, channelsTotal] holding `blocks`, zeros elsewhere. */
    build(height: number, width: number, channelsTotal: number, blocks: FilterBlock[]) {
      const out = new Float32Array(height * width * cout * channelsTotal);
      for (const { rows, cols, channelOffset } of blocks) {
        for (let j = 0; j < rows.taps; j++) {
          const srcRow = rows.first + rows.step * (rows.taps - 1 - j);
          for (let jj = 0; jj < cols.taps; jj++) {
            const srcCol = cols.first + cols.step * (cols.taps - 1 - jj);
            const src = (srcRow * kw + srcCol) * cin * cout; // W[srcRow, srcCol, 0, 0]
            const dst =
              ((rows.offset + j) * width + (cols.offset + jj)) * cout * channelsTotal +
              channelOffset; // window[row, col, 0, channelOffset]
            for (let ci = 0; ci < cin; ci++) {
              for (let co = 0; co < cout; co++) {
                out[dst + co * channelsTotal + ci] = w[src + ci * cout + co];
              }
            }
          }
        }
      }
      const shape = [height, width, cout, channelsTotal];
      const dataId = backend.write(out, shape, 'float32');
      return { dataId, shape, dtype: 'float32' } as tf.TensorInfo;
    },
    height: kh,
    width: kw,
  };
}
