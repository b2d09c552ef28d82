"""Failure paths: a full disk, a read-only or busy or corrupt history, a
closed stdout, and SIGINT/SIGTERM in each phase of a session. In every case
each graded answer must end up somewhere (history, --log or the fallback
file), the history file must never be overwritten, and a pty session must
leave the terminal as it found it."""
import hashlib
import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import time
import unittest

import pexpect

from drilltest import DRILL, DrillTest, answers_in, bank, question

ANSWER = ("An N+1 problem: the ORM fires one query per row to load each customer. I'd use eager loading "
          "or a join so it is one batched query, and watch the query count in the logs.")
SELECT = ["--role", "backend", "--topic", "orm", "-c", "technical", "--seed", "2"]
SESSION = [*SELECT, "-n", "1"]
PROMPT = r">(\x1b\[0m)? "
TIMEOUT = 30


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def file_size_limit(size):
    """A preexec_fn: files the child writes cannot grow past `size` bytes, the
    way a full disk stops them (EFBIG instead of ENOSPC)."""
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


class Faults(DrillTest):
    def setUp(self):
        super().setUp()
        self.state = self.path(".local/state/drill")
        self.db = os.path.join(self.state, "history.db")
        self.fallback = os.path.join(self.state, "unsaved-answers.jsonl")
        self.log = self.path("log.jsonl")

    def lines(self, path):
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]

    def exported(self):
        r = self.drill("export", "--format", "jsonl")
        self.assertExit(r, 0)
        return answers_in(r.stdout)

    def start_history(self):
        """A history holding one answer, as after a first session."""
        self.assertExit(self.drill(*SESSION, input=ANSWER + "\n"), 0)
        self.assertEqual(len(self.exported()), 1)


class FullDisk(Faults):
    def test_log_on_a_full_device(self):
        r = self.drill(*SESSION, "--log", "/dev/full", input=ANSWER + "\n")
        self.assertExit(r, 74, stderr_has="drill: warning: cannot write log /dev/full: No space left on device")
        self.assertIn("Summary", r.stdout, "the session ran to its end")
        self.assertEqual([a["answer"] for a in self.exported()], [ANSWER])

    def test_history_outgrows_the_file_size_limit(self):
        # 16 KB: the log and the fallback fit, a new history's schema does not.
        r = self.drill(*SESSION, "--log", self.log, input=ANSWER + "\n", preexec_fn=file_size_limit(16384))
        self.assertExit(r, 74, stderr_has="drill: warning: practice history not saved:")
        self.assertIn(f"drill: warning: answers go to {self.fallback}", r.stderr)
        self.assertIn("Summary", r.stdout)
        self.assertEqual(self.lines(self.fallback)[0]["answer"], ANSWER)
        self.assertEqual(self.lines(self.log)[0]["answer"], ANSWER)
        # Once there is room again, the fallback goes into the history.
        os.replace(self.fallback, self.path("saved.jsonl"))
        for leftover in ("history.db", "history.db-wal", "history.db-shm"):
            if os.path.exists(os.path.join(self.state, leftover)):
                os.remove(os.path.join(self.state, leftover))
        self.assertExit(self.drill("import", self.path("saved.jsonl")), 0)
        self.assertEqual([a["answer"] for a in self.exported()], [ANSWER])

    def test_nothing_can_be_written(self):
        r = self.drill(*SESSION, input=ANSWER + "\n", preexec_fn=file_size_limit(0))
        self.assertExit(r, 74, stderr_has="drill: warning: this answer could not be saved to any file")
        self.assertIn("Summary", r.stdout)
        printed = [json.loads(line) for line in r.stderr.splitlines() if line.startswith("{")]
        self.assertEqual([p["answer"] for p in printed], [ANSWER])


class ReadOnlyState(Faults):
    def test_read_only_state_directory(self):
        os.makedirs(self.state)
        os.chmod(self.state, 0o500)
        r = self.drill(*SESSION, "--log", self.log, input=ANSWER + "\n", unprivileged=True)
        self.assertExit(r, 74, stderr_has="drill: warning: practice history not saved:")
        self.assertIn("Permission denied", r.stderr)
        self.assertIn("Summary", r.stdout)
        self.assertEqual(self.lines(self.log)[0]["answer"], ANSWER)
        self.assertEqual(os.listdir(self.state), [])

    def test_read_only_history_is_left_alone(self):
        self.start_history()
        before = {n: sha256(os.path.join(self.state, n)) for n in os.listdir(self.state)}
        for n in before:
            os.chmod(os.path.join(self.state, n), 0o400)
        os.chmod(self.state, 0o500)
        r = self.drill(*SESSION, "--log", self.log, input=ANSWER + "\n", unprivileged=True)
        self.assertEqual(r.returncode, 74, r.stderr)
        self.assertIn("drill: warning:", r.stderr)
        self.assertEqual(self.lines(self.log)[0]["answer"], ANSWER)
        self.assertEqual({n: sha256(os.path.join(self.state, n)) for n in os.listdir(self.state)}, before)


class BusyAndCorrupt(Faults):
    def hold_lock(self):
        con = sqlite3.connect(self.db, isolation_level=None)
        con.execute("BEGIN EXCLUSIVE")
        self.addCleanup(con.close)
        return con

    def test_locked_history(self):
        self.start_history()
        before = sha256(self.db)
        self.hold_lock()
        r = self.drill(*SESSION, input=ANSWER + "\n")
        self.assertExit(r, 75, stderr_has="drill: warning: practice history not saved:")
        self.assertIn("another drill is writing to it", r.stderr)
        self.assertEqual(self.lines(self.fallback)[0]["answer"], ANSWER)
        self.assertEqual(sha256(self.db), before)

    def test_locked_history_costs_one_wait(self):
        # Four answers, each recorded after the one that waited out the lock:
        # only the first waits (5 s), the rest go to the fallback at once.
        self.start_history()
        self.hold_lock()
        started = time.monotonic()
        r = self.drill("--role", "backend", "-c", "technical", "-n", "4", "--seed", "3",
                       input=(ANSWER + "\n\n") * 4)
        took = time.monotonic() - started
        self.assertExit(r, 75)
        self.assertEqual(len(self.lines(self.fallback)), 4, "every answer is in the fallback")
        self.assertLess(took, 9.0, "one busy wait, not one per answer")

    def test_corrupt_history(self):
        os.makedirs(self.state)
        junk = random.Random(99).randbytes(64 * 1024)
        with open(self.db, "wb") as f:
            f.write(junk)
        r = self.drill(*SESSION, input=ANSWER + "\n")
        self.assertExit(r, 65, stderr_has=f"drill: warning: practice history not saved: {self.db}")
        self.assertIn("It was left as it is", r.stderr)
        with open(self.db, "rb") as f:
            self.assertEqual(f.read(), junk)
        self.assertEqual(self.lines(self.fallback)[0]["answer"], ANSWER)


class ClosedStdout(Faults):
    def into_closed_pipe(self, *args, input=None):
        read_end, write_end = os.pipe()
        os.close(read_end)  # every write now fails with EPIPE
        try:
            return subprocess.run([DRILL, *args], input=input, stdout=write_end, stderr=subprocess.PIPE,
                                  env=self.env, text=True, timeout=TIMEOUT)
        finally:
            os.close(write_end)

    def test_commands_stop_quietly_with_0(self):
        batch = "".join(json.dumps({"id": "db.n-plus-one", "answer": ANSWER}) + "\n" for _ in range(20_000))
        for args, data in ((["plan", "-r", "backend", "-n", "100"], None), (["bank", "list"], None),
                           (["bank", "show", "db.n-plus-one"], None),
                           (["grade", "--input", "-", "--format", "jsonl"], batch)):
            with self.subTest(args=args):
                r = self.into_closed_pipe(*args, input=data)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(r.stderr, "")

    def test_head_sees_no_noise(self):
        for command in (f"'{DRILL}' plan -r backend -n 100 --format json | head -1",
                        f"'{DRILL}' bank list | head -1"):
            with self.subTest(command=command):
                p = subprocess.run(["bash", "-c", "set -o pipefail; " + command], capture_output=True, text=True,
                                   env=self.env, timeout=TIMEOUT)
                self.assertEqual(p.returncode, 0, p.stderr)
                self.assertEqual(p.stderr, "")
                self.assertEqual(len(p.stdout.splitlines()), 1)


def wait_for(predicate, timeout=15):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.02)


def catches(pid, sig):
    """True once process `pid` has a handler installed for `sig`."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("SigCgt:"):
                return bool(int(line.split()[1], 16) & (1 << (sig - 1)))
    return False


class Signals(Faults):
    def popen(self, *args):
        p = subprocess.Popen([DRILL, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=self.env, text=True)
        self.addCleanup(lambda: p.poll() is None and p.kill())
        return p

    def test_while_loading(self):
        questions = [question(f"big.q{i}", prompt=f"Explain cache number {i}.", topics=["caching"],
                              concepts=[{"name": f"c{j}", "any": [f"word{i}x{j}", f"other {j}"]} for j in range(6)])
                     for i in range(20_000)]
        path = self.write("big.json", bank(questions))
        for sig in (signal.SIGINT, signal.SIGTERM):
            with self.subTest(sig=sig):
                p = self.popen("--bank", path, "--role", "backend", "--topic", "caching", "-n", "1",
                               "--log", self.log)
                wait_for(lambda: catches(p.pid, sig))
                p.send_signal(sig)
                out, err = p.communicate(timeout=TIMEOUT)
                self.assertEqual(p.returncode, 130, err)
                self.assertNotIn("Question 1/", out, "stopped before the first question")
                self.assertIn("Summary", out)
                self.assertTrue(self.lines(self.log)[-1]["interrupted"])

    def test_while_grading(self):
        # Answers near the size limit take a while to grade; whichever one the
        # signal lands in, every answer graded is in the log and the history.
        answer = (ANSWER + " ") * 700
        p = self.popen("--role", "backend", "-c", "technical", "-n", "6", "--seed", "3", "--log", self.log)
        p.stdin.write((answer.strip() + "\n\n") * 6)
        p.stdin.flush()
        wait_for(lambda: os.path.exists(self.log) and os.path.getsize(self.log) > 0)
        p.send_signal(signal.SIGTERM)
        out, err = p.communicate(timeout=TIMEOUT)
        records = self.lines(self.log)
        graded = [x for x in records if x["type"] == "answer"]
        if p.returncode == 0:
            self.skipTest("the machine graded all six answers before the signal arrived")
        self.assertEqual(p.returncode, 130, err)
        self.assertTrue(records[-1]["interrupted"])
        self.assertTrue(all(x["answer"] == answer.strip() for x in graded))
        self.assertEqual(len(self.exported()), len(graded))

    def test_while_writing_history(self):
        self.start_history()
        before = sha256(self.db)
        con = sqlite3.connect(self.db, isolation_level=None)
        con.execute("BEGIN EXCLUSIVE")
        self.addCleanup(con.close)
        p = self.popen(*SESSION, "--log", self.log)
        p.stdin.write(ANSWER + "\n\n")
        p.stdin.flush()
        # The log is written just before the history: drill now waits for the lock.
        wait_for(lambda: os.path.exists(self.log) and os.path.getsize(self.log) > 0)
        time.sleep(0.3)
        sent = time.monotonic()
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=TIMEOUT)
        waited = time.monotonic() - sent
        self.assertEqual(p.returncode, 130, err)
        self.assertLess(waited, 4.0, "the signal cuts the 5 s busy wait short")
        self.assertIn(f"answers go to {self.fallback}", err)
        self.assertEqual(self.lines(self.fallback)[0]["answer"], ANSWER)
        con.close()
        self.assertEqual(sha256(self.db), before)


class TerminalRestored(Faults):
    """A session in a pseudo-terminal, ended by a signal while the answer is
    being typed: `stty -g` in the same terminal reads the same before and after."""

    def run_in_pty(self, end):
        script = (f"trap '' INT; stty -g > '{self.path('before')}'; '{DRILL}' \"$@\"; echo $? > '{self.path('rc')}'; "
                  f"stty -g > '{self.path('after')}'")
        child = pexpect.spawn("/bin/sh", ["-c", script, "sh", "--role", "backend", "-c", "technical", "--seed", "2", "-n", "2", "--no-timer", "--follow-ups", "0", "--log", self.log],
                              env=self.env, encoding="utf-8", timeout=15, dimensions=(24, 100))
        self.addCleanup(lambda: child.isalive() and child.terminate(force=True))
        child.expect(PROMPT)
        child.sendline("I would use eager loading.")
        child.sendline("")
        child.expect("Question 2/")
        child.expect(PROMPT)
        child.send("half an answ")
        time.sleep(0.2)
        end(child)
        child.expect(pexpect.EOF)
        child.close()
        with open(self.path("rc")) as f:
            rc = int(f.read())
        with open(self.path("before")) as f, open(self.path("after")) as g:
            self.assertEqual(f.read(), g.read(), "terminal settings changed")
        return rc

    def test_ctrl_c(self):
        self.assertEqual(self.run_in_pty(lambda c: c.sendcontrol("c")), 130)
        self.assertEqual([x["type"] for x in self.lines(self.log)], ["answer", "session"])

    def test_sigterm(self):
        def terminate(child):
            with open(f"/proc/{child.pid}/task/{child.pid}/children") as f:
                drill = int(f.read().split()[0])
            os.kill(drill, signal.SIGTERM)
        self.assertEqual(self.run_in_pty(terminate), 130)
        self.assertEqual([x["type"] for x in self.lines(self.log)], ["answer", "session"])
        self.assertEqual(len(self.exported()), 1)


if __name__ == "__main__":
    unittest.main()
