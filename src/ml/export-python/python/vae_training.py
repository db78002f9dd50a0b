# ---------------------------------------------------------------------------------------------
# VAE loss and training step (src/ml/losses.ts, src/ml/train/vae-runtime.ts)
# ---------------------------------------------------------------------------------------------

PIXEL_SCALE, PIXEL_OFFSET = 1 / 255, 0.0  # the VAE sees pixels in [0, 1], like sigmoid's output
GAUSSIAN_SIGMA = 0.1  # fixed standard deviation of the Gaussian likelihood, as in the playground


def init_weights(nets, seed):
    """Fresh weights as the playground draws them for the VAE: Glorot uniform, zero biases."""
    torch.manual_seed(seed)
    for net in nets.values():
        for module in net.modules():
            if isinstance(module, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
                nn.init.xavier_uniform_(module.weight)
                if module.bias is not None:
                    nn.init.zeros_(module.bias)


def make_optimizers(nets, model):
    params = [p for _, p, _ in optimizer_variables(nets, "vae")]
    return {"vae": torch.optim.Adam(params, lr=model["lr"], betas=(model["beta1"], model["beta2"]), eps=ADAM_EPSILON)}


def images_per_step(model):
    return model["batchSize"]


def generate(nets, z, y=None):
    """Images for z [n, latent] (and a conditional model's one-hot classes y [n, classes])."""
    return torch.sigmoid(nets["decoder"](*with_class(z, y)))  # [n, C, H, W] in [0, 1]


def to_unit_range(images):
    return images


def reconstruction_nll(likelihood, pixels, logits):
    """Negative log-likelihood per image in nats, summed over pixels, averaged over the batch."""
    if likelihood == "bernoulli":
        per_pixel = F.binary_cross_entropy_with_logits(logits, pixels, reduction="none")
    else:
        sigma = GAUSSIAN_SIGMA
        per_pixel = (torch.sigmoid(logits) - pixels) ** 2 / (2 * sigma * sigma) + math.log(sigma * math.sqrt(2 * math.pi))
    return per_pixel.sum(dim=(1, 2, 3)).mean()


def kl_divergence(mu, logvar):
    """KL(q(z|x) || N(0, I)) per image, summed over latent dimensions, averaged over the batch."""
    return (-0.5 * (1 + logvar - mu**2 - torch.exp(logvar)).sum(dim=1)).mean()


def kl_weight_at(step, weight, warmup_steps):
    """Linear warm-up of the KL weight from 0 over the first warmup_steps steps."""
    return weight if warmup_steps <= 0 else weight * min(1.0, step / warmup_steps)


class VaeForward(nn.Module):
    """Encoder, reparameterisation and decoder in one forward call (one DDP module)."""

    def __init__(self, encoder, decoder):
        super().__init__()
        self.encoder, self.decoder = encoder, decoder

    def forward(self, x, eps, y=None):
        mu, logvar = self.encoder(*with_class(x, y))
        z = mu + torch.exp(0.5 * logvar) * eps  # z = mu + sigma * eps
        return mu, logvar, self.decoder(*with_class(z, y))


def wrap_for_training(nets, device):
    return {"vae": distributed(VaeForward(nets["encoder"], nets["decoder"]), device)}


def train_step(ctx, step, noise):
    m = ctx.model
    beta = kl_weight_at(step, m["klWeight"], m["klWarmupSteps"])
    x = ctx.real_images()  # [b, C, H, W] in [0, 1]
    y = ctx.real_classes() if CLASSES else None  # [b, classes] one-hot, conditional models only
    eps = ctx.noise(noise, m["latentDim"])  # [b, latent]
    mu, logvar, logits = ctx.wrapped["vae"](x, eps, y)
    recon = reconstruction_nll(m["likelihood"], x, logits)
    kl = kl_divergence(mu, logvar)
    loss = recon + beta * kl
    opt = ctx.optimizers["vae"]
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    total, recon_value, kl_value = ctx.mean_over_processes(torch.stack([loss, recon, kl]))
    return {"kind": "vae", "total": total, "recon": recon_value, "kl": kl_value, "klWeight": beta}
