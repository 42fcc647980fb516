"""Feature codecs, simulated in float32 exactly as Tandem's Java codecs apply them, so the
accuracies in the manifest are the accuracies devices and the edge see.

Quantization is affine, per frame: per tensor (one scale for the sample) or per channel
(one per channel, axis 1): scale = (max - min) / (2^bits - 1) (|min|, or 1 for zeros, when max == min),
zero_point = clamp(round(qmin - min / scale)), q = clamp(round(x / scale) + zero_point),
x' = (q - zero_point) * scale; round is half-to-even in both languages."""
import math

import torch

CODECS = ["float32", "float16", "int8", "int8-pc", "int4", "int4-pc"]


def _spec(codec):
    return {"float32": (32, False), "float16": (16, False), "int8": (8, False), "int8-pc": (8, True),
            "int4": (4, False), "int4-pc": (4, True)}[codec]


def quantize(x, bits, per_channel):
    qmin, qmax = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
    n, c = x.shape[0], x.shape[1]
    g = x.reshape(n, c, -1) if per_channel else x.reshape(n, 1, -1)
    lo = g.min(-1, keepdim=True).values
    hi = g.max(-1, keepdim=True).values
    scale = (hi - lo) / float(qmax - qmin)
    # A constant group gets scale |value| (1 for zeros), so it decodes exactly.
    constant_scale = torch.where(lo != 0, lo.abs(), torch.ones_like(lo))
    scale = torch.where(scale > 0, scale, constant_scale)
    zp = torch.clamp(torch.round(float(qmin) - lo / scale), qmin, qmax)
    q = torch.clamp(torch.round(g / scale) + zp, qmin, qmax)
    return ((q - zp) * scale).reshape(x.shape)


def apply_codec(x, codec):
    bits, per_channel = _spec(codec)
    if bits == 32:
        return x
    if bits == 16:
        return x.half().float()
    return quantize(x, bits, per_channel)


def payload_bytes(shape, codec):
    bits, _ = _spec(codec)
    return int(math.ceil(math.prod(shape[1:]) * bits / 8))


def quant_param_bytes(shape, codec):
    """Scale (float) and zero point (int) per group, as carried in the FeatureFrame."""
    bits, per_channel = _spec(codec)
    if bits >= 16:
        return 0
    return 8 * (shape[1] if per_channel else 1)
