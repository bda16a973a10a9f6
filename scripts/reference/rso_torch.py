#!/usr/bin/python3
"""RSO candidate evaluations per second in PyTorch, for side-by-side comparison with `./sandbox bench rso --throughput`.

The MNIST network of the RSO paper (section 4.1): six 3x3 convolutions with 16 channels, batch norm (batch
statistics, as in training mode) and ReLU after each, 2x2 average pooling after every second one, global average
pooling, a bias-free fully connected layer to 10 classes; He-normal weights. Three ways to evaluate a candidate
(one weight changed by +-delta, mean cross-entropy on a fixed minibatch):

  naive      change the weight, run the whole network, restore it;
  cached     the input of the layer being searched is cached: run that layer and the rest (the paper's section 4.7);
  cached-cl  the same in channels-last memory format.

Each is measured per layer; the cycle figure weights the layers by their number of weights (2|W| evaluations
divided by the time one cycle over all weights would take). Inputs are random normal images and random labels:
the rates do not depend on the values. Install: apt-get install python3-torch (Debian), then

    OMP_NUM_THREADS=2 /usr/bin/python3 scripts/reference/rso_torch.py --batches 5000,1000 --threads 2
"""
import argparse
import time

import torch
import torch.nn.functional as F


def build(seed):
    g = torch.Generator().manual_seed(seed)
    convs = [(1, 16, False), (16, 16, True), (16, 16, False), (16, 16, True), (16, 16, False), (16, 16, False)]
    weights = [torch.randn(o, i, 3, 3, generator=g) * (2.0 / (i * 9)) ** 0.5 for i, o, _ in convs]
    gammas = [torch.ones(o) for _, o, _ in convs]
    betas = [torch.zeros(o) for _, o, _ in convs]
    fc = torch.randn(10, 16, generator=g) * (2.0 / 16) ** 0.5
    return convs, weights, gammas, betas, fc


def forward_from(x, start, net, memory_format):
    convs, weights, gammas, betas, fc = net
    for l in range(start, len(convs)):
        w = weights[l].contiguous(memory_format=memory_format)
        x = F.conv2d(x, w, padding=1)
        x = F.batch_norm(x, None, None, gammas[l], betas[l], training=True)
        x = F.relu(x)
        if convs[l][2]:
            x = F.avg_pool2d(x, 2)
    return F.linear(x.mean((2, 3)), fc)


def prefix(x, stop, net):
    convs, weights, gammas, betas, _ = net
    for l in range(stop):
        x = F.relu(F.batch_norm(F.conv2d(x, weights[l], padding=1), None, None, gammas[l], betas[l], training=True))
        if convs[l][2]:
            x = F.avg_pool2d(x, 2)
    return x


def rate(fn, seconds):
    fn()  # warm-up: the first call of a shape builds the convolution primitives
    count, started = 0, time.perf_counter()
    while count < 2 or (time.perf_counter() - started < seconds and count < 10000):
        fn()
        count += 1
    return count / (time.perf_counter() - started)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batches", default="5000,1000")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    net = build(args.seed)
    convs, weights, _, _, fc = net
    layer_weights = [w.numel() for w in weights] + [fc.numel()]
    print(f"torch {torch.__version__}, {args.threads} thread(s)")
    with torch.no_grad():
        for batch in [int(b) for b in args.batches.split(",")]:
            images = torch.randn(batch, 1, 28, 28, generator=torch.Generator().manual_seed(args.seed))
            labels = torch.randint(0, 10, (batch,), generator=torch.Generator().manual_seed(args.seed + 1))
            results = {}
            for mode in ("naive", "cached", "cached-cl"):
                fmt = torch.channels_last if mode == "cached-cl" else torch.contiguous_format
                per_layer = []
                for layer in range(len(convs) + 1):
                    start = 0 if mode == "naive" else layer
                    x0 = images if mode == "naive" else prefix(images, layer, net)
                    x0 = x0.contiguous(memory_format=fmt) if x0.dim() == 4 else x0
                    target = fc if layer == len(convs) else weights[layer]

                    def candidate():
                        flat = target.view(-1)
                        old = flat[7].item()
                        flat[7] = old + 0.01
                        if layer == len(convs) and mode != "naive":
                            loss = F.cross_entropy(F.linear(x0.mean((2, 3)), fc), labels)
                        else:
                            loss = F.cross_entropy(forward_from(x0, start, net, fmt), labels)
                        loss.item()
                        flat[7] = old

                    per_layer.append(rate(candidate, args.seconds))
                evaluations = sum(2 * n for n in layer_weights)
                cycle_time = sum(2 * n / r for n, r in zip(layer_weights, per_layer))
                results[mode] = evaluations / cycle_time
                detail = ", ".join(f"{'fc' if i == len(convs) else f'conv{i + 1}'} {r:.2f}/s" for i, r in enumerate(per_layer))
                print(f"batch {batch} {mode:9s}: {results[mode]:8.2f} candidate evaluations/s per cycle ({detail}); "
                      f"one cycle {cycle_time / 3600:.2f} h")


if __name__ == "__main__":
    main()
