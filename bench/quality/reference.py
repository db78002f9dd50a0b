#!/usr/bin/env python3
"""PyTorch reference for `npm run quality`: the playground's default DCGAN and VAE for MNIST,
rebuilt layer for layer, trained with the same hyperparameters, batch size, number of steps and
data order as the TensorFlow.js run, then sampled from the same evaluation noise.

It reads what bench/quality/run.ts wrote into the work directory (config.json, the MNIST
images, the per-step image order, the evaluation noise) and writes back:
  gan-samples.npy  [N, 28, 28, 1] float32 in [-1, 1]  (generator in eval mode)
  vae-samples.npy  [N, 28, 28, 1] float32 in [0, 1]   (sigmoid of the decoder's logits)
  vae-test-mu.npy, gan-test-logits.npy   encoder means and D logits for the first 500 test images
  gan-weights.*, gan-disc-weights.*, vae-weights.*   every weight in TensorFlow layout, named as in tfjs, so the
                                 TypeScript side can load them (one scorer for both runs, and a
                                 check that the two architectures compute the same function)
  reference.json                 timings, final losses, versions, and this script's own test NELBO

Layout notes. Convolutions keep PyTorch's NCHW, but the dense <-> image reshapes follow
TensorFlow's NHWC order (view as [b, h, w, c], then permute), so a dense layer's weights mean the
same thing in both. TF 'same' padding with stride 2 and kernel 4 pads 1 on each side: Conv2d(k=4,
s=2, p=1); its transposed convolution is ConvTranspose2d(k=4, s=2, p=1).

    python3 bench/quality/reference.py WORK_DIR [--threads N]
"""

import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


# ---- models -------------------------------------------------------------------------------

def stage_filters(base, stage):
    return base * min(2 ** stage, 8)


class Generator(nn.Module):
    """z [b, latent] -> image [b, 1, 28, 28] in [-1, 1]: dense 7x7x128, BN, ReLU, convT to 64, BN,
    ReLU, convT to 1, tanh (the playground's DCGAN for a 28x28x1 set: 2 stages)."""

    def __init__(self, latent, base, k, channels, start=7):
        super().__init__()
        self.start = start
        self.f0 = stage_filters(base, 1)
        self.g_project = nn.Linear(latent, start * start * self.f0, bias=False)
        self.g_project_bn = nn.BatchNorm1d(start * start * self.f0, eps=1e-5, momentum=0.1)
        self.g_deconv1 = nn.ConvTranspose2d(self.f0, stage_filters(base, 0), k, 2, 1, bias=False)
        self.g_deconv1_bn = nn.BatchNorm2d(stage_filters(base, 0), eps=1e-5, momentum=0.1)
        self.g_deconv2 = nn.ConvTranspose2d(stage_filters(base, 0), channels, k, 2, 1, bias=True)

    def forward(self, z):
        x = F.relu(self.g_project_bn(self.g_project(z)))  # [b, 7*7*128], NHWC order
        x = x.view(-1, self.start, self.start, self.f0).permute(0, 3, 1, 2)  # [b, 128, 7, 7]
        x = F.relu(self.g_deconv1_bn(self.g_deconv1(x)))  # [b, 64, 14, 14]
        return torch.tanh(self.g_deconv2(x))  # [b, 1, 28, 28]


class MinibatchDiscrimination(nn.Module):
    """Salimans et al. (2016): features [b, n] -> [b, n + kernels], where each appended value is
    sum over the other images j of exp(-||M_i,k - M_j,k||_1), M = features @ T reshaped to
    [b, kernels, dims]. T is stored [n, kernels * dims], as tfjs stores it."""

    def __init__(self, n, kernels, dims=5):
        super().__init__()
        self.kernels, self.dims = kernels, dims
        self.weight = nn.Parameter(torch.zeros(n, kernels * dims))

    def forward(self, x):
        m = torch.matmul(x, self.weight).reshape(x.shape[0], self.kernels, self.dims)
        dist = torch.cdist(m.transpose(0, 1), m.transpose(0, 1), p=1)  # [kernels, b, b]
        others = torch.exp(-dist).sum(2) - 1.0  # exp(0) = 1 is the image itself
        return torch.cat([x, others.t()], dim=1)


class Discriminator(nn.Module):
    """image [b, 1, 28, 28] -> logit [b, 1]: conv 64 + LeakyReLU, conv 128 + BN + LeakyReLU,
    flatten (NHWC order), minibatch discrimination when kernels > 0, dense 1."""

    def __init__(self, base, k, channels, kernels, end=7):
        super().__init__()
        flat = end * end * stage_filters(base, 1)
        self.d_conv1 = nn.Conv2d(channels, stage_filters(base, 0), k, 2, 1, bias=True)
        self.d_conv2 = nn.Conv2d(stage_filters(base, 0), stage_filters(base, 1), k, 2, 1, bias=False)
        self.d_conv2_bn = nn.BatchNorm2d(stage_filters(base, 1), eps=1e-5, momentum=0.1)
        self.d_minibatch = MinibatchDiscrimination(flat, kernels) if kernels > 0 else None
        self.d_logit = nn.Linear(flat + kernels, 1)

    def forward(self, x):
        x = F.leaky_relu(self.d_conv1(x), 0.2)  # [b, 64, 14, 14]
        x = F.leaky_relu(self.d_conv2_bn(self.d_conv2(x)), 0.2)  # [b, 128, 7, 7]
        x = x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)  # [b, 7*7*128], NHWC order
        if self.d_minibatch is not None:
            x = self.d_minibatch(x)  # [b, 7*7*128 + kernels]
        return self.d_logit(x)


class Encoder(nn.Module):
    """image [b, 1, 28, 28] in [0, 1] -> (mu, logvar) [b, latent]."""

    def __init__(self, latent, base, k, channels):
        super().__init__()
        self.e_conv1 = nn.Conv2d(channels, stage_filters(base, 0), k, 2, 1)
        self.e_conv2 = nn.Conv2d(stage_filters(base, 0), stage_filters(base, 1), k, 2, 1)
        flat = 7 * 7 * stage_filters(base, 1)
        self.e_mu = nn.Linear(flat, latent)
        self.e_logvar = nn.Linear(flat, latent)

    def forward(self, x):
        x = F.relu(self.e_conv2(F.relu(self.e_conv1(x))))  # [b, 64, 7, 7]
        x = x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)  # NHWC order
        return self.e_mu(x), self.e_logvar(x)


class Decoder(nn.Module):
    """z [b, latent] -> logits [b, 1, 28, 28]."""

    def __init__(self, latent, base, k, channels, start=7):
        super().__init__()
        self.start = start
        self.f0 = stage_filters(base, 1)
        self.v_project = nn.Linear(latent, start * start * self.f0)
        self.v_deconv1 = nn.ConvTranspose2d(self.f0, stage_filters(base, 0), k, 2, 1)
        self.v_deconv2 = nn.ConvTranspose2d(stage_filters(base, 0), channels, k, 2, 1)

    def forward(self, z):
        x = F.relu(self.v_project(z)).view(-1, self.start, self.start, self.f0).permute(0, 3, 1, 2)
        return self.v_deconv2(F.relu(self.v_deconv1(x)))


def init_dcgan(module):
    """N(0, 0.02) weights, zero biases, batch-norm scale N(1, 0.02): the DCGAN paper's init."""
    for m in module.modules():
        if isinstance(m, MinibatchDiscrimination):
            nn.init.normal_(m.weight, 0.0, 0.02)
        elif isinstance(m, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.normal_(m.weight, 0.0, 0.02)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            nn.init.normal_(m.weight, 1.0, 0.02)
            nn.init.zeros_(m.bias)


def init_glorot(module):
    """Glorot (Xavier) uniform weights and zero biases, Keras' default, as the VAE uses."""
    for m in module.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)


# ---- losses (same formulas as src/ml/losses.ts) -------------------------------------------

def bce_logits(logits, target):
    return F.binary_cross_entropy_with_logits(logits, torch.full_like(logits, target))


def recon_nll(x, logits):
    """Bernoulli NLL per image summed over pixels, mean over the batch (continuous targets)."""
    return F.binary_cross_entropy_with_logits(logits, x, reduction='none').sum((1, 2, 3)).mean()


def kl_div(mu, logvar):
    return (-0.5 * (1 + logvar - mu.pow(2) - logvar.exp()).sum(1)).mean()


# ---- TensorFlow-layout export --------------------------------------------------------------

def tf_layout(name, tensor):
    t = tensor.detach().cpu()
    if t.dim() == 4:  # Conv2d [out, in, kh, kw] and ConvTranspose2d [in, out, kh, kw] alike
        return t.permute(2, 3, 1, 0).contiguous()  # -> [kh, kw, in, out] / [kh, kw, out, in]
    if t.dim() == 2:  # Linear [out, in] -> [in, out]
        return t.t().contiguous()
    return t


TF_NAMES = {'weight': 'kernel', 'bias': 'bias'}
BN_NAMES = {'weight': 'gamma', 'bias': 'beta', 'running_mean': 'moving_mean',
            'running_var': 'moving_variance'}


def export_weights(path, modules):
    """Writes <path>.bin (float32, little-endian, concatenated) and <path>.json (name, shape)."""
    entries, blobs = [], []
    for module in modules:
        for layer_name, layer in module.named_children():
            is_bn = isinstance(layer, (nn.BatchNorm1d, nn.BatchNorm2d))
            names = BN_NAMES if is_bn else TF_NAMES
            for key, tensor in list(layer.named_parameters()) + list(layer.named_buffers()):
                if key not in names:
                    continue  # num_batches_tracked
                if isinstance(layer, MinibatchDiscrimination):
                    t = tensor.detach().cpu().numpy().astype('<f4')  # stored as tfjs stores it
                else:
                    t = tf_layout(key, tensor).numpy().astype('<f4')
                entries.append({'name': f'{layer_name}/{names[key]}', 'shape': list(t.shape)})
                blobs.append(t.tobytes())
    with open(path + '.bin', 'wb') as f:
        f.write(b''.join(blobs))
    with open(path + '.json', 'w') as f:
        json.dump(entries, f, indent=1)


# ---- training -------------------------------------------------------------------------------

def batches(images, order, batch, steps, scale, offset):
    """The TypeScript run's exact batches: `order` lists the training-image indices it consumed."""
    for s in range(steps):
        idx = order[s * batch:(s + 1) * batch]
        x = images[idx].astype(np.float32) * scale + offset  # [b, 28, 28, 1]
        yield torch.from_numpy(x).permute(0, 3, 1, 2).contiguous()  # [b, 1, 28, 28]


def train_gan(cfg, images, order, steps, log):
    g = Generator(cfg['latentDim'], cfg['baseFilters'], cfg['kernelSize'], 1)
    d = Discriminator(cfg['baseFilters'], cfg['kernelSize'], 1, cfg['minibatchKernels'])
    init_dcgan(g)
    init_dcgan(d)
    opt_g = torch.optim.Adam(g.parameters(), lr=cfg['lrG'], betas=(cfg['beta1'], cfg['beta2']), eps=1e-8)
    opt_d = torch.optim.Adam(d.parameters(), lr=cfg['lrD'], betas=(cfg['beta1'], cfg['beta2']), eps=1e-8)
    assert cfg['dStepsPerG'] == 1 and cfg['loss'] == 'bce'
    smooth = cfg['labelSmoothing']
    g.train()
    d.train()
    started = time.time()
    last = {}
    for step, real in enumerate(batches(images, order, cfg['batchSize'], steps, 2 / 255, -1.0)):
        z = torch.randn(cfg['batchSize'], cfg['latentDim'])
        # D step: generated images are constants here; both calls use batch statistics.
        with torch.no_grad():
            fake = g(z)
        opt_d.zero_grad()
        real_logits = d(real)
        fake_logits = d(fake)
        d_loss = bce_logits(real_logits, 1 - smooth) + bce_logits(fake_logits, 0.0)
        d_loss.backward()
        opt_d.step()
        # G step on the same noise (as the TypeScript loop does), non-saturating loss.
        opt_g.zero_grad()
        g_loss = bce_logits(d(g(z)), 1.0)
        g_loss.backward()
        opt_g.step()
        last = {'dLoss': d_loss.item(), 'gLoss': g_loss.item(),
                'dReal': torch.sigmoid(real_logits).mean().item(),
                'dFake': torch.sigmoid(fake_logits).mean().item()}
        if (step + 1) % 100 == 0 or step + 1 == steps:
            log(f'gan step {step + 1}/{steps} d {last["dLoss"]:.3f} g {last["gLoss"]:.3f}')
    seconds = time.time() - started
    return g, d, {'seconds': seconds, 'imagesPerSec': steps * cfg['batchSize'] / seconds, 'last': last}


def train_vae(cfg, images, order, steps, log):
    enc = Encoder(cfg['latentDim'], cfg['baseFilters'], cfg['kernelSize'], 1)
    dec = Decoder(cfg['latentDim'], cfg['baseFilters'], cfg['kernelSize'], 1)
    init_glorot(enc)
    init_glorot(dec)
    params = list(enc.parameters()) + list(dec.parameters())
    opt = torch.optim.Adam(params, lr=cfg['lr'], betas=(cfg['beta1'], cfg['beta2']), eps=1e-8)
    assert cfg['likelihood'] == 'bernoulli' and cfg['klWarmupSteps'] == 0
    started = time.time()
    last = {}
    for step, x in enumerate(batches(images, order, cfg['batchSize'], steps, 1 / 255, 0.0)):
        mu, logvar = enc(x)
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        r = recon_nll(x, dec(z))
        k = kl_div(mu, logvar)
        loss = r + cfg['klWeight'] * k
        opt.zero_grad()
        loss.backward()
        opt.step()
        last = {'total': loss.item(), 'recon': r.item(), 'kl': k.item()}
        if (step + 1) % 100 == 0 or step + 1 == steps:
            log(f'vae step {step + 1}/{steps} loss {last["total"]:.2f}')
    seconds = time.time() - started
    return enc, dec, {'seconds': seconds, 'imagesPerSec': steps * cfg['batchSize'] / seconds, 'last': last}


@torch.no_grad()
def vae_nelbo(enc, dec, test, eps_samples, batch=250):
    """This script's own test NELBO (nats per image), a cross-check of the TypeScript scorer."""
    total, n = 0.0, test.shape[0]
    for start in range(0, n, batch):
        x = torch.from_numpy(test[start:start + batch].astype(np.float32) / 255).permute(0, 3, 1, 2)
        mu, logvar = enc(x)
        nll = 0.0
        for _ in range(eps_samples):
            z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
            nll += recon_nll(x, dec(z)).item() / eps_samples
        total += (nll + kl_div(mu, logvar).item()) * x.shape[0]
    return total / n


@torch.no_grad()
def sample(net, noise, batch=500):
    out = [net(torch.from_numpy(noise[s:s + batch])) for s in range(0, noise.shape[0], batch)]
    return torch.cat(out).permute(0, 2, 3, 1).contiguous().numpy()  # [N, 28, 28, 1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('work')
    ap.add_argument('--threads', type=int, default=0, help='torch threads (0: torch default)')
    args = ap.parse_args()
    w = lambda name: os.path.join(args.work, name)
    log = lambda msg: print(f'[pytorch] {msg}', file=sys.stderr, flush=True)
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    with open(w('config.json')) as f:
        config = json.load(f)
    torch.manual_seed(config['seed'])
    images = np.load(w('mnist-train-u8.npy'))  # [60000, 28, 28, 1] uint8
    test = np.load(w('mnist-test-u8.npy'))  # [10000, 28, 28, 1] uint8
    result = {'torch': torch.__version__, 'threads': torch.get_num_threads()}

    vae_cfg, vae_steps = config['vae'], config['vaeSteps']
    enc, dec, result['vae'] = train_vae(vae_cfg, images, np.load(w('vae-order.npy')), vae_steps, log)
    enc.eval()
    dec.eval()
    export_weights(w('vae-weights'), [enc, dec])
    check = torch.from_numpy(test[:500].astype(np.float32) / 255).permute(0, 3, 1, 2)
    with torch.no_grad():
        np.save(w('vae-test-mu.npy'), enc(check)[0].numpy().astype(np.float32))  # [500, latent]
    with torch.no_grad():
        samples = torch.sigmoid(torch.from_numpy(sample(dec, np.load(w('vae-eval-noise.npy')))))
    np.save(w('vae-samples.npy'), samples.numpy().astype(np.float32))
    result['vae']['ownNelbo'] = vae_nelbo(enc, dec, test, config['epsSamples'])
    log(f'vae done in {result["vae"]["seconds"]:.0f} s, own test NELBO {result["vae"]["ownNelbo"]:.2f}')

    gan_cfg, gan_steps = config['gan'], config['ganSteps']
    g, d, result['gan'] = train_gan(gan_cfg, images, np.load(w('gan-order.npy')), gan_steps, log)
    g.eval()
    d.eval()
    export_weights(w('gan-weights'), [g])
    export_weights(w('gan-disc-weights'), [d])
    with torch.no_grad():  # D's logits on real test images in [-1, 1], eval mode: [500, 1]
        check = torch.from_numpy(test[:500].astype(np.float32) * (2 / 255) - 1).permute(0, 3, 1, 2)
        np.save(w('gan-test-logits.npy'), d(check).numpy().astype(np.float32))
    np.save(w('gan-samples.npy'), sample(g, np.load(w('gan-eval-noise.npy'))).astype(np.float32))
    log(f'gan done in {result["gan"]["seconds"]:.0f} s')

    with open(w('reference.json'), 'w') as f:
        json.dump(result, f, indent=1)


if __name__ == '__main__':
    main()
