#!/usr/bin/env python3
"""Runs `memstudy bench` and the PyTorch reference side by side and prints markdown tables.

For each unit (vrnn, lstm, gru) and shape (one-hot and dense input), and a 2-layer LSTM
(torch.nn.LSTM(num_layers=2)) at the one-hot shape, both sides run once per round, in alternating order, for several rounds, so that drift of a shared machine's speed
hits both alike; the tables show medians. A last pass runs `memstudy bench --profile` once
per cell: where a step's time goes, its matrix products' throughput against the same products
replayed alone through the product kernel, and the step's multiple of that product floor.

    python3 Benchmarks/compare.py --python /path/to/venv/bin/python [--memstudy PATH] [--before OLD]
        [--shapes onehot,dense,"onehot K=2",preset] [--units vrnn,lstm,gru,mingru,minlstm]

The `preset` shape is the quick, text and modern presets' own (H = 32, V = 16, L = 160).

Needs a release build of memstudy and a Python with torch (only for the reference side).
"""
import argparse
import json
import statistics
import subprocess
import sys

SHAPES = {
    "onehot": ["--hidden", "64", "--vocab", "32", "--length", "100", "--batch", "64"],
    "dense": ["--hidden", "128", "--vocab", "64", "--length", "50", "--batch", "64",
              "--space", "gaussian", "--dim", "64"],
}
SHAPES["onehot K=2"] = SHAPES["onehot"] + ["--layers", "2"]
SHAPES["preset"] = ["--hidden", "32", "--vocab", "16", "--length", "160", "--batch", "64"]
UNITS = ["vrnn", "lstm", "gru"]
# The units each shape runs: the stacked shape runs the LSTM alone.
SHAPE_UNITS = {"onehot": UNITS, "dense": UNITS, "onehot K=2": ["lstm"], "preset": UNITS}
DEFAULT_SHAPES = ["onehot", "dense", "onehot K=2"]
TARGETS = {("onehot", "vrnn"): 5, ("onehot", "gru"): 4, ("onehot", "lstm"): 2.3,
           ("dense", "vrnn"): 1.5, ("dense", "lstm"): 1.5, ("dense", "gru"): 1.5,
           ("onehot K=2", "lstm"): 2.3}


def run(command):
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    here = sys.argv[0].rsplit("/", 1)[0] if "/" in sys.argv[0] else "."
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--python", default="python3", help="a Python with torch installed")
    p.add_argument("--memstudy", default=".build/release/memstudy")
    p.add_argument("--before", help="an earlier memstudy build, run in the same rounds (before/after)")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--steps", type=int, default=40, help="timed steps per run (one-hot shape; dense runs half)")
    p.add_argument("--shapes", default=",".join(DEFAULT_SHAPES), help="comma-separated, of: " + ", ".join(SHAPES))
    p.add_argument("--units", help="comma-separated units to run at every chosen shape (default: each shape's own)")
    a = p.parse_args()
    shapes = {name: SHAPES[name] for name in a.shapes.split(",")}
    units = {name: a.units.split(",") if a.units else SHAPE_UNITS[name] for name in shapes}

    swift, torch, before = {}, {}, {}
    for r in range(a.rounds):
        for shape, flags in shapes.items():
            steps = str(a.steps if shape != "dense" else max(1, a.steps // 2))
            for unit in units[shape]:
                key = (shape, unit)
                args = ["--unit", unit, *flags, "--steps", steps]
                sides = [(swift, [a.memstudy, "bench", *args]),
                         (torch, [a.python, f"{here}/pytorch_bench.py", *args])]
                if a.before:
                    sides.append((before, [a.before, "bench", *args]))
                if r % 2:
                    sides.reverse()
                for table, command in sides:
                    table.setdefault(key, []).append(run(command))
        print(f"round {r + 1}/{a.rounds} done", file=sys.stderr)

    print(f"Median of {a.rounds} interleaved rounds; steps/s, single thread.\n")
    extra = " memstudy before steps/s | after / before |" if a.before else ""
    print(f"| input | unit | memstudy steps/s | PyTorch steps/s | ratio | target | memstudy matmul GFLOP/s |{extra}")
    print("|---|---|---:|---:|---:|---:|---:|" + ("---:|---:|" if a.before else ""))
    for (shape, unit), results in swift.items():
        s = statistics.median(x["steps_per_s"] for x in results)
        t = statistics.median(x["steps_per_s"] for x in torch[(shape, unit)])
        g = statistics.median(x["matmul_gflops"] for x in results)
        target = TARGETS.get((shape, unit))
        goal = f"≥ {target}× ({'met' if s / t >= target else 'not met'})" if target else "—"
        row = f"| {shape} | {unit} | {s:.0f} | {t:.0f} | {s / t:.2f}× | {goal} | {g:.0f} |"
        if a.before:
            b = statistics.median(x["steps_per_s"] for x in before[(shape, unit)])
            row += f" {b:.0f} | {s / b:.2f}× |"
        print(row)

    print("\nOne profiled run per cell (`memstudy bench --profile`): ms per step by phase, the")
    print("step's matrix products in the step against the same products alone through the product")
    print("kernel, and the product floor (one step's products at that stand-alone rate) with the")
    print("step's multiple of it (target ≤ 1.3×). The activation floor is the step's sigmoids and")
    print("tanhs at their stand-alone cost; the least step / floor these activations allow is")
    print("(floor + activation floor) / floor, before any load, store or other phase.\n")
    print("| input | unit | step ms | products | activations | gather/scatter | data | loss | optimiser | other | products in step GFLOP/s | alone GFLOP/s | in step / alone | floor ms | step / floor | activation floor ms | least step / floor | step / both floors |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for shape, flags in shapes.items():
        steps = str(a.steps if shape != "dense" else max(1, a.steps // 2))
        for unit in units[shape]:
            x = run([a.memstudy, "bench", "--unit", unit, *flags, "--steps", steps, "--profile"])
            ph = x["phase_ms"]
            cols = " | ".join(f"{ph[k]:.2f}" for k in
                              ["products", "activations", "gather_scatter", "data", "loss", "optimiser", "other"])
            inside, alone = x["in_step_product_gflops"], x["sgemm_gflops"]
            print(f"| {shape} | {unit} | {x['step_ms']:.2f} | {cols} | {inside:.0f} | {alone:.0f} | "
                  f"{100 * inside / alone:.0f} % | {x['floor_ms']:.2f} | {x['step_floor_ratio']:.2f}× | "
                  f"{x['activation_floor_ms']:.2f} | {1 + x['activation_floor_ms'] / x['floor_ms']:.2f}× | "
                  f"{x['step_bound_ratio']:.2f}× |")


if __name__ == "__main__":
    main()
