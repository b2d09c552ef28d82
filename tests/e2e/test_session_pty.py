"""The interactive session through a pseudo-terminal: line editing, the
countdown, the commands, :edit and Ctrl-C."""
import os
import re
import stat
import termios
import time
import unittest

import pexpect

from session_helpers import DRILL, PtyCase, read_log

# The fixture bank, technical and situational only; seed 1 asks t.spike
# (no tips, 5 min), then t.cache-aside (one tip, 3 min).
SELECT = ["--role", "backend", "--category", "technical,situational", "--difficulty", "beginner,advanced",
          "--seed", "1",
          "--follow-ups", "0"]  # follow-ups have their own tests (test_follow_ups.py)
PROMPT = r">(\x1b\[0m)? "
# Every expect waits for something that must appear, so a generous limit
# costs nothing when drill is well, and keeps a loaded machine or a
# sanitizer build (scripts/dev asan) from failing a correct run.
TIMEOUT = 30


class PtySession(PtyCase):
    def spawn(self, *extra, env=None, shell_redirect=None):
        e = dict(self.home.env)
        e.update(env or {})
        args = [*SELECT, "--log", self.log, *extra]
        if shell_redirect:
            # stdout goes to a file; the terminal keeps stdin and /dev/tty.
            quoted = " ".join(f"'{a}'" for a in [DRILL, *args])
            self.child = pexpect.spawn("/bin/sh", ["-c", f"exec {quoted} > '{shell_redirect}'"], env=e,
                                       encoding="utf-8", timeout=TIMEOUT, dimensions=(24, 100))
        else:
            self.child = pexpect.spawn(DRILL, args, env=e, encoding="utf-8", timeout=TIMEOUT,
                                       dimensions=(24, 100))
        return self.child

    def answer(self, *lines):
        c = self.child
        c.expect(PROMPT)
        for line in lines:
            c.sendline(line)

    def finish(self):
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus

    def test_full_session(self):
        c = self.spawn()
        c.expect("Question 1/2")
        self.answer("We autoscale and add instances.", "")
        c.expect("Score:")
        c.expect("Question 2/2")
        self.answer("On a cache miss I load from the database", "and set a TTL.", "")
        c.expect("Summary")
        c.expect(r"Average: .*\d+")
        self.assertEqual(self.finish(), 0)
        records = read_log(self.log)
        self.assertEqual([r["type"] for r in records], ["answer", "answer", "session"])
        self.assertEqual(records[1]["answer"], "On a cache miss I load from the database\nand set a TTL.")
        self.assertEqual(records[2]["mode"], "interactive")
        self.assertEqual(stat.S_IMODE(os.stat(self.log).st_mode), 0o600)

    def test_the_countdown_stays_on_the_terminal(self):
        out = self.home.path("out.txt")
        c = self.spawn(shell_redirect=out)
        c.expect(r"5:00 left")
        c.expect(r"4:59 left")  # redrawn while waiting
        self.answer("We autoscale.", "")
        self.answer(":skip")
        self.assertEqual(self.finish(), 0)
        with open(out, encoding="utf-8") as f:
            text = f.read()
        self.assertIn("Question 1/2", text)
        self.assertIn("Summary", text)
        self.assertNotIn("\x1b", text)
        self.assertNotIn("left", text)

    def test_the_countdown_redraws_the_line_in_place(self):
        # Each tick redraws the prompt line. The redraw must go back to the
        # start of the line first: a prompt drawn anywhere else shows the
        # line twice on the screen ("> my draft> my draft").
        c = self.spawn()
        c.expect("5:00 left")
        c.send("my draft")
        c.expect("4:58 left", timeout=TIMEOUT)
        drawn = re.sub(r"\x1b\[(K|[0-9;]*m)", "", c.before)  # keep the cursor moves
        self.assertIn("> my draft", drawn)
        self.assertNotRegex(drawn, r"[^\r]> my draft")
        c.sendline("")
        c.sendline("")
        self.answer(":quit")
        self.finish()

    def test_elapsed_time_is_measured(self):
        c = self.spawn("--time-limit", "1")
        c.expect(PROMPT)
        time.sleep(1.5)
        c.sendline("We autoscale.")
        c.sendline("")
        c.expect("OVER TIME")
        self.answer(":quit")
        self.assertEqual(self.finish(), 0)
        first = read_log(self.log)[0]
        self.assertGreaterEqual(first["elapsed_s"], 1.4)
        self.assertLess(first["elapsed_s"], 4.0)
        self.assertEqual(first["time_limit_s"], 1)
        self.assertTrue(first["breakdown"]["over_time"])

    def test_skip_hint_and_quit(self):
        c = self.spawn("--no-timer")
        c.expect("Question 1/2")
        self.answer(":skip")
        c.expect("Question 2/2")
        self.answer(":hint")
        c.expect("Say who populates the cache.")
        c.sendline(":hint")
        c.expect("No more hints.")
        c.sendline(":quit")
        c.expect("Summary")
        self.assertEqual(self.finish(), 0)
        session = read_log(self.log)[-1]
        self.assertEqual(session["type"], "session")
        self.assertEqual(session["skipped"], 1)
        self.assertEqual(session["answered"], 0)

    def test_edit_opens_the_editor_on_a_private_file(self):
        script = self.home.path("fake-editor")
        with open(script, "w") as f:
            # The file is the last argument: EDITOR may carry options.
            f.write('#!/bin/sh\nfor f; do :; done\nstat -c %a "$f" > "$HOME/mode"\n'
                    'printf "We autoscale.\\n\\nThen we add instances." > "$f"\n')
        os.chmod(script, 0o755)
        tmp = self.home.path("tmp")
        os.makedirs(tmp)
        c = self.spawn("--no-timer", env={"EDITOR": f"{script} --wait", "VISUAL": "", "TMPDIR": tmp})
        self.answer(":edit")
        c.expect("Score:")
        self.answer(":quit")
        self.assertEqual(self.finish(), 0)
        first = read_log(self.log)[0]
        self.assertEqual(first["answer"], "We autoscale.\n\nThen we add instances.")
        with open(self.home.path("mode")) as f:
            self.assertEqual(f.read().strip(), "600")
        self.assertEqual(os.listdir(tmp), [], "the temporary answer file is removed")

    def test_ctrl_c_keeps_the_answers_and_restores_the_terminal(self):
        c = self.spawn()
        self.answer("We autoscale and add instances.", "")
        c.expect("Question 2/2")
        c.expect(PROMPT)
        c.send("half an answ")
        time.sleep(0.2)
        c.sendcontrol("c")
        c.expect("Summary")
        c.expect(pexpect.EOF)
        lflag = termios.tcgetattr(c.child_fd)[3]
        c.close()
        self.assertEqual(c.exitstatus, 130)
        self.assertTrue(lflag & termios.ICANON and lflag & termios.ECHO, "terminal left in raw mode")
        records = read_log(self.log)
        self.assertEqual([r["type"] for r in records], ["answer", "session"])
        self.assertEqual(records[0]["question_id"], "t.spike")
        self.assertTrue(records[1]["interrupted"])


if __name__ == "__main__":
    unittest.main()
