#!/usr/bin/env bash
# Bank loading and validation against bank size: `drill bank validate` on
# synthetic banks of 1,000, 10,000 and 100,000 questions, next to Python's
# json.load of the same files. Writes bank.dat, bank-python.dat and
# docs/img/bank-scaling.png.
source "$(dirname "$0")/lib.sh"
sizes=(${SCALING_SIZES:-1000 10000 100000})
for n in "${sizes[@]}"; do bank_of "$n" >/dev/null; done
time_sizes bank "$DRILL_BIN bank validate $SCALING_OUT/bank-{n}.json" "${sizes[@]}"
time_sizes bank-python "/usr/bin/python3 -c 'import json; json.load(open(\"$SCALING_OUT/bank-{n}.json\"))'" "${sizes[@]}"
plot bank

# Peak memory: maximum RSS from /usr/bin/time -v, less that of drill
# validating an empty bank (the program itself), against the file's size.
empty=$SCALING_OUT/bank-empty.json
printf '{"format": "drill-bank", "version": 1, "role": "backend", "questions": []}\n' >"$empty"
max_rss_kb() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}'; }
base=$(max_rss_kb "$DRILL_BIN" bank validate "$empty")
{
  printf '# size file_bytes max_rss_kb baseline_rss_kb ratio  (ratio = (max_rss - baseline) / file size)\n'
  for n in "${sizes[@]}"; do
    f=$SCALING_OUT/bank-$n.json
    rss=$(max_rss_kb "$DRILL_BIN" bank validate "$f")
    bytes=$(stat -c %s "$f")
    printf '%s %s %s %s %.2f\n' "$n" "$bytes" "$rss" "$base" "$(echo "($rss - $base) * 1024 / $bytes" | bc -l)"
  done
} | tee "$SCALING_OUT/bank-rss.dat"
