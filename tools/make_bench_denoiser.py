#!/usr/bin/python3
"""Writes the image denoiser the host-overhead benchmark calls (ImageHostOverheadBenchmark).

Run with Debian's PyTorch (python3-torch 1.13), whose TorchScript files load in DJL 0.33.0:

    PYTHONHASHSEED=0 /usr/bin/python3 tools/make_bench_denoiser.py

Writes src/test/resources/denoisers/any-shape-gaussian.pt: the exact denoiser of x ~ N(0, s^2 I),
D(x; sigma) = s^2 / (s^2 + sigma^2) * x with s = 0.5, for images of any shape [n, C, R, R]. It costs
one multiplication per pixel, so timing the sampler with it measures what the host spends around a
network call (copies, conversions, guidance and Heun arithmetic), not the network.
"""
import os

import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'test', 'resources',
                   'denoisers', 'any-shape-gaussian.pt')


class AnyShapeGaussian(nn.Module):
    def __init__(self, s: float):
        super().__init__()
        self.s2 = float(s * s)

    def forward(self, x: torch.Tensor, sigma: torch.Tensor) -> torch.Tensor:
        c = self.s2 / (self.s2 + sigma * sigma)  # [n]
        return c.reshape(-1, 1, 1, 1) * x


if __name__ == '__main__':
    torch.jit.script(AnyShapeGaussian(0.5)).save(OUT)
    print('wrote', os.path.normpath(OUT), os.path.getsize(OUT), 'bytes')
