# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def load_for_inference(path, device):
    nets = build_networks()
    load_networks(read_weights_file(path), nets)
    for net in nets.values():
        net.to(device).eval()  # batch norm uses its running statistics, as the playground samples
    return nets


def in_chunks(fn, x, size=256):
    """fn over x in chunks of rows. In inference results do not depend on the chunking, except
    through a minibatch-discrimination layer, which compares each image with its chunk."""
    outs = [fn(x[i : i + size]) for i in range(0, len(x), size)]
    return tuple(torch.cat(parts) for parts in zip(*outs)) if isinstance(outs[0], tuple) else torch.cat(outs)


def sample_rows(nets, z, y, device):
    with torch.no_grad():
        return generate(nets, *with_class(z.to(device), None if y is None else y.to(device)))


def cmd_sample(args):
    device = resolve_device(args.device)
    nets = load_for_inference(args.weights, device)
    latent = RUN["model"]["latentDim"]
    if args.latents:
        z = np.load(args.latents).astype(np.float32)
        if z.ndim != 2 or z.shape[1] != latent:
            raise SystemExit(f"{args.latents}: expected latent vectors [n, {latent}], found {list(z.shape)}")
        z = torch.from_numpy(z)
    else:
        z = torch.randn(args.count, latent, generator=seeded(4, args.seed))
    if CLASSES:
        # A conditional model: each vector's class from --classes, or one class for all, or
        # every class in turn; sampled together with its vector.
        if args.classes:
            labels = load_labels(args.classes, len(z))
        elif args.cls is not None:
            labels = np.full(len(z), args.cls)
        else:
            labels = np.arange(len(z)) % len(CLASSES)
        y = one_hot(labels)
        # Chunks of row indices, so each vector goes with its class.
        images = in_chunks(lambda rows: sample_rows(nets, z[rows], y[rows], device), torch.arange(len(z)))
    else:
        images = in_chunks(lambda rows: sample_rows(nets, rows, None, device), z)
    images = images.permute(0, 2, 3, 1).cpu().numpy()  # [n, H, W, C], the playground's layout
    if args.npy:
        np.save(args.npy, images)
        print(f"wrote {args.npy} {list(images.shape)}", file=sys.stderr)
    if args.png or not args.npy:
        png = args.png or "samples.png"
        write_png(png, image_grid(to_unit_range(images), args.cols))
        print(f"wrote {png}", file=sys.stderr)
    return 0


def cmd_info(args):
    nets = build_networks()
    if args.weights:
        load_networks(read_weights_file(args.weights), nets)
    for name, net in nets.items():
        count = sum(p.numel() for p in net.parameters())
        print(f"{name}: {count:,} parameters\n{net}\n")
    print(f"run: {json.dumps(RUN)}")
    return 0


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("sample", help="images for latent vectors, to .npy and/or a PNG grid")
    p.add_argument("--weights", required=True, help="weights JSON from the playground or from train")
    p.add_argument("--latents", help=".npy of latent vectors [n, latent] (default: --count random ones)")
    p.add_argument("--count", type=int, default=64)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--npy", help="write the images here, [n, H, W, C] float32 in the model's output range")
    p.add_argument("--png", help="write a grid of the images here (default samples.png if no --npy)")
    p.add_argument("--cols", type=int, default=8)
    p.add_argument("--classes", help="conditional models: .npy of each vector's class index, [n]")
    p.add_argument("--class", dest="cls", type=int, help="conditional models: one class for every vector")
    p.add_argument("--device", default="cpu", help="cpu, cuda, cuda:1, mps or auto")
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser("train", help="continue training (or start from scratch) and write the weights JSON")
    p.add_argument("--data", required=True, help="a folder of images, or an .npy [n, H, W, C] (uint8, or floats in [0, 1])")
    p.add_argument("--out", required=True, help="where to write the weights JSON")
    p.add_argument("--weights", help="weights JSON to continue from (default: fresh weights)")
    p.add_argument("--steps", type=int, help="training steps (default: --epochs)")
    p.add_argument("--epochs", type=int, default=1, help="passes over the data (default 1)")
    p.add_argument("--batch-size", type=int, help="global batch, split over the processes (default: the run's)")
    p.add_argument("--device", default="auto", help="auto, cpu, cuda or mps (under torchrun: each process its GPU)")
    p.add_argument("--no-optimizer", action="store_true", help="leave Adam's state out of the file")
    p.add_argument("--labels", help="conditional models with --data .npy: .npy of each image's class index, [n]")
    p.add_argument("--samples", help="also write a PNG grid of 64 samples at the end")
    p.add_argument("--save-every", type=int, default=0, help="also write --out every N steps")
    p.add_argument("--log-every", type=int, default=50)
    p.add_argument("--tf32", action="store_true", help="allow TF32 on Ampere+ GPUs (faster, not exact)")
    p.set_defaults(func=train)

    p = sub.add_parser("info", help="print the networks and the run they were generated for")
    p.add_argument("--weights")
    p.set_defaults(func=cmd_info)

    add_kind_commands(sub)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    # Exact float32 unless train --tf32 asks otherwise (cuDNN allows TF32 convolutions by default).
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cuda.matmul.allow_tf32 = False
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
