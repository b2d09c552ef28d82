import datetime
import json
import os
import random
import sqlite3
import unittest

from drill_e2e import DAY_MS, DrillTestCase, answer, now_ms

BLOCKS = "▁▂▃▄▅▆▇█"


class StatsTest(DrillTestCase):
    def fixture(self):
        t = now_ms()
        self.import_answers([
            answer(session="s1", question="q1", at_ms=t - 2 * DAY_MS, score=80, category="technical"),
            answer(session="s1", question="q2", at_ms=t - 2 * DAY_MS + 1, score=40, elapsed_s=200.0,
                   category="technical", topics=["db"],
                   breakdown={"concepts": {"hit": [], "missed": ["index"]}, "star": None}),
            answer(session="s2", question="q3", at_ms=t - DAY_MS, score=90, category="behavioral",
                   topics=["teamwork"]),
            answer(session="s3", question="q1", at_ms=t, score=50, category="technical"),
            answer(session="s9", question="q9", at_ms=t, score=10, role="frontend"),
        ])

    def test_empty_history(self):
        result = self.drill("stats")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("No answers recorded yet", result.stdout)
        self.assertFalse(os.path.exists(self.db))

    def test_text_report_with_unicode_chart(self):
        self.fixture()
        result = self.drill("stats", "--role", "backend")
        self.assertEqual(result.returncode, 0, result.stderr)
        out = result.stdout
        self.assertIn("Practice statistics for backend", out)
        self.assertIn("Answers     4 in 3 sessions, average score 65.0", out)
        self.assertIn("Streak      3 days", out)
        self.assertIn("25% of 4 timed answers went over the time limit", out)
        self.assertIn("behavioral", out)
        self.assertIn("Most often missed concepts", out)
        self.assertTrue(any(c in out for c in BLOCKS))

    def test_ascii_chart_outside_utf8_locales(self):
        self.fixture()
        result = self.drill("stats", env={"LANG": "C", "LC_ALL": "", "LC_CTYPE": ""})
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertFalse(any(c in result.stdout for c in BLOCKS + "▏▎▍▌▋▊▉"))
        self.assertIn("#", result.stdout)
        self.assertTrue(result.stdout.isascii())

    def test_json_report(self):
        self.fixture()
        result = self.drill("stats", "--format", "json")
        self.assertEqual(result.returncode, 0, result.stderr)
        doc = json.loads(result.stdout)
        self.assertEqual(doc["answers"], 5)
        self.assertEqual(doc["sessions"], 4)
        self.assertAlmostEqual(doc["average_score"], 54.0)
        self.assertEqual(doc["streak_days"], 3)
        self.assertEqual(doc["timed_answers"], 5)
        self.assertEqual(doc["over_time_limit"], 1)
        self.assertEqual(doc["by_category"][0]["name"], "technical")
        self.assertEqual(doc["weakest_concepts"][0]["name"], "invalidation")
        self.assertEqual(doc["trend_step"], "day")

        doc = json.loads(self.drill("stats", "--format", "json", "--role", "frontend").stdout)
        self.assertEqual(doc["answers"], 1)

    def test_a_role_without_answers_gets_a_suggestion(self):
        self.fixture()
        result = self.drill("stats", "--role", "backnd")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("drill: warning: no answers recorded for role 'backnd' (did you mean 'backend'?)", result.stderr)
        self.assertIn("the history has: backend, frontend", result.stderr)
        self.assertEqual(self.drill("stats", "--role", "frontend").stderr, "")

    def test_since_must_be_a_date(self):
        self.assertError(self.drill("stats", "--since", "last week"), 64, "YYYY-MM-DD")
        self.assertError(self.drill("stats", "--since", "2026-02-30"), 64)

    def test_errors(self):
        self.assertError(self.drill("--no-history", "stats"), 64)
        before = self.make_newer_history()
        self.assertError(self.drill("stats"), 65, "newer")
        self.assertEqual(self.read_db_bytes(), before)
        before = self.make_corrupt_history()
        self.assertError(self.drill("stats"), 65)
        self.assertEqual(self.read_db_bytes(), before)

    def test_a_version_3_history_migrates_with_the_same_statistics(self):
        # Four months of answers for two roles, with a spread of missed concepts.
        rng = random.Random(5)
        concepts = ["acid", "backoff", "cap", "index", "quorum", "raft", "retry", "ttl", "wal"]
        t = now_ms()
        records = []
        for i in range(300):
            missed = [c for c in concepts if rng.random() < 0.2]
            hit = [c for c in concepts if c not in missed and rng.random() < 0.2]
            records.append(answer(session=f"s{i // 3}", question=f"q{rng.randrange(15)}",
                                  at_ms=t - rng.randrange(120 * DAY_MS), score=rng.randrange(100),
                                  role=rng.choice(["backend", "backend", "sre"]),
                                  breakdown={"concepts": {"hit": hit, "missed": missed}, "star": None}))
        self.import_answers(records)
        today = datetime.date.today()
        days = [today - datetime.timedelta(days=n) for n in (1, 9, 40, 75, 200)]
        days.append(today.replace(day=1))
        commands = []
        for role in ([], ["--role", "backend"], ["--role", "sre"]):
            commands.append(["stats", *role])
            commands.append(["stats", "--format", "json", *role])
            commands += [["stats", *role, "--since", d.isoformat()] for d in days]
        before = [self.drill(*c).stdout for c in commands]
        self.assertIn("Most often missed concepts", before[2])

        # Take the history back to schema version 3, as the previous drill left it.
        c = sqlite3.connect(self.db)
        c.executescript("DROP TABLE month_concepts; DROP INDEX sessions_by_role_start; "
                        "DROP TABLE corrections; DROP TABLE phrasings; "
                        "ALTER TABLE answers DROP COLUMN auto_score; ALTER TABLE answers DROP COLUMN auto_breakdown; "
                        "ALTER TABLE answers DROP COLUMN rating; PRAGMA user_version = 3;")
        c.close()
        for command, expected in zip(commands, before):
            result = self.drill(*command)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(result.stdout, expected, command)
        c = sqlite3.connect(self.db)
        self.assertEqual(c.execute("PRAGMA user_version").fetchone()[0], 5)
        c.close()


if __name__ == "__main__":
    unittest.main()
