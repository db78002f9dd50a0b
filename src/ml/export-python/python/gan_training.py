# ---------------------------------------------------------------------------------------------
# DCGAN losses and training step (src/ml/losses.ts, src/ml/train/gan-runtime.ts)
# ---------------------------------------------------------------------------------------------

PIXEL_SCALE, PIXEL_OFFSET = 2 / 255, -1.0  # the GAN sees pixels in [-1, 1], like tanh's output


def init_weights(nets, seed):
    """Fresh weights as the DCGAN paper draws them: N(0, 0.02); batch-norm scale N(1, 0.02)."""
    torch.manual_seed(seed)
    for net in nets.values():
        for module in net.modules():
            if isinstance(module, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d, MinibatchDiscrimination)):
                nn.init.normal_(module.weight, 0.0, 0.02)
            elif isinstance(module, TfBatchNorm):
                nn.init.normal_(module.weight, 1.0, 0.02)
            if getattr(module, "bias", None) is not None and not isinstance(module, TfBatchNorm):
                nn.init.zeros_(module.bias)


def make_optimizers(nets, model):
    def adam(net, lr):
        params = [p for _, p, _ in optimizer_variables(nets, net)]
        return torch.optim.Adam(params, lr=lr, betas=(model["beta1"], model["beta2"]), eps=ADAM_EPSILON)

    return {"generator": adam("generator", model["lrG"]), "discriminator": adam("discriminator", model["lrD"])}


def images_per_step(model):
    return model["batchSize"] * model["dStepsPerG"]


def generate(nets, z):
    return nets["generator"](z)  # [n, C, H, W] in [-1, 1]


def to_unit_range(images):
    return (images + 1) / 2


def discriminator_loss(kind, real_logits, fake_logits, label_smoothing):
    if kind == "bce":
        # One-sided label smoothing: real targets are 1 - s, fake targets stay 0.
        real = F.binary_cross_entropy_with_logits(real_logits, torch.full_like(real_logits, 1 - label_smoothing))
        fake = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))
        return real + fake
    if kind == "lsgan":
        return 0.5 * (((real_logits - 1) ** 2).mean() + (fake_logits**2).mean())
    if kind == "hinge":
        return F.relu(1 - real_logits).mean() + F.relu(1 + fake_logits).mean()
    raise ValueError(kind)


def generator_loss(kind, fake_logits):
    if kind == "bce":
        # Non-saturating: maximise log D(G(z)).
        return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))
    if kind == "lsgan":
        return 0.5 * ((fake_logits - 1) ** 2).mean()
    if kind == "hinge":
        return -fake_logits.mean()
    raise ValueError(kind)


class TwoBatches(nn.Module):
    """Runs a network on two batches one after the other (so each gets its own batch-norm
    statistics, as in tfjs) within one forward call: DDP expects one forward per backward."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, a, b):
        return self.net(a), self.net(b)


def wrap_for_training(nets, device):
    return {
        "generator": distributed(nets["generator"], device),
        "discriminator_pair": distributed(TwoBatches(nets["discriminator"]), device),
    }


def train_step(ctx, step, noise):
    m = ctx.model
    G, D = ctx.nets["generator"], ctx.nets["discriminator"]
    opt_g, opt_d = ctx.optimizers["generator"], ctx.optimizers["discriminator"]
    for _ in range(m["dStepsPerG"]):
        z = ctx.noise(noise, m["latentDim"])  # [b, latent]
        real = ctx.real_images()  # [b, C, H, W] in [-1, 1]
        with torch.no_grad():
            fake = G(z)  # constants for D's update; G's batch-norm statistics still move, as in tfjs
        real_logits, fake_logits = ctx.wrapped["discriminator_pair"](real, fake)  # [b, 1] each
        d_loss = discriminator_loss(m["loss"], real_logits, fake_logits, m["labelSmoothing"])
        opt_d.zero_grad(set_to_none=True)
        d_loss.backward()
        opt_d.step()

    # The generator step reuses the last noise batch, as the playground does. D runs in training
    # mode (its batch-norm statistics move, as in tfjs) but its weights are frozen for this step.
    D.requires_grad_(False)
    g_loss = generator_loss(m["loss"], D(ctx.wrapped["generator"](z)))
    opt_g.zero_grad(set_to_none=True)
    g_loss.backward()
    opt_g.step()
    D.requires_grad_(True)

    stats = torch.stack([d_loss, g_loss, torch.sigmoid(real_logits).mean(), torch.sigmoid(fake_logits).mean()])
    d_value, g_value, d_real, d_fake = ctx.mean_over_processes(stats)
    return {"kind": "dcgan", "dLoss": d_value, "gLoss": g_value, "dReal": d_real, "dFake": d_fake}
