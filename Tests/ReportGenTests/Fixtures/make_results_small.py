#!/usr/bin/env python3
"""Writes results-small.json: a SYNTHETIC StudyResults for the ReportGen tests.

No network was trained. The numbers follow simple closed forms shaped like the pilot run in
METHOD.md (a vanilla RNN that collapses at L = 40, an LSTM that holds, a GRU that holds best) so
the report has something plausible to draw. Deterministic: run it again and the file is the same.

    python3 make_results_small.py > results-small.json
"""
import json
import math
import random

rng = random.Random(7)
UNITS = ["vrnn", "lstm", "gru"]
HIDDEN = 32
TRAIN = [5, 10, 20, 40]
TEST = [5, 10, 20, 40, 80]
SEEDS = [1, 2]
THETA, THETA_REC = 0.5, 0.9
T975 = {1: 12.706204736, 2: 4.302652730}


def r(x, d=4):
    return round(x, d)


def horizon(unit, L, seed):
    """Distance at which beta falls through 1/2, for a network trained at length L."""
    jitter = rng.uniform(-0.4, 0.4)
    if unit == "vrnn":
        return {5: 30, 10: 30, 20: 24 + seed, 40: 2.2}[L] + jitter
    if unit == "lstm":
        return {5: 40, 10: 40, 20: 38, 40: 33 + 4 * seed}[L] + jitter
    return 70 + L + jitter


def betas(unit, L, n, seed):
    m = horizon(unit, L, seed)
    top = 0.995 if unit != "vrnn" or L < 40 else 0.9
    width = 1.5 if m < 5 else 3.0
    out = []
    for k in range(n):
        b = top / (1 + math.exp((k - m) / width))
        if k >= L:  # beyond the trained length the readout was never asked for these tokens
            b *= math.exp(-(k - L + 1) / 6)
        out.append(r(b + rng.gauss(0, 0.004)))
    return out


def eml(beta):
    k = 0
    while k < len(beta) and beta[k] >= THETA:
        k += 1
    return k


def tau(beta):
    pts = [(k, math.log(b)) for k, b in enumerate(beta) if b > 0.05]
    if len(pts) < 2:
        return None
    mk = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    sxx = sum((p[0] - mk) ** 2 for p in pts)
    slope = sum((p[0] - mk) * (p[1] - my) for p in pts) / sxx
    return None if slope >= 0 else r(-1 / slope, 3)


def held(beta, n):
    """In length: substitution coefficients a little below the fit's (what a unit infers is not
    held), without drawing from rng, so the other numbers stay as they were."""
    sigma = [r(b * (1 - 0.06 * k / max(n - 1, 1))) for k, b in enumerate(beta)]
    return {
        "memory_rate_sub": sigma,
        "memory_rate_sub_se": [0.012] * n,
        "smr_sub": r(sum(min(1.0, max(0.0, s)) for s in sigma) / n),
        "eml_sub": eml(sigma),
        "tau_sub": tau(sigma),
    }


def evaluation(unit, L, n, seed):
    beta = betas(unit, L, n, seed)
    smr = sum(beta) / n
    substitution = held(beta, n) if n == L else {}
    return substitution | {
        "length": n,
        "smr": r(smr),
        "fidelity": r(min(0.999, 0.35 + 0.65 * smr + rng.gauss(0, 0.003))),
        "interference": r(max(0.01, 1.0 - 0.95 * smr + abs(rng.gauss(0, 0.01)))),
        "eml": eml(beta),
        "tau": tau(beta),
        "memory_rate": beta,
        "memory_capacity": r(min(0.8 * HIDDEN, 0.9 * eml(beta) + 1.2 + rng.uniform(0, 0.5)), 3),
    }


def curve(start, final, scale, steps, every):
    return [
        {"step": s, "loss": float(f"{final + (start - final) * math.exp(-s / scale) * (1 + rng.gauss(0, 0.03)):.4e}")}
        for s in range(0, steps + 1, every)
    ]


cells = []
for unit in UNITS:
    for L in TRAIN:
        for seed in SEEDS:
            diverged = unit == "vrnn" and L == 40 and seed == 2
            capped = unit == "lstm" and L == 40 and seed == 1
            collapsed = unit == "vrnn" and L == 40
            final = 2.5e-3 if collapsed else {5: 2e-6, 10: 6e-6, 20: 2e-5, 40: 6e-5}[L]
            steps = 2000 if capped else (900 if diverged else 1000 + 150 * TRAIN.index(L) + 50 * seed)
            # Each unit learns at its own pace, so the loss panels show three families of curves.
            final *= {"vrnn": 1.0, "lstm": 0.6, "gru": 0.35}[unit]
            loss = curve(0.06, final, (90 + 4 * L) * {"vrnn": 1.3, "lstm": 1.0, "gru": 0.8}[unit], steps, 50)
            if diverged:
                loss[-1]["loss"] = float("3.1e0")  # the last finite loss before NaN
            cells.append({
                "unit": unit,
                "hidden": HIDDEN,
                "train_length": L,
                "seed": seed,
                "status": "diverged" if diverged else "ok",
                **({"diverged_at_step": steps + 3} if diverged else {}),
                "steps": steps + 3 if diverged else steps,
                "stopped_early": not capped and not diverged,
                "final_loss": None if diverged else float(f"{final * 1.1:.4e}"),
                # The loss of answering the mean: the centroid's variance per dimension,
                # (1/V)(1 - 1/V)/L for one-hot tokens (V = 16).
                "baseline_loss": float(f"{(1 / 16) * (15 / 16) / L:.4e}"),
                "loss_curve": loss,
                "validation_curve": loss[::2],
                "wall_seconds": r(12 + 0.9 * L * (1 + 0.3 * UNITS.index(unit)) + rng.uniform(0, 2), 2),
                "eval": [] if diverged else [evaluation(unit, L, n, seed) for n in TEST],
            })


def interval(values):
    n = len(values)
    mean = sum(values) / n
    if n == 1:
        return mean, mean
    s = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    return mean, mean - T975[n - 1] * s / math.sqrt(n)


recommendations = []
for unit in UNITS:
    rows = []
    for L in TRAIN:
        evs = [e for c in cells if c["unit"] == unit and c["train_length"] == L and c["status"] == "ok"
               for e in c["eval"] if e["length"] == L]
        # The rule of METHOD.md section 5: a diverged seed counts as SMR 0, two evaluated seeds needed.
        diverged = sum(1 for c in cells if c["unit"] == unit and c["train_length"] == L and c["status"] == "diverged")
        mean, lower = interval([e["smr_sub"] for e in evs] + [0.0] * diverged)
        if len(evs) < 2:
            lower = -math.inf
        rows.append((L, mean, lower, sum(e["eml_sub"] for e in evs) / len(evs)))
    ok = [row for row in rows if row[2] >= THETA_REC]
    L, mean, lower, e = ok[-1] if ok else rows[0]
    reason = (f"largest training length whose held memory SMR_σ has a 95 % lower bound ({lower:.3f}) of at least θ_rec = {THETA_REC}"
              if ok else f"no length met θ_rec = {THETA_REC}; the shortest is recommended")
    recommendations.append({
        "unit": unit, "hidden": HIDDEN, "recommended_length": L, "qualified": bool(ok),
        "smr_lower": r(lower), "smr_mean": r(mean), "eml": r(e, 2), "reason": reason,
        "measure": "smr_sub",
    })

results = {
    "config": {
        "name": "small-synthetic",
        "space": {"kind": "onehot", "vocab": 16},
        "units": UNITS,
        "hidden": [HIDDEN],
        "train_lengths": TRAIN,
        "test_lengths": TEST,
        "seeds": SEEDS,
        "training": {"batch": 64, "learning_rate": 0.003, "clip": 1.0, "max_steps": 2000,
                     "patience": 5, "validation": 256, "validate_every": 50},
        "evaluation": {"sequences": 1024, "threshold": THETA, "recommend_threshold": THETA_REC, "probe": 0.001,
                       "substitution": "in_length"},
    },
    "provenance": {
        "tool_version": "0.1.0",
        "git_commit": "0000000000000000000000000000000000000000",
        "swift_version": "6.3.1",
        "blas": "OpenBLAS 0.3.21 (synthetic fixture)",
        "host": "synthetic-fixture",
        "cores": 2,
        "start_time": "2025-06-01T09:30:00Z",
        "wall_seconds": 1834.5,
        "command": "memstudy run configs/small.yaml --out output/small",
    },
    "cells": cells,
    "recommendations": recommendations,
}
print(json.dumps(results, indent=1, sort_keys=True, ensure_ascii=False))
