#!/usr/bin/env bash
# Batch grading against input size: `drill grade --input FILE --format jsonl`
# on 1,000, 10,000 and 100,000 answers of about 150 words (JSON in and out),
# over a 1,000-question synthetic bank. Writes grade.dat and
# docs/img/grade-scaling.png.
source "$(dirname "$0")/lib.sh"
sizes=(${SCALING_SIZES:-1000 10000 100000})
bank=$(bank_of 1000)
for n in "${sizes[@]}"; do
  f=$SCALING_OUT/answers-$n.jsonl
  [ -s "$f" ] || /usr/bin/python3 "$scaling_root/bench/gen_bank.py" --answers "$n" "$bank" "$f"
done
time_sizes grade "$DRILL_BIN --no-history --bank $bank grade --input $SCALING_OUT/answers-{n}.jsonl --format jsonl" "${sizes[@]}"
plot grade
