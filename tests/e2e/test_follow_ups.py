"""Follow-up questions in a session, through pipes and through a pty: the
follow-up asks for what the answer skipped, its reply raises the result,
and nothing waits for input that cannot come."""
import json
import os
import subprocess
import unittest

import pexpect

from session_helpers import DRILL, PtyCase, TempHome, read_log

# The fixture bank's one technical beginner question: t.cache-aside, whose
# heaviest point "read from cache first" has the probe "Where does a read look first?".
SELECT = ["--role", "backend", "--category", "technical", "--difficulty", "beginner"]
GAP = "On a cache miss I load from the database and store it with a TTL.\n\n"
PROMPT = r">(\x1b\[0m)? "
TIMEOUT = 30


class PipedFollowUps(unittest.TestCase):
    def setUp(self):
        self.home = TempHome()
        self.log = self.home.path("log.jsonl")

    def tearDown(self):
        self.home.cleanup()

    def drill(self, *args, stdin=""):
        return subprocess.run([DRILL, *SELECT, "--log", self.log, *args], input=stdin, capture_output=True,
                              text=True, env=self.home.env, cwd=self.home.dir, timeout=20)

    def test_a_follow_up_is_asked_after_a_gap_and_its_reply_raises_the_result(self):
        alone = self.drill("--follow-ups", "0", stdin=GAP)
        self.assertEqual(alone.returncode, 0, alone.stderr)
        before = read_log(self.log)[0]["score"]
        self.assertIn("read from cache first", read_log(self.log)[0]["breakdown"]["concepts"]["missed"])

        r = self.drill("--follow-ups", "1", stdin=GAP + "Every read checks the cache before anything else.\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Follow-up: Where does a read look first?", r.stdout)
        self.assertLess(r.stdout.index("Follow-up:"), r.stdout.index("Score:"))
        self.assertIn("+ read from cache first (when asked)", r.stdout)
        record = read_log(self.log)[-2]
        self.assertEqual(record["type"], "answer")
        breakdown = record["breakdown"]
        self.assertEqual(breakdown["before_follow_ups"], before)
        self.assertGreater(record["score"], before)
        self.assertEqual(breakdown["concepts"]["prompted"], ["read from cache first"])
        self.assertEqual(breakdown["follow_ups"][0]["made"], True)
        self.assertEqual(record["answer"], GAP.strip())

        # The history keeps the result with the replies, and a rescore keeps it.
        shown = subprocess.run([DRILL, "history", "--format", "json"], capture_output=True, text=True,
                               env=self.home.env, timeout=20)
        self.assertEqual(shown.returncode, 0, shown.stderr)
        self.assertIn(str(record["score"]), shown.stdout)
        rescore = subprocess.run([DRILL, "rescore", "--format", "json"], capture_output=True, text=True,
                                 env=self.home.env, timeout=20)
        self.assertEqual(rescore.returncode, 0, rescore.stderr)
        report = json.loads(rescore.stdout)
        self.assertEqual(report["rescored"], 2)
        self.assertEqual(report["unchanged"], 2, "a rescore grades the replies again")

    def test_piped_answers_get_no_follow_ups_unless_asked(self):
        two = ["--category", "technical,situational", "--difficulty", "beginner,advanced", "--seed", "1"]
        r = self.drill(*two, stdin="We autoscale.\n\n" + GAP)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("Follow-up:", r.stdout)
        answers = [x for x in read_log(self.log) if x["type"] == "answer"]
        self.assertEqual(len(answers), 2)
        self.assertNotIn("follow_ups", answers[1]["breakdown"])

    def test_the_end_of_input_at_a_follow_up_keeps_the_answer(self):
        r = self.drill("--follow-ups", "2", stdin=GAP)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Follow-up:", r.stdout)
        records = read_log(self.log)
        self.assertEqual([x["type"] for x in records], ["answer", "session"])
        self.assertNotIn("follow_ups", records[0]["breakdown"])

    def test_the_config_key_turns_them_on_for_pipes(self):
        config = self.home.path(".config", "drill", "config.toml")
        os.makedirs(os.path.dirname(config), exist_ok=True)
        with open(config, "w") as f:
            f.write("follow-ups = 1\n")
        r = self.drill(stdin=GAP + "I check the cache first.\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Follow-up:", r.stdout)
        with open(config, "w") as f:
            f.write("follow-ups = 9\n")
        r = self.drill(stdin=GAP)
        self.assertEqual(r.returncode, 78, r.stderr)
        self.assertIn("config.toml:1:14: 'follow-ups' must be a whole number from 0 to 5", r.stderr)


class TerminalFollowUps(PtyCase):
    def spawn(self, *extra):
        self.child = pexpect.spawn(DRILL, [*SELECT, "--log", self.log, *extra], env=self.home.env,
                                   encoding="utf-8", timeout=TIMEOUT, dimensions=(24, 100))
        return self.child

    def test_a_terminal_session_asks_one_by_default_and_times_it(self):
        c = self.spawn()
        c.expect(PROMPT)
        c.sendline(GAP.split("\n")[0])
        c.sendline("")
        c.expect(r"Follow-up:(\x1b\[0m)? Where does a read look first\?")
        c.expect("1:30")  # half the question's three minutes
        c.expect(PROMPT)
        c.sendline("It checks the cache first.")
        c.sendline("")
        c.expect(r"your answer alone: \d+\)")
        c.expect("Summary")
        c.expect(pexpect.EOF)
        c.close()
        self.assertEqual(c.exitstatus, 0)
        record = read_log(self.log)[0]
        self.assertIsNotNone(record["breakdown"]["follow_ups"][0]["elapsed_s"])
        self.assertGreater(record["score"], record["breakdown"]["before_follow_ups"])

    def test_follow_ups_0_asks_none(self):
        c = self.spawn("--follow-ups", "0")
        c.expect(PROMPT)
        c.sendline(GAP.split("\n")[0])
        c.sendline("")
        index = c.expect(["Follow-up:", "Summary"])
        self.assertEqual(index, 1)
        c.expect(pexpect.EOF)
        c.close()
        self.assertEqual(c.exitstatus, 0)


if __name__ == "__main__":
    unittest.main()
