#!/usr/bin/env bash
# Times the real drill against the size of the practice history: `drill
# stats`, `drill plan --due`, and a session to its first question (stdin
# is empty, so the session shows the first question and ends, exiting 65 for
# want of answers: hence hyperfine -i). Histories of
# 10,000, 100,000 and 1,000,000 answers are made once by bench/gen_history.py
# and `drill import`, then reused.
#
#   bench/scaling/history.sh                 # all three sizes
#   SIZES="10000 100000" bench/scaling/history.sh
#   gnuplot bench/scaling/history.gp         # docs/img/history-scaling.png
#
# DRILL picks the binary (default build-bench/drill, a Release build); WORK
# the directory for the histories and results (default build-bench/scaling).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
drill=${DRILL:-$root/build-bench/drill}
work=${WORK:-$root/build-bench/scaling}
sizes=${SIZES:-"10000 100000 1000000"}
runs=${RUNS:-20}
mkdir -p "$work"
[ -x "$drill" ] || { echo "history.sh: no drill at $drill; build it first (see docs/benchmarks.md)" >&2; exit 66; }

# Only the bundled banks, and no config file, whatever the user has.
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_STATE_HOME=$work/state

for n in $sizes; do
  db=$work/history-$n.db
  if [ ! -f "$db" ]; then
    echo "==> making a history of $n answers" >&2
    python3 "$root/bench/gen_history.py" "$n" --out "$work/history-$n.jsonl"
    TIMEFORMAT="import of $n answers: %R s wall, %U s user, %S s sys"
    time "$drill" --history "$db" import "$work/history-$n.jsonl" >&2
    rm -f "$work/history-$n.jsonl"
  fi
  echo "==> timing with $n answers (load average: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  hyperfine -N -i --warmup 2 --runs "$runs" --export-json "$work/history-$n.json" \
    -n stats "$drill --history $db stats" \
    -n session "$drill --history $db --role backend --count 5 --seed 1" \
    -n plan-due "$drill --history $db plan --role backend --count 5 --seed 1 --due" \
    -n no-history "$drill --no-history --role backend --count 5 --seed 1" >&2
done

# One line per size: answers, then mean and standard deviation in ms of each
# command above, in order.
python3 - "$work" $sizes > "$work/history.dat" <<'PY'
import json, sys
work, sizes = sys.argv[1], sys.argv[2:]
print("# answers  stats_ms sd  session_ms sd  plan_due_ms sd  no_history_ms sd")
for n in sizes:
    with open(f"{work}/history-{n}.json") as f:
        results = {r["command"]: r for r in json.load(f)["results"]}
    cells = [n]
    for name in ("stats", "session", "plan-due", "no-history"):
        r = results[name]
        cells += [f"{1000 * r['mean']:.2f}", f"{1000 * r['stddev']:.2f}"]
    print("  ".join(cells))
PY
cat "$work/history.dat"
