// The architecture of a network as plain data: every tfjs layer in order, with its name and
// sizes. It is written once per network (dcgan-plan.ts, vae-plan.ts) and read twice: by
// build-network.ts, which builds the tfjs model from it, and by the PyTorch export
// (src/ml/export-python/render-networks.ts), which writes the same network in Python. No tfjs
// here, so the page can render the Python script without loading TensorFlow.js.

export type NetworkName = 'generator' | 'discriminator' | 'encoder' | 'decoder';

export interface Size {
  readonly height: number;
  readonly width: number;
}

/** An activation tfjs applies inside a dense or convolution layer (its `activation` option). */
export type FusedActivation = 'relu' | 'tanh';

/** The layers whose output feeds the next layer directly, with weights of their own. */
export type WeightLayer =
  | {
      readonly type: 'dense';
      readonly name: string;
      readonly inFeatures: number;
      readonly outFeatures: number;
      readonly bias: boolean;
      readonly activation: FusedActivation | null;
    }
  | {
      /** conv: strided 'same' convolution; deconv: strided 'same' transposed convolution. */
      readonly type: 'conv' | 'deconv';
      readonly name: string;
      readonly inChannels: number;
      readonly outChannels: number;
      readonly kernel: number;
      readonly bias: boolean;
      readonly inSize: Size;
      readonly outSize: Size;
      readonly activation: FusedActivation | null;
    };

export type LayerSpec =
  | WeightLayer
  | { readonly type: 'batchnorm'; readonly name: string; readonly features: number }
  | {
      /**
       * Layer norm over each image's height, width and channels, with a scale and an offset per
       * element [height, width, channels] (tfjs axis [1, 2, 3]; PyTorch LayerNorm((C, H, W))).
       */
      readonly type: 'layernorm';
      readonly name: string;
      readonly height: number;
      readonly width: number;
      readonly channels: number;
    }
  | {
      /** An activation as a layer of its own; leakyRelu multiplies negatives by `alpha`. */
      readonly type: 'activation';
      readonly name: string;
      readonly fn: 'relu' | 'tanh' | 'leakyRelu';
      readonly alpha?: number;
    }
  | {
      /** [b, height * width * channels] -> [b, height, width, channels], channels-last. */
      readonly type: 'reshape';
      readonly name: string;
      readonly height: number;
      readonly width: number;
      readonly channels: number;
    }
  | {
      /** [b, height, width, channels] -> [b, height * width * channels], channels-last. */
      readonly type: 'flatten';
      readonly name: string;
      readonly height: number;
      readonly width: number;
      readonly channels: number;
    }
  | {
      /**
       * Minibatch discrimination: [b, inFeatures] -> [b, inFeatures + kernels]. A setting can
       * switch it off, so it draws its initial weights after every other layer of its network:
       * turning it on leaves the others' initial weights as they were.
       */
      readonly type: 'minibatch';
      readonly name: string;
      readonly inFeatures: number;
      readonly kernels: number;
      readonly dims: number;
    }
  | {
      /**
       * Joins the network's class input (one-hot, [b, classes]) to the stream: a flat stream
       * [b, f] -> [b, f + classes]; an image stream [b, h, w, c] -> [b, h, w, c + classes], the
       * one-hot repeated at every pixel (label planes). No weights: the next layer's extra
       * inputs act as a learned per-class embedding.
       */
      readonly type: 'joinLabel';
      readonly name: string;
      readonly classes: number;
      /** Height and width of an image stream; null for a flat one. */
      readonly size: Size | null;
    }
  | {
      /**
       * A projection discriminator's logit (Miyato and Koyama 2018): features f [b, inFeatures]
       * and the network's class input y (one-hot [b, classes]) -> psi(f) + <embed(y), f>, [b, 1].
       * psi is a dense layer to one unit with a bias, named `name`; embed a dense layer without
       * bias from the class to inFeatures units (a learned vector per class), named `embedName`.
       */
      readonly type: 'classProjection';
      readonly name: string;
      readonly embedName: string;
      readonly inFeatures: number;
      readonly classes: number;
    };

export interface NetworkPlan {
  readonly name: NetworkName;
  /** tfjs input shape without the batch axis, channels-last: [latent] or [H, W, C]. */
  readonly inputShape: readonly number[];
  /** Name of the tfjs input layer; used when the network has several heads (a tfjs Model). */
  readonly inputName: string;
  /**
   * A class-conditional network's second input: the class, one-hot [b, classes], under this
   * tfjs input name. Absent for an unconditional network.
   */
  readonly labelInput?: { readonly name: string; readonly classes: number };
  /**
   * Every tfjs layer, in order (also the order of the weights and of the Adam slots). Each one
   * reads the previous one's output, except the last `heads` layers: those all read the output
   * of the layer before them and are the network's outputs.
   */
  readonly layers: readonly LayerSpec[];
  readonly heads: number;
  /** How the initial weights are drawn: the kernels' initializer and the seed's salt. */
  readonly init: { readonly kernels: 'normal' | 'glorot'; readonly salt: number };
  /** The PyTorch class: its name, argument, one-line docstring and return-line comment. */
  readonly python: {
    readonly className: string;
    /** forward()'s argument; a conditional network takes the one-hot class `y` after it. */
    readonly input: 'z' | 'x';
    readonly summary: string;
    readonly returns: string;
  };
}

/**
 * The classes a network is planned for: `classes` (two or more) for a conditional model, 0 for
 * an unconditional one (which ignores `classes`).
 */
export function plannedClasses(conditional: boolean, classes: number): number {
  if (!conditional) return 0;
  if (!(Number.isInteger(classes) && classes >= 2)) {
    throw new Error(`A class-conditional network needs two classes or more, got ${classes}`);
  }
  return classes;
}

/** The plan's class input, for a conditional network (k classes). */
export function labelInput(name: string, k: number): Pick<NetworkPlan, 'labelInput'> {
  return k === 0 ? {} : { labelInput: { name, classes: k } };
}

/** The class argument in a docstring. */
export function withClass(k: number): string {
  return k === 0 ? '' : ` and classes y [b, ${k}] one-hot`;
}

/** Spatial size after `halvings` stride-2 stages from the full image. */
export function sizeAt(shape: Size, halvings: number): Size {
  return { height: shape.height / 2 ** halvings, width: shape.width / 2 ** halvings };
}

/** A channels-first shape for comments, as PyTorch sees it: [b, c, h, w]. */
export function dims(channels: number, size: Size): string {
  return `[b, ${channels}, ${size.height}, ${size.width}]`;
}
