def cmd_discriminate(args):
    device = resolve_device(args.device)
    nets = load_for_inference(args.weights, device)
    x = to_network_input(load_images(args.images), device)  # [n, C, H, W] in [-1, 1]
    if CLASSES and not args.labels:
        raise SystemExit("a conditional model scores each image with its class: give --labels")
    y = one_hot(load_labels(args.labels, len(x)), device) if CLASSES else None
    # With minibatch discrimination an image's logit depends on the images scored beside it:
    # score in batches of the size the discriminator trained with.
    size = RUN["model"]["batchSize"]
    with torch.no_grad():
        if y is None:
            logits = in_chunks(nets["discriminator"], x, size)  # [n, 1]
        else:  # chunks of row indices, so each image goes with its class
            logits = in_chunks(lambda rows: nets["discriminator"](x[rows], y[rows]), torch.arange(len(x)), size)
    logits = logits.cpu().numpy()
    np.save(args.npy, logits)
    print(f"wrote {args.npy} {list(logits.shape)}; mean D(x) = {float(np.mean(1 / (1 + np.exp(-logits)))):.4f}", file=sys.stderr)
    return 0


def add_kind_commands(sub):
    p = sub.add_parser("discriminate", help="discriminator logits for images (in batches of the training batch size)")
    p.add_argument("--weights", required=True)
    p.add_argument("--images", required=True, help=".npy [n, H, W, C] (uint8, or floats in [0, 1]) or a folder")
    p.add_argument("--npy", required=True, help="write the logits here, [n, 1] float32")
    p.add_argument("--labels", help="conditional models: .npy of each image's class index, [n]")
    p.add_argument("--device", default="cpu")
    p.set_defaults(func=cmd_discriminate)
