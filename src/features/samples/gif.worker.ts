// Encodes the sample-grid GIF off the page's thread and reports progress after each frame.

import { encodeGif, type GifFrame, type GifOptions } from './gif-frames';

export interface GifRequest {
  readonly frames: readonly GifFrame[];
  readonly options: GifOptions;
}

export type GifReply =
  | { readonly type: 'progress'; readonly fraction: number }
  | { readonly type: 'done'; readonly bytes: Uint8Array }
  | { readonly type: 'error'; readonly message: string };

self.onmessage = (event: MessageEvent<GifRequest>) => {
  const post = (reply: GifReply, transfer: Transferable[] = []) =>
    (self as unknown as Worker).postMessage(reply, transfer);
  try {
    const bytes = encodeGif(event.data.frames, event.data.options, (fraction) =>
      post({ type: 'progress', fraction }),
    );
    post({ type: 'done', bytes }, [bytes.buffer]);
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
