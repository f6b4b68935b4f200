"""`make bench`: time every registered widget callback in-process and write build/bench.json.

Each lesson's bench module (widgets/<lesson>/bench.py) exposes `bench_cases()` -> [(name, zero-argument callable)]; a call
performs one change of a control, exactly as a learner's click would, including the figure update.
This is a measurement, not a test: it reports, it never fails on a slow machine.
"""

from __future__ import annotations

import importlib
import json
import statistics
import sys
import time
from pathlib import Path

# In course order; the start-here widget is the first entry. Missing modules are skipped with a note.
MODULES = [
    "widgets.start",
    "widgets.anatomy.bench",
    "widgets.progression.bench",
    "widgets.differential.bench",
    "widgets.treatment.bench",
    "widgets.technique.bench",
    "widgets.mechanism.bench",
    "widgets.cases.bench",
]
CALLS = 60
WARMUP = 3


def cycle(control, values) -> callable:
    """A bench callable that moves `control` to the next of `values` on each call (from the second), as
    one click would."""
    values, state = list(values), {"i": 0}

    def step():
        state["i"] = (state["i"] + 1) % len(values)
        control.value = values[state["i"]]

    return step


def time_case(fn, calls: int = CALLS) -> dict:
    for _ in range(WARMUP):
        fn()
    samples = []
    for _ in range(calls):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return {"median_ms": round(statistics.median(samples), 3), "p95_ms": round(p95, 3), "n": len(samples)}


def run(modules=MODULES, out: Path = Path("build/bench.json")) -> list[dict]:
    results = []
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            print(f"(skipped {name}: {exc})", file=sys.stderr)
            continue
        for case in module.bench_cases():
            label, fn = case[0], case[1]
            calls = case[2] if len(case) > 2 else CALLS
            results.append({"name": label, **time_case(fn, calls)})
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    return results


def main() -> None:
    results = run()
    width = max(len(r["name"]) for r in results)
    print(f"{'callback':<{width}}  {'median ms':>10}  {'p95 ms':>8}  {'n':>4}")
    for r in results:
        print(f"{r['name']:<{width}}  {r['median_ms']:>10.2f}  {r['p95_ms']:>8.2f}  {r['n']:>4}")
    print("written build/bench.json")


if __name__ == "__main__":
    main()
