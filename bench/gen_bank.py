#!/usr/bin/env python3
"""Write a synthetic, valid drill bank of N questions (bank format v1).

    bench/gen_bank.py N OUT.json [--seed S]
    bench/gen_bank.py --answers N BANK.json OUT.jsonl [--seed S]

The same N and seed always give the same bytes. Field sizes follow the
bundled bank (about 2.4 KB of JSON per question: a prompt of a sentence or
two, six concepts with three or four phrasings each, a model answer of about
150 words, two tips and two follow-ups), so that load times measured on these
files predict load times on real banks of the same size.

With --answers it writes N JSON Lines for `drill grade --input`, each an
answer of about 150 words to a question of BANK.json, for batch grading.
"""
import json
import random
import sys

WORDS = (
    "cache index query replica shard lock queue retry timeout backoff token session schema "
    "migration rollback deploy canary metric alert trace log latency throughput budget quota "
    "partition leader follower consensus snapshot compaction checkpoint idempotent request response "
    "client server proxy gateway limiter bucket window counter histogram percentile tenant account "
    "secret rotation certificate handshake cipher header payload batch stream consumer producer "
    "offset topic broker cluster node region failover standby primary write read isolation "
    "transaction deadlock contention pool connection thread worker scheduler cron job pipeline"
).split()
GLUE = ("the a to of and so that when then because while before after with for on in by").split()
CATEGORIES = ["technical", "technical", "technical", "behavioral", "situational", "system-design"]
DIFFICULTIES = ["beginner", "intermediate", "advanced"]
ROLES = ["backend", "backend", "backend", "sre", "data"]


def sentence(rng, words):
    out = []
    for i in range(words):
        out.append(rng.choice(GLUE) if i % 3 == 1 else rng.choice(WORDS))
    text = " ".join(out)
    return text[0].upper() + text[1:] + "."


def paragraph(rng, words):
    parts, left = [], words
    while left > 0:
        n = min(left, rng.randint(12, 22))
        parts.append(sentence(rng, n))
        left -= n
    return " ".join(parts)


def question(rng, i):
    category = CATEGORIES[i % len(CATEGORIES)]
    q = {
        "id": f"gen.q{i:06d}",
        "prompt": paragraph(rng, rng.randint(18, 32)).rstrip(".") + "?",
        "category": category,
        "difficulty": DIFFICULTIES[i % 3],
        "topics": sorted({rng.choice(WORDS) for _ in range(3)}),
    }
    if i % 7 == 0:
        q["roles"] = [ROLES[i % len(ROLES)], "any"]
    concepts = []
    for c in range(6):
        phrasings = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(3, 4))]
        concepts.append({"name": f"{rng.choice(WORDS)} {rng.choice(WORDS)} {c}", "any": phrasings,
                         "weight": rng.choice([1, 1, 2, 3])})
    q["concepts"] = concepts
    q["model_answer"] = paragraph(rng, rng.randint(130, 170))
    q["tips"] = [sentence(rng, rng.randint(10, 18)) for _ in range(2)]
    q["follow_ups"] = [sentence(rng, rng.randint(8, 16)).rstrip(".") + "?" for _ in range(2)]
    return q


def bank(n, seed):
    rng = random.Random(seed)
    return {"format": "drill-bank", "version": 1, "role": "backend",
            "questions": [question(rng, i) for i in range(n)]}


def answers(n, bank_file, out, seed):
    rng = random.Random(seed)
    with open(bank_file, encoding="utf-8") as f:
        qs = json.load(f)["questions"]
    with open(out, "w", encoding="utf-8") as f:
        for i in range(n):
            q = qs[i % len(qs)]
            # Mostly the question's own vocabulary, as a real answer would be.
            own = [w for c in q["concepts"] for p in c["any"] for w in p.split()]
            words = [rng.choice(own) if k % 4 == 0 else rng.choice(WORDS + GLUE) for k in range(150)]
            text = ". ".join(" ".join(words[k:k + 15]) for k in range(0, 150, 15)) + "."
            f.write(json.dumps({"key": i, "id": q["id"], "answer": text}) + "\n")


def main(argv):
    seed = 1
    if "--seed" in argv:
        at = argv.index("--seed")
        seed = int(argv[at + 1])
        del argv[at:at + 2]
    if argv and argv[0] == "--answers" and len(argv) == 4:
        answers(int(argv[1]), argv[2], argv[3], seed)
        return 0
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 64
    with open(argv[1], "w", encoding="utf-8") as f:
        json.dump(bank(int(argv[0]), seed), f, indent=1)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
