"""PyTorch baseline for ToyNetBenchmark: the toy denoiser of docs/toy.md written the way the
reference implementation (NVlabs/edm2 toy_example.py) writes it -- a log-density MLP whose score
comes from torch.autograd -- timed on the same CPU with the same thread count (one: torch's
intra-op threads and OpenBLAS's, which this script sets before importing numpy and torch).

Run with Debian's python3-torch (apt-get install -y python3-torch):
    /usr/bin/python3 bench/toy_reference.py
Prints evaluations/s at batch 8192 for H = 64 and H = 32 and samples/s of a 32-step Heun run guided
as D_g + w(D_m - D_g), to compare with the Java figures of ToyNetBenchmark.
"""
import os

# One thread everywhere, set before numpy and torch load their BLAS: torch.set_num_threads alone
# leaves OpenBLAS (Debian's torch does its matrix products through it) on every core.
os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ["OMP_NUM_THREADS"] = "1"

import platform  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(1)


class MPLinear(torch.nn.Module):
    def __init__(self, fan_in, fan_out):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.randn(fan_out, fan_in))

    def forward(self, x):
        w = self.weight
        w = w / (1e-4 + w.norm(dim=1, keepdim=True) / np.sqrt(w.shape[1])) / np.sqrt(w.shape[1])
        return x @ w.t()


class ToyNet(torch.nn.Module):
    def __init__(self, hidden, layers=4, sigma_data=0.5):
        super().__init__()
        self.sigma_data = sigma_data
        self.layers = torch.nn.ModuleList([MPLinear(4, hidden)] + [MPLinear(hidden, hidden) for _ in range(layers)])
        self.gain = torch.nn.Parameter(torch.ones([]))

    def logp(self, x, sigma):
        c_in = 1 / (self.sigma_data**2 + sigma**2).sqrt()
        y = torch.cat([c_in * x, (sigma.log() / 4).expand(x.shape[0], 1), torch.ones_like(x[:, :1])], dim=1)
        y = self.layers[0](y)
        for layer in self.layers[1:]:
            y = layer(torch.nn.functional.silu(y) / 0.596)
        return self.gain * (y**2).mean(dim=1) / sigma.squeeze(1) - 0.5 * ((c_in * x) ** 2).sum(dim=1)

    def denoise(self, x, sigma):
        sigma = torch.as_tensor(sigma, dtype=torch.float32).reshape(1, 1)
        with torch.enable_grad():
            x = x.detach().requires_grad_(True)
            score = torch.autograd.grad(self.logp(x, sigma).sum(), x)[0]
        return (x + sigma**2 * score).detach()


def sigmas(steps=32, sigma_min=0.002, sigma_max=5, rho=7):
    i = np.arange(steps)
    t = (sigma_max ** (1 / rho) + i / (steps - 1) * (sigma_min ** (1 / rho) - sigma_max ** (1 / rho))) ** rho
    return np.append(t, 0)


def main():
    blas = sorted({line.split()[-1] for line in open("/proc/self/maps") if "blas" in line})
    print(f"machine: {torch.get_num_threads()} torch thread(s), OPENBLAS_NUM_THREADS="
          f"{os.environ['OPENBLAS_NUM_THREADS']}, torch {torch.__version__}, "
          f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores; "
          f"BLAS {', '.join(blas) or 'none loaded'}; "
          f"load average {' '.join(open('/proc/loadavg').read().split()[:3])}")
    torch.manual_seed(0)
    x = torch.randn(8192, 2) * 0.5
    t = sigmas()
    nets = {h: ToyNet(h) for h in (64, 32)}
    for h, net in nets.items():
        for i in range(5):
            net.denoise(x, t[i])
        start = time.perf_counter()
        timed = 40
        for i in range(timed):
            net.denoise(x, t[i % 32])
        seconds = (time.perf_counter() - start) / timed
        print(f"torch net H={h:<3} batch 8192: {seconds * 1e3:7.2f} ms/evaluation, {1 / seconds:6.1f} evaluations/s")

    main_net, guide_net, w = nets[64], nets[32], 2.5
    x = torch.randn(8192, 2) * t[0]
    start = time.perf_counter()
    for i in range(32):
        t_cur, t_next = t[i], t[i + 1]
        d_m, d_g = main_net.denoise(x, t_cur), guide_net.denoise(x, t_cur)
        d = (x - (d_g + w * (d_m - d_g))) / t_cur
        x_next = x + (t_next - t_cur) * d
        if i < 31:
            d_m, d_g = main_net.denoise(x_next, t_next), guide_net.denoise(x_next, t_next)
            d2 = (x_next - (d_g + w * (d_m - d_g))) / t_next
            x_next = x + (t_next - t_cur) * (0.5 * d + 0.5 * d2)
        x = x_next
    seconds = time.perf_counter() - start
    print(f"torch autoguided 32-step Heun, 8192 samples: {seconds:.2f} s, {8192 / seconds:.0f} samples/s")


if __name__ == "__main__":
    main()
