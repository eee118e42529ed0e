#!/usr/bin/env python3
"""The forward passes of `memstudy probe` done by PyTorch, timed: the reference for the probe's
speed in BENCHMARKS.md.

For a 2-layer torch.nn.LSTM (input 64, hidden 256) and each length L of 5, 10, 20, 40, 80, 160
and each of 3 resamples, as memstudy probe runs them with its defaults: forward passes over
2 048 training, 512 validation and 2 000 test windows of length L (chunks of 256), and for the
substitution coefficients, for each position p, one pass over 256 windows of length L − p from
the states the unsubstituted pass reached before p. Eval mode, no gradient, float32,
torch.set_num_threads(THREADS) (2 by default, memstudy's --jobs on 2 cores). The probes' fits
are not included: only the network's forward passes.

    python3 Benchmarks/pytorch_probe.py [THREADS]
"""
import sys
import time

import torch

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
torch.set_num_threads(threads)
torch.manual_seed(0)
lstm = torch.nn.LSTM(64, 256, num_layers=2).eval()
start = time.perf_counter()
with torch.no_grad():
    for length in [5, 10, 20, 40, 80, 160]:
        for count in [2048, 512] * 3 + [2000]:
            for first in range(0, count, 256):
                lstm(torch.randn(length, min(256, count - first), 64))
        # One pass step by step keeps every prefix's states (h, c of both layers), as
        # memstudy's tape does; then each substituted suffix continues from them.
        x = torch.randn(length, 256, 64)
        states, state = [None], None
        for t in range(length):
            _, state = lstm(x[t:t + 1], state)
            states.append(state)
        for p in range(length):
            lstm(x[p:], states[p])
seconds = time.perf_counter() - start
print(f"PyTorch {torch.__version__}, {threads} threads: {seconds:.1f} s of forward passes")
