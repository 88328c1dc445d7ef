#!/usr/bin/python3
"""Writes tiny TorchScript feature networks and their reference outputs for Guidelab's tests.

Run with Debian's PyTorch (python3-torch 1.13), whose TorchScript files load in DJL 0.33.0 (libtorch 2.5.1):

    /usr/bin/python3 tools/make_feature_fixtures.py

Writes into src/test/resources/features/:
  inception-like.pt / .json  same contract as NVIDIA's inception-2015-12-05.pt: uint8 NCHW images of
                             any size, resized inside the network; forward(img, return_features=True)
                             gives 2048-D features (False: 1008 logits).
  dinov2-like.pt / .json     same contract as DINOv2 ViT-L/14: float32 NCHW 3x224x224 normalised
                             with ImageNet mean/std; forward(x) gives the 1024-D CLS feature.
Each JSON holds seeded input images (as LCG seeds, see lcg_images), the features PyTorch computes
and, for DINOv2, probes of the preprocessed network input (edm2's DINOv2Detector, resize_mode='torch').
The files are committed, so tests need no Python. Output is deterministic (fixed seeds).
"""
import hashlib
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'test', 'resources', 'features')
MASK64 = (1 << 64) - 1
IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]


def lcg_images(seed, n, c, h, w):
    """uint8 NCHW images from a 64-bit LCG (Knuth's MMIX constants): each byte is the top 8 bits."""
    state = seed & MASK64
    out = bytearray(n * c * h * w)
    for i in range(len(out)):
        state = (state * 6364136223846793005 + 1442695040888963407) & MASK64
        out[i] = state >> 56
    return torch.frombuffer(out, dtype=torch.uint8).reshape(n, c, h, w).clone()


@torch.jit.script
def expand(f: torch.Tensor, dim: int) -> torch.Tensor:
    """A fixed, weight-free expansion of [N, d] to [N, dim]: column k is f[:, k % d] cos(0.37 k) + 0.01 sin(0.11 k)."""
    k = torch.arange(dim, dtype=torch.float32)
    idx = torch.arange(dim) % f.shape[1]
    return f[:, idx] * torch.cos(0.37 * k) + 0.01 * torch.sin(0.11 * k)


class InceptionLike(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)

    def forward(self, img: torch.Tensor, return_features: bool = False) -> torch.Tensor:
        assert img.dtype == torch.uint8
        assert img.shape[1] == 3
        x = img.to(torch.float32)
        x = F.interpolate(x, size=(16, 16), mode='bilinear', align_corners=False)  # the real net: 299x299
        x = (x - 128.0) / 128.0
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)  # [N, 8, 8, 8]
        x = F.relu(self.conv2(x))  # [N, 16, 8, 8]
        features = F.relu(expand(x.mean(dim=(2, 3)), 2048))  # pool3-like, >= 0
        if return_features:
            return features
        return features[:, :1008] - features[:, 1008:2016]


class Dinov2Like(nn.Module):
    def __init__(self):
        super().__init__()
        self.patch = nn.Conv2d(3, 16, 14, stride=14)  # 16x16 patches of 14x14 pixels
        self.cls_token = nn.Parameter(torch.randn(1, 16) * 0.1)
        self.norm = nn.LayerNorm(16)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        tokens = self.patch(x).flatten(2).transpose(1, 2)  # [N, 256, 16]
        cls = self.norm(tokens.mean(dim=1) + self.cls_token)  # [N, 16]
        return expand(cls, 1024)


def dinov2_preprocess(img):
    """edm2 DINOv2Detector (resize_mode='torch'): bicubic+antialias to 224 on 0..255, /255, ImageNet mean/std."""
    x = F.interpolate(img.to(torch.float32), size=(224, 224), mode='bicubic', antialias=True)
    x = x / 255
    x = x - torch.tensor(IMAGENET_MEAN).reshape(1, -1, 1, 1)
    return x / torch.tensor(IMAGENET_STD).reshape(1, -1, 1, 1)


def floats(t):
    return [float(v) for v in t.reshape(-1).tolist()]


def save(net, name):
    path = os.path.join(OUT, name + '.pt')
    torch.jit.script(net.eval()).save(path)
    with open(path, 'rb') as f:
        data = f.read()
    return torch.jit.load(path).eval(), hashlib.sha256(data).hexdigest(), len(data)


def write_json(name, doc):
    with open(os.path.join(OUT, name + '.json'), 'w') as f:
        json.dump(doc, f, separators=(',', ':'))
        f.write('\n')


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(20151205)
    inception, sha, size = save(InceptionLike(), 'inception-like')
    cases = []
    with torch.no_grad():
        for seed, shape in [(1, (3, 3, 24, 20)), (2, (2, 3, 64, 48)), (3, (2, 3, 299, 299))]:
            img = lcg_images(seed, *shape)
            cases.append({'seed': seed, 'shape': list(shape),
                          'features': floats(inception(img, return_features=True))})
    write_json('inception-like', {'torch': torch.__version__, 'sha256': sha, 'bytes': size, 'dim': 2048,
                                  'cases': cases})

    torch.manual_seed(14)
    dinov2, sha, size = save(Dinov2Like(), 'dinov2-like')
    cases = []
    with torch.no_grad():
        for seed, shape in [(11, (2, 3, 48, 40)), (12, (2, 3, 300, 256)), (13, (1, 3, 224, 224))]:
            img = lcg_images(seed, *shape)
            x = dinov2_preprocess(img)
            flat = x.reshape(-1).to(torch.float64)
            probes = [(i * 7919) % flat.numel() for i in range(256)]
            cases.append({'seed': seed, 'shape': list(shape),
                          'preprocessed': {'sum': float(flat.sum()), 'sumSquares': float((flat * flat).sum()),
                                           'probeIndices': probes, 'probeValues': [float(flat[i]) for i in probes]},
                          'features': floats(dinov2(x))})
    write_json('dinov2-like', {'torch': torch.__version__, 'sha256': sha, 'bytes': size, 'dim': 1024,
                               'mean': IMAGENET_MEAN, 'std': IMAGENET_STD, 'cases': cases})


if __name__ == '__main__':
    main()
