"""Regenerates the .npz fixtures of NpzTest and ReferenceApiTest (numpy only; tests need no Python)."""
import io, zipfile
import numpy as np

mu = np.array([0.5, -1.25, 2.0])
sigma = np.array([[2.0, 0.5, 0.0], [0.5, 1.0, -0.25], [0.0, -0.25, 3.0]])

np.savez("stats-f8.npz", mu=mu, sigma=sigma)                      # pytorch-fid / clean-fid layout
np.savez_compressed("stats-f4-compressed.npz", mu=mu.astype(np.float32), sigma=sigma.astype(np.float32))
np.savez("stats-other.npz", mu=mu + 1, sigma=sigma)               # a different file, same shapes

def npz_with(path, arrays, version):
    with zipfile.ZipFile(path, "w") as z:
        for name, a in arrays.items():
            b = io.BytesIO()
            np.lib.format.write_array(b, a, version=version)
            z.writestr(name + ".npy", b.getvalue())

npz_with("stats-v2.npz", {"mu": mu, "sigma": sigma}, (2, 0))
npz_with("stats-v3.npz", {"mu": mu, "sigma": sigma}, (3, 0))
np.savez("fortran.npz", mu=mu, sigma=np.asfortranarray(sigma + np.triu(np.ones((3, 3)), 1)))
np.savez("int64.npz", mu=np.arange(3, dtype=np.int64), sigma=sigma)
np.savez("big-endian.npz", mu=mu.astype(">f8"), sigma=sigma)
np.savez("no-sigma.npz", mu=mu)
np.savez("asymmetric.npz", mu=mu, sigma=sigma + np.triu(np.full((3, 3), 1e-3), 1))
np.savez("not-square.npz", mu=mu, sigma=np.ones((3, 2)))
np.savez("nan.npz", mu=np.array([0.5, np.nan, 2.0]), sigma=sigma)

# Arrays Guidelab computes reference statistics from (ReferenceSources): uint8 images, float features.
images = np.arange(2 * 2 * 3 * 3, dtype=np.uint8).reshape(2, 2, 3, 3)  # (N, H, W, C)
np.savez("images-nhwc.npz", images=images)
np.savez_compressed("features-f4-compressed.npz", features=np.arange(15, dtype=np.float32).reshape(5, 3) / 4)
