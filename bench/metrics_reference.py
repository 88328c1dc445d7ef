"""numpy baseline for MetricsBenchmark: the same work on the same data, on the same machine, with
the same number of BLAS threads.

Same data: MetricsBenchmark writes its KID and precision/recall sets (Gaussian, N x 2048 float64
from its seeded generator, N = 2,000, or 10,000 with --full) to target/metrics-bench/real.npy and
fake.npy, and its sizes to sizes.json; this script reads them. Run it right after the Java
benchmark, from the repository root, with Debian's numpy (apt-get install -y python3-numpy):

    /usr/bin/python3 bench/metrics_reference.py [--threads 2]

It prints the BLAS numpy loaded and its thread count, then times at float64 and, for information,
float32:
- moments: the samples of real.npy in batches of 1,000 into FD's 20 blocks (sample k to block
  k mod 20), each block's S += sum(x - c) and Q += (X - c)^T (X - c) by one matrix product per block
  and batch (c = 0, the Java side's reference mean), and, for comparison, into one block;
- KID: as many subsets of as many rows as the Java side, polynomial kernel (x.y/d + 1)^3, unbiased
  MMD^2 (numpy's generator draws the subsets: other rows, the same work);
- precision/recall: the k = 3 nearest-neighbour radii of both sets and the share of each set inside
  the other's balls, from squared distances by one matrix product per block of 1,000 rows.
OPENBLAS_NUM_THREADS (and OMP_NUM_THREADS) are set before numpy is imported, so numpy uses exactly
--threads threads; run the Java side with the same OPENBLAS_NUM_THREADS.
"""
import argparse
import ctypes
import json
import os
import platform
import time

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--threads", type=int, default=2, help="BLAS threads (default 2)")
parser.add_argument("--data", default="target/metrics-bench", help="MetricsBenchmark's data")
args = parser.parse_args()
os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
os.environ["OMP_NUM_THREADS"] = str(args.threads)

import numpy as np  # noqa: E402  (after the thread count is set)


def blas():
    """The BLAS/LAPACK libraries loaded into this process, and OpenBLAS's thread count."""
    libs = sorted({line.split()[-1] for line in open("/proc/self/maps") if "blas" in line or "lapack" in line})
    threads = "unknown"
    for lib in libs:
        if "openblas" in os.path.basename(lib):
            threads = ctypes.CDLL(lib).openblas_get_num_threads()
    return libs, threads


def timed(what, runs, body):
    """Best of `runs` wall-clock seconds after one untimed warm-up, printed as MetricsBenchmark does."""
    body()
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        body()
        best = min(best, time.perf_counter() - start)
    print(f"{what:<62} {best:10.3f} s")
    return best


def moments(x, batch, blocks, dtype):
    """S and Q of `blocks` blocks, sample k to block k mod blocks, one product per block and batch."""
    n, d = x.shape
    centre = np.zeros(d, dtype)
    s = np.zeros((blocks, d), dtype)
    q = np.zeros((blocks, d, d), dtype)
    for start in range(0, n, batch):
        xb = x[start:start + batch]
        for b in range(blocks):
            y = xb[(b - start) % blocks::blocks] - centre
            s[b] += y.sum(axis=0)
            q[b] += y.T @ y
    return s, q


def kid(real, fake, subsets, m, rng):
    """Mean and std over subsets of the unbiased MMD^2 with kernel (x.y/d + 1)^3."""
    d = real.shape[1]
    t = []
    for _ in range(subsets):
        x = real[rng.choice(len(real), m, replace=False)]
        y = fake[rng.choice(len(fake), m, replace=False)]
        kxx, kyy, kxy = ((x @ x.T) / d + 1) ** 3, ((y @ y.T) / d + 1) ** 3, ((x @ y.T) / d + 1) ** 3
        t.append((kxx.sum() - np.trace(kxx) + kyy.sum() - np.trace(kyy)) / (m * (m - 1)) - 2 * kxy.mean())
    return np.mean(t), np.std(t)


def squared_distances(a, b, block=1000):
    """Row blocks of |a_i - b_j|^2 = |a_i|^2 + |b_j|^2 - 2 a_i.b_j."""
    bb = (b * b).sum(axis=1)
    for start in range(0, len(a), block):
        ab = a[start:start + block]
        yield start, (ab * ab).sum(axis=1)[:, None] + bb[None, :] - 2 * (ab @ b.T)


def radii(x, k):
    """Squared distance of each row to its k-th nearest other row."""
    r = np.empty(len(x), x.dtype)
    for start, d2 in squared_distances(x, x):
        r[start:start + len(d2)] = np.partition(d2, k, axis=1)[:, k]  # index 0 is the row itself
    return r


def inside(points, centres, r):
    """Share of points within some ball (centre_j, r_j)."""
    hits = 0
    for _, d2 in squared_distances(points, centres):
        hits += np.count_nonzero((d2 <= r[None, :]).any(axis=1))
    return hits / len(points)


def precision_recall(real, fake, k):
    r_real, r_fake = radii(real, k), radii(fake, k)
    return inside(fake, real, r_real), inside(real, fake, r_fake)


def main():
    sizes = json.load(open(os.path.join(args.data, "sizes.json")))
    real64 = np.load(os.path.join(args.data, "real.npy"))
    fake64 = np.load(os.path.join(args.data, "fake.npy"))
    n, d = real64.shape
    libs, threads = blas()
    print(f"numpy {np.__version__}, Python {platform.python_version()} on {platform.machine()}, "
          f"{os.cpu_count()} cores; load average {' '.join(open('/proc/loadavg').read().split()[:3])}")
    print(f"BLAS: {', '.join(libs) or 'none found'}; OpenBLAS threads {threads} "
          f"(OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']})")
    batch, blocks = sizes["moment_batch"], sizes["blocks"]
    subsets, m, k = sizes["kid_subsets"], sizes["kid_subset_size"], sizes["pr_k"]
    for dtype in (np.float64, np.float32):
        real, fake = real64.astype(dtype), fake64.astype(dtype)
        name = np.dtype(dtype).name
        t = timed(f"numpy {name} moments {n} samples d={d}, {blocks} blocks, batches of {batch}", 3,
                  lambda: moments(real, batch, blocks, dtype))
        one = timed(f"numpy {name} moments, one block", 3, lambda: moments(real, batch, 1, dtype))
        print(f"numpy {name} moments d={d} ({blocks} blocks): {t / n * 1e3:.3f} ms/sample "
              f"(one block {one / n * 1e3:.3f} ms/sample)")
        rng = np.random.default_rng(1)
        result = [None]
        timed(f"numpy {name} KID {n}x{n} d={d} ({subsets} subsets of {m})", 1,
              lambda: result.__setitem__(0, kid(real, fake, subsets, m, rng)))
        print(f"  KID = {result[0][0]:.6g} ± {result[0][1]:.2g}")
        timed(f"numpy {name} P/R k={k} {n}x{n} d={d}", 1,
              lambda: result.__setitem__(0, precision_recall(real, fake, k)))
        print(f"  P/R = {result[0][0]:.4f} / {result[0][1]:.4f}")
    print(f"load average at the end {' '.join(open('/proc/loadavg').read().split()[:3])}")


if __name__ == "__main__":
    main()
