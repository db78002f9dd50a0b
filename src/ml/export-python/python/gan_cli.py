def cmd_discriminate(args):
    device = resolve_device(args.device)
    nets = load_for_inference(args.weights, device)
    x = to_network_input(load_images(args.images), device)  # [n, C, H, W] in [-1, 1]
    # With minibatch discrimination an image's logit depends on the images scored beside it:
    # score in batches of the size the discriminator trained with.
    with torch.no_grad():
        logits = in_chunks(nets["discriminator"], x, RUN["model"]["batchSize"]).cpu().numpy()  # [n, 1]
    np.save(args.npy, logits)
    print(f"wrote {args.npy} {list(logits.shape)}; mean D(x) = {float(np.mean(1 / (1 + np.exp(-logits)))):.4f}", file=sys.stderr)
    return 0


def add_kind_commands(sub):
    p = sub.add_parser("discriminate", help="discriminator logits for images (in batches of the training batch size)")
    p.add_argument("--weights", required=True)
    p.add_argument("--images", required=True, help=".npy [n, H, W, C] (uint8, or floats in [0, 1]) or a folder")
    p.add_argument("--npy", required=True, help="write the logits here, [n, 1] float32")
    p.add_argument("--device", default="cpu")
    p.set_defaults(func=cmd_discriminate)
