#!/usr/bin/env python3
"""Makes the PyTorch reference fixtures of the substitution coefficients sigma_k (METHOD.md §3b).

Run from this folder with a PyTorch venv (never needed by the build or CI):

    python3 -m venv /tmp/t && /tmp/t/bin/pip install torch safetensors numpy
    /tmp/t/bin/python make_substitution_fixture.py

For each test sequence x_i (N of them, n tokens each) and each position p (0-based), the donor
pi_p(i) gives x_i^(p): x_i with its token at p replaced by the donor's token at p. With
token vectors e_w and the network's readout s_hat,

    De_i = (e_{x_{pi_p(i)}[p]} - e_{x_i[p]}) / n,    Ds_i = s_hat(x_i^(p)) - s_hat(x_i),
    a_i = <Ds_i, De_i>,    b_i = |De_i|^2,
    sigma_k = sum a / sum b    (k = n - 1 - p; 0 where sum b = 0),
    SE_k = sqrt(N/(N - 1) * sum_i (a_i - sigma_k b_i)^2) / sum b,

N counting every sequence, those whose donor has the same token included. The sums are in
float64 from float32 forward passes (what memstudy runs); each substituted sequence gets a
plain full forward pass from the zero state (no prefix state is reused, unlike memstudy's
model path, so this is an independent reference).

The donors are memstudy's: this script imports the re-implementation of its random generator
from make_evaluate_fixture.py (xoshiro256** seeded through SplitMix64, Swift's
`next(upperBound:)`) and derives, for each position p, `CellSeeds.generator(seed,
.substitution, n, p)` (purpose raw value 5, keys length then position) and Sattolo's shuffle
of 0..<N (`i = N-1; while i > 0 { j = nextInt(below: i); swap(t[i], t[j]); i -= 1 }`), so
pi_p(i) = t[i] is a derangement (one cycle).

Cases (one JSON each, plus a .safetensors where the case has a new model):

- gru-onehot: the trained model evaluate-gru.safetensors (torch.nn.GRU(8, 16) + Linear(16, 8),
  one-hot inputs, V = 8) on memstudy's own test sequences of seed 1 at length 10 (the first 64
  of `CellSeeds.generator(1, .test, 10)`), donors of seed 1; e_w the one-hot basis.
- lstm-dense: torch.manual_seed(0), nn.LSTM(5, 7) + nn.Linear(7, 5), default init; vectors
  numpy default_rng(1).normal(size=(6, 5)) / sqrt(5) rounded to float32; tokens
  default_rng(2).integers(0, 6, size=(48, 9)); donors of seed 2 (n = 9, N = 48).
- vrnn-dense: torch.manual_seed(3), nn.RNN(5, 7) (tanh) + nn.Linear(7, 5); vectors
  default_rng(4), tokens default_rng(5) (N = 40, n = 6); donors of seed 3.

For a dense case the input at step t is the token's vector e_w in float32, and the vectors
written are those float32 values (as exact decimals), which are also the e_w of De_i: a reader
that stores them in Double and feeds Float(e_w) to the network sees exactly what this script
used.

It writes substitution-<case>.json (and substitution-<case>.safetensors for the two new models,
float32, state-dict names rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0, rnn.bias_hh_l0,
readout.weight, readout.bias), with the fields:

- unit ("gru" | "lstm" | "vrnn"), space ("onehot" | "dense"), vocab (V), dim (d), hidden,
  length (n), sequences (N), seed (the evaluation seed the donors are drawn from);
- weights: the safetensors file name (in this folder);
- vectors: V x d row-major, dense cases only (one-hot: the identity);
- tokens: N x n row-major, tokens[i * n + t];
- donors: n x N row-major, donors[p * N + i] = pi_p(i);
- sigma, standard_error: n values each, indexed by k = 0 (last token read) .. n - 1;
- sigma_float64: sigma from a float64 forward pass of the same weights (its distance from
  sigma is the rounding spread, for the test's tolerance);
- decoded: N x d row-major, the float32 outputs s_hat(x_i) of the unsubstituted sequences;
- note: one sentence on the case.

It checks its own sigma code first: the exact centroid (s_hat(x) = mean of the tokens' vectors,
no network) must give sigma = 1 to 1e-12 and a constant readout sigma = 0, on every case's
tokens, vectors and donors. It prints, per case, the sigma curve and max |sigma - sigma_float64|.
"""
import copy
import json
import os
import sys

import numpy as np
import torch
from safetensors.torch import load_file, save_file

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_evaluate_fixture as evaluate  # noqa: E402  (its main() runs only as a script)

torch.set_num_threads(1)
MASK = evaluate.MASK
TEST, SUBSTITUTION = 4, 5  # CellSeeds.Purpose raw values
MODULES = {"vrnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}


def generator(seed, purpose, *keys):
    """CellSeeds.generator(seed, purpose, keys...)."""
    mixed = ((seed & MASK) * 0x9E3779B97F4A7C15 & MASK) ^ purpose
    for key in keys:
        g = evaluate.Xoshiro(mixed ^ ((key & MASK) * 0xC2B2AE3D27D4EB4F & MASK))
        mixed = g.next()
    return evaluate.Xoshiro(mixed)


def donor_table(seed, length, count):
    """MemoryIndicators.Donors: (length, count), row p is pi_p (Sattolo's shuffle)."""
    table = np.zeros((length, count), dtype=np.int64)
    for p in range(length):
        rng = generator(seed, SUBSTITUTION, length, p)
        t = list(range(count))
        i = count - 1
        while i > 0:
            j = rng.below(i)
            t[i], t[j] = t[j], t[i]
            i -= 1
        table[p] = t
    return table


def test_tokens(seed, count, length, vocab):
    """memstudy's test sequences of a uniform space: CellSeeds.generator(seed, .test, length)."""
    rng = generator(seed, TEST, length)
    return np.array([rng.below(vocab) for _ in range(count * length)], dtype=np.int64).reshape(count, length)


class Net(torch.nn.Module):
    def __init__(self, unit, input_size, hidden, output):
        super().__init__()
        self.rnn = MODULES[unit](input_size, hidden, batch_first=True)
        self.readout = torch.nn.Linear(hidden, output)

    def forward(self, x):
        _, state = self.rnn(x)
        h_n = state[0] if isinstance(state, tuple) else state
        return self.readout(h_n[0])


def substituted(tokens, donors, p):
    """The test set with each sequence's token at p replaced by its donor's."""
    out = tokens.copy()
    out[:, p] = tokens[donors[p], p]
    return out


def curve(tokens, donors, vectors, decode):
    """sigma_k and SE_k (k = 0 .. n-1) of the readout `decode`: (N, n) ids -> (N, d) float64."""
    count, n = tokens.shape
    base = decode(tokens)
    sigma, error = np.zeros(n), np.zeros(n)
    for p in range(n):
        changed = substituted(tokens, donors, p)
        ds = decode(changed) - base
        de = (vectors[changed[:, p]] - vectors[tokens[:, p]]) / n
        a = (ds * de).sum(1)
        b = (de * de).sum(1)
        k = n - 1 - p
        if b.sum() > 0:
            sigma[k] = a.sum() / b.sum()
            error[k] = np.sqrt(count / (count - 1) * ((a - sigma[k] * b) ** 2).sum()) / b.sum()
    return sigma, error


def network_decoder(net, vectors, dtype):
    """Plain full forward passes of whole sequences; outputs promoted to float64."""
    inputs = torch.tensor(vectors, dtype=dtype)

    def decode(ids):
        with torch.no_grad():
            return net(inputs[torch.tensor(ids)]).double().numpy()
    return decode


def check_reference(tokens, donors, vectors):
    """The exact centroid gives sigma = 1, a constant readout sigma = 0."""
    centroid, _ = curve(tokens, donors, vectors, lambda ids: vectors[ids].mean(1))
    assert np.abs(centroid - 1).max() < 1e-12, centroid
    constant = np.linspace(-1, 1, vectors.shape[1])
    zero, zero_error = curve(tokens, donors, vectors, lambda ids: np.tile(constant, (len(ids), 1)))
    assert np.abs(zero).max() == 0 and np.abs(zero_error).max() == 0, zero


def check_donors(donors):
    for row in donors:
        count = len(row)
        assert sorted(row) == list(range(count)) and all(row[i] != i for i in range(count))
        i, steps = 0, 0  # Sattolo: a single cycle
        while True:
            i, steps = row[i], steps + 1
            if i == 0:
                break
        assert steps == count


def numbers(array):
    return [float(v) for v in np.asarray(array).reshape(-1)]


def run_case(name, unit, space, net, vectors, tokens, seed, weights, note):
    count, n = tokens.shape
    vocab, d = vectors.shape
    donors = donor_table(seed, n, count)
    check_donors(donors)
    check_reference(tokens, donors, vectors.astype(np.float64))
    e = vectors.astype(np.float64)  # float32 values, exactly
    net = net.float().eval()
    decode32 = network_decoder(net, vectors, torch.float32)
    sigma, error = curve(tokens, donors, e, decode32)
    net64 = copy.deepcopy(net).double()
    sigma64, _ = curve(tokens, donors, e, network_decoder(net64, e, torch.float64))
    decoded = decode32(tokens).astype(np.float32)
    record = {
        "unit": unit, "space": space, "vocab": vocab, "dim": d, "hidden": net.rnn.hidden_size,
        "length": n, "sequences": count, "seed": seed, "weights": weights,
    }
    if space == "dense":
        record["vectors"] = numbers(vectors)
    record.update({
        "tokens": [int(v) for v in tokens.reshape(-1)],
        "donors": [int(v) for v in donors.reshape(-1)],
        "sigma": numbers(sigma),
        "standard_error": numbers(error),
        "sigma_float64": numbers(sigma64),
        "decoded": numbers(decoded),
        "note": note,
    })
    path = os.path.join(HERE, f"substitution-{name}.json")
    with open(path, "w") as f:
        json.dump(record, f, indent=1)
        f.write("\n")
    spread = np.abs(sigma - sigma64).max()
    print(f"{name}: max |sigma - sigma_float64| = {spread:.3e}")
    for k in range(n):
        print(f"  k = {k}: sigma {sigma[k]: .6f}  SE {error[k]:.6f}  (float64 {sigma64[k]: .6f})")


def dense_case(name, unit, torch_seed, vector_seed, token_seed, count, n, seed, note):
    vocab, d, hidden = 6, 5, 7
    torch.manual_seed(torch_seed)
    net = Net(unit, d, hidden, d)
    vectors = (np.random.default_rng(vector_seed).normal(size=(vocab, d)) / np.sqrt(d)).astype(np.float32)
    tokens = np.random.default_rng(token_seed).integers(0, vocab, size=(count, n))
    weights = f"substitution-{name}.safetensors"
    save_file({k: v.detach().float().contiguous() for k, v in net.state_dict().items()},
              os.path.join(HERE, weights))
    run_case(name, unit, "dense", net, vectors, tokens, seed, weights, note)


def main():
    # The generalised generator must agree with make_evaluate_fixture's (and so with
    # evaluate-gru.json's recorded first tokens).
    with open(os.path.join(HERE, "evaluate-gru.json")) as f:
        recorded = json.load(f)["lengths"][0]
    tokens = test_tokens(1, 64, 10, 8)
    assert (tokens == evaluate.test_tokens(1, 64, 10)).all()
    assert recorded["length"] == 10 and tokens.reshape(-1)[:24].tolist() == recorded["first_tokens"]

    net = Net("gru", 8, 16, 8)
    net.load_state_dict(load_file(os.path.join(HERE, "evaluate-gru.safetensors")))
    run_case("gru-onehot", "gru", "onehot", net, np.eye(8, dtype=np.float32), tokens, 1,
             "evaluate-gru.safetensors",
             "The trained GRU of evaluate-gru on memstudy's first 64 test sequences of seed 1 at "
             "length 10, one-hot tokens, donors of seed 1.")
    dense_case("lstm-dense", "lstm", 0, 1, 2, 48, 9, 2,
               "An untrained LSTM (torch.manual_seed(0)) on dense vectors default_rng(1) and "
               "tokens default_rng(2), donors of seed 2.")
    dense_case("vrnn-dense", "vrnn", 3, 4, 5, 40, 6, 3,
               "An untrained tanh RNN (torch.manual_seed(3)) on dense vectors default_rng(4) and "
               "tokens default_rng(5), donors of seed 3.")


if __name__ == "__main__":
    main()
