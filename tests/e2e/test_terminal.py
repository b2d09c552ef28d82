"""How a session draws on the terminal, checked on an emulated screen (pyte)
fed with everything drill wrote to the pseudo-terminal: no live countdown
where the terminal cannot redraw a line, lines wrapped to the width without
cutting words, and no countdown left behind by a submit or a resize."""
import io
import re
import time
import unittest

import pexpect
import pyte

from session_helpers import DRILL, TempHome

# The fixture bank; seed 1 asks t.spike (5 min), then t.cache-aside (3 min).
SELECT = ["--role", "backend", "--category", "technical,situational", "--difficulty", "beginner,advanced",
          "--seed", "1", "--no-history", "--reveal", "never",
          "--follow-ups", "0"]  # follow-ups have their own tests (test_follow_ups.py)
COUNTDOWN = re.compile(r"\d:\d\d (left|over)")
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x01")
TIMEOUT = 30


class Terminal(unittest.TestCase):
    def setUp(self):
        self.home = TempHome()
        self.child = None

    def tearDown(self):
        if self.child is not None and self.child.isalive():
            self.child.terminate(force=True)
        self.home.cleanup()

    def spawn(self, *extra, env=None, columns=100):
        e = dict(self.home.env)
        e.update(env or {})
        self.child = pexpect.spawn(DRILL, [*SELECT, *extra], env=e, encoding="utf-8", timeout=TIMEOUT,
                                   dimensions=(24, columns))
        self.child.logfile_read = io.StringIO()
        self.screen = pyte.HistoryScreen(columns, 24, history=2000)
        self.stream = pyte.Stream(self.screen)
        self.fed = 0
        return self.child

    def output(self):
        return self.child.logfile_read.getvalue()

    def lines(self):
        """Every line the screen shows or has scrolled away, as text."""
        out = self.output()
        self.stream.feed(out[self.fed:])
        self.fed = len(out)
        width = self.screen.columns
        history = ["".join(line[x].data for x in range(width)) for line in self.screen.history.top]
        return [line.rstrip() for line in history + list(self.screen.display)]

    def finish(self):
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus

    def test_a_dumb_terminal_shows_the_time_only_when_asked(self):
        c = self.spawn(env={"TERM": "dumb"})
        c.expect(":time shows the time left")
        c.expect("Question 1/2")
        c.expect(pexpect.TIMEOUT, timeout=2.5)  # seconds in which a live countdown would tick
        self.assertIsNone(COUNTDOWN.search(self.output()), self.output())
        c.sendline(":time")
        c.expect(r"0:0\d of 5:00: 4:5\d left")
        c.sendline("We autoscale.")
        c.sendline("")
        c.expect("Question 2/2")
        c.sendline(":quit")
        self.assertEqual(self.finish(), 0)
        self.assertEqual(len(COUNTDOWN.findall(self.output())), 1, self.output())

    def test_a_submit_leaves_no_countdown_behind(self):
        c = self.spawn()
        c.expect("5:00 left")
        c.sendline("We autoscale and add instances.")
        c.expect("4:5\\d left|5:00 left")
        c.sendline("")
        c.expect("Question 2/2")
        c.expect("2:59 left")
        lines = self.lines()
        counting = [line for line in lines if COUNTDOWN.search(line)]
        # Only the prompt being typed at shows the time.
        self.assertEqual(len(counting), 1, "\n".join(lines))
        self.assertIn("> We autoscale and add instances.", lines)
        c.sendline(":quit")
        self.assertEqual(self.finish(), 0)

    def test_a_resize_leaves_no_countdown_behind(self):
        c = self.spawn(columns=60)
        c.expect("5:00 left")
        c.send("my draft")
        c.expect("my draft")
        self.lines()
        before = len(self.output())
        c.setwinsize(24, 100)
        self.screen.resize(24, 100)
        c.expect("4:5\\d left")
        c.expect("4:5\\d left")  # a tick after the redraw
        row = self.lines()[-24 + self.screen.cursor.y]
        self.assertEqual(len(COUNTDOWN.findall(row)), 1, row)
        self.assertEqual(row.count("my draft"), 1, row)
        # Many terminals reflow a line when the window narrows, which puts
        # the old countdown on a row of its own below the cursor; pyte does
        # not reflow, so the check is that drill erases from the start of
        # the line to the end of the screen before it draws the line again.
        self.assertIn("\r\x1b[J", self.output()[before:])
        c.sendline("")
        c.sendline("")
        c.expect("Question 2/2")
        c.sendline(":quit")
        self.assertEqual(self.finish(), 0)

    def test_lines_wrap_to_the_width_by_word(self):
        c = self.spawn(columns=60)
        c.expect("Question 1/2")
        c.sendline("I add instances and cache hot pages.")
        c.sendline("")
        c.expect("Question 2/2")
        c.sendline("On a miss I read the db and set a TTL.")
        c.sendline("")
        c.expect("Next:")
        self.assertEqual(self.finish(), 0)
        text = ESCAPES.sub("", self.output()).replace("\r", "")
        lines = text.split("\n")
        for line in lines:
            if line.startswith((">", " ")) and COUNTDOWN.search(line):
                continue  # a prompt line, drawn by libedit
            self.assertLessEqual(len(line), 60, line)
        # The facts of the second question, too long beside its title, go
        # whole onto the next line.
        self.assertIn("Question 2/2 t.cache-aside", lines)
        self.assertIn("  technical · beginner · caching · 3:00", lines)
        joined = " ".join(line.strip() for line in lines)
        self.assertIn("Answer, then press Enter on an empty line. :help lists the commands.", joined)
        self.assertIn("Next: drill --role backend --topic", joined)
        self.assertIn("--difficulty", joined)


if __name__ == "__main__":
    unittest.main()
