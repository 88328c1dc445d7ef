#!/usr/bin/python3
"""Writes tiny TorchScript image denoisers and a feature network for Guidelab's image tests.

Run with Debian's PyTorch (python3-torch 1.13), whose TorchScript files load in DJL 0.33.0 (libtorch 2.5.1):

    PYTHONHASHSEED=0 /usr/bin/python3 tools/make_denoiser_fixtures.py

(PYTHONHASHSEED=0 makes the files byte-identical run to run: TorchScript's generated code lists a
module's constants in set order. Other seeds give other bytes with the same weights and outputs. The
debug info also records the script's absolute path, so a run from another checkout gives the same
weights and outputs in other bytes: commit only the files you meant to change, and keep the hashes
of the others in gaussian-images.json.)

The data distribution is analytic: images x ~ N(mu, s^2 I) of shape 3x16x16 with a fixed mean image
mu (values in [-0.4, 0.4], data range [-1, 1] as in EDM). Its exact denoiser (EDM, Karras et al. 2022,
Eq. 3 solved for a Gaussian) is

    D(x; sigma) = mu + s^2 / (s^2 + sigma^2) * (x - mu).

Writes into src/test/resources/denoisers/:
  gaussian-exact.pt        forward(x: float32 [n,3,16,16], sigma: float32 [n]) -> D(x; sigma), s = 0.15
  gaussian-bad.pt          the same rule for a wrong distribution (s = 0.25, mu shifted by 0.1): the
                           "bad version" an autoguidance test can guide with, and a clearly wrong model
  gaussian-classes.pt      forward(x, sigma, class_labels: float32 [n,2]) with mean mu + y @ delta:
                           one-hot y picks a class, all zeros (the null condition) gives mu
  wrong-shape.pt           forward(x, sigma) returning [n, 3] -- breaks the denoiser contract
  pooled-features.pt       a uint8 NCHW feature network: ((img/127.5 - 1) -> conv 3x3 (seeded) -> tanh
                           -> average pool to 2x2) -> 64-D; small enough for fast Frechet distances
  classifier-features.pt   the same features with a classifier head, in the call convention of NVIDIA's
                           Inception export: forward(img: uint8, return_features: bool) gives the 64-D
                           features (True) or 2 logits (False), z_c = <x - mu, delta_c> - |delta_c|^2 / 2
                           with x = img/127.5 - 1: the Bayes classifier of gaussian-classes.pt's two
                           classes (equal covariances and priors), whose means lie 52 s apart, so
                           every exact sample of class c has top-1 class c
  gaussian-images.json     mu, s, the bad model's parameters, delta, hashes, and probe outputs (the
                           classifier's features and logits of the mean image and the class means)
The files are committed, so tests need no Python.
"""
import hashlib
import json
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'test', 'resources', 'denoisers')
C, H, W = 3, 16, 16
S_EXACT = 0.15
S_BAD = 0.25
MU_SHIFT_BAD = 0.1


def mean_image():
    """mu[c, h, w] = 0.4 sin(0.5 h + 0.3 w + 2c): a smooth pattern well inside [-1, 1]."""
    mu = torch.zeros(C, H, W, dtype=torch.float32)
    for c in range(C):
        for h in range(H):
            for w in range(W):
                mu[c, h, w] = 0.4 * math.sin(0.5 * h + 0.3 * w + 2 * c)
    return mu


class GaussianDenoiser(nn.Module):
    """D(x; sigma) = mu + s^2/(s^2 + sigma^2) (x - mu) for x ~ N(mu, s^2 I)."""

    def __init__(self, mu, s):
        super().__init__()
        self.register_buffer('mu', mu.clone())
        self.s2 = float(s * s)

    def forward(self, x: torch.Tensor, sigma: torch.Tensor) -> torch.Tensor:
        c = self.s2 / (self.s2 + sigma * sigma)  # [n]
        return self.mu + c.reshape(-1, 1, 1, 1) * (x - self.mu)


class ClassGaussianDenoiser(nn.Module):
    """Class y (one-hot [n, 2]) has mean mu + y @ delta; the null condition (zeros) has mean mu."""

    def __init__(self, mu, delta, s):
        super().__init__()
        self.register_buffer('mu', mu.clone())
        self.register_buffer('delta', delta.clone())  # [2, C, H, W]
        self.s2 = float(s * s)

    def forward(self, x: torch.Tensor, sigma: torch.Tensor, class_labels: torch.Tensor) -> torch.Tensor:
        mean = self.mu + torch.einsum('nk,kchw->nchw', class_labels, self.delta)
        c = self.s2 / (self.s2 + sigma * sigma)
        return mean + c.reshape(-1, 1, 1, 1) * (x - mean)


class WrongShape(nn.Module):
    def forward(self, x: torch.Tensor, sigma: torch.Tensor) -> torch.Tensor:
        return x.mean(dim=(2, 3))


class PooledFeatures(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 16, 3, padding=1)

    def forward(self, img: torch.Tensor) -> torch.Tensor:
        assert img.dtype == torch.uint8
        x = img.to(torch.float32) / 127.5 - 1
        x = torch.tanh(self.conv(x))
        return F.adaptive_avg_pool2d(x, 2).flatten(1)  # [n, 64]


class ClassifierFeatures(nn.Module):
    """PooledFeatures' 64-D features, or the two logits of the Bayes classifier of gaussian-classes."""

    def __init__(self, mu, delta):
        super().__init__()
        self.conv = nn.Conv2d(3, 16, 3, padding=1)
        self.register_buffer('mu', mu.clone())
        self.register_buffer('delta', delta.clone())  # [2, C, H, W]

    def forward(self, img: torch.Tensor, return_features: bool = False) -> torch.Tensor:
        assert img.dtype == torch.uint8
        x = img.to(torch.float32) / 127.5 - 1
        if return_features:
            return F.adaptive_avg_pool2d(torch.tanh(self.conv(x)), 2).flatten(1)  # [n, 64]
        # Images of any size are resized to 16x16 inside, as Inception resizes to 299x299 (the
        # identity at 16x16).
        x = F.interpolate(x, size=(16, 16), mode='bilinear', align_corners=False)
        half_norm = 0.5 * (self.delta * self.delta).sum(dim=(1, 2, 3))  # [2]
        return torch.einsum('nchw,kchw->nk', x - self.mu, self.delta) - half_norm  # [n, 2]


def save(net, name):
    path = os.path.join(OUT, name + '.pt')
    torch.jit.script(net.eval()).save(path)
    with open(path, 'rb') as f:
        data = f.read()
    return torch.jit.load(path).eval(), hashlib.sha256(data).hexdigest()


def floats(t):
    return [float(v) for v in t.reshape(-1).tolist()]


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(16)
    mu = mean_image()
    mu_bad = mu + MU_SHIFT_BAD
    delta = 0.2 * torch.sign(torch.randn(2, C, H, W))
    exact, sha_exact = save(GaussianDenoiser(mu, S_EXACT), 'gaussian-exact')
    _, sha_bad = save(GaussianDenoiser(mu_bad, S_BAD), 'gaussian-bad')
    classes, sha_classes = save(ClassGaussianDenoiser(mu, delta, S_EXACT), 'gaussian-classes')
    save(WrongShape(), 'wrong-shape')
    features, sha_features = save(PooledFeatures(), 'pooled-features')
    classifier, sha_classifier = save(ClassifierFeatures(mu, delta), 'classifier-features')

    # Probes: a fixed input at two noise levels, and the feature network on a fixed uint8 image.
    x = torch.linspace(-2, 2, 2 * C * H * W).reshape(2, C, H, W)
    sigma = torch.tensor([0.5, 3.0])
    labels = torch.tensor([[0.0, 1.0], [0.0, 0.0]])
    img = ((mu * 127.5 + 128).clamp(0, 255).to(torch.uint8)).unsqueeze(0)
    with torch.no_grad():
        probe = {'x': 'linspace(-2, 2, 1536) as [2, 3, 16, 16]', 'sigma': floats(sigma),
                 'exact': floats(exact(x, sigma)), 'labels': floats(labels),
                 'classes': floats(classes(x, sigma, labels)),
                 'meanImageFeatures': floats(features(img))}
        # The classifier on the quantised mean image and the two class means: [3, ...].
        class_img = torch.stack([mu, mu + delta[0], mu + delta[1]])
        class_img = (class_img * 127.5 + 128).clamp(0, 255).to(torch.uint8)
        probe['classifierImages'] = 'mu, mu + delta_0, mu + delta_1 quantised as img'
        probe['classifierFeatures'] = floats(classifier(class_img, True))
        probe['classifierLogits'] = floats(classifier(class_img, False))
    doc = {'torch': torch.__version__, 'shape': [C, H, W], 's': S_EXACT, 'sBad': S_BAD,
           'muShiftBad': MU_SHIFT_BAD, 'mu': floats(mu), 'delta': floats(delta),
           'sha256': {'gaussian-exact': sha_exact, 'gaussian-bad': sha_bad,
                      'gaussian-classes': sha_classes, 'pooled-features': sha_features,
                      'classifier-features': sha_classifier},
           'featureDim': 64, 'classifierClasses': 2, 'probe': probe}
    with open(os.path.join(OUT, 'gaussian-images.json'), 'w') as f:
        json.dump(doc, f, separators=(',', ':'))
        f.write('\n')


if __name__ == '__main__':
    main()
