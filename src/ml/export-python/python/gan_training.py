# ---------------------------------------------------------------------------------------------
# DCGAN losses and training step (src/ml/losses.ts, src/ml/train/gan-runtime.ts)
# ---------------------------------------------------------------------------------------------

PIXEL_SCALE, PIXEL_OFFSET = 2 / 255, -1.0  # the GAN sees pixels in [-1, 1], like tanh's output


def init_weights(nets, seed):
    """Fresh weights as the DCGAN paper draws them: N(0, 0.02); batch-norm scale N(1, 0.02).
    Layer norm keeps PyTorch's start, scale 1 and offset 0, as tfjs's."""
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


def generate(nets, z, y=None):
    """Images for z [n, latent] (and a conditional model's one-hot classes y [n, classes])."""
    return nets["generator"](*with_class(z, y))  # [n, C, H, W] in [-1, 1]


def to_unit_range(images):
    return (images + 1) / 2


def discriminator_loss(kind, real_logits, fake_logits, label_smoothing):
    """D's loss on its logits for a real and a generated batch; wgan-gp's gradient penalty is
    added by the step, which holds the mixed images it needs."""
    if kind in ("bce", "minimax", "feature-matching"):
        # One-sided label smoothing: real targets are 1 - s, fake targets stay 0.
        real = F.binary_cross_entropy_with_logits(real_logits, torch.full_like(real_logits, 1 - label_smoothing))
        fake = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))
        return real + fake
    if kind == "lsgan":
        return 0.5 * (((real_logits - 1) ** 2).mean() + (fake_logits**2).mean())
    if kind == "hinge":
        return F.relu(1 - real_logits).mean() + F.relu(1 + fake_logits).mean()
    if kind == "wgan-gp":
        # The critic's logits are scores, no sigmoid: it lowers fake scores and raises real ones.
        return fake_logits.mean() - real_logits.mean()
    raise ValueError(kind)


def generator_loss(kind, fake_logits):
    """G's loss on D's logits for generated images (feature matching has its own, below)."""
    if kind == "bce":
        # Non-saturating: maximise log D(G(z)).
        return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))
    if kind == "minimax":
        # The original objective: minimise log(1 - D(G(z))) = -softplus(logit). Its gradient
        # vanishes when D rejects the generated images confidently.
        return -F.softplus(fake_logits).mean()
    if kind == "lsgan":
        return 0.5 * ((fake_logits - 1) ** 2).mean()
    if kind in ("hinge", "wgan-gp"):
        return -fake_logits.mean()
    raise ValueError(kind)


def feature_matching_loss(ctx, D, real, fake):
    """Salimans et al. 2016: sum_k (mean f_k(real) - mean f_k(G(z)))^2 over D's d_flatten
    features f [b, n]. Two D calls in training mode, real batch first, each with its own
    batch-norm statistics. Means are over the global batch (ctx.batch_mean). A conditional D
    reads the class only after these features (its projection logit)."""
    with torch.no_grad():
        real_mean = ctx.batch_mean(D.features(real))  # [n]; D is frozen and real is data
    return ((real_mean - ctx.batch_mean(D.features(fake))) ** 2).sum()


def gradient_penalty(mixed_logits, mixed):
    """Gulrajani et al. 2017: mean_i (||d D(xhat)_i / d xhat_i||_2 - 1)^2, each image's gradient
    norm over C, H and W. create_graph: the penalty is itself differentiated in D's update."""
    (grads,) = torch.autograd.grad(mixed_logits.sum(), mixed, create_graph=True)  # [b, C, H, W]
    return ((grads.flatten(1).norm(dim=1) - 1) ** 2).mean()


def gradient_norm(optimizer):
    """Global L2 norm of the gradients an optimizer is about to apply (under DDP: the averaged
    ones), over all its parameters."""
    grads = [p.grad for group in optimizer.param_groups for p in group["params"] if p.grad is not None]
    return torch.stack([g.pow(2).sum() for g in grads]).sum().sqrt()


class SeparateBatches(nn.Module):
    """Runs a network on several batches one after the other (so each gets its own batch-norm
    statistics, as in tfjs) within one forward call: DDP expects one forward per backward. Each
    batch is the network's inputs as a tuple: (images,) or (images, one-hot classes)."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, *batches):
        return tuple(self.net(*inputs) for inputs in batches)


def wrap_for_training(nets, device):
    return {
        "generator": distributed(nets["generator"], device),
        "discriminator": distributed(SeparateBatches(nets["discriminator"]), device),
    }


def discriminator_update(ctx, noise, z, real, y_real=None, y_fake=None):
    """One update of D on a real batch and the batch G makes from z; returns (loss, real logits,
    fake logits, gradient norm). wgan-gp draws its mixing weights from `noise`, after z. A
    conditional model's classes: y_real of the real images, y_fake of the generated ones."""
    m = ctx.model
    with torch.no_grad():
        fake = ctx.nets["generator"](*with_class(z, y_fake))  # constants for D's update; G's batch-norm statistics still move, as in tfjs
    wgan = m["loss"] == "wgan-gp"
    if wgan:
        # Points between real and generated images, one weight per image: eps * real + (1 - eps) * fake
        eps = ctx.mix_weights(noise, 1).view(-1, 1, 1, 1)  # [b, 1, 1, 1] in [0, 1)
        mixed = (eps * real + (1 - eps) * fake).requires_grad_(True)
        # The mixed images carry the real images' classes, which the generated ones share under wgan-gp.
        batches = (with_class(real, y_real), with_class(fake, y_fake), with_class(mixed, y_real))
        real_logits, fake_logits, mixed_logits = ctx.wrapped["discriminator"](*batches)  # [b, 1] each
    else:
        real_logits, fake_logits = ctx.wrapped["discriminator"](with_class(real, y_real), with_class(fake, y_fake))  # [b, 1] each
    loss = discriminator_loss(m["loss"], real_logits, fake_logits, m["labelSmoothing"])
    if wgan:
        loss = loss + m["gpWeight"] * gradient_penalty(mixed_logits, mixed)
    optimizer = ctx.optimizers["discriminator"]
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    norm = gradient_norm(optimizer)
    optimizer.step()
    return loss, real_logits, fake_logits, norm


def train_step(ctx, step, noise):
    m = ctx.model
    D = ctx.nets["discriminator"]
    y_real = y_fake = None
    for _ in range(m["dStepsPerG"]):
        z = ctx.noise(noise, m["latentDim"])  # [b, latent]
        real = ctx.real_images()  # [b, C, H, W] in [-1, 1]
        if CLASSES:
            # A conditional model: the real images' labels, and classes for the generated ones
            # drawn uniformly from `noise`. Under wgan-gp the generated images take the real
            # ones' classes, so each point the penalty mixes from a pair has one class.
            y_real = ctx.real_classes()  # [b, classes] one-hot
            y_fake = y_real if m["loss"] == "wgan-gp" else ctx.fake_classes(noise)
        d_loss, real_logits, fake_logits, d_norm = discriminator_update(ctx, noise, z, real, y_real, y_fake)

    # The generator step reuses the last noise batch and its classes (and, for feature matching,
    # the last real batch), as the playground does. D runs in training mode (its batch-norm
    # statistics move, as in tfjs) but its weights are frozen for this step.
    D.requires_grad_(False)
    fake = ctx.wrapped["generator"](*with_class(z, y_fake))
    if m["loss"] == "feature-matching":
        g_loss = feature_matching_loss(ctx, D, real, fake)
    else:
        g_loss = generator_loss(m["loss"], D(*with_class(fake, y_fake)))
    opt_g = ctx.optimizers["generator"]
    opt_g.zero_grad(set_to_none=True)
    g_loss.backward()
    g_norm = gradient_norm(opt_g)
    opt_g.step()
    D.requires_grad_(True)

    stats = torch.stack([
        d_loss,
        g_loss,
        torch.sigmoid(real_logits).mean(),
        torch.sigmoid(fake_logits).mean(),
        g_norm,
        d_norm,
        real_logits.mean() - fake_logits.mean(),  # for wgan-gp, the critic's Wasserstein estimate
    ])
    d_value, g_value, d_real, d_fake, g_grad, d_grad, w_distance = ctx.mean_over_processes(stats)
    return {
        "kind": "dcgan",
        "dLoss": d_value,
        "gLoss": g_value,
        "dReal": d_real,
        "dFake": d_fake,
        "gGradNorm": g_grad,
        "dGradNorm": d_grad,
        "wDistance": w_distance,
    }
