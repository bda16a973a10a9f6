#!/usr/bin/python3
"""PyTorch reference for random-bases descent steps per second (FC 784-128-10, batch 32, d = 250).

The straightforward PyTorch form: each step draws the D x d base into a reused buffer (Gaussian by default;
--basis uniform or bernoulli as the track's `basis` option: unit variance, zero mean), normalises it by 1/sqrt(D),
takes c = E^T grad and theta -= lr * E c. Synthetic inputs (the rate does not depend on the data).
Run side by side with `./sandbox bench random-bases --preset cpu` (steps/s = samples/s / 32):
    /usr/bin/python3 scripts/reference/rbd_torch.py --steps 300 --threads 2
"""
import argparse
import json
import time

import torch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--directions", type=int, default=250)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--basis", choices=["gaussian", "uniform", "bernoulli"], default="gaussian")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    sizes = [784 * 128, 128, 128 * 10, 10]
    D = sum(sizes)
    theta = torch.empty(D).uniform_(-0.03, 0.03)
    base = torch.empty(D, args.directions)
    x = torch.rand(32, 784)
    y = torch.randint(0, 10, (32,))

    def loss_of(t):
        w1, b1, w2, b2 = torch.split(t, sizes)
        h = torch.relu(x @ w1.view(784, 128) + b1)
        return torch.nn.functional.cross_entropy(h @ w2.view(128, 10) + b2, y)

    def step():
        leaf = theta.detach().requires_grad_(True)
        loss_of(leaf).backward()
        with torch.no_grad():
            t0 = time.perf_counter()
            if args.basis == "gaussian":
                base.normal_().mul_(D ** -0.5)
            elif args.basis == "uniform":
                base.uniform_(-(3 / D) ** 0.5, (3 / D) ** 0.5)
            else:
                base.bernoulli_(0.5).mul_(2 * D ** -0.5).sub_(D ** -0.5)
            drawn = time.perf_counter() - t0
            c = base.t() @ leaf.grad
            theta.sub_(3.0 * (base @ c))
        return drawn

    for _ in range(5):
        step()
    drawing = 0.0
    start = time.perf_counter()
    for _ in range(args.steps):
        drawing += step()
    elapsed = time.perf_counter() - start
    rate = args.steps / elapsed
    result = {"torch": torch.__version__, "threads": args.threads, "basis": args.basis, "directions": args.directions, "D": D,
              "steps_per_second": rate, "draw_share": drawing / elapsed}
    print(json.dumps(result) if args.json else
          f"torch {torch.__version__}, {args.threads} threads: RBD ({args.basis}) {rate:.2f} steps/s (D = {D}, d = {args.directions}), "
          f"{100 * drawing / elapsed:.0f} % drawing the base")


if __name__ == "__main__":
    main()
