# Shared by the bench/scaling/*.sh scripts; source it, don't run it.
#
# Each script times the real drill CLI with hyperfine at several input sizes,
# keeps hyperfine's JSON export per size under $SCALING_OUT, and writes one
# .dat file (columns: size, mean s, stddev s, min s, max s, user s, system s) that a gnuplot
# script of the same name turns into docs/img/NAME-scaling.png.
#
# Environment:
#   DRILL_BIN     the drill binary (default: build-bench/drill, a Release build)
#   SCALING_OUT   where inputs, exports and .dat files go (default: /tmp/drill-scaling)
#   SCALING_RUNS  hyperfine runs per size (default 5)
set -euo pipefail

scaling_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DRILL_BIN=${DRILL_BIN:-$scaling_root/build-bench/drill}
SCALING_OUT=${SCALING_OUT:-/tmp/drill-scaling}
SCALING_RUNS=${SCALING_RUNS:-5}
mkdir -p "$SCALING_OUT"

# A throwaway HOME so that no user bank or history changes what is timed.
scaling_home=$(mktemp -d)
trap 'rm -rf "$scaling_home"' EXIT
export HOME=$scaling_home XDG_DATA_HOME=$scaling_home/data XDG_STATE_HOME=$scaling_home/state \
  XDG_CONFIG_HOME=$scaling_home/config XDG_CACHE_HOME=$scaling_home/cache

say() { printf '==> %s\n' "$*" >&2; }

# A synthetic bank of N questions (made once, reused while its size matches).
bank_of() {
  local n=$1 file=$SCALING_OUT/bank-$1.json
  [ -s "$file" ] || /usr/bin/python3 "$scaling_root/bench/gen_bank.py" "$n" "$file"
  printf '%s\n' "$file"
}

# time_sizes NAME 'COMMAND with {n}' SIZE... : one hyperfine run per size,
# results appended to $SCALING_OUT/NAME.dat.
time_sizes() {
  local name=$1 template=$2
  shift 2
  local dat=$SCALING_OUT/$name.dat
  printf '# size mean_s stddev_s min_s max_s user_s system_s   (%s; load %s)\n' "$template" "$(cut -d' ' -f1-3 /proc/loadavg)" >"$dat"
  for n in "$@"; do
    local cmd=${template//\{n\}/$n}
    local export=$SCALING_OUT/$name-$n.hyperfine.json
    say "$name at $n: $cmd"
    hyperfine -N --warmup 1 --runs "$SCALING_RUNS" --export-json "$export" "$cmd" >&2
    /usr/bin/python3 - "$export" "$n" >>"$dat" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(sys.argv[2], r["mean"], r["stddev"], r["min"], r["max"], r["user"], r["system"])
PY
  done
  say "wrote $dat"
}

# plot NAME: runs bench/scaling/NAME.gp on $SCALING_OUT/NAME.dat.
plot() {
  gnuplot -e "datafile='$SCALING_OUT/$1.dat'; outfile='$scaling_root/docs/img/$1-scaling.png'" \
    "$scaling_root/bench/scaling/$1.gp"
  say "wrote docs/img/$1-scaling.png"
}
