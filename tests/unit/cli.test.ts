// The headless trainer as a person runs it: a real process, real files.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DCGAN_FIELDS, type GanLoss } from '../../src/ml/config';
import { syntheticDataset } from '../../src/ml/testing/synthetic-dataset';
import { trainerFromWeights } from '../../src/ml/train/resume';
import { parseWeightsFile } from '../../src/ml/weights';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

async function train(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(tsx, ['src/cli/train.ts', ...args], { cwd: root });
    return { code: 0, stderr };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

/** A network of an --export-layers folder, loaded by stock tfjs (Node's tfjs has no file:// handler). */
async function loadExported(layers: string, name: string): Promise<tf.LayersModel> {
  const json = JSON.parse(await readFile(path.join(layers, `${name}/model.json`), 'utf8'));
  const bin = await readFile(path.join(layers, name, json.weightsManifest[0].paths[0]));
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights,
      weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
    }),
  );
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cli-'));
  await tf.setBackend('cpu');
});

describe('npm run train', () => {
  it('trains, shows progress, writes weights, a PNG and Layers models, and continues a run', async () => {
    const out = path.join(dir, 'vae.json');
    const layers = path.join(dir, 'layers');
    const first = await train([
      '--model', 'vae', '--dataset', 'mnist', '--steps', '3', '--batch', '8', '--latent', '4',
      '--out', out, '--export-layers', layers, '--samples', path.join(dir, 'grid.png'),
      '--set', 'baseFilters=8', '--set', 'kernelSize=5', '--set', 'klWeight=0.5',
    ]); // prettier-ignore
    expect(first.stderr).toMatch(/backend: wasm/);
    expect(first.stderr).toMatch(/100% step 3\/3 .*loss .*img\/s/);
    expect(first.code).toBe(0);
    const file = parseWeightsFile(await readFile(out));
    expect(file.meta.step).toBe(3);
    expect(file.meta.model).toMatchObject({
      ...{ kind: 'vae', latentDim: 4, batchSize: 8 },
      ...{ baseFilters: 8, kernelSize: 5, klWeight: 0.5 },
    });
    expect((await stat(path.join(dir, 'grid.png'))).size).toBeGreaterThan(1000);

    const model = await loadExported(layers, 'decoder');
    const image = model.predict(tf.zeros([1, 4])) as tf.Tensor;
    expect(image.shape).toEqual([1, 28, 28, 1]);

    const out2 = path.join(dir, 'vae2.json');
    const second = await train([
      '--model', 'vae', '--dataset', 'mnist', '--steps', '2', '--init', out, '--out', out2,
    ]); // prettier-ignore
    expect(second.stderr).toMatch(/continuing from .* at step 3/);
    expect(second.code).toBe(0);
    const file2 = parseWeightsFile(await readFile(out2));
    expect(file2.meta.step).toBe(5);
    expect(file2.meta.history.map((p) => p.step)).toEqual([1, 2, 3, 4, 5]);
  });

  const losses = (DCGAN_FIELDS.loss.type === 'choice' ? DCGAN_FIELDS.loss.options : []).map(
    (o) => o.value as GanLoss,
  );
  it.each(losses)(
    'trains the DCGAN with --set loss=%s; the weights import back and the Layers models load',
    async (loss) => {
      const out = path.join(dir, `gan-${loss}.json`);
      const layers = path.join(dir, `gan-${loss}-layers`);
      const r = await train([
        '--model', 'dcgan', '--dataset', 'mnist', '--steps', '2', '--batch', '8', '--latent', '4',
        '--set', 'baseFilters=4', '--set', `loss=${loss}`, '--out', out, '--export-layers', layers,
      ]); // prettier-ignore
      expect(r.stderr).toMatch(/100% step 2\/2 .*\|grad G\| .*\|grad D\| .*W /);
      expect(r.code).toBe(0);
      const file = parseWeightsFile(await readFile(out));
      expect(file.meta.model).toMatchObject({ kind: 'dcgan', loss, baseFilters: 4 });
      // --set loss=wgan-gp brings the paper's settings (withLoss).
      const critic = loss === 'wgan-gp';
      expect(file.meta.model).toMatchObject(
        critic ? { dStepsPerG: 5, discriminatorNorm: 'layer', beta1: 0 } : { dStepsPerG: 1 },
      );
      for (const point of file.meta.history) {
        const l = point.losses;
        expect(l.kind === 'dcgan' && [l.gGradNorm, l.dGradNorm].every((v) => v > 0)).toBe(true);
      }

      // Imported into a run (same architecture, every weight), it trains on.
      const dataset = syntheticDataset({ height: 28, width: 28, channels: 1 }, 16, 8);
      const trainer = await trainerFromWeights({ weights: file, dataset, listener: () => {} });
      await trainer.trainStep();
      expect(trainer.step).toBe(3);

      // The discriminator ('critic' for WGAN-GP) loads with stock tfjs, scores as the run does,
      // and its model.json names the loss.
      const name = critic ? 'critic' : 'discriminator';
      const json = JSON.parse(await readFile(path.join(layers, `${name}/model.json`), 'utf8'));
      expect(json.userDefinedMetadata).toMatchObject({ loss, model: { loss, baseFilters: 4 } });
      const model = await loadExported(layers, name);
      const fresh = await trainerFromWeights({ weights: file, dataset, listener: () => {} });
      const x = tf.randomUniform([3, 28, 28, 1], -1, 1, 'float32', 5);
      const want = fresh.runtime.nets.discriminator.predict(x) as tf.Tensor;
      const got = model.predict(x) as tf.Tensor;
      expect(Array.from(got.dataSync())).toEqual(Array.from(want.dataSync()));
      const readme = await readFile(path.join(layers, 'README.txt'), 'utf8');
      expect(readme).toMatch(critic ? /critic's score with no sigmoid/ : new RegExp(name));
      tf.dispose([x, want, got]);
      [trainer, fresh].forEach((t) => t.dispose());
      model.dispose();
    },
  );

  it('trains a conditional VAE: rows by class, a two-input decoder stock tfjs loads, a clear refusal on flags', async () => {
    const out = path.join(dir, 'cvae.json');
    const layers = path.join(dir, 'cvae-layers');
    const r = await train([
      '--model', 'vae', '--dataset', 'mnist', '--steps', '2', '--batch', '8', '--latent', '4',
      '--set', 'conditional=true', '--set', 'baseFilters=8', '--out', out,
      '--export-layers', layers, '--samples', path.join(dir, 'cgrid.png'),
    ]); // prettier-ignore
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/cgrid.png \(one row per class: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9;/);
    expect(parseWeightsFile(await readFile(out)).meta.dataset.classes).toHaveLength(10);
    const model = await loadExported(layers, 'decoder');
    const seven = tf.oneHot(tf.tensor1d([7], 'int32'), 10).toFloat();
    expect((model.predict([tf.zeros([1, 4]), seven]) as tf.Tensor).shape).toEqual([1, 28, 28, 1]);

    const flags = await train([
      '--model', 'vae', '--dataset', 'flags', '--steps', '1', '--set', 'conditional=true',
      '--out', path.join(dir, 'flags.json'),
    ]); // prettier-ignore
    expect(flags.code).toBe(1);
    expect(flags.stderr).toMatch(/cannot train on World flags: every flag is a class of its own/);
  });

  it('trains a conditional DCGAN whose generator stock tfjs runs with noise and a label, and its discriminator too', async () => {
    const out = path.join(dir, 'cgan.json');
    const layers = path.join(dir, 'cgan-layers');
    const r = await train([
      '--model', 'dcgan', '--dataset', 'mnist', '--set', 'conditional=true', '--steps', '2',
      '--batch', '8', '--latent', '4', '--set', 'baseFilters=4', '--out', out,
      '--export-layers', layers, '--samples', path.join(dir, 'cgan-grid.png'),
    ]); // prettier-ignore
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/cgan-grid.png \(one row per class: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9;/);
    const digits = Array.from({ length: 10 }, (_, i) => String(i));
    const file = parseWeightsFile(await readFile(out));
    expect(file.meta.model).toMatchObject({ kind: 'dcgan', conditional: true });
    expect(file.meta.dataset.classes).toEqual(digits);

    // The generator: [z, one-hot class] -> images, the same as the run draws them.
    const generator = await loadExported(layers, 'generator');
    expect(generator.inputs.map((i) => i.shape)).toEqual([
      [null, 4],
      [null, 10],
    ]);
    const json = JSON.parse(await readFile(path.join(layers, 'generator/model.json'), 'utf8'));
    expect(json.userDefinedMetadata).toMatchObject({ classes: digits });
    const z = tf.randomNormal([2, 4], 0, 1, 'float32', 3) as tf.Tensor2D;
    const asked = Int32Array.of(7, 3);
    const y = tf.oneHot(tf.tensor1d(asked, 'int32'), 10).toFloat();
    const images = generator.predict([z, y]) as tf.Tensor;
    expect(images.shape).toEqual([2, 28, 28, 1]);
    const synthetic = syntheticDataset({ height: 28, width: 28, channels: 1 }, 16, 8);
    const dataset = { ...synthetic, info: { ...synthetic.info, labelNames: digits } };
    const fresh = await trainerFromWeights({ weights: file, dataset, listener: () => {} });
    const want = fresh.runtime.generate(z, asked);
    expect(Array.from(images.dataSync())).toEqual(Array.from(want.dataSync()));

    // The discriminator: [image, one-hot class] -> logit.
    const discriminator = await loadExported(layers, 'discriminator');
    const x = tf.randomUniform([2, 28, 28, 1], -1, 1, 'float32', 5);
    const logits = discriminator.predict([x, y]) as tf.Tensor;
    const wantLogits = fresh.runtime.nets.discriminator.predict([x, y]) as tf.Tensor;
    expect(Array.from(logits.dataSync())).toEqual(Array.from(wantLogits.dataSync()));
    const readme = await readFile(path.join(layers, 'README.txt'), 'utf8');
    expect(readme).toContain('generator.predict([z, y])');
    expect(readme).toMatch(/one-hot \[n, 10\] .* by index: 0 0, 1 1,/);
    tf.dispose([z, y, images, want, x, logits, wantLogits]);
    fresh.dispose();
    [generator, discriminator].forEach((m) => m.dispose());
  });

  it('stops at the first step end after --minutes of training and still writes its outputs', async () => {
    const out = path.join(dir, 'timed.json');
    const r = await train([
      '--model', 'vae', '--dataset', 'mnist', '--minutes', '0.001', '--steps', '1000',
      '--batch', '8', '--latent', '4', '--set', 'baseFilters=8', '--out', out,
    ]); // prettier-ignore
    expect(r.stderr).toMatch(/for 1000 steps or up to 0.001 min, whichever comes first/);
    expect(r.stderr).toMatch(/done: step \d+, .*the 0.001 min budget ran out/);
    expect(r.code).toBe(0);
    const { meta } = parseWeightsFile(await readFile(out));
    expect(meta.step).toBeGreaterThanOrEqual(1);
    expect(meta.step).toBeLessThan(1000);
  });

  it('stops a diverging run with the reason and exit code 1', async () => {
    // The first test's VAE with the decoder's output bias at the edge of float32: its logits
    // overflow on the next step, as a run blowing up would.
    const file = JSON.parse(await readFile(path.join(dir, 'vae.json'), 'utf8')) as {
      networks: Record<string, { shape: number[]; data: string }[]>;
    };
    const bias = file.networks.decoder.filter((w) => w.shape.length === 1).pop()!;
    const huge = new Float32Array(bias.shape[0]).fill(3.3e38);
    bias.data = Buffer.from(huge.buffer).toString('base64');
    const init = path.join(dir, 'about-to-diverge.json');
    await writeFile(init, JSON.stringify(file));
    const r = await train([
      '--model', 'vae', '--dataset', 'mnist', '--steps', '3', '--init', init,
      '--out', path.join(dir, 'diverged.json'),
    ]); // prettier-ignore
    expect(r.stderr).toMatch(/error: .*diverged at step 4/i);
    expect(r.code).toBe(1);
  });

  it.each([
    [['--model', 'vae', '--dataset', 'mnist'], /--out is required/],
    [['--model', 'gan', '--dataset', 'mnist', '--out', 'x.json'], /unknown model "gan"/],
    [['--model', 'vae', '--dataset', 'cifar', '--out', 'x.json'], /unknown dataset "cifar"/],
    [
      ['--model', 'vae', '--dataset', 'mnist', '--out', 'x.json', '--minutes', 'abc'],
      /error: --minutes must be a number greater than 0/,
    ],
  ])('refuses bad arguments with the usage and exit code 2 (%s)', async (args, message) => {
    const r = await train(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/Usage: npm run train/);
  });

  it('refuses a corrupt --init file with a clear message and exit code 1', async () => {
    const bad = path.join(dir, 'bad.json');
    await import('node:fs/promises').then((fs) => fs.writeFile(bad, '{"format": "something-else"'));
    const r = await train([
      '--model',
      'vae',
      '--dataset',
      'mnist',
      '--init',
      bad,
      '--out',
      'x.json',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: .*JSON/i);
  });
});
