#!/usr/bin/env python3
"""Reference timing for `./sandbox bench classifier`: OpenAI-ES on an MNIST MLP in plain PyTorch.

The same loop as configs/mnist-es.json (784-32-10 ReLU, 256 mirrored candidates, a 512-image minibatch per
generation, centred ranks, Adam on the centre) written the usual PyTorch way: draw the noise, build every
candidate's weights, one batched matmul per layer, cross-entropy, gradient estimate. Prints generations,
candidate evaluations and samples per second, and test accuracy after --seconds of training when asked.

Needs Debian's python3-torch (apt-get install python3-torch). MNIST is read from the IDX files the Sandbox
fetches (~/.cache/sandbox/datasets/mnist, or --data DIR).
"""
import argparse
import json
import os
import struct
import time

import numpy as np
import torch


def idx(path):
    with open(path, "rb") as f:
        magic, = struct.unpack(">I", f.read(4))
        dims = [struct.unpack(">I", f.read(4))[0] for _ in range(magic & 0xFF)]
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default=os.path.expanduser("~/.cache/sandbox/datasets/mnist"))
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--population", type=int, default=256)
    p.add_argument("--batch", type=int, default=512)
    p.add_argument("--hidden", type=int, default=32)
    p.add_argument("--sigma", type=float, default=0.05)
    p.add_argument("--lr", type=float, default=0.02)
    p.add_argument("--generations", type=int, default=60, help="timed generations (after 5 warm-up)")
    p.add_argument("--seconds", type=float, default=0, help="instead: train this long, then report test accuracy")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)

    x = torch.from_numpy(idx(os.path.join(a.data, "train-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255.0)
    y = torch.from_numpy(idx(os.path.join(a.data, "train-labels-idx1-ubyte")).astype(np.int64))
    tx = torch.from_numpy(idx(os.path.join(a.data, "t10k-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255.0)
    ty = torch.from_numpy(idx(os.path.join(a.data, "t10k-labels-idx1-ubyte")).astype(np.int64))
    mean, std = x.mean(), x.std()
    x, tx = (x - mean) / std, (tx - mean) / std

    h, n_pop = a.hidden, a.population
    shapes = [(784, h), (h,), (h, 10), (10,)]
    sizes = [int(np.prod(s)) for s in shapes]
    dim = sum(sizes)
    centre = torch.cat([torch.randn(784 * h) / 784 ** 0.5, torch.zeros(h), torch.randn(h * 10) / h ** 0.5, torch.zeros(10)])
    m, v = torch.zeros(dim), torch.zeros(dim)
    ranks = torch.linspace(-0.5, 0.5, n_pop)
    noise = torch.empty(n_pop // 2, dim)

    def unpack(theta):
        parts, o = [], 0
        for s, n in zip(shapes, sizes):
            parts.append(theta[:, o:o + n].reshape(theta.shape[0], *s))
            o += n
        return parts

    def loss_of(theta, xb, yb):
        w1, b1, w2, b2 = unpack(theta)
        hid = torch.relu(torch.matmul(xb, w1) + b1[:, None, :])
        logits = torch.matmul(hid, w2) + b2[:, None, :]
        ce = torch.nn.functional.cross_entropy(logits.reshape(-1, 10), yb.repeat(theta.shape[0]), reduction="none")
        return ce.reshape(theta.shape[0], -1).mean(1)

    step = 0

    def generation():
        nonlocal centre, step
        idx_ = torch.randint(0, x.shape[0], (a.batch,))
        noise.normal_()
        thetas = torch.cat([centre + a.sigma * noise, centre - a.sigma * noise])
        fitness = -loss_of(thetas, x[idx_], y[idx_])
        util = torch.empty(n_pop)
        util[fitness.argsort()] = ranks
        weights = util[: n_pop // 2] - util[n_pop // 2:]
        grad = weights @ noise / (n_pop * a.sigma)
        step += 1
        m.mul_(0.9).add_(grad, alpha=0.1)
        v.mul_(0.999).addcmul_(grad, grad, value=0.001)
        lr = a.lr * (1 - 0.999 ** step) ** 0.5 / (1 - 0.9 ** step)
        centre = centre + lr * m / (v.sqrt() + 1e-8)

    with torch.no_grad():
        for _ in range(5):
            generation()
        if a.seconds > 0:
            start, gens = time.perf_counter(), 0
            while time.perf_counter() - start < a.seconds:
                generation()
                gens += 1
            w1, b1, w2, b2 = unpack(centre[None, :])
            acc = (torch.relu(tx @ w1[0] + b1[0]) @ w2[0] + b2[0]).argmax(1).eq(ty).float().mean().item()
            print(json.dumps({"reference": "pytorch", "torch": torch.__version__, "threads": a.threads, "seconds": a.seconds,
                              "generations": gens, "test_accuracy": round(acc, 4)}))
            return
        start = time.perf_counter()
        for _ in range(a.generations):
            generation()
        wall = time.perf_counter() - start
    gps = a.generations / wall
    print(json.dumps({"reference": "pytorch", "torch": torch.__version__, "threads": a.threads, "network": f"784-{h}-10",
                      "population": n_pop, "batch_size": a.batch, "generations_per_second": round(gps, 3),
                      "candidates_per_second": round(gps * n_pop, 1), "samples_per_second": round(gps * n_pop * a.batch)}))


if __name__ == "__main__":
    main()
