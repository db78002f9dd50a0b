// Minibatch discrimination (Salimans et al., "Improved Techniques for Training GANs", 2016): a
// discriminator layer that lets each image be judged beside the rest of its batch. The features
// of every image are projected to `kernels` small vectors of `dims` numbers; for each kernel the
// layer adds up how close (exp of minus the L1 distance) the other images of the batch come, and
// appends those `kernels` numbers to the features. A generator that draws the same few digits
// over and over makes these closeness values large, which the discriminator learns to punish:
// the layer fights mode collapse.
//
// The output therefore depends on the whole batch, like batch norm in training mode: score real
// and generated images in separate batches (GanRuntime does).

import * as tf from '@tensorflow/tfjs';
import { MINIBATCH_DIMS } from './dcgan-plan';

export { MINIBATCH_DIMS };

/** The initializer type tfjs-layers takes (not exported under a public name). */
type Initializer = ReturnType<typeof tf.initializers.randomNormal>;

/** tfjs-layers' LayerArgs (name, trainable, ...), not exported under a public name. */
type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface MinibatchDiscriminationArgs extends LayerArgs {
  readonly kernels: number;
  readonly dims?: number;
  readonly kernelInitializer?: Initializer;
}

export class MinibatchDiscrimination extends tf.layers.Layer {
  static readonly className = 'MinibatchDiscrimination';
  readonly kernels: number;
  readonly dims: number;
  private readonly kernelInitializer: Initializer;
  private kernel: tf.LayerVariable | null = null;

  constructor(args: MinibatchDiscriminationArgs) {
    super(args); // tfjs-layers reads only the LayerArgs fields it knows
    this.kernels = args.kernels;
    this.dims = args.dims ?? MINIBATCH_DIMS;
    this.kernelInitializer =
      args.kernelInitializer ?? tf.initializers.randomNormal({ mean: 0, stddev: 0.02 });
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape; // one input
    const features = shape[1];
    if (shape.length !== 2 || typeof features !== 'number') {
      throw new Error(`${this.name}: expects flat features [batch, n], got ${String(inputShape)}`);
    }
    // [features, kernels * dims]: the same layout as a dense kernel, so weights files and the
    // PyTorch export need no permutation.
    this.kernel = this.addWeight(
      'kernel',
      [features, this.kernels * this.dims],
      'float32',
      this.kernelInitializer,
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = inputShape as tf.Shape;
    const features = shape[1];
    return [shape[0], features === null ? null : features + this.kernels];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D; // [b, n]
      if (this.kernel === null) throw new Error(`${this.name} was called before it was built`);
      return minibatchFeatures(x, this.kernel.read() as tf.Tensor2D, this.kernels, this.dims);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), kernels: this.kernels, dims: this.dims };
  }
}

tf.serialization.registerClass(MinibatchDiscrimination);

/** [b, n] features and an [n, kernels * dims] projection -> [b, n + kernels]. */
export function minibatchFeatures(
  x: tf.Tensor2D,
  projection: tf.Tensor2D,
  kernels: number,
  dims: number,
): tf.Tensor2D {
  return tf.tidy(() => {
    const b = x.shape[0];
    const m = tf.matMul(x, projection).reshape([b, kernels, dims]);
    // |m_i - m_j| summed over dims: [b, b, kernels]; the diagonal (each image with itself) is 0.
    const l1 = tf.abs(tf.sub(m.expandDims(1), m.expandDims(0))).sum(3);
    // Sum over the other images j of exp(-distance); the image itself adds exactly exp(0) = 1.
    const closeness = tf.exp(tf.neg(l1)).sum(1).sub(1); // [b, kernels]
    return tf.concat([x, closeness], 1) as tf.Tensor2D;
  });
}
