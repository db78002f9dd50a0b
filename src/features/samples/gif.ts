// The page's side of GIF encoding: hands the frames to a short-lived worker and reports progress.

import { unpackGrid } from '../../store/packed-grid';
import type { Frame } from '../../store/timeline';
import type { GifOptions } from './gif-frames';
import type { GifReply, GifRequest } from './gif.worker';

/** Grids smaller than this are scaled up so the GIF is watchable. */
const MIN_GIF_WIDTH = 400;

export function gifOptionsFor(
  width: number,
  barColor: readonly [number, number, number],
): GifOptions {
  return {
    scale: Math.max(1, Math.ceil(MIN_GIF_WIDTH / width)),
    delayMs: 180,
    lastDelayMs: 1500,
    barColor,
  };
}

export function encodeGifInWorker(
  frames: readonly Frame[],
  barColor: readonly [number, number, number],
  onProgress: (fraction: number) => void,
): Promise<Uint8Array> {
  const first = frames[0];
  if (first === undefined) return Promise.reject(new Error('No sample grids to put in a GIF yet.'));
  const lastStep = Math.max(1, frames[frames.length - 1].step);
  const request: GifRequest = {
    frames: frames.map((f) => ({
      rgba: unpackGrid(f.grid).rgba,
      width: f.grid.width,
      height: f.grid.height,
      position: f.step / lastStep,
    })),
    options: gifOptionsFor(first.grid.width, barColor),
  };
  const worker = new Worker(new URL('./gif.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<Uint8Array>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<GifReply>) => {
      const reply = event.data;
      if (reply.type === 'progress') onProgress(reply.fraction);
      else {
        worker.terminate();
        if (reply.type === 'done') resolve(reply.bytes);
        else reject(new Error(`The GIF could not be made: ${reply.message}`));
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      worker.terminate();
      reject(new Error(`The GIF could not be made: ${event.message || 'the encoder stopped'}`));
    };
    // The unpacked grids are the request's own: hand them over rather than copy them (each is a
    // fresh array on a plain ArrayBuffer).
    worker.postMessage(
      request,
      request.frames.map((f) => f.rgba.buffer as ArrayBuffer),
    );
  });
}
