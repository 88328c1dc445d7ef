"""numpy baseline for MetricsBenchmark: the same work on the same data, on the same machine, with
the same number of BLAS threads.

Same data: MetricsBenchmark writes its sets (Gaussian, N x 2048 float64 from its seeded generator,
N = 2,000, or 10,000 with --full) to target/metrics-bench/real.npy and fake.npy, KID's subsets
(row indices) to kid_real.npy and kid_fake.npy, and its sizes to sizes.json; this script reads them.
MetricsBenchmark runs it itself at its end (it needs Debian's numpy: apt-get install -y
python3-numpy) and sets the two sides' times against each other; to run it alone, from the
repository root after the Java benchmark:

    /usr/bin/python3 bench/metrics_reference.py [--threads 2]

It prints the BLAS numpy loaded and its thread count, then times at float64 and, for information,
float32, each from scratch as a numpy user would compute it:
- moments: the samples of real.npy in batches of 1,000 into FD's 20 blocks (sample k to block
  k mod 20), each block's S += sum(x - c) and Q += (X - c)^T (X - c) by one matrix product per block
  and batch (c = 0, the Java side's reference mean), and, for comparison, into one block;
- KID: MetricsBenchmark's subsets, polynomial kernel (x.y/d + 1)^3, unbiased MMD^2 — the same values
  as the Java side to rounding;
- precision/recall (k = 3, <=) with density/coverage (k = 5, <) from the three distance matrices
  clovaai's prdc computes (real-real, fake-fake, fake-real), squared distances by one matrix product
  per block of 1,000 rows;
- realism (dgm-eval: balls below the median radius) and rarity (k = 3) from the real-real and the
  fake-real distances.
It writes its float64 times and values to numpy.json beside the data. OPENBLAS_NUM_THREADS (and
OMP_NUM_THREADS) are set before numpy is imported, so numpy uses exactly --threads threads; run the
Java side with the same OPENBLAS_NUM_THREADS.
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


def kid(real, fake, real_idx, fake_idx):
    """Mean and std over the given subsets of the unbiased MMD^2 with kernel (x.y/d + 1)^3."""
    d, m = real.shape[1], real_idx.shape[1]
    t = []
    for ri, fi in zip(real_idx, fake_idx):
        x, y = real[ri], fake[fi]
        kxx, kyy, kxy = ((x @ x.T) / d + 1) ** 3, ((y @ y.T) / d + 1) ** 3, ((x @ y.T) / d + 1) ** 3
        t.append((kxx.sum() - np.trace(kxx) + kyy.sum() - np.trace(kyy)) / (m * (m - 1)) - 2 * kxy.mean())
    return np.mean(t), np.std(t)


def squared_distances(a, b, block=1000):
    """Row blocks of |a_i - b_j|^2 = |a_i|^2 + |b_j|^2 - 2 a_i.b_j."""
    bb = (b * b).sum(axis=1)
    for start in range(0, len(a), block):
        ab = a[start:start + block]
        yield start, (ab * ab).sum(axis=1)[:, None] + bb[None, :] - 2 * (ab @ b.T)


def radii(x, ks):
    """Per k in ks, the squared distance of each row to its k-th nearest other row."""
    out = {k: np.empty(len(x), x.dtype) for k in ks}
    for start, d2 in squared_distances(x, x):
        part = np.partition(d2, ks, axis=1)  # index 0 is the row itself
        for k in ks:
            out[k][start:start + len(d2)] = part[:, k]
    return out


def prdc(real, fake):
    """Improved precision/recall (k = 3, <=) and density/coverage (k = 5, <)."""
    real_r2, fake_r2 = radii(real, (3, 5)), radii(fake, (3,))[3]
    inside = np.zeros(len(fake), bool)
    recalled = np.zeros(len(real), bool)
    covered = np.zeros(len(real), bool)
    held = 0
    for start, d2 in squared_distances(fake, real):
        inside[start:start + len(d2)] = (d2 <= real_r2[3][None, :]).any(axis=1)
        recalled |= (d2 <= fake_r2[start:start + len(d2), None]).any(axis=0)
        in5 = d2 < real_r2[5][None, :]
        held += np.count_nonzero(in5)
        covered |= in5.any(axis=0)
    return inside.mean(), recalled.mean(), held / 5 / len(fake), covered.mean()


def scores(real, fake):
    """Per generated row, realism (max r/|g - r| over balls below the median radius) and rarity
    (the smallest real k = 3 radius strictly containing it, NaN if none)."""
    r2 = radii(real, (3,))[3]
    r = np.sqrt(r2)
    kept = r < np.median(r)
    realism, rarity = np.empty(len(fake)), np.empty(len(fake))
    for start, d2 in squared_distances(fake, real):
        rows = slice(start, start + len(d2))
        realism[rows] = (r[kept][None, :] / np.sqrt(np.maximum(d2[:, kept], 0))).max(axis=1)
        smallest = np.where(d2 < r2[None, :], r2[None, :], np.inf).min(axis=1)
        rarity[rows] = np.where(np.isinf(smallest), np.nan, np.sqrt(smallest))
    return realism, rarity


def main():
    sizes = json.load(open(os.path.join(args.data, "sizes.json")))
    real64 = np.load(os.path.join(args.data, "real.npy"))
    fake64 = np.load(os.path.join(args.data, "fake.npy"))
    real_idx = np.load(os.path.join(args.data, "kid_real.npy")).astype(np.int64)
    fake_idx = np.load(os.path.join(args.data, "kid_fake.npy")).astype(np.int64)
    n, d = real64.shape
    libs, threads = blas()
    print(f"numpy {np.__version__}, Python {platform.python_version()} on {platform.machine()}, "
          f"{os.cpu_count()} cores; load average {' '.join(open('/proc/loadavg').read().split()[:3])}")
    print(f"BLAS: {', '.join(libs) or 'none found'}; OpenBLAS threads {threads} "
          f"(OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']})")
    batch, blocks = sizes["moment_batch"], sizes["blocks"]
    subsets, m = real_idx.shape
    record = {}
    for dtype in (np.float64, np.float32):
        real, fake = real64.astype(dtype), fake64.astype(dtype)
        name = np.dtype(dtype).name
        t = timed(f"numpy {name} moments {n} samples d={d}, {blocks} blocks, batches of {batch}", 3,
                  lambda: moments(real, batch, blocks, dtype))
        one = timed(f"numpy {name} moments, one block", 3, lambda: moments(real, batch, 1, dtype))
        print(f"numpy {name} moments d={d} ({blocks} blocks): {t / n * 1e3:.3f} ms/sample "
              f"(one block {one / n * 1e3:.3f} ms/sample)")
        out = {}
        k = timed(f"numpy {name} KID {n}x{n} d={d} ({subsets} subsets of {m})", 1,
                  lambda: out.__setitem__("kid", kid(real, fake, real_idx, fake_idx)))
        print(f"  KID = {out['kid'][0]:.12g} ± {out['kid'][1]:.2g}")
        p = timed(f"numpy {name} P/R k=3 + D/C k=5 {n}x{n} d={d}", 1,
                  lambda: out.__setitem__("prdc", prdc(real, fake)))
        print("  P/R = {:.4f} / {:.4f}, D/C = {:.4f} / {:.4f}".format(*out["prdc"]))
        s = timed(f"numpy {name} realism + rarity of {n} samples", 1,
                  lambda: out.__setitem__("scores", scores(real, fake)))
        print(f"  median realism {np.nanmedian(out['scores'][0]):.6f}, "
              f"mean rarity {np.nanmean(out['scores'][1]):.6f}")
        if dtype is np.float64:
            record = {"moments_ms_per_sample": t / n * 1e3, "kid_s": k, "prdc_s": p, "scores_s": s,
                      "kid": out["kid"][0], "prdc": list(out["prdc"]),
                      "realism_median": np.nanmedian(out["scores"][0]),
                      "rarity_mean": np.nanmean(out["scores"][1])}
    with open(os.path.join(args.data, "numpy.json"), "w") as f:
        json.dump(record, f)
    print(f"load average at the end {' '.join(open('/proc/loadavg').read().split()[:3])}")


if __name__ == "__main__":
    main()
