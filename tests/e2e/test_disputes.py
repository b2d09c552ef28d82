"""Correcting drill: :dispute and :agree in a session, --self-rate, and
'drill history dispute | agree | rate' afterwards. A correction sits beside
drill's own grade, stats and the schedule follow it, rescore keeps it, and
the words given are heard in later answers."""
import json
import sqlite3
import unittest

from drilltest import DrillTest, bank, question

QUESTION = question(
    "my.cache",
    prompt="How would you keep a cache from serving stale data?",
    topics=["stale-caches"],
    concepts=[
        {"name": "time to live", "any": ["ttl", "time to live", "expire after"], "weight": 1},
        {"name": "invalidate on write", "any": ["invalidate on write", "delete the key when the row changes"],
         "weight": 1},
    ],
    misconceptions=[{"claim": "caches never go stale", "any": ["caches never go stale", "a cache is always fresh"],
                     "correction": "Every cache can serve stale data until an entry expires or is invalidated."}],
    model_answer="I give every entry a time to live and invalidate on write, so a changed row is never served old.",
    tips=["Name both expiry and invalidation."],
    follow_ups=["What if the delete fails?"],
)


class Disputes(DrillTest):
    def setUp(self):
        super().setUp()
        self.bank = self.write("bank.json", bank([QUESTION], version=2))
        self.db = self.path(".local/state/drill/history.db")

    def session(self, text, *extra):
        return self.drill("--bank", self.bank, "--role", "backend", "--topic", "stale-caches", "-n", "1", *extra,
                          input=text)

    def only_session(self):
        return json.loads(self.drill("history", "--format", "json").stdout)["sessions"]

    def answers(self):
        c = sqlite3.connect(self.db)
        rows = c.execute("SELECT score, auto_score, rating FROM answers ORDER BY id").fetchall()
        c.close()
        return rows

    def test_a_piped_dispute_corrects_the_grade_beside_drills_own(self):
        r = self.session("Entries expire after an hour.\n\n:dispute\n:dispute 1 drop the key on update\n",
                         "--log", self.path("log.jsonl"))
        self.assertExit(r, 0, stdout_has="1. invalidate on write")
        self.assertIn("drill will hear \"drop the key on update\" as 'invalidate on write'", r.stdout)
        (score, auto, rating), = self.answers()
        self.assertGreater(score, auto)
        self.assertIsNone(rating)
        records = [json.loads(line) for line in open(self.path("log.jsonl"))]
        self.assertEqual([x["type"] for x in records], ["answer", "correction", "session"])
        self.assertEqual(records[1]["kind"], "made")
        self.assertEqual(records[0]["score"], auto)  # drill's own grade, on the answer line
        self.assertEqual(records[1]["score"], score)

        # The history shows both grades, and stats use the corrected one.
        sessions = self.only_session()
        shown = self.drill("history", "show", sessions[0]["id"]).stdout
        self.assertIn(f"score {score:.0f} (drill's own: {auto:.0f})", shown)
        self.assertIn("you disputed: 'invalidate on write' was made (\"drop the key on update\")", shown)
        stats = json.loads(self.drill("stats", "--format", "json").stdout)
        self.assertAlmostEqual(stats["average_score"], score)

        # The taught words are heard in a later answer, without a dispute.
        r = self.session("Entries expire after an hour, and we drop the key on update.\n\n")
        self.assertExit(r, 0)
        self.assertEqual(self.answers()[1][1], None)  # nothing disputed
        c = sqlite3.connect(self.db)
        breakdown, = c.execute("SELECT breakdown FROM answers ORDER BY id DESC LIMIT 1").fetchone()
        c.close()
        self.assertEqual(json.loads(breakdown)["concepts"]["missed"], [])
        self.assertGreaterEqual(self.answers()[1][0], score)

        # A rescore grades both again and keeps the correction.
        r = self.drill("--bank", self.bank, "rescore")
        self.assertExit(r, 0)
        self.assertEqual(self.answers()[0][:2], (score, auto))

    def test_a_wrong_claim_disputed_after_the_fact_costs_nothing(self):
        r = self.session("A cache is always fresh, and entries expire after an hour.\n\n")
        self.assertExit(r, 0)
        before, = self.answers()
        sid = self.only_session()[0]["id"]
        listed = self.drill("--bank", self.bank, "history", "dispute", sid, "1")
        self.assertExit(listed, 0, stdout_has="wrong claim: caches never go stale")
        n = [line for line in listed.stdout.splitlines() if "caches never go stale" in line][0].split(".")[0].strip()
        fixed = self.drill("--bank", self.bank, "history", "dispute", sid, "1", n)
        self.assertExit(fixed, 0, stdout_has="drill's own grade")
        after, = self.answers()
        self.assertGreater(after[0], before[0])
        self.assertEqual(after[1], before[0])

        bad = self.drill("--bank", self.bank, "history", "dispute", sid, "9")
        self.assertExit(bad, 64, stderr_has="give a number from 1 to 1")

    def test_a_self_rating_replaces_the_scores_rating_in_the_schedule(self):
        r = self.session("Entries expire after an hour.\n\n4\n", "--self-rate")
        self.assertExit(r, 0)
        self.assertEqual(self.answers()[0][2], 4)
        c = sqlite3.connect(self.db)
        rated_due, = c.execute("SELECT due_ms FROM memory").fetchone()
        c.close()
        sid = self.only_session()[0]["id"]
        self.assertExit(self.drill("history", "rate", sid, "1", "1"), 0, stdout_has="rated 1 (again)")
        c = sqlite3.connect(self.db)
        again_due, = c.execute("SELECT due_ms FROM memory").fetchone()
        c.close()
        self.assertLess(again_due, rated_due)  # "again" brings it back sooner than "easy"
        self.assertExit(self.drill("history", "rate", sid, "1", "5"), 64)

    def test_agreeing_changes_no_grade(self):
        self.assertExit(self.session("Entries expire after an hour.\n\n:agree\n"), 0)
        (score, auto, _), = self.answers()
        self.assertIsNone(auto)
        c = sqlite3.connect(self.db)
        kinds = [k for k, in c.execute("SELECT kind FROM corrections")]
        c.close()
        self.assertEqual(kinds, ["agree"])


if __name__ == "__main__":
    unittest.main()
