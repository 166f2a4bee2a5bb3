"""Batched NumPy comparison for `lyapsweep bench`: Iris [4, 10, 3] sigmoid, full-batch GD at eta = 1.

Written to be as fast as NumPy allows on one core, so that the comparison is honest:
- one BLAS/OpenMP thread (set before NumPy is imported); every buffer preallocated, every operation
  in place or into an `out=` buffer, no temporaries inside the step loop;
- the parameters of each layer live in one contiguous (T, n_out, n_in + 1) array, the augmented matrix
  [W | b] of every trajectory, so the update and the L1 distance are two operations each per step;
- biases ride along as an extra input column of ones, so the first layer's forward pass and its
  weight-and-bias gradient are each ONE GEMM over all trajectories of a chunk, and the second layer's are
  stacked (batched) matmuls;
- trajectories are processed in chunks of at most CHUNK, so a chunk's activations stay in L2.
Prints one JSON line per case; rates are per second of CPU time.
Usage: python3 numpy_batched.py [trajectories ...]   (default: 66 600)
"""
import os

for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import json
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
IRIS = os.path.join(HERE, "..", "Sources", "Dynamics", "Resources", "iris.csv")
CHUNK = 100


def load_iris(train=120):
    data = np.loadtxt(IRIS, delimiter=",", skiprows=1)
    order = np.random.default_rng(0).permutation(len(data))[:train]
    return np.ascontiguousarray(data[order, :4]), data[order, 4].astype(int)


class Chunk:
    """Preallocated buffers and the fused step of up to CHUNK trajectories (rows lo:hi of the parameters)."""

    def __init__(self, w1, w2, g1, g2, lo, hi, x, y):
        n, f = x.shape
        t, h, c = hi - lo, w1.shape[1], w2.shape[1]
        self.t, self.n = t, n
        self.w1 = w1[lo:hi]                                            # [W1 | b1] of the chunk (views)
        self.w2 = w2[lo:hi]                                            # [W2 | b2]
        self.g1 = g1[lo:hi].reshape(t * h, f + 1)
        self.g2 = g2[lo:hi]
        self.xa = np.ascontiguousarray(np.hstack([x, np.ones((n, 1))]))   # (n, f+1)
        self.xat = np.ascontiguousarray(self.xa.T)                        # (f+1, n)
        self.a1 = np.empty((t, h, n))
        self.z2 = np.empty((t, c, n))
        self.d1 = np.empty((t, h, n))
        self.tmp = np.empty((t, h, n))
        self.mx = np.empty((t, n))
        self.s = np.empty((t, n))
        self.loss = np.empty(t)
        onehot = np.zeros((c, n))
        onehot[y, np.arange(n)] = 1.0
        self.onehot_flat = onehot.reshape(c * n)
        self.onehot_over_n = onehot / n
        self.picked = np.empty(t)
        self.w1neg = np.empty((t * h, f + 1))

    def step(self):
        t, n = self.t, self.n
        a1, z2, d1, tmp, mx, s = self.a1, self.z2, self.d1, self.tmp, self.mx, self.s
        # forward, layer 1: one GEMM -[W1|b1] @ [x|1]^T for the whole chunk, then the sigmoid in place
        np.negative(self.w1.reshape(self.w1neg.shape), out=self.w1neg)
        np.matmul(self.w1neg, self.xat, out=a1.reshape(self.w1neg.shape[0], n))
        np.exp(a1, out=a1)
        a1 += 1.0
        np.reciprocal(a1, out=a1)
        # forward, layer 2: stacked matmul W2 @ a1, plus b2
        np.matmul(self.w2[:, :, :-1], a1, out=z2)
        z2 += self.w2[:, :, -1:]
        # softmax cross-entropy over the 3 classes with elementwise max/add of the class rows
        np.maximum(z2[:, 0], z2[:, 1], out=mx)
        np.maximum(mx, z2[:, 2], out=mx)
        z2 -= mx[:, None, :]
        # loss = mean_n (max + log(sum) - z_y) = mean_n log(sum) - sum_{c,n} (z - max) * onehot: one GEMV
        np.matmul(z2.reshape(t, -1), self.onehot_flat, out=self.picked)
        np.exp(z2, out=z2)
        np.add(z2[:, 0], z2[:, 1], out=s)
        s += z2[:, 2]
        np.reciprocal(s, out=mx)
        np.log(s, out=s)
        np.sum(s, axis=1, out=self.loss)
        self.loss -= self.picked
        self.loss /= n
        # delta2 = (p - onehot) / n, in z2
        mx *= 1.0 / n
        z2 *= mx[:, None, :]
        z2 -= self.onehot_over_n
        # backward: g2 = delta2 @ a1^T (stacked), gb2 = sum_n delta2, delta1 = W2^T delta2 * a1 (1 - a1)
        np.matmul(z2, a1.transpose(0, 2, 1), out=self.g2[:, :, :-1])
        np.sum(z2, axis=2, out=self.g2[:, :, -1])
        np.matmul(self.w2[:, :, :-1].transpose(0, 2, 1), z2, out=d1)
        np.subtract(1.0, a1, out=tmp)
        tmp *= a1
        d1 *= tmp
        # [g1|gb1] = delta1 @ [x|1]: one GEMM for the whole chunk
        np.matmul(d1.reshape(t * d1.shape[1], n), self.xa, out=self.g1)


def run(trajectories, steps, eta=1.0):
    x, y = load_iris()
    n, f = x.shape
    h, c, t = 10, 3, trajectories
    rng = np.random.default_rng(1)
    w1 = np.zeros((t, h, f + 1))
    w2 = np.zeros((t, c, h + 1))
    w1[:, :, :f] = rng.standard_normal((1, h, f)) + rng.uniform(-1e-8, 1e-8, (t, h, f))
    w2[:, :, :h] = rng.standard_normal((1, c, h)) + rng.uniform(-1e-8, 1e-8, (t, c, h))
    g1, g2 = np.zeros_like(w1), np.zeros_like(w2)
    diff1, diff2 = np.empty_like(w1), np.empty_like(w2)
    dist, dist2 = np.empty((steps, t)), np.empty(t)
    chunks = [Chunk(w1, w2, g1, g2, lo, min(lo + CHUNK, t), x, y) for lo in range(0, t, CHUNK)]
    start = time.process_time()
    for step in range(steps):
        # L1 distance of every parameter to trajectory 0's, biases included
        np.subtract(w1, w1[0], out=diff1)
        np.abs(diff1, out=diff1)
        np.sum(diff1, axis=(1, 2), out=dist[step])
        np.subtract(w2, w2[0], out=diff2)
        np.abs(diff2, out=diff2)
        np.sum(diff2, axis=(1, 2), out=dist2)
        dist[step] += dist2
        for chunk in chunks:
            chunk.step()
        # update of all parameters of all trajectories at once
        g1 *= eta
        w1 -= g1
        g2 *= eta
        w2 -= g2
    seconds = time.process_time() - start
    assert np.isfinite(chunks[0].loss[0]), "reference diverged"
    return trajectories * steps / seconds


if __name__ == "__main__":
    cases = [int(a) for a in sys.argv[1:]] or [66, 600]
    for t in cases:
        rate = run(t, 1000 if t <= 100 else 300)
        print(json.dumps({"case": f"iris-{t}", "implementation": "numpy-batched", "trajectories": t,
                          "trajectory_steps_per_second": round(rate)}))
