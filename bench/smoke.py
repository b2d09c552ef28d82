#!/usr/bin/env python3
"""Benchmark smoke run for CI: catches an order-of-magnitude slowdown.

    bench/smoke.py BUILD_DIR/bench/drill_bench

Runs three benchmarks briefly and fails (exit 1) only when one is about ten
times worse than docs/benchmarks.md records, so that a busy CI machine does
not fail it by accident. It is a benchmark with a generous threshold, not a
timed test: the figures themselves live in docs/benchmarks.md.
"""
import json
import subprocess
import sys

# benchmark name -> (what is measured, unit, limit, True when higher is better)
LIMITS = {
    "BM_score_answer/150": ("score a 150-word answer", "us", 500.0, False),
    "BM_load_bundled_bank": ("load and validate the bundled bank", "ms", 60.0, False),
    "BM_grade_batch_jsonl": ("batch grading, JSON in and out", "answers/s", 5000.0, True),
}
SCALE = {"ns": 1e-3, "us": 1.0, "ms": 1e3}  # in microseconds


def main(argv):
    if len(argv) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 64
    names = "|".join(LIMITS)
    out = subprocess.run([argv[0], f"--benchmark_filter=^({names})$", "--benchmark_min_time=0.05",
                          "--benchmark_format=json"], check=True, capture_output=True, text=True).stdout
    seen, failed = set(), False
    for b in json.loads(out)["benchmarks"]:
        name = b["name"]
        if name not in LIMITS:
            continue
        seen.add(name)
        what, unit, limit, higher = LIMITS[name]
        if higher:
            value = b["items_per_second"]
        else:
            value = b["cpu_time"] * SCALE[b["time_unit"]] / SCALE[unit]
        ok = value >= limit if higher else value <= limit
        failed |= not ok
        print(f"{'ok  ' if ok else 'SLOW'} {what}: {value:,.1f} {unit} (limit {'>=' if higher else '<='} {limit:,.0f})")
    missing = set(LIMITS) - seen
    if missing:
        print(f"benchmarks not found: {', '.join(sorted(missing))}", file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
