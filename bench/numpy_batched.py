"""Batched NumPy comparison for `lyapsweep bench`: Iris [4, 10, 3] sigmoid, full-batch GD at eta = 1.

All trajectories of a task advance together; every buffer is preallocated and updated in place, the
first layer's forward pass and weight gradient are single GEMMs over all trajectories, the second
layer batched contractions (einsum/matmul, whichever measured faster); one BLAS thread (set before
NumPy is imported). Prints one JSON line per case; rates are per second of CPU time.
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


def load_iris(train=120):
    data = np.loadtxt(IRIS, delimiter=",", skiprows=1)
    order = np.random.default_rng(0).permutation(len(data))[:train]
    return np.ascontiguousarray(data[order, :4]), data[order, 4].astype(int)


def run(trajectories, steps, eta=1.0):
    x, y = load_iris()
    n, f = x.shape
    h, c, t = 10, 3, trajectories
    rng = np.random.default_rng(1)
    w1 = rng.standard_normal((1, h, f)) + rng.uniform(-1e-8, 1e-8, (t, h, f)); b1 = np.zeros((t, h, 1))
    w2 = rng.standard_normal((1, c, h)) + rng.uniform(-1e-8, 1e-8, (t, c, h)); b2 = np.zeros((t, c, 1))
    xt = np.ascontiguousarray(x.T)                                 # (f, n)
    onehot = np.zeros((c, n)); onehot[y, np.arange(n)] = 1.0
    a1 = np.empty((t, h, n)); z2 = np.empty((t, c, n)); mx = np.empty((t, 1, n)); s = np.empty((t, 1, n))
    d1 = np.empty((t, h, n)); g1 = np.empty((t, h, f)); g2 = np.empty((t, c, h)); w2t = np.empty((t, h, c))
    gb1 = np.empty((t, h, 1)); gb2 = np.empty((t, c, 1)); tmp = np.empty((t, h, n))
    loss = np.empty(t); dist = np.empty((steps, t)); dw1 = np.empty_like(w1); dw2 = np.empty_like(w2)
    db1 = np.empty_like(b1); db2 = np.empty_like(b2)
    a1flat = a1.reshape(t * h, n); d1flat = d1.reshape(t * h, n); g1flat = g1.reshape(t * h, f)
    start = time.process_time()
    for step in range(steps):
        # forward: layer 1 is one GEMM for all trajectories, layer 2 a batched contraction
        np.matmul(w1.reshape(t * h, f), xt, out=a1flat)
        a1 += b1
        np.negative(a1, out=a1); np.exp(a1, out=a1); a1 += 1.0; np.reciprocal(a1, out=a1)
        np.einsum("tki,tin->tkn", w2, a1, out=z2)
        z2 += b2
        # softmax cross-entropy; z2 becomes delta2 = (p - onehot) / n
        np.max(z2, axis=1, keepdims=True, out=mx)
        z2 -= mx
        np.einsum("tkn,kn->t", z2, onehot, out=loss)
        np.negative(loss, out=loss)
        np.exp(z2, out=z2)
        np.sum(z2, axis=1, keepdims=True, out=s)
        z2 /= s
        np.log(s, out=s)
        loss += s.sum(axis=(1, 2)); loss /= n
        z2 -= onehot; z2 *= 1.0 / n
        # backward
        np.einsum("tkn,tin->tki", z2, a1, out=g2)
        np.sum(z2, axis=2, keepdims=True, out=gb2)
        np.copyto(w2t, w2.transpose(0, 2, 1))
        np.matmul(w2t, z2, out=d1)
        np.subtract(1.0, a1, out=tmp); tmp *= a1; d1 *= tmp
        np.matmul(d1flat, x, out=g1flat)                          # layer 1 gradient: one GEMM
        np.sum(d1, axis=2, keepdims=True, out=gb1)
        # L1 distance of every parameter to trajectory 0's, biases included
        np.subtract(w1, w1[:1], out=dw1); np.abs(dw1, out=dw1)
        np.subtract(w2, w2[:1], out=dw2); np.abs(dw2, out=dw2)
        np.subtract(b1, b1[:1], out=db1); np.abs(db1, out=db1)
        np.subtract(b2, b2[:1], out=db2); np.abs(db2, out=db2)
        dist[step] = dw1.sum(axis=(1, 2)) + dw2.sum(axis=(1, 2)) + db1.sum(axis=(1, 2)) + db2.sum(axis=(1, 2))
        # update
        g1 *= eta; w1 -= g1; g2 *= eta; w2 -= g2; gb1 *= eta; b1 -= gb1; gb2 *= eta; b2 -= gb2
    seconds = time.process_time() - start
    assert np.isfinite(loss[0]), "reference diverged"
    return trajectories * steps / seconds


if __name__ == "__main__":
    cases = [int(a) for a in sys.argv[1:]] or [66, 600]
    for t in cases:
        rate = run(t, 1000 if t <= 100 else 300)
        print(json.dumps({"case": f"iris-{t}", "implementation": "numpy-batched", "trajectories": t,
                          "trajectory_steps_per_second": round(rate)}))
