import json
import os
import unittest

from drill_e2e import DAY_MS, DrillTestCase, answer, now_ms


class HistoryTest(DrillTestCase):
    def fixture(self):
        t = now_ms()
        self.import_answers([
            answer(session="a1b2c3d4", question="http.caching", at_ms=t - 2 * DAY_MS, score=80,
                   answer="Cache at the edge with a TTL."),
            answer(session="a1b2c3d4", question="db.index", at_ms=t - 2 * DAY_MS + 60_000, score=40,
                   elapsed_s=200.0, breakdown={"concepts": {"hit": ["b-tree"], "missed": ["selectivity"]}}),
            answer(session="a1f00000", question="http.caching", at_ms=t - DAY_MS, score=60),
            answer(session="9e8d7c6b", question="beh.conflict", at_ms=t, score=95, role="frontend"),
        ])

    def test_sessions_are_listed_newest_first(self):
        self.fixture()
        result = self.drill("history")
        self.assertEqual(result.returncode, 0, result.stderr)
        out = result.stdout
        self.assertLess(out.index("9e8d7c6b"), out.index("a1f00000"))
        self.assertLess(out.index("a1f00000"), out.index("a1b2c3d4"))
        line = next(l for l in out.splitlines() if l.startswith("a1b2c3d4"))
        self.assertIn("piped", line)
        self.assertIn(" 2 ", line)
        self.assertIn("60.0", line)

        self.assertNotIn("9e8d7c6b", self.drill("history", "--role", "backend").stdout)
        limited = self.drill("history", "--limit", "1").stdout
        self.assertIn("9e8d7c6b", limited)
        self.assertNotIn("a1b2c3d4", limited)
        doc = json.loads(self.drill("history", "--format", "json").stdout)
        self.assertEqual(doc["count"], 3)
        self.assertNotIn("role", doc, "no role asked for: none printed, not an empty one")
        self.assertEqual([s["id"] for s in doc["sessions"]], ["9e8d7c6b", "a1f00000", "a1b2c3d4"])
        self.assertEqual(doc["sessions"][2]["answered"], 2)
        self.assertEqual(json.loads(self.drill("history", "-r", "backend", "--format", "json").stdout)["role"],
                         "backend")

    def test_show_one_session_by_a_unique_prefix(self):
        self.fixture()
        result = self.drill("history", "show", "a1b")
        self.assertEqual(result.returncode, 0, result.stderr)
        out = result.stdout
        self.assertIn("Session a1b2c3d4", out)
        self.assertIn("http.caching  score 80", out)
        self.assertIn("db.index  score 40", out)
        self.assertIn("3:20 of 3:00 (over the limit)", out)
        self.assertIn("hit: b-tree", out)
        self.assertIn("missed: selectivity", out)
        self.assertIn("Cache at the edge with a TTL.", out)

        doc = json.loads(self.drill("history", "show", "9e", "--format", "json").stdout)
        self.assertEqual(doc["id"], "9e8d7c6b")
        self.assertEqual(doc["answers"][0]["question_id"], "beh.conflict")

    def test_unknown_and_ambiguous_ids_are_usage_errors(self):
        self.fixture()
        self.assertError(self.drill("history", "show", "a1"), 64, "ambiguous", "a1b2c3d4", "a1f00000")
        self.assertError(self.drill("history", "show", "9e8x7c6b"), 64, "did you mean '9e8d7c6b'?")
        self.assertError(self.drill("history", "show", "ffff"), 64, "no session 'ffff'")

    def test_empty_history(self):
        result = self.drill("history")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("No sessions recorded yet", result.stdout)
        self.assertError(self.drill("history", "show", "abc"), 64, "no practice history yet")
        self.assertFalse(os.path.exists(self.db))

    def test_errors(self):
        self.assertError(self.drill("--no-history", "history"), 64)
        before = self.make_corrupt_history()
        self.assertError(self.drill("history"), 65)
        self.assertEqual(self.read_db_bytes(), before)


    def test_rm_removes_sessions_and_what_depends_on_them(self):
        self.fixture()
        before = json.loads(self.drill("stats", "--format", "json").stdout)
        self.assertEqual(before["answers"], 4)
        # Without a terminal, and without --yes, it refuses at once.
        r = self.drill("history", "rm", "a1b2")
        self.assertError(r, 64, "add --yes")
        self.assertEqual(json.loads(self.drill("stats", "--format", "json").stdout)["answers"], 4)
        self.assertError(self.drill("history", "rm", "--yes", "zzzz"), 64, "no session 'zzzz'")

        r = self.drill("history", "rm", "--yes", "a1b2", "9e8d")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Removed 2 sessions and 3 answers", r.stdout)
        doc = json.loads(self.drill("history", "--format", "json").stdout)
        self.assertEqual([s["id"] for s in doc["sessions"]], ["a1f00000"])
        after = json.loads(self.drill("stats", "--format", "json").stdout)
        self.assertEqual(after["answers"], 1)
        self.assertEqual(after["average_score"], 60)
        exported = [json.loads(x) for x in self.drill("export").stdout.splitlines()]
        self.assertEqual([x["question_id"] for x in exported if x["type"] == "answer"], ["http.caching"])
        # The schedule forgets db.index, which has no answers left.
        due = json.loads(self.drill("due", "--format", "json").stdout)
        self.assertNotIn("db.index", [d["question_id"] for d in due["due"]])
        if due["next"]:
            self.assertEqual(due["next"]["question_id"], "http.caching")

    def test_rm_asks_on_a_terminal(self):
        import pty
        self.fixture()
        for reply, removed in (("n\n", False), ("y\n", True)):
            pid, fd = pty.fork()
            if pid == 0:
                os.execve(self.drill_bin(), [self.drill_bin(), "history", "rm", "a1f0"], self.env)
            os.write(fd, reply.encode())
            out = b""
            while True:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                out += chunk
            _, status = os.waitpid(pid, 0)
            self.assertEqual(os.waitstatus_to_exitcode(status), 0, out)
            self.assertIn(b"for good? [y/N]", out)
            ids = [s["id"] for s in json.loads(self.drill("history", "--format", "json").stdout)["sessions"]]
            self.assertEqual("a1f00000" not in ids, removed, out)

if __name__ == "__main__":
    unittest.main()
