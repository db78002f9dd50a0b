# ---------------------------------------------------------------------------------------------
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

    def mix_weights(self, generator, count):
        """Uniform weights in [0, 1), [local batch, count] (this process's rows of the global
        draw, like noise): wgan-gp mixes each real image with a generated one by one of them."""
        return torch.rand(self.global_batch, count, generator=generator)[self.rows].to(self.device)

    def real_images(self):
        """This process's rows of the next global batch, in the model's pixel range, NCHW."""
        return to_network_input(self.batches.next(self.global_batch)[self.rows], self.device)

    def batch_mean(self, x):
        """Mean over the global batch of x [local batch, ...]. Under torchrun: the processes' means
        averaged, with gradients reaching this process's rows as the global mean's do (DDP then
        averages those over the processes, which makes the global mean's gradient)."""
        local = x.mean(0)
        if self.world == 1:
            return local
        total = local.detach().clone()
        dist.all_reduce(total)
        return total / self.world + (local - local.detach())

    def real_classes(self):
        """One-hot classes [local batch, classes] of the batch real_images() handed out last."""
        return one_hot(self.batches.last_labels()[self.rows], self.device)

    def fake_classes(self, generator):
        """One-hot classes [local batch, classes] for generated images, uniform over the classes
        (this process's rows of the global draw, like noise)."""
        drawn = torch.randint(len(CLASSES), (self.global_batch,), generator=generator)
        return one_hot(drawn[self.rows].numpy(), self.device)

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

    labels = None
    if CLASSES and args.labels:
        images = load_images(args.data)
        labels = load_labels(args.labels, len(images))
    elif CLASSES:
        if not os.path.isdir(args.data):
            raise SystemExit("a conditional model trains on a folder of class subfolders, or an .npy with --labels")
        images, labels = load_class_folders(args.data)
    else:
        images = load_images(args.data)
    per_step = images_per_step(model)
    batches = Batches(images, run["train"]["seed"], consumed=run["step"] * per_step, labels=labels)
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
            y = None
            if CLASSES:  # one row per class, the same 8 noise vectors in each row
                rows = min(len(CLASSES), 16)
                z = z[:8].repeat(rows, 1)
                y = one_hot(np.arange(rows * 8) // 8, device)
            with torch.no_grad():
                pictures = to_unit_range(generate(nets, *with_class(z.to(device), y))).permute(0, 2, 3, 1).cpu().numpy()
            write_png(args.samples, image_grid(pictures, 8))
            print(f"wrote {args.samples}", file=sys.stderr)
    if dist.is_initialized():
        dist.destroy_process_group()
    return 0
