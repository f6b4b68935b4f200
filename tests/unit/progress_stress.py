"""Stress drivers for the progress store: a kill -9 loop, concurrent writers and a save timer.

Used by tests/unit/test_progress.py and, run by hand, to compare two versions of the store:

    python tests/unit/progress_stress.py measure PATH/TO/progress.py [KILLS] [PER_PROCESS]

The store module is always loaded from a file path (no package import), so an old copy of
widgets/progress.py can be measured with exactly the same code as the current one. Each child
process is pointed at its file through HFS_PROGRESS_FILE.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path


def load_store(module_path: str):
    spec = importlib.util.spec_from_file_location("progress_under_test", module_path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _child(args: list[str], store: Path, **kwargs) -> subprocess.Popen:
    env = dict(os.environ, HFS_PROGRESS_FILE=str(store))
    return subprocess.Popen([sys.executable, __file__, *args], env=env, **kwargs)


def _parse(store: Path):
    """The file as JSON, or None when it is missing, empty or not a JSON object."""
    try:
        data = json.loads(store.read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def kill_loop(
    module_path: str, store: Path, kills: int = 60, seed: int = 0, max_delay: float = 0.03, check=None
) -> dict:
    """Start a child saving in a tight loop, SIGKILL it at a random moment, inspect the file; `kills` times.

    The child prints a lesson name after record_quiz returned for it (its confirmed saves). After each kill,
    `check(stats, data, missing)` may assert; the figures are returned either way."""
    rng = random.Random(seed)
    confirmed: list[str] = []
    stats = dict(
        kills=0, empty=0, unreadable=0, kills_with_loss=0, confirmed=0, lost=0, killed_mid_write=0, stray_temp_max=0
    )
    for run in range(kills):
        proc = _child(["loop", module_path, f"r{run}"], store, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        first = proc.stdout.readline()  # the child is now saving in its loop
        if not first:
            raise RuntimeError(f"child failed to start: {proc.stderr.read().decode(errors='replace')}")
        time.sleep(rng.uniform(0, max_delay))
        os.kill(proc.pid, signal.SIGKILL)
        rest = proc.stdout.read()
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()
        lines = (first + rest).split(b"\n")[:-1]  # a line cut by the kill has no newline: not confirmed
        confirmed += [line.decode() for line in lines]
        stats["kills"] += 1
        if store.exists() and store.stat().st_size == 0:
            stats["empty"] += 1
        data = _parse(store)
        if data is None:
            stats["unreadable"] += 1
        missing = [name for name in confirmed if data is None or name not in data]
        if missing:
            stats["kills_with_loss"] += 1
        stray = [p for p in store.parent.iterdir() if p.name.endswith(".tmp")]
        stats["killed_mid_write"] += bool(stray)  # a temporary file not yet renamed: the kill hit a save
        stats["stray_temp_max"] = max(stats["stray_temp_max"], len(stray))
        if check is not None:
            check(stats, data, missing)
    final = _parse(store) or {}
    stats["confirmed"] = len(confirmed)
    stats["lost"] = sum(name not in final for name in confirmed)
    return stats


def concurrent(module_path: str, store: Path, per_process: int = 400, processes: int = 2) -> dict:
    """`processes` children save `per_process` distinct lessons each, all at once; count the lessons lost."""
    start_at = time.time() + 0.5  # every child starts its loop at the same moment
    procs = [
        _child(["count", module_path, f"w{k}", str(per_process), str(start_at)], store, stderr=subprocess.PIPE)
        for k in range(processes)
    ]
    errors = []
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        if proc.returncode:
            errors.append(err.decode(errors="replace")[-2000:])
    data = _parse(store)
    expected = {f"w{k}-{i}" for k in range(processes) for i in range(per_process)}
    lost = len(expected) if data is None else len(expected - data.keys())
    return dict(expected=len(expected), lost=lost, readable=data is not None, errors=errors)


def bench(module_path: str, store: Path, saves: int = 200) -> float:
    """Median wall time of one record_quiz in ms (five lessons, a fresh file), measured in a child."""
    out = subprocess.run(
        [sys.executable, __file__, "bench", module_path, str(saves)],
        check=True,
        env=dict(os.environ, HFS_PROGRESS_FILE=str(store)),
        capture_output=True,
        text=True,
    )
    return float(out.stdout.strip())


def _main(argv: list[str]) -> None:
    mode, module_path = argv[0], argv[1]
    store = load_store(module_path)
    if mode == "loop":  # save forever; print each lesson once its save returned
        prefix, i = argv[2], 0
        while True:
            store.record_quiz(f"{prefix}-{i}", i % 3, 2, 2)
            sys.stdout.write(f"{prefix}-{i}\n")
            sys.stdout.flush()
            i += 1
    elif mode == "count":
        prefix, n, start_at = argv[2], int(argv[3]), float(argv[4])
        time.sleep(max(0.0, start_at - time.time()))
        for i in range(n):
            store.record_quiz(f"{prefix}-{i}", 1, 2, 2)
    elif mode == "bench":
        times = []
        for i in range(int(argv[2])):
            t0 = time.perf_counter()
            store.record_quiz(f"lesson-{i % 5}", i % 3, 2, 1 + i % 2)
            times.append((time.perf_counter() - t0) * 1000)
        print(statistics.median(times))
    elif mode == "measure":  # by hand: every figure for one version of the store
        import tempfile

        kills = int(argv[2]) if len(argv) > 2 else 60
        per = int(argv[3]) if len(argv) > 3 else 400
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            k = kill_loop(module_path, Path(tmp, "kill", "progress.json"), kills=kills)
            print(f"kill loop ({time.perf_counter() - t0:.1f} s): {k}")
            t0 = time.perf_counter()
            c = concurrent(module_path, Path(tmp, "conc", "progress.json"), per_process=per)
            print(
                f"concurrent writers ({time.perf_counter() - t0:.1f} s): "
                f"{ {key: v for key, v in c.items() if key != 'errors'} } errors={len(c['errors'])}"
            )
            for err in c["errors"][:1]:
                print(err)
            print(f"median save: {bench(module_path, Path(tmp, 'bench', 'progress.json')):.3f} ms")
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    _main(sys.argv[1:])
