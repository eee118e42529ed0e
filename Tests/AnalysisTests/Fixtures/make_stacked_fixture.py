#!/usr/bin/env python3
"""Makes the PyTorch parity fixtures of stacked layers (torch.nn.RNN/LSTM/GRU and the min units, num_layers = K).

Run from this folder with a PyTorch venv (never needed by the build or CI):

    python3 -m venv /tmp/t && /tmp/t/bin/pip install torch safetensors
    /tmp/t/bin/python make_stacked_fixture.py

For each unit (vrnn = torch.nn.RNN(tanh), lstm, gru; mingru and minlstm from min_units.py), a 2-layer network on one-hot tokens and a
3-layer one on dense vectors (batch 3, length 7, hidden 5; eval mode, no dropout), it writes:

- stacked-<unit>-<K>.safetensors: the weights, state-dict names (rnn.weight_ih_l0 …
  rnn.bias_hh_l{K-1}, readout.*), float64;
- stacked-<unit>-<K>.json: the inputs, target and random upstream gradients; the top layer's
  outputs, every layer's final state h_n (and c_n) as (K, B, H), the readout of the top layer's
  h_n and the loss, in float64; every parameter's gradient of the objective
      J = MSE(readout(h_n[-1]), target) + sum(G * output) [+ sum(Gc * c_n[-1]) for the LSTM].
"""
import json

import torch
from safetensors.torch import save_file

torch.set_num_threads(1)
# The units and their facts, from the one-layer script: a new unit is added there alone.
from make_fixtures import HAS_CELL_STATE, MODULES


class Net(torch.nn.Module):
    def __init__(self, unit, input_size, hidden, output, layers):
        super().__init__()
        self.rnn = MODULES[unit](input_size, hidden, num_layers=layers)
        self.readout = torch.nn.Linear(hidden, output)

    def forward(self, x):
        out, state = self.rnn(x)
        h_n = state[0] if isinstance(state, tuple) else state
        return out, state, self.readout(h_n[-1])


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def fixture(unit, kind, layers, seed):
    torch.manual_seed(seed)
    batch, length, hidden = 3, 7, 5
    input_size = 6 if kind == "onehot" else 4
    output = 3
    net = Net(unit, input_size, hidden, output, layers).double().eval()
    name = f"stacked-{unit}-{layers}"
    save_file({k: v.contiguous() for k, v in net.state_dict().items()}, f"{name}.safetensors")

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
        objective = objective + (upstream_cell * state[1][-1]).sum()
    objective.backward()
    h_n = state[0] if HAS_CELL_STATE[unit] else state
    record = {
        "unit": unit, "layers": layers, "input_kind": kind, "input_size": input_size,
        "hidden": hidden, "output": output, "batch": batch, "length": length,
        "ids": [int(v) for v in ids.reshape(-1).tolist()],  # time-major (L, B)
        "dense": flat(dense), "target": flat(target),
        "upstream_output": flat(upstream),
        "upstream_cell": flat(upstream_cell) if HAS_CELL_STATE[unit] else None,
        "outputs": flat(out), "h_n": flat(h_n), "c_n": flat(state[1]) if HAS_CELL_STATE[unit] else None,
        "readout": flat(s_hat), "loss": loss.item(),
        "gradients": {k: flat(p.grad) for k, p in net.named_parameters()},
    }
    with open(f"{name}.json", "w") as f:
        json.dump(record, f)
    print(f"wrote {name}.json and {name}.safetensors")


if __name__ == "__main__":
    for i, unit in enumerate(MODULES):
        fixture(unit, "onehot", 2, seed=300 + i)
        fixture(unit, "dense", 3, seed=400 + i)
