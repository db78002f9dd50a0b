# ---------------------------------------------------------------------------------------------
# Images in and out. The playground keeps images channels-last, [n, height, width, channels], and
# so do the .npy files this script reads and writes; the networks take [n, channels, h, w].
# ---------------------------------------------------------------------------------------------

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff")


def image_shape():
    shape = RUN["dataset"]["shape"]
    return shape["height"], shape["width"], shape["channels"]


# A class-conditional model's classes, by index (empty for an unconditional model): its
# networks take the class as a second input, one-hot [n, classes].
CLASSES = RUN["dataset"].get("classes", [])


def one_hot(labels, device=None):
    """Class indices [n] -> one-hot [n, classes] float32."""
    labels = torch.as_tensor(np.asarray(labels, dtype=np.int64), device=device)
    if labels.numel() and (labels.min() < 0 or labels.max() >= len(CLASSES)):
        raise SystemExit(f"class indices must lie in 0..{len(CLASSES) - 1}")
    return F.one_hot(labels, len(CLASSES)).float()


def with_class(x, y):
    """A network's inputs: x alone, or x and the one-hot class y of a conditional model."""
    return (x,) if y is None else (x, y)


def load_labels(path, count):
    """Class index per image, from an .npy of [n] integers, for a conditional model."""
    labels = np.load(path).astype(np.int64).reshape(-1)
    if len(labels) != count:
        raise SystemExit(f"{path}: {len(labels)} labels for {count} images")
    return labels


def load_class_folders(path):
    """Images and labels from a folder with one subfolder per class, named as the classes."""
    missing = [name for name in CLASSES if not os.path.isdir(os.path.join(path, name))]
    if missing:
        raise SystemExit(f"{path}: a conditional model reads one subfolder per class; missing {missing[:3]}")
    h, w, c = image_shape()
    parts = [load_image_folder(os.path.join(path, name), h, w, c) for name in CLASSES]
    labels = np.concatenate([np.full(len(p), i, dtype=np.int64) for i, p in enumerate(parts)])
    return np.concatenate(parts), labels


def load_images(path):
    """Images [n, H, W, C] as uint8 (0..255) or float32 (0..1), from an .npy file ([n, H, W, C],
    or [n, H, W] for grey models) or from a folder of image files (read with Pillow, converted
    to grey or RGB and resized to the model's size)."""
    h, w, c = image_shape()
    if os.path.isdir(path):
        array = load_image_folder(path, h, w, c)
    else:
        array = np.load(path)
        if array.ndim == 3 and c == 1:
            array = array[..., None]
    if array.ndim != 4 or tuple(array.shape[1:]) != (h, w, c):
        raise SystemExit(f"{path}: expected images [n, {h}, {w}, {c}], found {list(array.shape)}")
    if array.dtype == np.uint8:
        return array
    array = array.astype(np.float32)
    if array.size and (array.min() < 0 or array.max() > 1):
        raise SystemExit(f"{path}: float images must lie in [0, 1] (or give uint8 pixels 0..255)")
    return array


def load_image_folder(path, h, w, c):
    try:
        from PIL import Image
    except ImportError:
        raise SystemExit(
            "Reading a folder of images needs Pillow (apt-get install python3-pil, or "
            "pip install pillow). Alternatively pass an .npy file of [n, H, W, C] uint8 pixels."
        )
    names = sorted(n for n in os.listdir(path) if n.lower().endswith(IMAGE_EXTENSIONS))
    if not names:
        raise SystemExit(f"{path}: no image files ({', '.join(IMAGE_EXTENSIONS)})")
    images = []
    for name in names:
        with Image.open(os.path.join(path, name)) as im:
            im = im.convert("L" if c == 1 else "RGB")
            if im.size != (w, h):
                im = im.resize((w, h), Image.BILINEAR)
            images.append(np.asarray(im, dtype=np.uint8).reshape(h, w, c))
    return np.stack(images)


def to_network_input(images, device):
    """[n, H, W, C] uint8 or [0, 1] floats -> [n, C, H, W] float32 in the model's pixel range,
    scaled as the playground scales them (pixel * 2/255 - 1 for the GAN, pixel / 255 for the VAE)."""
    x = torch.from_numpy(np.ascontiguousarray(images)).to(device).permute(0, 3, 1, 2).float()
    if images.dtype == np.uint8:
        return x * PIXEL_SCALE + PIXEL_OFFSET
    return x * (PIXEL_SCALE * 255) + PIXEL_OFFSET


def seeded(*parts):
    """A torch.Generator of its own for each purpose and index, so draws repeat exactly."""
    state = np.random.SeedSequence([int(p) for p in parts]).generate_state(1, dtype=np.uint64)[0]
    return torch.Generator().manual_seed(int(state >> np.uint64(1)))


class Batches:
    """Hands out batches in a fresh seeded order each pass over the data (like the playground's
    Batcher, though its random numbers differ). consumed: images already used, to resume."""

    def __init__(self, images, seed, consumed=0, labels=None):
        self.images, self.seed, self.labels = images, seed, labels
        self.pass_index, self.cursor = divmod(consumed, len(images))
        self.order = self.pass_order(self.pass_index)
        self.picked = np.zeros(0, dtype=np.int64)

    def pass_order(self, pass_index):
        return torch.randperm(len(self.images), generator=seeded(1, self.seed, pass_index)).numpy()

    def next(self, count):
        picked = []
        while len(picked) < count:
            if self.cursor >= len(self.order):
                self.pass_index, self.cursor = self.pass_index + 1, 0
                self.order = self.pass_order(self.pass_index)
            take = min(count - len(picked), len(self.order) - self.cursor)
            picked.extend(self.order[self.cursor : self.cursor + take])
            self.cursor += take
        self.picked = np.asarray(picked)
        return self.images[self.picked]  # [count, H, W, C]

    def last_labels(self):
        """The classes of the images next() handed out last (a conditional model's)."""
        return self.labels[self.picked]


def image_grid(images, cols):
    """[n, H, W, C] floats in [0, 1] -> one uint8 picture, cells 1 pixel apart."""
    n, h, w, c = images.shape
    cols = max(1, min(cols, n))
    rows = -(-n // cols)
    grid = np.zeros((rows * (h + 1) - 1, cols * (w + 1) - 1, c), dtype=np.uint8)
    pixels = np.clip(np.rint(images * 255), 0, 255).astype(np.uint8)
    for i in range(n):
        y, x = (i // cols) * (h + 1), (i % cols) * (w + 1)
        grid[y : y + h, x : x + w] = pixels[i]
    return grid


def write_png(path, pixels):
    """Writes uint8 [H, W, 1 or 3] as an 8-bit grey or RGB PNG (standard library only)."""
    h, w, c = pixels.shape
    raw = b"".join(b"\x00" + pixels[y].tobytes() for y in range(h))  # filter 0 on each row

    def chunk(tag, data):
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", w, h, 8, 0 if c == 1 else 2, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
