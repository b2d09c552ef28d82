#!/usr/bin/env bash
# Grades the scoring corpus, every bundled model answer against its own
# question and against the next one, and a few inline questions, and prints
# the whole JSON Lines output. Diff two runs to prove that a change to the
# scorer or to batch grading left every result byte for byte the same:
#
#   bench/score_fingerprint.sh build/drill > before.jsonl
#   ... change ...
#   bench/score_fingerprint.sh build/drill | diff before.jsonl -
set -euo pipefail
drill=${1:?usage: bench/score_fingerprint.sh DRILL_BINARY}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
/usr/bin/python3 - "$root" <<'PY' |
import glob, json, sys
root = sys.argv[1]
for n, line in enumerate(open(f"{root}/tests/scoring/corpus.jsonl", encoding="utf-8")):
    item = json.loads(line)
    print(json.dumps({"key": f"corpus.{n}", "id": item["id"], "answer": item["answer"]}))
qs = [q for f in sorted(glob.glob(f"{root}/data/banks/*.json"))
      for q in json.load(open(f, encoding="utf-8"))["questions"]]
for i, q in enumerate(qs):
    if "model_answer" not in q:
        continue
    print(json.dumps({"key": f"model.{q['id']}", "id": q["id"], "answer": q["model_answer"], "elapsed_s": 100}))
    other = qs[(i + 1) % len(qs)]
    print(json.dumps({"key": f"cross.{q['id']}", "id": other["id"], "answer": q["model_answer"]}))
    inline = {k: v for k, v in q.items() if k != "concepts"}
    print(json.dumps({"key": f"derived.{q['id']}", "question": inline, "answer": q["model_answer"][:400]}))
sys.stdout.flush()
sys.stdout.buffer.write(b'{"key": "bad-bytes", "id": "%s", "answer": "caf\xe9 ok"}\n' % qs[0]["id"].encode())
sys.stdout.flush()
print('{"key": "broken", "id": ')
print(json.dumps({"key": "unknown", "id": "no.such", "answer": "x"}))
PY
  env HOME="$home" XDG_DATA_HOME="$home/d" XDG_STATE_HOME="$home/s" XDG_CONFIG_HOME="$home/c" \
    "$drill" grade --no-history --input - --format jsonl || true
