#!/usr/bin/env python3
"""Write a synthetic practice history as JSON lines that `drill import` reads.

    bench/gen_history.py COUNT [--out FILE] [--days N] [--seed S] [--banks DIR]

The answers are for real questions of the bundled banks (ids, categories,
difficulties, topics and concept names), spread over the last --days local
days in sessions of five, so that every statistic, the trend and spaced
repetition see the shapes a long-time user would give them. Importing the
file goes through drill's own write path, so the database has the real
schema, indexes and summary tables.
"""
import argparse
import glob
import hashlib
import json
import os
import random
import sys
import time

WORDS = ("the service keeps a queue of requests and a worker pool drains it while a cache in front "
         "of the database holds hot rows for a short time so most reads never reach the primary and "
         "when a node fails traffic moves to a replica after the health check marks it down").split()
ROLES = ("backend", "backend", "backend", "platform")
MODES = ("interactive", "interactive", "piped", "worksheet")


def load_questions(banks_dir):
    questions = []
    for path in sorted(glob.glob(os.path.join(banks_dir, "*.json"))):
        with open(path, encoding="utf-8") as f:
            bank = json.load(f)
        for q in bank["questions"]:
            questions.append({
                "id": q["id"],
                "category": q["category"],
                "difficulty": q["difficulty"],
                "topics": q.get("topics", []),
                "concepts": [c["name"] for c in q.get("concepts", [])] or ["model answer"],
                "time_limit_s": q.get("time_limit_s", 180),
            })
    if not questions:
        sys.exit(f"gen_history: no questions in {banks_dir}")
    return questions


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("count", type=int, help="how many answers")
    p.add_argument("--out", default="-", help="output file (default: stdout)")
    p.add_argument("--days", type=int, default=730, help="spread over this many days before today")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--banks", default=os.path.join(here, "..", "data", "banks"))
    args = p.parse_args()

    rng = random.Random(args.seed)
    questions = load_questions(args.banks)
    # Each question has its own skill level, so that some topics and concepts
    # come out weaker than others.
    skill = {q["id"]: rng.uniform(0.25, 0.9) for q in questions}
    now_ms = int(time.time() * 1000)
    day_ms = 86_400_000
    start_ms = now_ms - args.days * day_ms
    sessions = (args.count + 4) // 5
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    written = 0
    for s in range(sessions):
        # Sessions in time order, evenly spread, each at a random time of its day.
        at = start_ms + (now_ms - start_ms) * s // max(1, sessions) + rng.randrange(0, 3_600_000)
        session_id = "%016x" % rng.getrandbits(64)
        role = rng.choice(ROLES)
        mode = rng.choice(MODES)
        for _ in range(min(5, args.count - written)):
            q = rng.choice(questions)
            hit, missed = [], []
            for c in q["concepts"]:
                (hit if rng.random() < skill[q["id"]] else missed).append(c)
            score = round(100 * len(hit) / len(q["concepts"]) * rng.uniform(0.8, 1.0))
            timed = mode == "interactive"
            elapsed = round(rng.uniform(0.3, 1.4) * q["time_limit_s"], 3) if timed else None
            record = {
                "session_id": session_id, "mode": mode, "question_id": q["id"],
                "question_hash": hashlib.sha1(q["id"].encode()).hexdigest()[:16], "role": role,
                "category": q["category"], "difficulty": q["difficulty"], "topics": q["topics"],
                "answered_at_ms": at, "elapsed_s": elapsed, "time_limit_s": q["time_limit_s"],
                "score": float(score),
                "breakdown": {"concepts": {"hit": hit, "missed": missed}, "star": None,
                              "over_time": bool(elapsed and elapsed > q["time_limit_s"])},
                "answer": " ".join(rng.choice(WORDS) for _ in range(rng.randrange(20, 60))),
            }
            out.write(json.dumps(record, separators=(",", ":")) + "\n")
            at += rng.randrange(60_000, 400_000)
            written += 1
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
