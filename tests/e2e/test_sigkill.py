"""A session killed with SIGKILL keeps exactly the answers graded before it.

Each answer is committed to the history right after grading, so a drill
killed while it waits for the next answer leaves every graded answer in the
database, once, and nothing else."""
import json
import os
import signal
import subprocess
import time
import unittest

import pexpect

from session_helpers import DRILL, TempHome, read_log

# Every question of the fixture bank, in a fixed order.
SELECT = ["--role", "backend", "--count", "3", "--seed", "1"]
ANSWERS = ["We autoscale and add instances.",
           "On a cache miss I load from the database and set a TTL.",
           "I listened to my colleague and we built a prototype."]
TIMEOUT = 10


def blocked_reading_stdin(pid):
    """True when the process sits in read(2) on file descriptor 0."""
    try:
        with open(f"/proc/{pid}/syscall") as f:
            fields = f.read().split()
    except OSError:
        return False
    return len(fields) > 1 and fields[0] == "0" and int(fields[1], 16) == 0


def wait_for(what, condition):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


class KilledSession(unittest.TestCase):
    def setUp(self):
        self.home = TempHome()
        self.log = self.home.path("log.jsonl")
        self.db = self.home.path("history.db")

    def tearDown(self):
        self.home.cleanup()

    def logged_answers(self):
        if not os.path.exists(self.log):
            return []
        return [r for r in read_log(self.log) if r["type"] == "answer"]

    def exported(self):
        r = subprocess.run([DRILL, "--history", self.db, "export"], capture_output=True, text=True,
                           env=self.home.env, timeout=TIMEOUT)
        self.assertEqual(r.returncode, 0, r.stderr)
        return [x for x in map(json.loads, r.stdout.splitlines()) if x["type"] == "answer"]

    def assert_history_holds(self, logged):
        answers = self.exported()
        self.assertEqual(len(answers), len(logged), answers)
        self.assertEqual([(a["question_id"], a["answer"]) for a in answers],
                         [(r["question_id"], r["answer"]) for r in logged])
        self.assertEqual(len({a["session_id"] for a in answers}), 1)
        # The session list counts them too, although the session never ended.
        r = subprocess.run([DRILL, "--history", self.db, "history", "--format", "json"], capture_output=True,
                           text=True, env=self.home.env, timeout=TIMEOUT)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(f'"answered": {len(logged)}', r.stdout)

    def test_piped_session_killed_after_two_answers(self):
        proc = subprocess.Popen([DRILL, "--history", self.db, "--log", self.log, *SELECT],
                                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                env=self.home.env, cwd=self.home.dir)
        try:
            for n in (1, 2):
                proc.stdin.write((ANSWERS[n - 1] + "\n\n").encode())
                proc.stdin.flush()
                wait_for(f"answer {n} in the transcript", lambda: len(self.logged_answers()) == n)
                # Graded, recorded, and back to waiting for the next answer.
                wait_for("drill to read the next answer", lambda: blocked_reading_stdin(proc.pid))
            proc.send_signal(signal.SIGKILL)
            proc.wait(TIMEOUT)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stdin.close()
            proc.stderr.close()
        self.assertEqual(proc.returncode, -signal.SIGKILL)
        logged = self.logged_answers()
        self.assertEqual(len(logged), 2)
        self.assert_history_holds(logged)

    def test_terminal_session_killed_after_two_answers(self):
        child = pexpect.spawn(DRILL, ["--history", self.db, "--log", self.log, "--follow-ups", "0", *SELECT], env=self.home.env,
                              encoding="utf-8", timeout=TIMEOUT, dimensions=(24, 100))
        try:
            for n in (1, 2):
                child.expect(f"Question {n}/3")
                child.expect(r">(\x1b\[0m)? ")
                child.sendline(ANSWERS[n - 1])
                child.sendline("")
                child.expect("Score:")
            child.expect("Question 3/3")
            child.expect(r">(\x1b\[0m)? ")
            os.kill(child.pid, signal.SIGKILL)
            child.expect(pexpect.EOF)
            child.close()
        finally:
            if child.isalive():
                child.terminate(force=True)
        self.assertEqual(child.signalstatus, signal.SIGKILL)
        logged = self.logged_answers()
        self.assertEqual(len(logged), 2)
        self.assert_history_holds(logged)


if __name__ == "__main__":
    unittest.main()
