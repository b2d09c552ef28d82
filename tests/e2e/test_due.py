import json
import os
import unittest

from drill_e2e import DAY_MS, DrillTestCase, answer, now_ms


class DueTest(DrillTestCase):
    def test_nothing_recorded_exits_1_without_creating_a_history(self):
        result = self.drill("due")
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("no practice history yet", result.stdout)
        self.assertFalse(os.path.exists(self.db))

    def test_overdue_questions_are_listed_most_overdue_first_and_exit_0(self):
        self.import_answers([
            answer(session="a", question="db.index", at_ms=now_ms() - 40 * DAY_MS, score=20),
            answer(session="a", question="http.caching", at_ms=now_ms() - 10 * DAY_MS, score=50),
            answer(session="b", question="fresh.one", score=95),
        ])
        result = self.drill("due")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("2 questions due", result.stdout)
        self.assertLess(result.stdout.index("db.index"), result.stdout.index("http.caching"))
        self.assertNotIn("fresh.one", result.stdout)

        doc = json.loads(self.drill("due", "--format", "json").stdout)
        self.assertEqual(doc["count"], 2)
        self.assertNotIn("role", doc, "every role: no empty role printed")
        self.assertEqual(json.loads(self.drill("due", "-r", "backend", "--format", "json").stdout)["role"],
                         "backend")
        self.assertEqual([d["question_id"] for d in doc["due"]], ["db.index", "http.caching"])

        quiet = self.drill("due", "-q")
        self.assertEqual(quiet.returncode, 0)
        self.assertEqual(quiet.stdout, "")

    def test_nothing_due_names_the_next_question(self):
        self.import_answers([answer(question="fresh.one", score=95)])
        result = self.drill("due")
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("Next: fresh.one in 16 days", result.stdout)

    def test_role_filter(self):
        self.import_answers([answer(question="db.index", at_ms=now_ms() - 40 * DAY_MS, score=20)])
        self.assertEqual(self.drill("due", "--role", "backend").returncode, 0)
        self.assertEqual(self.drill("due", "--role", "frontend").returncode, 1)

    def test_no_history_is_a_usage_error(self):
        self.assertError(self.drill("--no-history", "due"), 64, "--no-history")

    def test_a_newer_schema_is_refused_and_left_alone(self):
        before = self.make_newer_history()
        self.assertError(self.drill("due"), 65, "schema version 99", "upgrade drill")
        self.assertEqual(self.read_db_bytes(), before)

    def test_a_corrupt_file_is_refused_and_left_alone(self):
        before = self.make_corrupt_history()
        self.assertError(self.drill("due"), 65, "not a drill history database")
        self.assertEqual(self.read_db_bytes(), before)

    def test_history_and_drill_history_move_the_file(self):
        other = os.path.join(self.tmp, "elsewhere", "mine.db")
        path = self.write("old.jsonl", json.dumps(answer(at_ms=now_ms() - 40 * DAY_MS)) + "\n")
        self.assertEqual(self.drill("--history", other, "import", path).returncode, 0)
        self.assertTrue(os.path.exists(other))
        self.assertFalse(os.path.exists(self.db))
        self.assertEqual(self.drill("due").returncode, 1)
        self.assertEqual(self.drill("--history", other, "due").returncode, 0)
        self.assertEqual(self.drill("due", env={"DRILL_HISTORY": other}).returncode, 0)


if __name__ == "__main__":
    unittest.main()
