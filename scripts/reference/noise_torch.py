#!/usr/bin/python3
"""PyTorch reference for `./sandbox bench noise`: normal_/uniform_ into a reused buffer and randn (allocating).

Run side by side with the C# benchmark on a quiet machine:
    sudo apt-get install python3-torch     # Debian's PyTorch, CPU
    /usr/bin/python3 scripts/reference/noise_torch.py --count 25000000 --threads 1,2
    ./sandbox bench noise --count 25000000 --threads 1,2
Prints one line per thread count and, with --json, one JSON object with the same keys as the C# command.
"""
import argparse
import json
import time

import torch


def rate(count, seconds, call):
    call()  # warm-up
    calls = 0
    start = time.perf_counter()
    while True:
        call()
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return calls * count / elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=25_000_000)
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    buffer = torch.empty(args.count)
    rows = []
    for threads in [int(t) for t in args.threads.split(",")]:
        torch.set_num_threads(threads)
        row = {
            "threads": threads,
            "gaussian_per_second": rate(args.count, args.seconds, lambda: buffer.normal_()),
            "uniform_per_second": rate(args.count, args.seconds, lambda: buffer.uniform_(-1, 1)),
            "bernoulli_per_second": rate(args.count, args.seconds, lambda: buffer.bernoulli_(0.5)),
            "randn_per_second": rate(args.count, args.seconds, lambda: torch.randn(args.count)),
        }
        rows.append(row)
        if not args.json:
            print(f"torch {torch.__version__} threads {threads}: normal_ {row['gaussian_per_second']:.3e}/s, "
                  f"uniform_ {row['uniform_per_second']:.3e}/s, bernoulli_ {row['bernoulli_per_second']:.3e}/s, "
                  f"randn {row['randn_per_second']:.3e}/s")
    if args.json:
        best = rows[-1]
        print(json.dumps({"torch": torch.__version__, "count": args.count,
                          "gaussian_per_second": best["gaussian_per_second"],
                          "uniform_per_second": best["uniform_per_second"], "threads": rows}))


if __name__ == "__main__":
    main()
