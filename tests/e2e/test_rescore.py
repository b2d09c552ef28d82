"""drill rescore: grade recorded answers again and show how the scores moved."""
import json
import os
import subprocess
import unittest

from session_helpers import DRILL, TempHome

# The fixture bank, technical and situational only; seed 1 asks t.spike, then t.cache-aside.
SELECT = ["--role", "backend", "--category", "technical,situational",
          "--difficulty", "beginner,advanced", "--seed", "1"]
FULL = "I check the cache first; on a cache miss I load from the database and store it with a TTL."


class Rescore(unittest.TestCase):
    def setUp(self):
        self.home = TempHome()
        self.db = self.home.path("history.db")

    def tearDown(self):
        self.home.cleanup()

    def drill(self, *args, stdin="", history=None):
        return subprocess.run([DRILL, "--history", history or self.db, *args], input=stdin, capture_output=True,
                              text=True, env=self.home.env, cwd=self.home.dir, timeout=30)

    def ok(self, *args, **kw):
        r = self.drill(*args, **kw)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        return r

    def exported(self):
        return [x for x in map(json.loads, self.ok("export").stdout.splitlines()) if x["type"] == "answer"]

    def make_history(self):
        """Records two real answers, then imports them with scores and hashes
        the current scorer and bank disagree with, plus one answer to a
        question that no bank has any more."""
        source = self.home.path("source.db")
        self.ok(*SELECT, stdin="No idea.\n\n" + FULL + "\n\n", history=source)
        answers = [x for x in map(json.loads, self.ok("export", history=source).stdout.splitlines())
                   if x["type"] == "answer"]
        by_id = {a["question_id"]: a for a in answers}
        self.real = by_id["t.cache-aside"]["score"]
        by_id["t.cache-aside"]["score"] = 5.0
        by_id["t.spike"]["score"] = 95.0
        by_id["t.spike"]["question_hash"] = "ffffffffffffffff"
        gone = dict(by_id["t.spike"], question_id="gone.question", session_id="0" * 16, score=55.0)
        lines = [by_id["t.spike"], by_id["t.cache-aside"], gone]
        path = self.home.path("import.jsonl")
        with open(path, "w") as f:
            f.write("".join(json.dumps(a) + "\n" for a in lines))
        self.ok("import", path)
        self.assertGreater(self.real, 5)

    def test_dry_run_reports_and_saves_nothing(self):
        self.make_history()
        report = json.loads(self.ok("rescore", "--dry-run", "--format", "json").stdout)
        self.assertTrue(report["dry_run"])
        self.assertEqual(report["rescored"], 2)
        self.assertEqual(report["up"], 1)
        self.assertEqual(report["down"], 1)
        self.assertEqual(report["written"], 0)
        self.assertAlmostEqual(report["mean_before"], 50.0)
        self.assertEqual(report["edited_questions"], [{"question_id": "t.spike", "answers": 1}])
        self.assertEqual(report["missing_questions"], [{"question_id": "gone.question", "answers": 1}])
        moves = {m["question_id"]: m for m in report["biggest_changes"]}
        self.assertEqual(moves["t.cache-aside"]["before"], 5)
        self.assertEqual(moves["t.cache-aside"]["after"], self.real)
        scores = {a["question_id"]: a["score"] for a in self.exported()}
        self.assertEqual(scores, {"t.spike": 95, "t.cache-aside": 5, "gone.question": 55})

    def test_rescore_saves_new_scores_and_reports_them(self):
        self.make_history()
        before = json.loads(self.ok("stats", "--format", "json").stdout)["average_score"]
        r = self.ok("rescore")
        self.assertIn("Rescored 2 answers", r.stdout)
        self.assertIn("Went up     1", r.stdout)
        self.assertRegex(r.stdout, r"t\.cache-aside\s+5 -> +%d" % self.real)
        self.assertIn("earlier version of the question", r.stdout)
        self.assertRegex(r.stdout, r"no longer in the bank: 1 answer for 1 question\n  gone\.question")
        self.assertIn("Saved new scores for 2 answers", r.stdout)
        scores = {a["question_id"]: a["score"] for a in self.exported()}
        self.assertEqual(scores["t.cache-aside"], self.real)
        self.assertEqual(scores["gone.question"], 55)
        self.assertLess(scores["t.spike"], 95)
        after = json.loads(self.ok("stats", "--format", "json").stdout)["average_score"]
        self.assertAlmostEqual(after, (self.real + scores["t.spike"] + 55) / 3)
        self.assertNotAlmostEqual(before, after)
        # A second run finds every score current.
        again = json.loads(self.ok("rescore", "--format", "json").stdout)
        self.assertEqual(again["written"], 0)
        self.assertEqual(again["unchanged"], 2)
        self.assertIn("nothing was changed", self.ok("rescore").stdout)

    def test_filters(self):
        self.make_history()
        only = json.loads(self.ok("rescore", "--dry-run", "--id", "t.spike", "--format", "json").stdout)
        self.assertEqual(only["rescored"], 1)
        self.assertEqual(only["ids"], ["t.spike"])
        nothing = self.ok("rescore", "--dry-run", "--since", "2999-01-01")
        self.assertIn("No recorded answers match", nothing.stdout)

    def test_bad_input_is_a_usage_error(self):
        self.make_history()
        r = self.drill("rescore", "--id", "t.cache-asid")
        self.assertEqual(r.returncode, 64, r.stderr)
        self.assertIn("did you mean 't.cache-aside'", r.stderr)
        r = self.drill("rescore", "--since", "2026-13-01")
        self.assertEqual(r.returncode, 64, r.stderr)
        self.assertIn("--since '2026-13-01' is not a date", r.stderr)
        r = subprocess.run([DRILL, "--no-history", "rescore"], capture_output=True, text=True, env=self.home.env)
        self.assertEqual(r.returncode, 64)
        self.assertIn("needs the practice history", r.stderr)

    def test_without_a_history(self):
        r = self.ok("rescore")
        self.assertIn("No recorded answers match", r.stdout)
        self.assertFalse(os.path.exists(self.db), "rescore does not create a history")


if __name__ == "__main__":
    unittest.main()
