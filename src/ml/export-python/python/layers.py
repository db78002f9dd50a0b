# ---------------------------------------------------------------------------------------------
# Layers that compute exactly what their TensorFlow.js counterparts compute
# ---------------------------------------------------------------------------------------------


def tf_same_padding(size, kernel, stride):
    """TensorFlow's 'same' padding along one axis, as (before, after).

    The output has ceil(size / stride) positions. When the total padding is odd, TensorFlow puts
    the extra pixel after (bottom / right): a 5x5 kernel with stride 2 on an even size pads 1
    before and 2 after. nn.Conv2d's padding= is symmetric, so it cannot express that.
    """
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


class SameConv2d(nn.Conv2d):
    """Strided convolution with TensorFlow's 'same' padding. Weight [out, in, kh, kw]."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=2, bias=True):
        super().__init__(in_channels, out_channels, kernel_size, stride=stride, padding=0, bias=bias)

    def forward(self, x):
        top, bottom = tf_same_padding(x.shape[2], self.kernel_size[0], self.stride[0])
        left, right = tf_same_padding(x.shape[3], self.kernel_size[1], self.stride[1])
        x = F.pad(x, (left, right, top, bottom))
        return F.conv2d(x, self.weight, self.bias, self.stride)


class SameConvTranspose2d(nn.ConvTranspose2d):
    """Strided transposed convolution with TensorFlow's 'same' padding. Weight [in, out, kh, kw].

    TensorFlow computes it as the gradient of a 'same' convolution whose input is size * stride:
    the full transposed output, (size - 1) * stride + kernel wide, is cropped to size * stride,
    dropping floor(excess / 2) rows/columns before and the rest after. For stride 2 that is 1
    before and 1 after with a 4x4 kernel, and 1 before and 2 after with a 5x5 kernel, which
    nn.ConvTranspose2d's padding/output_padding (always cropping the start at least as much as
    the end) cannot express. So: no padding, then crop like TensorFlow.
    """

    def __init__(self, in_channels, out_channels, kernel_size, stride=2, bias=True):
        super().__init__(in_channels, out_channels, kernel_size, stride=stride, padding=0, bias=bias)
        assert all(k >= s for k, s in zip(self.kernel_size, self.stride)), "kernel must be >= stride"

    def forward(self, x):
        out_h, out_w = x.shape[2] * self.stride[0], x.shape[3] * self.stride[1]
        y = F.conv_transpose2d(x, self.weight, self.bias, self.stride)  # [b, out, full_h, full_w]
        top = (y.shape[2] - out_h) // 2
        left = (y.shape[3] - out_w) // 2
        return y[:, :, top : top + out_h, left : left + out_w]


class TfBatchNorm(nn.Module):
    """Batch normalization as tfjs trains it: epsilon 1e-5, running averages with weight 0.1
    for the new batch (Keras momentum 0.9 = PyTorch momentum 0.1).

    One difference from nn.BatchNorm*: PyTorch folds the *unbiased* batch variance (divided by
    n - 1) into running_var, tfjs the *biased* one (divided by n). Normalizing a batch uses the
    biased variance in both. This module keeps tfjs's rule, so running statistics evolve exactly
    as they would in the playground. Works on [b, features] (after a dense layer) and on
    [b, channels, h, w].
    """

    def __init__(self, features, momentum=0.1, eps=1e-5):
        super().__init__()
        self.momentum = momentum
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(features))  # tfjs: gamma
        self.bias = nn.Parameter(torch.zeros(features))  # tfjs: beta
        self.register_buffer("running_mean", torch.zeros(features))  # tfjs: moving_mean
        self.register_buffer("running_var", torch.ones(features))  # tfjs: moving_variance

    def extra_repr(self):
        return f"{self.weight.shape[0]}, eps={self.eps}, momentum={self.momentum} (tfjs running-variance rule)"

    def forward(self, x):
        if not self.training:
            return F.batch_norm(
                x, self.running_mean, self.running_var, self.weight, self.bias, False, 0.0, self.eps
            )
        # Batch statistics for the output (PyTorch's kernel, which uses the biased variance) ...
        y = F.batch_norm(x, None, None, self.weight, self.bias, True, 0.0, self.eps)
        # ... and tfjs's running-average update: moving += (1 - 0.9) * (batch - moving).
        with torch.no_grad():
            dims = [d for d in range(x.dim()) if d != 1]
            self.running_mean.lerp_(x.mean(dims), self.momentum)
            self.running_var.lerp_(x.var(dims, unbiased=False), self.momentum)
        return y


class MinibatchDiscrimination(nn.Module):
    """Minibatch discrimination (Salimans et al. 2016), as the playground's d_minibatch layer.

    Features [b, n] are projected to kernels x dims; for each kernel, the sum over the *other*
    images of the batch of exp(-L1 distance) is appended: [b, n] -> [b, n + kernels]. The output
    depends on the whole batch, so score real and generated images in separate batches. The
    weight keeps tfjs's layout, [n, kernels * dims].
    """

    def __init__(self, in_features, kernels, dims=5):
        super().__init__()
        self.kernels = kernels
        self.dims = dims
        self.weight = nn.Parameter(torch.empty(in_features, kernels * dims))  # tfjs: kernel
        nn.init.normal_(self.weight, 0.0, 0.02)

    def extra_repr(self):
        return f"{self.weight.shape[0]}, kernels={self.kernels}, dims={self.dims}"

    def forward(self, x):
        m = (x @ self.weight).view(-1, self.kernels, self.dims)  # [b, kernels, dims]
        l1 = (m.unsqueeze(1) - m.unsqueeze(0)).abs().sum(3)  # [b, b, kernels], 0 on the diagonal
        closeness = torch.exp(-l1).sum(1) - 1  # [b, kernels]: minus each image's exp(0) with itself
        return torch.cat([x, closeness], 1)
