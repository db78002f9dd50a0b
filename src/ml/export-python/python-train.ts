// Python source: the training loop shared by both model kinds (devices, torchrun /
// DistributedDataParallel, resume, logging, saving) and each kind's losses and step, written to
// match src/ml/losses.ts and src/ml/engine/{gan,vae}-runtime.ts.

export const PYTHON_TRAIN_LOOP = String.raw`# ---------------------------------------------------------------------------------------------
# Training: one process, or one process per GPU under torchrun (DistributedDataParallel).
# ---------------------------------------------------------------------------------------------


def resolve_device(name):
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        mps = getattr(torch.backends, "mps", None)
        return torch.device("mps" if mps is not None and mps.is_available() else "cpu")
    return torch.device(name)


PLAYGROUND_MAX_BATCH = 512  # larger batches are used here but not written into the file


def setup_processes(device_name):
    """(rank, world size, device). Under torchrun each process drives the GPU of its LOCAL_RANK
    (NCCL); on CPU-only machines the processes talk over Gloo."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world == 1:
        return 0, 1, resolve_device(device_name)
    local_rank = int(os.environ["LOCAL_RANK"])
    device = resolve_device(device_name)
    if device.type == "cuda":
        torch.cuda.set_device(local_rank)
        device = torch.device("cuda", local_rank)
    dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    return dist.get_rank(), world, device


def distributed(module, device):
    """Wraps a module in DistributedDataParallel when running under torchrun. DDP averages the
    gradients over processes and copies rank 0's batch-norm statistics to the others at every
    forward call."""
    if not dist.is_initialized():
        return module
    # Harmless on this model (a kernel with a single input channel), but printed on every run.
    warnings.filterwarnings("ignore", message="Grad strides do not match bucket view strides")
    return nn.parallel.DistributedDataParallel(module, device_ids=[device.index] if device.type == "cuda" else None)


class TrainContext:
    """What a training step needs. Every process draws the same global batch and the same noise
    and keeps its own slice of rows, so N processes compute the same mean gradient as one
    process with the whole batch (batch-norm statistics excepted: each process normalizes its
    own slice)."""

    def __init__(self, nets, wrapped, optimizers, model, batches, device, rank, world):
        self.nets, self.wrapped, self.optimizers = nets, wrapped, optimizers
        self.model, self.batches = model, batches
        self.device, self.rank, self.world = device, rank, world
        self.global_batch = model["batchSize"]
        if self.global_batch % world:
            raise SystemExit(f"batch size {self.global_batch} does not split over {world} processes")
        self.local_batch = self.global_batch // world
        self.rows = slice(rank * self.local_batch, (rank + 1) * self.local_batch)

    def noise(self, generator, count):
        """Standard normal noise [local batch, count] (this process's rows of the global draw)."""
        return torch.randn(self.global_batch, count, generator=generator)[self.rows].to(self.device)

    def real_images(self):
        """This process's rows of the next global batch, in the model's pixel range, NCHW."""
        return to_network_input(self.batches.next(self.global_batch)[self.rows], self.device)

    def mean_over_processes(self, values):
        """Losses as Python floats, averaged over processes (each has the mean of its slice)."""
        values = values.detach().float()
        if self.world > 1:
            dist.all_reduce(values)
            values = values / self.world
        return values.cpu().tolist()


def all_finite(losses):
    return all(math.isfinite(v) for k, v in losses.items() if k != "kind")


class LossHistory:
    """The loss history written into the weights file, thinned like the playground's: at most
    20,000 points, halving the resolution of old points when full."""

    LIMIT = 20_000

    def __init__(self, points):
        self.points, self.stride = list(points), 1

    def push(self, point):
        if point["step"] % self.stride:
            return
        self.points.append(point)
        if len(self.points) > self.LIMIT:
            self.stride *= 2
            self.points = [p for p in self.points if p["step"] % self.stride == 0]


def train(args):
    rank, world, device = setup_processes(args.device)
    torch.backends.cudnn.allow_tf32 = args.tf32  # TF32 convolutions are faster but not exact
    torch.backends.cuda.matmul.allow_tf32 = args.tf32
    nets = build_networks()
    doc = None
    if args.weights:
        doc = read_weights_file(args.weights)
        load_networks(doc, nets)
        run = {k: doc[k] for k in ("appVersion", "model", "train", "dataset", "step", "epoch", "history")}
    else:
        run = {**{k: RUN[k] for k in ("appVersion", "model", "train", "dataset")}, "step": 0, "epoch": 0, "history": []}
        init_weights(nets, run["train"]["seed"])
    history = LossHistory(run["history"])
    model = run["model"]
    if args.batch_size:
        model = {**model, "batchSize": args.batch_size}
        if 2 <= args.batch_size <= PLAYGROUND_MAX_BATCH:
            run["model"] = model  # recorded in the file; the playground accepts 2..512
    for net in nets.values():
        net.to(device).train()
    optimizers = make_optimizers(nets, model)
    if doc is not None:
        load_adam_state(doc, optimizers, nets)

    images = load_images(args.data)
    per_step = images_per_step(model)
    batches = Batches(images, run["train"]["seed"], consumed=run["step"] * per_step)
    steps_per_epoch = run["train"]["stepsPerEpoch"] or max(1, len(images) // per_step)
    total = args.steps if args.steps else args.epochs * steps_per_epoch
    wrapped = wrap_for_training(nets, device)  # DDP under torchrun, the plain modules otherwise
    ctx = TrainContext(nets, wrapped, optimizers, model, batches, device, rank, world)
    if rank == 0:
        print(
            f"training {model['kind']} from step {run['step']} for {total} steps on {len(images)} images, "
            f"batch {ctx.global_batch} ({world} process(es) x {ctx.local_batch}), device {device}",
            file=sys.stderr,
        )

    started, last_log = time.time(), time.time()
    for i in range(total):
        losses = train_step(ctx, run["step"], seeded(2, run["train"]["seed"], run["step"]))
        run["step"] += 1
        if not all_finite(losses):
            if rank == 0:
                print(f"diverged at step {run['step']}: {losses}; not saving", file=sys.stderr)
            return 1
        history.push({"step": run["step"], "epoch": run["epoch"], "losses": losses})
        run["history"] = history.points
        if run["step"] % steps_per_epoch == 0:
            run["epoch"] += 1
        if rank == 0 and (i + 1 == total or (i + 1) % args.log_every == 0):
            now = time.time()
            rate = per_step * min(args.log_every, i + 1) / max(now - last_log, 1e-9)
            shown = " ".join(f"{k} {v:.4f}" for k, v in losses.items() if k != "kind")
            print(f"step {run['step']} epoch {run['epoch']} {shown} ({rate:.1f} images/s)", file=sys.stderr)
            last_log = now
        if rank == 0 and args.save_every and (i + 1) % args.save_every == 0:
            write_weights_file(args.out, run, nets, None if args.no_optimizer else optimizers)

    if rank == 0:
        write_weights_file(args.out, run, nets, None if args.no_optimizer else optimizers)
        print(f"wrote {args.out} at step {run['step']} ({time.time() - started:.1f} s)", file=sys.stderr)
        if args.samples:
            for net in nets.values():
                net.eval()
            z = torch.randn(64, model["latentDim"], generator=seeded(3, run["train"]["seed"]))
            with torch.no_grad():
                pictures = to_unit_range(generate(nets, z.to(device))).permute(0, 2, 3, 1).cpu().numpy()
            write_png(args.samples, image_grid(pictures, 8))
            print(f"wrote {args.samples}", file=sys.stderr)
    if dist.is_initialized():
        dist.destroy_process_group()
    return 0
`;

export const PYTHON_GAN_TRAINING = String.raw`# ---------------------------------------------------------------------------------------------
# DCGAN losses and training step (src/ml/losses.ts, src/ml/engine/gan-runtime.ts)
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
`;

export const PYTHON_VAE_TRAINING = String.raw`# ---------------------------------------------------------------------------------------------
# VAE loss and training step (src/ml/losses.ts, src/ml/engine/vae-runtime.ts)
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


def generate(nets, z):
    return torch.sigmoid(nets["decoder"](z))  # [n, C, H, W] in [0, 1]


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

    def forward(self, x, eps):
        mu, logvar = self.encoder(x)
        z = mu + torch.exp(0.5 * logvar) * eps  # z = mu + sigma * eps
        return mu, logvar, self.decoder(z)


def wrap_for_training(nets, device):
    return {"vae": distributed(VaeForward(nets["encoder"], nets["decoder"]), device)}


def train_step(ctx, step, noise):
    m = ctx.model
    beta = kl_weight_at(step, m["klWeight"], m["klWarmupSteps"])
    x = ctx.real_images()  # [b, C, H, W] in [0, 1]
    eps = ctx.noise(noise, m["latentDim"])  # [b, latent]
    mu, logvar, logits = ctx.wrapped["vae"](x, eps)
    recon = reconstruction_nll(m["likelihood"], x, logits)
    kl = kl_divergence(mu, logvar)
    loss = recon + beta * kl
    opt = ctx.optimizers["vae"]
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    total, recon_value, kl_value = ctx.mean_over_processes(torch.stack([loss, recon, kl]))
    return {"kind": "vae", "total": total, "recon": recon_value, "kl": kl_value, "klWeight": beta}
`;
