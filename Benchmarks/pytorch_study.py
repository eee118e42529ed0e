#!/usr/bin/env python3
"""Trains a finished memstudy study's cells in PyTorch, for the same number of steps, and times it.

Reads DIR/results.json for the space, the training settings and each cell's unit, hidden size,
training length and recorded step count, then trains every cell as memstudy's loop does:

- the same model (torch.nn.RNN(tanh) / LSTM / GRU, one layer, then a Linear readout of h_n),
  PyTorch's initialisation, Adam with the study's learning rate after clip_grad_norm_;
- each step a fresh batch of uniformly drawn tokens, built inside the step as a PyTorch user
  feeds it (one-hot float tensor, or the token vectors for a dense space), MSE to the batch's
  centroid, for exactly the cell's recorded `steps`;
- a validation forward pass every `validate_every` steps and at the last step;
- after training, the forward passes of the evaluation (`evaluation.sequences` test sequences
  per test length, in chunks of 256), without computing the indicators from them (memstudy's
  wall time includes those).

Cells run on --processes worker processes (one torch thread each), longest first. Prints one
JSON line: wall seconds for the whole study (after the workers have started and imported
torch), cells, processes, training steps.

    /path/to/venv/bin/python Benchmarks/pytorch_study.py output/quick --processes 2

Needs only torch; never installed by the build or CI. See compare_study.py for both sides.
"""
import argparse
import json
import multiprocessing
import os
import sys
import time

GATES = {"vrnn": 1, "lstm": 4, "gru": 3}


def load_study(directory):
    path = os.path.join(directory, "results.json")
    if not os.path.exists(path):
        sys.exit(f"{path} does not exist: give the output folder of a finished `memstudy run`")
    with open(path) as f:
        results = json.load(f)
    return results["config"], results["cells"]


def cost(cell):
    """A cell's product work: steps × length × gate rows × hidden."""
    return cell["steps"] * cell["train_length"] * GATES[cell["unit"]] * cell["hidden"] ** 2


def warm_up(_):
    import torch

    torch.set_num_threads(1)
    time.sleep(0.5)  # so that every worker, not the first one twice, takes a warm-up


def train_cell(job):
    import torch

    config, cell = job
    torch.set_num_threads(1)
    torch.manual_seed(cell["seed"])
    space, training, evaluation = config["space"], config["training"], config["evaluation"]
    vocab = space["vocab"]
    dim = vocab if space["kind"] == "onehot" else space.get("dim", vocab)
    vectors = None if space["kind"] == "onehot" else torch.randn(vocab, dim) / dim ** 0.5
    module = {"vrnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell["unit"]]
    rnn = module(dim, cell["hidden"])
    readout = torch.nn.Linear(cell["hidden"], dim)
    params = list(rnn.parameters()) + list(readout.parameters())
    opt = torch.optim.Adam(params, lr=training["learning_rate"])
    loss_fn = torch.nn.MSELoss()
    length = cell["train_length"]

    def batch(count, length):
        tokens = torch.randint(0, vocab, (length, count))
        x = torch.nn.functional.one_hot(tokens, vocab).float() if vectors is None else vectors[tokens]
        return x, x.mean(dim=0)

    def predict(x):
        _, state = rnn(x)
        h_n = state[0] if cell["unit"] == "lstm" else state
        return readout(h_n[0])

    start = time.perf_counter()
    validation = batch(training["validation"], length)
    steps = cell["steps"]
    for step in range(1, steps + 1):
        x, target = batch(training["batch"], length)
        loss = loss_fn(predict(x), target)
        opt.zero_grad(set_to_none=False)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, training["clip"])
        opt.step()
        if step % training["validate_every"] == 0 or step == steps:
            with torch.no_grad():
                loss_fn(predict(validation[0]), validation[1])
    if cell.get("status", "ok") == "ok":
        with torch.no_grad():
            for test_length in config.get("test_lengths") or []:
                n = evaluation["sequences"]
                for first in range(0, n, 256):
                    predict(batch(min(256, n - first), test_length)[0])
    return time.perf_counter() - start


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("study", help="a finished study's output folder (with results.json)")
    p.add_argument("--processes", type=int, default=2)
    a = p.parse_args()
    config, cells = load_study(a.study)
    if config["space"]["kind"] not in ("onehot", "gaussian", "embeddings"):
        sys.exit(f"space kind {config['space']['kind']!r} is not supported")
    jobs = [(config, c) for c in sorted(cells, key=cost, reverse=True)]
    launch = time.perf_counter()
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(a.processes) as pool:
        # Start the workers and import torch in each before the clock starts: memstudy's
        # side has no such start-up to speak of.
        pool.map(warm_up, range(a.processes), chunksize=1)
        start = time.perf_counter()
        cell_seconds = list(pool.imap_unordered(train_cell, jobs))
        seconds = time.perf_counter() - start
    print(json.dumps({
        "side": "pytorch", "study": a.study, "cells": len(cells), "processes": a.processes,
        "train_steps": sum(c["steps"] for c in cells), "seconds": seconds,
        "cell_seconds_sum": sum(cell_seconds), "startup_seconds": start - launch,
    }))


if __name__ == "__main__":
    main()
