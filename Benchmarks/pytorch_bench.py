#!/usr/bin/env python3
"""The PyTorch reference for `memstudy bench`: the same model, batch and training loop.

Model: torch.nn.RNN (tanh) / LSTM / GRU, or minGRU / minLSTM from memstudy's reference
modules (Tests/AnalysisTests/Fixtures/min_units.py: PyTorch has none; sequential form, a Python
loop over time steps, as the paper's sequential mode), --layers stacked layers (num_layers, one unless
given), batch second, then a Linear readout of the top layer's h_n to V (onehot) or dim
(gaussian) outputs. Loss: MSE to the centroid of the batch's token
vectors. Optimiser: Adam (lr 1e-3) after clip_grad_norm_(1.0). One thread.

Input as a PyTorch user feeds it: onehot builds a one-hot float tensor (L, B, V) each step;
gaussian looks the token vectors up, (L, B, dim). Tokens are drawn uniformly each step, as
memstudy draws them, and the batch is built inside the timed loop, as memstudy's is.

Prints one JSON line with the same keys as `memstudy bench`. Needs only torch; run it from a
virtual environment (it is never installed by the build or CI).
"""
import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "AnalysisTests", "Fixtures"))
from min_units import MinGRU, MinLSTM  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--unit", required=True, choices=["vrnn", "lstm", "gru", "mingru", "minlstm"])
    p.add_argument("--hidden", type=int, required=True)
    p.add_argument("--layers", type=int, default=1)
    p.add_argument("--vocab", type=int, required=True)
    p.add_argument("--length", type=int, required=True)
    p.add_argument("--batch", type=int, required=True)
    p.add_argument("--steps", type=int, required=True)
    p.add_argument("--space", default="onehot", choices=["onehot", "gaussian"])
    p.add_argument("--dim", type=int)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()
    if (a.space == "gaussian") != (a.dim is not None):
        p.error("--dim goes with --space gaussian, and only with it")

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    d = a.vocab if a.space == "onehot" else a.dim
    cell = {"vrnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU,
            "mingru": MinGRU, "minlstm": MinLSTM}[a.unit]
    rnn = cell(d, a.hidden, num_layers=a.layers)
    readout = torch.nn.Linear(a.hidden, d)
    params = list(rnn.parameters()) + list(readout.parameters())
    opt = torch.optim.Adam(params, lr=1e-3)
    loss_fn = torch.nn.MSELoss()
    vectors = torch.randn(a.vocab, d) / d**0.5 if a.space == "gaussian" else None

    def batch():
        tokens = torch.randint(0, a.vocab, (a.length, a.batch))
        if vectors is None:
            x = torch.nn.functional.one_hot(tokens, a.vocab).float()
        else:
            x = vectors[tokens]
        return x, x.mean(dim=0)

    def step():
        x, target = batch()
        _, state = rnn(x)
        h_n = state[0] if a.unit == "lstm" else state
        loss = loss_fn(readout(h_n[-1]), target)
        opt.zero_grad(set_to_none=False)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()

    for _ in range(a.warmup):
        step()
    start = time.perf_counter()
    for _ in range(a.steps):
        step()
    seconds = time.perf_counter() - start

    g = {"vrnn": 1, "lstm": 4, "gru": 3, "mingru": 2, "minlstm": 3}[a.unit] * a.hidden
    # Each layer above the first: its recurrent products and its input's three. The min units
    # have no recurrent product.
    per_layer = a.layers - 1 if a.unit.startswith("min") else 2 * a.layers - 1
    recurrent = 3.0 * a.length * a.batch * g * a.hidden * per_layer
    inp = 2.0 * a.length * a.batch * g * d
    out = 3.0 * a.batch * d * a.hidden
    print(json.dumps({
        "unit": a.unit, "hidden": a.hidden, "layers": a.layers, "vocab": a.vocab, "length": a.length,
        "batch": a.batch, "steps": a.steps, "space": a.space, "dim": d, "seconds": seconds,
        "steps_per_s": a.steps / seconds,
        "matmul_gflops": 2 * (recurrent + inp + out) * a.steps / seconds / 1e9,
        "torch": torch.__version__, "threads": torch.get_num_threads(),
    }, sort_keys=True))


if __name__ == "__main__":
    main()
