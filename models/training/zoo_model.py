"""The zoo's CNN family: a small ResNet (basic residual blocks) for 28x28 grayscale images, at several
widths (model versions), cut into blocks between which it can be split, plus trained bottlenecks
(a small encoder on the device side of a split, a decoder on the edge side)."""
import torch
import torch.nn as nn

NUM_CLASSES = 10


class ConvBN(nn.Sequential):
    """Conv -> BatchNorm -> optional ReLU6; BatchNorm is folded into the conv for export."""

    def __init__(self, cin, cout, kernel, stride=1, groups=1, act=True, transpose=False):
        if transpose:
            conv = nn.ConvTranspose2d(cin, cout, kernel, stride, padding=kernel // 2, output_padding=stride - 1, bias=False)
        else:
            conv = nn.Conv2d(cin, cout, kernel, stride, padding=kernel // 2, groups=groups, bias=False)
        layers = [conv, nn.BatchNorm2d(cout)]
        if act:
            layers.append(nn.ReLU6())
        super().__init__(*layers)


class BasicBlock(nn.Module):
    """ResNet basic block: two 3x3 convs and a shortcut (1x1 projection when the shape changes).
    Chosen over inverted residuals because depthwise convolutions train several times slower on
    CPU, and the zoo must be reproducible on a 2-core machine."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.body = nn.Sequential(ConvBN(cin, cout, 3, stride), ConvBN(cout, cout, 3, act=False))
        self.shortcut = None if stride == 1 and cin == cout else ConvBN(cin, cout, 1, stride, act=False)

    def forward(self, x):
        return torch.relu(self.body(x) + (x if self.shortcut is None else self.shortcut(x)))


class Classifier(nn.Module):
    def __init__(self, cin, hidden):
        super().__init__()
        self.conv = ConvBN(cin, hidden, 1)
        self.fc = nn.Linear(hidden, NUM_CLASSES)

    def forward(self, x):
        return self.fc(self.conv(x).mean(dim=(2, 3)))


def make_blocks(width):
    """The network as a list of blocks; partition k runs blocks [0, k) on the device."""
    c1, c2, c3 = max(4, int(16 * width)), max(8, int(32 * width)), max(16, int(64 * width))
    return nn.ModuleList([
        ConvBN(1, c1, 3),                  # 28x28xc1: wider than the input
        BasicBlock(c1, c2, 2),             # 14x14xc2
        BasicBlock(c2, c2, 1),             # 14x14xc2
        BasicBlock(c2, c3, 2),             # 7x7xc3
        BasicBlock(c3, c3, 1),             # 7x7xc3
        Classifier(c3, 2 * c3),            # logits
    ])


class Net(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.blocks = make_blocks(width)

    def forward(self, x):
        for b in self.blocks:
            x = b(x)
        return x


class Bottleneck(nn.Module):
    """Transfer layer at a split: encoder on the device (ends in ReLU6, so features are bounded and
    quantize well), decoder on the edge restoring the block's feature shape."""

    def __init__(self, channels, spatial, code_channels):
        super().__init__()
        stride = 2 if spatial >= 14 else 1
        self.encoder = ConvBN(channels, code_channels, 3, stride)
        self.decoder = nn.Sequential(
            ConvBN(code_channels, channels * 2, 3, stride, transpose=stride > 1) if stride > 1 else ConvBN(code_channels, channels * 2, 3),
            ConvBN(channels * 2, channels, 1, act=False),
        )


class Slice(nn.Sequential):
    """A run of modules exported as one ONNX graph."""
