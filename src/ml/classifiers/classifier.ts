// A loaded classifier: turns images into Fréchet features and predicted classes, in batches, with
// nothing left on the tfjs heap afterwards.

import * as tf from '@tensorflow/tfjs';
import type { ClassifierInfo } from './info';
import { withFeatures } from './lenet';

export interface Embedding {
  /** Penultimate activations, row-major [n, featureDim]. */
  readonly features: Float32Array;
  /** Arg-max class per image. */
  readonly predictions: Uint16Array;
  /** Softmax probability of the predicted class per image. */
  readonly confidence: Float32Array;
  /** The classifier's logits, row-major [n, classes] (the Inception Score's input). */
  readonly logits: Float32Array;
  readonly count: number;
  readonly featureDim: number;
}

/** Images per forward pass: bounds the activations held at once (~1,000 x 28x28x32 floats). */
const BATCH = 500;

export class Classifier {
  private readonly both: tf.LayersModel;

  constructor(
    readonly info: ClassifierInfo,
    private readonly net: tf.LayersModel,
  ) {
    this.both = withFeatures(net);
  }

  get featureDim(): number {
    return this.info.featureDim;
  }

  /** images [n, 28, 28, 1] with pixels in [0, 1]; the caller keeps ownership of `images`. */
  async embed(images: tf.Tensor4D): Promise<Embedding> {
    const n = images.shape[0];
    const d = this.info.featureDim;
    const features = new Float32Array(n * d);
    const predictions = new Uint16Array(n);
    const confidence = new Float32Array(n);
    const classes = this.info.labelNames.length;
    const logitRows = new Float32Array(n * classes);
    for (let start = 0; start < n; start += BATCH) {
      const size = Math.min(BATCH, n - start);
      const [f, logits, best, prob] = tf.tidy(() => {
        const x = images.slice([start, 0, 0, 0], [size, -1, -1, -1]);
        const [feat, l] = this.both.predict(x) as tf.Tensor[]; // [size, d], [size, classes]
        const p = tf.softmax(l);
        return [feat, l, tf.argMax(l, 1), tf.max(p, 1)];
      });
      const [fv, lv, bv, pv] = await Promise.all([
        f.data(),
        logits.data(),
        best.data(),
        prob.data(),
      ]);
      tf.dispose([f, logits, best, prob]);
      features.set(fv as Float32Array, start * d);
      logitRows.set(lv as Float32Array, start * classes);
      predictions.set(bv, start);
      confidence.set(pv as Float32Array, start);
    }
    return {
      features,
      predictions,
      confidence,
      logits: logitRows,
      count: n,
      featureDim: d,
    };
  }

  /** Predicted classes of uint8 images [n, 28, 28, 1] (0..255), e.g. a dataset split. */
  async classifyBytes(pixels: Uint8Array, count: number): Promise<Embedding> {
    const { height, width } = { height: 28, width: 28 };
    const images = tf.tidy(() =>
      tf
        .tensor4d(pixels.subarray(0, count * height * width), [count, height, width, 1], 'int32')
        .toFloat()
        .div(255),
    ) as tf.Tensor4D;
    try {
      return await this.embed(images);
    } finally {
      images.dispose();
    }
  }

  dispose(): void {
    // `both` shares every layer (and so every weight) with `net`: disposing `net` frees them all.
    this.net.dispose();
  }
}
