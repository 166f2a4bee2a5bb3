"""JAX comparison for `lyapsweep bench`: Iris [4, 10, 3] sigmoid, full-batch GD at eta = 1, Float64,
one trajectory's step written plainly, jit(vmap(...)) over all trajectories, one CPU thread.
Usage: python3 jax_vmap.py [trajectories ...]   (default: 66 600). Prints one JSON line per case.
"""
import os

os.environ["XLA_FLAGS"] = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import json
import sys
import time

import jax
import jax.numpy as jnp
import numpy as np

jax.config.update("jax_enable_x64", True)
HERE = os.path.dirname(os.path.abspath(__file__))


def load_iris(train=120):
    data = np.loadtxt(os.path.join(HERE, "..", "Sources", "Dynamics", "Resources", "iris.csv"), delimiter=",", skiprows=1)
    order = np.random.default_rng(0).permutation(len(data))[:train]
    return jnp.asarray(data[order, :4]), jnp.asarray(data[order, 4].astype(int))


def loss(params, x, y):
    w1, b1, w2, b2 = params
    a = jax.nn.sigmoid(x @ w1.T + b1)
    z = a @ w2.T + b2
    return jnp.mean(jax.nn.logsumexp(z, axis=1) - jnp.take_along_axis(z, y[:, None], axis=1)[:, 0])


def run(trajectories, steps, eta=1.0):
    x, y = load_iris()
    rng = np.random.default_rng(1)
    t = trajectories
    w1 = rng.standard_normal((10, 4)) + rng.uniform(-1e-8, 1e-8, (t, 10, 4))
    w2 = rng.standard_normal((3, 10)) + rng.uniform(-1e-8, 1e-8, (t, 3, 10))
    params = (jnp.asarray(w1), jnp.zeros((t, 10)), jnp.asarray(w2), jnp.zeros((t, 3)))

    def one(p):
        value, grad = jax.value_and_grad(loss)(p, x, y)
        return tuple(a - eta * g for a, g in zip(p, grad)), value

    @jax.jit
    def step(p):
        new, values = jax.vmap(one)(p)
        distance = sum(jnp.abs(a - a[:1]).reshape(t, -1).sum(axis=1) for a in p)
        return new, values, distance

    params, values, distance = step(params)
    jax.block_until_ready(values)
    start = time.process_time()
    for _ in range(steps):
        params, values, distance = step(params)
    jax.block_until_ready(distance)
    seconds = time.process_time() - start
    assert np.isfinite(float(values[0])), "reference diverged"
    return t * steps / seconds


if __name__ == "__main__":
    for t in [int(a) for a in sys.argv[1:]] or [66, 600]:
        rate = run(t, 1000 if t <= 100 else 300)
        print(json.dumps({"case": f"iris-{t}", "implementation": "jax-jit-vmap", "trajectories": t,
                          "trajectory_steps_per_second": round(rate)}))
