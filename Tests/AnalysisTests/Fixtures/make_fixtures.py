#!/usr/bin/env python3
"""Makes the PyTorch parity fixtures for memstudy's recurrent units.

Run from this folder with a PyTorch venv (never needed by the build or CI):

    python3 -m venv /tmp/t && /tmp/t/bin/pip install torch safetensors
    /tmp/t/bin/python make_fixtures.py

For each unit (vrnn = torch.nn.RNN(tanh), lstm, gru, and mingru and minlstm from the reference
modules in min_units.py) and each input kind (onehot token ids fed
as a one-hot float tensor, dense vectors) it writes:

- <unit>-<kind>.safetensors: the initial weights, state-dict names (rnn.*, readout.*), float64.
- <unit>-<kind>.json: the inputs, target and random upstream gradients; outputs, final state,
  readout and loss in float64; every parameter's gradient of the objective
      J = MSE(readout(h_n), target) + sum(G * output) [+ sum(Gc * c_n) for the LSTM];
  and, in float32, the losses and weights of 3 Adam steps (lr 0.01) with global-norm clipping
  at 0.05, a bound small enough that every step clips.

It also checks the other direction: swift-<unit>.safetensors files written by memstudy's own
saver (the test `swiftWrittenFileIsStable` records them when RECORD_FIXTURES is set) are loaded
with `load_state_dict`, and PyTorch's outputs on the recorded input must match the outputs
memstudy recorded beside them in swift-<unit>.json. It prints the largest difference.
"""
import json
import os

import torch
from safetensors.torch import load_file, save_file

from min_units import MinGRU, MinLSTM

torch.set_num_threads(1)
MODULES = {"vrnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "mingru": MinGRU, "minlstm": MinLSTM}
# UnitKind.hasCellState: the units whose state is (h, c), not h alone.
HAS_CELL_STATE = {"vrnn": False, "lstm": True, "gru": False, "mingru": False, "minlstm": False}


class Net(torch.nn.Module):
    def __init__(self, unit, input_size, hidden, output):
        super().__init__()
        self.rnn = MODULES[unit](input_size, hidden)
        self.readout = torch.nn.Linear(hidden, output)

    def forward(self, x):
        out, state = self.rnn(x)
        h_n = state[0] if isinstance(state, tuple) else state
        return out, state, self.readout(h_n[0])


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def fixture(unit, kind, seed):
    torch.manual_seed(seed)
    batch, length, hidden = 3, 7, 5
    input_size = 6 if kind == "onehot" else 4
    output = input_size if kind == "onehot" else 3
    net = Net(unit, input_size, hidden, output).double()
    name = f"{unit}-{kind}"
    save_file({k: v.contiguous() for k, v in net.state_dict().items()}, f"{name}.safetensors")
    initial = {k: v.clone() for k, v in net.state_dict().items()}

    ids = torch.randint(0, input_size, (length, batch))
    dense = torch.randn(length, batch, input_size, dtype=torch.float64)
    x = torch.nn.functional.one_hot(ids, input_size).double() if kind == "onehot" else dense
    target = torch.randn(batch, output, dtype=torch.float64)
    upstream = torch.randn(length, batch, hidden, dtype=torch.float64)
    upstream_cell = torch.randn(batch, hidden, dtype=torch.float64)

    out, state, s_hat = net(x)
    loss = torch.nn.functional.mse_loss(s_hat, target)
    objective = loss + (upstream * out).sum()
    if HAS_CELL_STATE[unit]:
        objective = objective + (upstream_cell * state[1][0]).sum()
    objective.backward()
    h_n = state[0] if HAS_CELL_STATE[unit] else state

    record = {
        "unit": unit, "input_kind": kind, "input_size": input_size, "hidden": hidden,
        "output": output, "batch": batch, "length": length,
        "ids": [int(v) for v in ids.reshape(-1).tolist()],  # time-major (L, B)
        "dense": flat(dense), "target": flat(target),
        "upstream_output": flat(upstream),
        "upstream_cell": flat(upstream_cell) if HAS_CELL_STATE[unit] else None,
        "outputs": flat(out), "h_n": flat(h_n), "c_n": flat(state[1]) if HAS_CELL_STATE[unit] else None,
        "readout": flat(s_hat), "loss": loss.item(), "objective": objective.item(),
        "gradients": {k: flat(p.grad) for k, p in net.named_parameters()},
    }

    # Three Adam steps in float32 from the same initial weights, each on its own batch.
    net32 = Net(unit, input_size, hidden, output)
    net32.load_state_dict({k: v.float() for k, v in initial.items()})
    optimiser = torch.optim.Adam(net32.parameters(), lr=0.01)
    steps = []
    for _ in range(3):
        step_ids = torch.randint(0, input_size, (length, batch))
        step_dense = torch.randn(length, batch, input_size)
        step_x = torch.nn.functional.one_hot(step_ids, input_size).float() if kind == "onehot" else step_dense
        step_target = torch.randn(batch, output)
        optimiser.zero_grad()
        _, _, pred = net32(step_x)
        step_loss = torch.nn.functional.mse_loss(pred, step_target)
        step_loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(net32.parameters(), max_norm=0.05)
        optimiser.step()
        steps.append({
            "ids": [int(v) for v in step_ids.reshape(-1).tolist()], "dense": flat(step_dense),
            "target": flat(step_target), "loss": step_loss.item(), "grad_norm": norm.item(),
        })
    record["adam"] = {
        "learning_rate": 0.01, "clip": 0.05, "steps": steps,
        "weights": {k: flat(v) for k, v in net32.state_dict().items()},
    }
    with open(f"{name}.json", "w") as f:
        json.dump(record, f)
    print(f"wrote {name}.json and {name}.safetensors")


def check_swift_files():
    for unit in MODULES:
        path = f"swift-{unit}.safetensors"
        if not os.path.exists(path):
            print(f"{path}: not recorded yet (run the Swift tests with RECORD_FIXTURES=1)")
            continue
        with open(f"swift-{unit}.json") as f:
            expected = json.load(f)
        tensors = load_file(path)
        hidden = tensors["readout.weight"].shape[1]
        net = Net(unit, tensors["rnn.weight_ih_l0"].shape[1], hidden, tensors["readout.weight"].shape[0])
        net.load_state_dict(tensors)  # strict: every name and shape must match
        ids = torch.tensor(expected["ids"]).reshape(expected["length"], expected["batch"])
        x = torch.nn.functional.one_hot(ids, net.rnn.input_size).float()
        with torch.no_grad():
            out, _, s_hat = net(x)
        diff = max((out.reshape(-1) - torch.tensor(expected["outputs"])).abs().max().item(),
                   (s_hat.reshape(-1) - torch.tensor(expected["readout"])).abs().max().item())
        status = "ok" if diff < 1e-5 else "MISMATCH"
        module = MODULES[unit]
        where = "torch.nn" if module.__module__.startswith("torch") else module.__module__
        print(f"{path}: loaded by {where}.{module.__name__}, max |difference| {diff:.2e} {status}")
        assert diff < 1e-5


if __name__ == "__main__":
    torch.set_default_dtype(torch.float32)
    for i, unit in enumerate(MODULES):
        for j, kind in enumerate(["onehot", "dense"]):
            fixture(unit, kind, seed=100 + 10 * i + j)
    check_swift_files()
