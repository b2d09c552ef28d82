#!/usr/bin/env bash
# Question selection against bank size: `drill plan -n 5` with a synthetic
# bank of 1,000, 10,000 and 100,000 questions added to the bundled one. The
# time is loading plus selection; plan.dat minus bank.dat is the selection.
source "$(dirname "$0")/lib.sh"
sizes=(${SCALING_SIZES:-1000 10000 100000})
for n in "${sizes[@]}"; do bank_of "$n" >/dev/null; done
time_sizes plan "$DRILL_BIN --bank $SCALING_OUT/bank-{n}.json plan --role backend -n 5 --seed 1" "${sizes[@]}"
plot plan
