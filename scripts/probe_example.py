#!/usr/bin/env python3
"""The worked example of `memstudy probe` (scripts/probe-example runs it): trains a small
2-layer LSTM language model with PyTorch on the WordNet glosses of scripts/text-corpus and
saves it as any PyTorch user would, then checks memstudy's probe with an independent one.

    python probe_example.py train CORPUS OUT_DIR      # writes OUT_DIR/lm.safetensors, vocab.txt
    python probe_example.py check CORPUS OUT_DIR STUDY_DIR

train: vocabulary = the 5 000 most frequent corpus words plus <unk>; model = Embedding(5001, 32)
-> LSTM(32, 64, num_layers=2) -> Linear(64, 5001); next-word cross-entropy on windows of 35
tokens of the token stream, Adam (lr 2e-3), batch 32, 3 000 steps, torch.manual_seed(0), two
threads (a few minutes on a CPU). The state_dict is saved with safetensors.torch.save_file under
PyTorch's own names (embed.weight, rnn.weight_ih_l0 …, decoder.*); vocab.txt lists the words in
row order.

check: the same probe, computed independently with PyTorch and numpy, on its own windows (its
own seeded split of the lines into 80/10/10 %, each part in corpus order, its own windows and
donors): at each length of
the study, ridge from the standardised top-layer h_n to the centred centroid of the window's
embedding rows, its penalty from the same ladder chosen on validation windows; then the fit's
SMR (pooled least squares with intercept, METHOD.md §3) and held memory SMR_σ (substitution
coefficients, §3b) on 4 000 test windows (σ on the first 256, as memstudy measures it: the
clipping of σ_k to [0, 1] biases SMR_σ up by about 0.4 standard errors, so both sides need the
same count). Prints both sides per length and
the largest difference, and fails when one exceeds 0.02.
"""
import json
import random
import sys
from collections import Counter

import numpy as np
import torch
from safetensors.torch import load_file, save_file

VOCAB, EMBED, HIDDEN, LAYERS = 5000, 32, 64, 2
PENALTIES = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0]


def read_corpus(path):
    with open(path, encoding="utf-8") as f:
        return [line.lower().split() for line in f if line.strip()]


class LM(torch.nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.embed = torch.nn.Embedding(vocab, EMBED)
        self.rnn = torch.nn.LSTM(EMBED, HIDDEN, num_layers=LAYERS)
        self.decoder = torch.nn.Linear(HIDDEN, vocab)

    def forward(self, x):
        out, state = self.rnn(self.embed(x))
        return self.decoder(out), state


def train(corpus, out):
    torch.manual_seed(0)
    torch.set_num_threads(2)
    lines = read_corpus(corpus)
    counts = Counter(w for line in lines for w in line)
    words = [w for w, _ in counts.most_common(VOCAB)] + ["<unk>"]
    index = {w: i for i, w in enumerate(words)}
    stream = torch.tensor([index.get(w, VOCAB) for line in lines for w in line])
    model = LM(len(words))
    optimiser = torch.optim.Adam(model.parameters(), lr=2e-3)
    length, batch = 35, 32
    for step in range(3000):
        starts = torch.randint(0, len(stream) - length - 1, (batch,))
        x = torch.stack([stream[s:s + length] for s in starts]).T
        y = torch.stack([stream[s + 1:s + length + 1] for s in starts]).T
        logits, _ = model(x)
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, len(words)), y.reshape(-1))
        optimiser.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimiser.step()
        if step % 500 == 0 or step == 2999:
            print(f"step {step}: loss {loss.item():.3f}", file=sys.stderr)
    save_file({k: v.contiguous() for k, v in model.state_dict().items()}, f"{out}/lm.safetensors")
    with open(f"{out}/vocab.txt", "w", encoding="utf-8") as f:
        f.write("\n".join(words) + "\n")


def windows(stream, count, length, rng):
    starts = rng.integers(0, len(stream) - length + 1, count)
    return np.stack([stream[s:s + length] for s in starts])


def final_states(model, embedding, ids):
    """Top layer's h_n (N, H) in float64, in chunks."""
    out = []
    with torch.no_grad():
        for i in range(0, len(ids), 500):
            x = torch.from_numpy(embedding[ids[i:i + 500]].transpose(1, 0, 2))
            _, (h, _) = model(x)
            out.append(h[-1].numpy())
    return np.concatenate(out)


def fit_probe(x, y, xv, yv):
    mean, sd = x.mean(0), x.std(0)
    sd[sd <= 1e-12] = 1
    ym = y.mean(0)
    z = (x - mean) / sd
    best = None
    for lam in PENALTIES:
        w = np.linalg.solve(z.T @ z + lam * len(z) * np.eye(z.shape[1]), z.T @ (y - ym))
        pred = ((xv - mean) / sd) @ w + ym
        loss = ((pred - yv) ** 2).mean()
        if best is None or loss < best[0]:
            best = (loss, mean, sd, w, ym)
    _, mean, sd, w, ym = best
    return lambda f: ((f - mean) / sd) @ w + ym


def smr_fit(decoded, ids, embedding):
    n = ids.shape[1]
    e = embedding[ids]  # (N, n, d)
    y = decoded - decoded.mean(0)
    reg = (e - e.mean(0))[:, ::-1, :] / n  # column k: distance k from the end
    x = reg.transpose(0, 2, 1).reshape(-1, n)
    beta = np.linalg.lstsq(x, y.reshape(-1), rcond=None)[0]
    return beta.mean()


def smr_held(model, embedding, probe, ids, rng):
    n = ids.shape[1]
    base = probe(final_states(model, embedding, ids))
    sigma = []
    for t in range(n):
        donors = rng.permutation(len(ids))
        fixed = np.nonzero(donors == np.arange(len(ids)))[0]
        for i in fixed:  # no window is its own donor
            j = (i + 1) % len(ids)
            donors[i], donors[j] = donors[j], donors[i]
        changed = ids.copy()
        changed[:, t] = ids[donors, t]
        de = (embedding[changed[:, t]] - embedding[ids[:, t]]) / n
        ds = probe(final_states(model, embedding, changed)) - base
        denominator = (de * de).sum()
        sigma.append((ds * de).sum() / denominator if denominator > 0 else 0.0)
    return float(np.clip(np.array(sigma), 0, 1).mean())


def check(corpus, out, study):
    torch.set_num_threads(2)
    tensors = {k: v.double() for k, v in load_file(f"{out}/lm.safetensors").items()}
    with open(f"{out}/vocab.txt", encoding="utf-8") as f:
        words = f.read().split("\n")[:-1]
    model = torch.nn.LSTM(EMBED, HIDDEN, num_layers=LAYERS).double()
    model.load_state_dict({k[len("rnn."):]: v for k, v in tensors.items() if k.startswith("rnn.")})
    embedding = tensors["embed.weight"].numpy()
    index = {w: i for i, w in enumerate(words)}
    lines = [[index[w] for w in line if w in index] for line in read_corpus(corpus)]
    lines = [line for line in lines if line]
    # Each line to a part at random (80/10/10 %), the parts keeping the corpus's line order, as
    # memstudy's split does: neighbouring glosses share a topic, and windows span lines.
    draw = random.Random(7)
    parts = [[], [], []]
    for line in lines:
        u = draw.random()
        parts[0 if u < 0.8 else 1 if u < 0.9 else 2].append(line)
    parts = [np.array([w for line in part for w in line]) for part in parts]
    with open(f"{study}/results.json", encoding="utf-8") as f:
        results = json.load(f)
    rng = np.random.default_rng(2026)
    worst = 0.0
    print("| L | SMR memstudy | SMR check | SMR_σ memstudy | SMR_σ check |")
    print("|---:|---:|---:|---:|---:|")
    for length in results["config"]["train_lengths"]:
        cells = [c["eval"][0] for c in results["cells"] if c["train_length"] == length]
        ours = (np.mean([e["smr"] for e in cells]), np.mean([e["smr_sub"] for e in cells]))
        train_ids, val_ids, test_ids = (windows(p, c, length, rng) for p, c in zip(parts, (2048, 512, 4000)))
        centroid = lambda ids: embedding[ids].mean(1)
        probe = fit_probe(final_states(model, embedding, train_ids), centroid(train_ids),
                          final_states(model, embedding, val_ids), centroid(val_ids))
        decoded = probe(final_states(model, embedding, test_ids))
        theirs = (smr_fit(decoded, test_ids, embedding), smr_held(model, embedding, probe, test_ids[:256], rng))
        worst = max(worst, abs(ours[0] - theirs[0]), abs(ours[1] - theirs[1]))
        print(f"| {length} | {ours[0]:.3f} | {theirs[0]:.3f} | {ours[1]:.3f} | {theirs[1]:.3f} |", flush=True)
    print(f"largest difference: {worst:.3f}")
    if worst > 0.02:
        sys.exit("the two computations differ by more than 0.02")


if __name__ == "__main__":
    if sys.argv[1] == "train":
        train(sys.argv[2], sys.argv[3])
    else:
        check(sys.argv[2], sys.argv[3], sys.argv[4])
