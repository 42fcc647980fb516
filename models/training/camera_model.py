"""The camera-resolution family: a MobileNetV2-style network (inverted residual blocks with skip
connections, depthwise 3x3 convolutions, ReLU6) on 112x112 grayscale frames, at several widths,
and the scenes it is trained on: Fashion-MNIST items placed, scaled, on a textured, noisy canvas.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

SIDE = 112
# (expansion t, output channels c, repeats n, first stride s), as MobileNetV2's table, shortened
# after the 96-channel stage so that a version's weights stay small enough to commit.
STAGES = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 3, 2), (6, 96, 2, 1)]
LAST_CHANNELS = 384


def divisible(v, d=8):
    return max(d, int(v + d / 2) // d * d)


class InvertedResidual(nn.Module):
    def __init__(self, cin, cout, stride, expansion):
        super().__init__()
        hidden = cin * expansion
        layers = []
        if expansion != 1:
            layers += [nn.Conv2d(cin, hidden, 1, bias=False), nn.BatchNorm2d(hidden), nn.ReLU6(inplace=True)]
        layers += [
            nn.Conv2d(hidden, hidden, 3, stride, 1, groups=hidden, bias=False),
            nn.BatchNorm2d(hidden),
            nn.ReLU6(inplace=True),
            nn.Conv2d(hidden, cout, 1, bias=False),
            nn.BatchNorm2d(cout),
        ]
        self.body = nn.Sequential(*layers)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        return x + self.body(x) if self.residual else self.body(x)


class CameraNet(nn.Module):
    def __init__(self, width):
        super().__init__()
        c = divisible(32 * width)
        layers = [nn.Conv2d(1, c, 3, 2, 1, bias=False), nn.BatchNorm2d(c), nn.ReLU6(inplace=True)]
        for t, co, n, s in STAGES:
            out = divisible(co * width)
            for k in range(n):
                layers.append(InvertedResidual(c, out, s if k == 0 else 1, t))
                c = out
        layers += [nn.Conv2d(c, LAST_CHANNELS, 1, bias=False), nn.BatchNorm2d(LAST_CHANNELS), nn.ReLU6(inplace=True)]
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Linear(LAST_CHANNELS, 10)

    def forward(self, x):
        x = F.adaptive_avg_pool2d(self.features(x), 1)
        return self.classifier(torch.flatten(x, 1))


def scenes(items, seed):
    """Places each 28x28 item (uint8 tensor N x 28 x 28) on a 112x112 canvas: a smooth random
    texture plus pixel noise, the item scaled 1.5-3x at a random position, blended by its own
    intensity. Deterministic in (seed, order); returns uint8 N x 1 x 112 x 112."""
    g = torch.Generator().manual_seed(seed)
    n = items.shape[0]
    texture = F.interpolate(torch.rand(n, 1, 7, 7, generator=g), size=(SIDE, SIDE), mode="bilinear", align_corners=False)
    canvas = 0.15 + 0.45 * texture + 0.06 * torch.randn(n, 1, SIDE, SIDE, generator=g)
    sizes = torch.randint(42, 85, (n,), generator=g)
    brightness = 0.7 + 0.3 * torch.rand(n, generator=g)
    for i in range(n):
        s = int(sizes[i])
        item = F.interpolate(items[i].float().div(255).view(1, 1, 28, 28), size=(s, s), mode="bilinear", align_corners=False)[0]
        y = int(torch.randint(0, SIDE - s + 1, (1,), generator=g))
        x = int(torch.randint(0, SIDE - s + 1, (1,), generator=g))
        region = canvas[i, :, y:y + s, x:x + s]
        canvas[i, :, y:y + s, x:x + s] = region * (1 - item) + brightness[i] * item
    return canvas.clamp(0, 1).mul(255).round().to(torch.uint8)
