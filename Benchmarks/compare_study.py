#!/usr/bin/env python3
"""A whole study, memstudy against PyTorch training the same cells for the same steps.

Each round runs `memstudy run` on the study (a preset or a config file) into a fresh folder
with --jobs PROCESSES, timing the whole command, then `pytorch_study.py` on the folder it wrote:
the same cells, each for the number of steps memstudy recorded, on the same number of
processes. Rounds alternate which side goes first, so that drift of a shared machine's speed
hits both alike; the table shows each round and the medians.

    python3 Benchmarks/compare_study.py --python /path/to/venv/bin/python --preset quick
    python3 Benchmarks/compare_study.py --python ... --config my-study.yaml --rounds 3

Needs a release build of memstudy and a Python with torch (only for the reference side).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--python", default="python3", help="a Python with torch installed")
    p.add_argument("--memstudy", default=".build/release/memstudy")
    study = p.add_mutually_exclusive_group(required=True)
    study.add_argument("--preset", choices=["quick", "paper"])
    study.add_argument("--config", help="a study config file (YAML)")
    p.add_argument("--processes", type=int, default=2, help="memstudy --jobs and PyTorch worker processes")
    p.add_argument("--rounds", type=int, default=1)
    p.add_argument("--keep", help="keep the last round's memstudy output in this folder")
    a = p.parse_args()
    source = ["--preset", a.preset] if a.preset else ["--config", a.config]

    rows = []
    work = tempfile.mkdtemp(prefix="memstudy-compare-")
    try:
        for r in range(a.rounds):
            out = os.path.join(work, f"round{r}")
            times = {}

            def run_memstudy():
                start = time.perf_counter()
                subprocess.run([a.memstudy, "run", *source, "--out", out, "--jobs", str(a.processes)],
                               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                times["memstudy"] = time.perf_counter() - start

            def run_torch():
                result = subprocess.run(
                    [a.python, os.path.join(here, "pytorch_study.py"), out, "--processes", str(a.processes)],
                    check=True, capture_output=True, text=True)
                line = json.loads(result.stdout.strip().splitlines()[-1])
                times["pytorch"] = line["seconds"]
                times["cells"], times["steps"] = line["cells"], line["train_steps"]

            if r % 2 == 0:
                run_memstudy()
                run_torch()
            else:
                # PyTorch needs the study's recorded steps: reuse the previous round's output.
                previous = os.path.join(work, f"round{r - 1}")
                shutil.copytree(previous, out)
                run_torch()
                shutil.rmtree(out)
                run_memstudy()
            rows.append(times)
            print(f"round {r + 1}/{a.rounds}: memstudy {times['memstudy']:.1f} s, "
                  f"PyTorch {times['pytorch']:.1f} s", file=sys.stderr)
        if a.keep:
            shutil.copytree(os.path.join(work, f"round{a.rounds - 1}"), a.keep, dirs_exist_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    name = a.preset and f"preset {a.preset}" or a.config
    print(f"Whole study ({name}: {rows[0]['cells']} cells, {rows[0]['steps']} training steps), "
          f"{a.processes} processes each; wall seconds.\n")
    print("| round | memstudy s | PyTorch s | ratio |")
    print("|---|---:|---:|---:|")
    for i, t in enumerate(rows):
        print(f"| {i + 1} | {t['memstudy']:.1f} | {t['pytorch']:.1f} | {t['pytorch'] / t['memstudy']:.2f}× |")
    if len(rows) > 1:
        m = statistics.median(t["memstudy"] for t in rows)
        t = statistics.median(t["pytorch"] for t in rows)
        print(f"| median | {m:.1f} | {t:.1f} | {t / m:.2f}× |")


if __name__ == "__main__":
    main()
