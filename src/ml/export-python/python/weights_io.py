# ---------------------------------------------------------------------------------------------
# The weights JSON (docs/weights-format.md): tensors are base64 of little-endian float32 values
# in row-major order, in TensorFlow's layouts.
# ---------------------------------------------------------------------------------------------

FORMAT_ID = "gan-playground-weights"
FORMAT_VERSION = 1
ADAM_EPSILON = 1e-8  # the playground sets it explicitly (tfjs's webgl default would be 1e-4)
# Fields that fix the architecture: a file must agree on these (and on the image shape).
ARCHITECTURE_KEYS = ("kind", "latentDim", "baseFilters", "kernelSize", "discriminatorNorm")
# What a file written before a field existed means by leaving it out (the playground's rule).
OLDER_FILE_VALUES = {"discriminatorNorm": "batch"}


def decode_tensor(b64, shape):
    return np.frombuffer(base64.b64decode(b64), dtype="<f4").reshape(shape).astype(np.float32)


def encode_tensor(array):
    return base64.b64encode(np.ascontiguousarray(array, dtype="<f4").tobytes()).decode("ascii")


def to_torch_layout(array, layout):
    """tfjs layout -> PyTorch layout.

    dense:  kernel [in, out]            -> nn.Linear.weight [out, in]
    conv:   kernel [kh, kw, in, out]    -> nn.Conv2d.weight [out, in, kh, kw]
    deconv: kernel [kh, kw, out, in]    -> nn.ConvTranspose2d.weight [in, out, kh, kw]
    vector: biases and batch-norm vectors are the same in both
    hwc:    layer-norm scale and offset [h, w, c] -> nn.LayerNorm's [c, h, w]
    projection: the minibatch-discrimination kernel [in, kernels * dims] is the same in both
    No spatial flip is needed: both frameworks' transposed convolution is the gradient of the
    same cross-correlation.
    """
    if layout == "dense":
        return array.T
    if layout in ("conv", "deconv"):
        return array.transpose(3, 2, 0, 1)
    if layout == "hwc":
        return array.transpose(2, 0, 1)
    return array


def to_tfjs_layout(array, layout):
    """The inverse of to_torch_layout."""
    if layout == "dense":
        return array.T
    if layout in ("conv", "deconv"):
        return array.transpose(2, 3, 1, 0)
    if layout == "hwc":
        return array.transpose(1, 2, 0)
    return array


def tfjs_shape(torch_shape, layout):
    return list(to_tfjs_layout(np.empty(torch_shape, dtype=np.float32), layout).shape)


def module_tensors(module):
    """Parameters and buffers of a module by their PyTorch name ("g_deconv1.weight")."""
    return {**dict(module.named_parameters()), **dict(module.named_buffers())}


def read_weights_file(path):
    """Reads and checks a weights JSON written by the playground (or by this script)."""
    with open(path, "r", encoding="utf-8-sig") as f:
        doc = json.load(f)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_ID:
        raise SystemExit(f"{path} is not a playground weights file (no format {FORMAT_ID!r})")
    if doc.get("version") != FORMAT_VERSION:
        raise SystemExit(f"{path} has format version {doc.get('version')!r}; this script reads 1")
    model, shape = doc.get("model", {}), doc.get("dataset", {}).get("shape", {})
    for key in (k for k in ARCHITECTURE_KEYS if k in RUN["model"]):
        value = model.get(key, OLDER_FILE_VALUES.get(key))
        if value != RUN["model"][key]:
            raise SystemExit(
                f"{path} has {key} = {value!r} but this script was generated for "
                f"{RUN['model'][key]!r}: export the script again from the run that wrote the file"
            )
    want = RUN["dataset"]["shape"]
    if [shape.get(k) for k in ("height", "width", "channels")] != [want[k] for k in ("height", "width", "channels")]:
        raise SystemExit(f"{path} is for {shape} images but this script is for {want}")
    return doc


def load_networks(doc, nets):
    """Copies every tensor of the file into the networks; refuses missing or unknown tensors."""
    for net_name, rows in WEIGHT_TABLE.items():
        records = {r["name"]: r for r in doc["networks"][net_name]}
        expected = {row[0] for row in rows}
        missing, unknown = sorted(expected - set(records)), sorted(set(records) - expected)
        if missing or unknown:
            raise SystemExit(f"{net_name}: missing tensors {missing}, unknown tensors {unknown}")
        tensors = module_tensors(nets[net_name])
        for tf_name, torch_name, layout, _trainable in rows:
            record, target = records[tf_name], tensors[torch_name]
            want = tfjs_shape(tuple(target.shape), layout)
            if list(record["shape"]) != want:
                raise SystemExit(f"{net_name}/{tf_name} has shape {record['shape']}, expected {want}")
            value = to_torch_layout(decode_tensor(record["data"], record["shape"]), layout)
            with torch.no_grad():
                target.copy_(torch.from_numpy(np.ascontiguousarray(value)))


def network_records(nets):
    """The "networks" object: tfjs lists a network's trainable weights first, then the rest."""
    out = {}
    for net_name, rows in WEIGHT_TABLE.items():
        tensors = module_tensors(nets[net_name])
        ordered = [r for r in rows if r[3]] + [r for r in rows if not r[3]]
        records = []
        for tf_name, torch_name, layout, trainable in ordered:
            value = to_tfjs_layout(tensors[torch_name].detach().cpu().numpy(), layout)
            if not np.all(np.isfinite(value)):
                raise SystemExit(f"{net_name}/{tf_name} holds NaN or Inf: the run has diverged")
            records.append({
                "name": tf_name,
                "shape": list(value.shape),
                "dtype": "float32",
                "trainable": trainable,
                "data": encode_tensor(value),
            })
        out[net_name] = records
    return out


def optimizer_variables(nets, optimizer_name):
    """[(label, parameter, layout)] in the order the playground steps this optimizer's slots."""
    out = []
    for net_name in OPTIMIZERS[optimizer_name]:
        tensors = module_tensors(nets[net_name])
        for tf_name, torch_name, layout, trainable in WEIGHT_TABLE[net_name]:
            if trainable:
                out.append((f"{net_name}/{tf_name}", tensors[torch_name], layout))
    return out


# Adam's state maps exactly. tfjs and torch.optim.Adam (amsgrad off, no weight decay) make the
# same update, lr * m_hat / (sqrt(v_hat) + eps), with the same moments m and v, and bias
# correction from the step count: tfjs "iterations" = PyTorch state["step"]. Only the kernel
# layouts differ, exactly as for the weights.


def slot_tensor(b64, shape, layout, device):
    value = to_torch_layout(decode_tensor(b64, shape), layout)
    return torch.from_numpy(np.ascontiguousarray(value)).to(device)


def load_adam_state(doc, optimizers, nets):
    """Restores Adam's moments, step count and learning rate from the file, when it has them."""
    saved = doc.get("optimizers") or {}
    for name, optimizer in optimizers.items():
        state = saved.get(name)
        if not state or not state.get("slots"):
            continue  # never stepped, or exported without optimizer state: Adam starts fresh
        variables = optimizer_variables(nets, name)
        slots = state["slots"]
        if len(slots) != len(variables):
            raise SystemExit(f"optimizer {name}: {len(slots)} slots in the file, {len(variables)} variables")
        for group in optimizer.param_groups:
            group["lr"] = state["config"]["learningRate"]  # the rate in force when it was saved
        for slot, (label, param, layout) in zip(slots, variables):
            if slot.get("variable") not in (None, label):
                raise SystemExit(f"optimizer {name}: slot for {slot['variable']} where {label} was expected")
            optimizer.state[param] = {
                "step": torch.tensor(float(state["iterations"])),
                "exp_avg": slot_tensor(slot["m"], slot["shape"], layout, param.device),
                "exp_avg_sq": slot_tensor(slot["v"], slot["shape"], layout, param.device),
            }


def adam_records(optimizers, nets):
    """The "optimizers" object, slot by slot in the playground's order."""
    out = {}
    for name, optimizer in optimizers.items():
        group = optimizer.param_groups[0]
        slots, iterations = [], 0
        for label, param, layout in optimizer_variables(nets, name):
            state = optimizer.state.get(param)
            if not state:
                continue  # not stepped yet
            iterations = int(state["step"])
            slots.append({
                "variable": label,
                "shape": tfjs_shape(tuple(param.shape), layout),
                "dtype": "float32",
                "m": encode_tensor(to_tfjs_layout(state["exp_avg"].detach().cpu().numpy(), layout)),
                "v": encode_tensor(to_tfjs_layout(state["exp_avg_sq"].detach().cpu().numpy(), layout)),
            })
        if slots and len(slots) != len(optimizer_variables(nets, name)):
            raise SystemExit(f"optimizer {name} has state for only some of its variables")
        out[name] = {
            "type": "Adam",
            "iterations": iterations,
            "config": {
                "learningRate": group["lr"],
                "beta1": group["betas"][0],
                "beta2": group["betas"][1],
                "epsilon": group["eps"],
            },
            "slots": slots,
        }
    return out


def finite_or_none(value):
    return value if isinstance(value, (int, float)) and math.isfinite(value) else None


def write_weights_file(path, run, nets, optimizers=None):
    """Writes the weights JSON the playground imports. run: the file's description (model,
    train, dataset, step, epoch, history); optimizers: None to leave Adam's state out."""
    history = [
        {**point, "losses": {k: (v if k == "kind" else finite_or_none(v)) for k, v in point["losses"].items()}}
        for point in run["history"]
    ]
    doc = {
        "format": FORMAT_ID,
        "version": FORMAT_VERSION,
        "appVersion": run.get("appVersion", RUN["appVersion"]),
        "createdAt": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "writtenBy": f"{os.path.basename(__file__)} with PyTorch {torch.__version__}",
        "model": run["model"],
        "train": run["train"],
        "dataset": run["dataset"],
        "step": run["step"],
        "epoch": run["epoch"],
        "history": history,
        "networks": network_records(nets),
        "optimizers": adam_records(optimizers, nets) if optimizers is not None else None,
    }
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(doc, f, allow_nan=False)
    os.replace(tmp, path)  # never leave a half-written file behind
