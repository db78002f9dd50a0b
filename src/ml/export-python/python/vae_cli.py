def cmd_encode(args):
    device = resolve_device(args.device)
    nets = load_for_inference(args.weights, device)
    x = to_network_input(load_images(args.images), device)  # [n, C, H, W] in [0, 1]
    if CLASSES and not args.labels:
        raise SystemExit("a conditional model encodes each image with its class: give --labels")
    y = one_hot(load_labels(args.labels, len(x)), device) if CLASSES else None
    with torch.no_grad():
        if y is None:
            mu, logvar = in_chunks(nets["encoder"], x)  # [n, latent] each
        else:  # chunks of row indices, so each image goes with its class
            mu, logvar = in_chunks(lambda rows: nets["encoder"](x[rows], y[rows]), torch.arange(len(x)))
    np.save(args.mu, mu.cpu().numpy())
    print(f"wrote {args.mu} {list(mu.shape)}", file=sys.stderr)
    if args.logvar:
        np.save(args.logvar, logvar.cpu().numpy())
        print(f"wrote {args.logvar}", file=sys.stderr)
    return 0


def add_kind_commands(sub):
    p = sub.add_parser("encode", help="posterior means (and log-variances) of images")
    p.add_argument("--weights", required=True)
    p.add_argument("--images", required=True, help=".npy [n, H, W, C] (uint8, or floats in [0, 1]) or a folder")
    p.add_argument("--mu", required=True, help="write the means here, [n, latent] float32")
    p.add_argument("--logvar", help="write the log-variances here, [n, latent] float32")
    p.add_argument("--labels", help="conditional models: .npy of each image's class index, [n]")
    p.add_argument("--device", default="cpu")
    p.set_defaults(func=cmd_encode)
