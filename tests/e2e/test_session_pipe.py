"""The practice session and drill grade without a terminal: pipes, files, cron."""
import os
import re
import signal
import stat
import subprocess
import time
import unittest

from session_helpers import DRILL, SOURCE, TempHome, read_log

ESCAPE = re.compile(r"\x1b\[")
# The fixture bank, technical and situational only; seed 1 asks t.spike, then t.cache-aside.
SELECT = ["--role", "backend", "--category", "technical,situational",
          "--difficulty", "beginner,advanced", "--seed", "1"]


class PipeSession(unittest.TestCase):
    def setUp(self):
        self.home = TempHome()

    def tearDown(self):
        self.home.cleanup()

    def drill(self, args, stdin="", env=None, timeout=20):
        return subprocess.run([DRILL, *args], input=stdin, capture_output=True, text=True,
                              env=env or self.home.env, cwd=self.home.dir, timeout=timeout)

    def test_piped_answers_are_graded_and_logged(self):
        log = self.home.path("log.jsonl")
        answers = "We autoscale\nand add instances.\n\n\nOn a cache miss I load from the database.\n"
        r = self.drill([*SELECT, "--log", log], answers)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Question 1/2", r.stdout)
        self.assertIn("Summary", r.stdout)
        self.assertIn("Average:", r.stdout)
        self.assertIsNone(ESCAPE.search(r.stdout), "plain text on a pipe")
        records = read_log(log)
        self.assertEqual([x["type"] for x in records], ["answer", "answer", "session"])
        first = records[0]
        self.assertEqual(first["question_id"], "t.spike")
        self.assertEqual(first["answer"], "We autoscale\nand add instances.")
        self.assertIsNone(first["elapsed_s"], "no terminal, no timing")
        self.assertRegex(first["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        self.assertIsInstance(first["answered_at_ms"], int)
        self.assertEqual(first["breakdown"]["concepts"]["hit"] + first["breakdown"]["concepts"]["missed"],
                         ["autoscaling"])
        self.assertEqual(records[1]["answer"], "On a cache miss I load from the database.")
        self.assertEqual(records[2]["mode"], "piped")
        self.assertEqual(records[2]["answered"], 2)
        self.assertEqual(stat.S_IMODE(os.stat(log).st_mode), 0o600)

    def test_answers_file_and_skip(self):
        answers = self.home.path("answers.txt")
        with open(answers, "w") as f:
            f.write(":skip\n\nOn a cache miss I load from the database.\n")
        log = self.home.path("log.jsonl")
        r = self.drill([*SELECT, "--answers", answers, "--log", log])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Skipped.", r.stdout)
        self.assertRegex(r.stdout, r"t\.spike\s+skipped")
        records = read_log(log)
        self.assertEqual(records[0]["question_id"], "t.cache-aside")
        self.assertEqual(records[-1]["skipped"], 1)

    def test_missing_answers_file_is_missing_input(self):
        r = self.drill([*SELECT, "--answers", self.home.path("nope.txt")])
        self.assertEqual(r.returncode, 66)
        self.assertIn("nope.txt: cannot read: No such file or directory", r.stderr)

    def test_empty_stdin_means_nothing_answered(self):
        r = self.drill(SELECT, "")
        self.assertEqual(r.returncode, 65)
        self.assertIn("Summary", r.stdout)
        self.assertIn("nothing answered", r.stdout)
        self.assertIn("drill: error: no answers in standard input", r.stderr)

    def test_the_model_answer_follows_reveal(self):
        answer = "On a cache miss I load from the database.\n"
        always = self.drill([*SELECT, "--count", "1", "--topic", "caching"], answer)
        never = self.drill([*SELECT, "--count", "1", "--topic", "caching", "--reveal", "never"], answer)
        self.assertIn("Model answer", always.stdout)
        self.assertNotIn("Model answer", never.stdout)

    def test_cron_environment(self):
        env = {"HOME": self.home.dir, "PATH": "/usr/bin:/bin"}
        # The bundled banks: cron passes no DRILL_DATA_DIR.
        r = subprocess.run(["env", "-i", f"HOME={self.home.dir}", "PATH=/usr/bin:/bin", DRILL, "--role",
                            "backend", "--count", "2", "--seed", "1"],
                           input="Check the cache first.\n", capture_output=True, text=True, env=env,
                           cwd=self.home.dir, timeout=20)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIsNone(ESCAPE.search(r.stdout + r.stderr))

    def test_sigterm_keeps_the_answers_given(self):
        log = self.home.path("log.jsonl")
        p = subprocess.Popen([DRILL, *SELECT, "--log", log], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=self.home.env, cwd=self.home.dir, text=True)
        try:
            p.stdin.write("We autoscale.\n\n")
            p.stdin.flush()
            deadline = time.monotonic() + 10
            while not (os.path.exists(log) and os.path.getsize(log) > 0) and time.monotonic() < deadline:
                time.sleep(0.05)
            p.send_signal(signal.SIGTERM)  # stdin stays open: drill is waiting for the next answer
            out, _ = p.communicate(timeout=10)
        finally:
            if p.poll() is None:
                p.kill()
        self.assertEqual(p.returncode, 130)
        self.assertIn("Summary", out)
        records = read_log(log)
        self.assertEqual([x["type"] for x in records], ["answer", "session"])
        self.assertTrue(records[1]["interrupted"])

    def test_a_closed_stdout_loses_no_graded_answer(self):
        log = self.home.path("log.jsonl")
        read_end, write_end = os.pipe()
        os.close(read_end)  # every write to stdout now fails with EPIPE
        try:
            r = subprocess.run([DRILL, *SELECT, "--log", log], input="We autoscale.\n\nCheck the cache.\n",
                               stdout=write_end, stderr=subprocess.PIPE, env=self.home.env, text=True, timeout=20)
        finally:
            os.close(write_end)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("error", r.stderr)
        self.assertEqual([x["type"] for x in read_log(log)], ["answer", "answer", "session"])

    def test_color_always_colours_the_log(self):
        r = self.drill([*SELECT, "--color", "always"], "Check the cache.\n")
        self.assertIsNotNone(ESCAPE.search(r.stdout))


class Worksheet(unittest.TestCase):
    def setUp(self):
        self.home = TempHome()

    def tearDown(self):
        self.home.cleanup()

    def run_drill(self, args, env=None):
        return subprocess.run([DRILL, *args], capture_output=True, text=True, env=env or self.home.env,
                              cwd=self.home.dir, stdin=subprocess.DEVNULL, timeout=20)

    def plan(self):
        r = self.run_drill(["plan", *SELECT, "--format", "markdown"])
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    @staticmethod
    def fill(sheet, answers):
        """Writes answers[n] under the n-th '### Answer' heading (None leaves it blank)."""
        parts = sheet.split("### Answer")
        out = parts[0]
        for part, answer in zip(parts[1:], answers):
            out += "### Answer"
            if answer is not None:
                end = part.index("-->") + 3
                part = part[:end] + "\n\n" + answer + "\n" + part[end:]
            out += part
        return out

    def test_round_trip(self):
        sheet = self.fill(self.plan(), [None, "I check the cache first; on a cache miss I load from the database."])
        path = self.home.path("sheet.md")
        with open(path, "w") as f:
            f.write(sheet)
        log = self.home.path("log.jsonl")
        r = self.run_drill(["grade", "--worksheet", path, "--log", log])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Score:", r.stdout)
        self.assertIn("Unanswered.", r.stdout)
        self.assertRegex(r.stdout, r"t\.spike\s+-")
        self.assertRegex(r.stdout, r"t\.cache-aside\s+\d+")
        self.assertIn("Next: drill --role backend --topic caching", r.stdout)
        records = read_log(log)
        self.assertEqual([x["type"] for x in records], ["answer", "session"])
        self.assertEqual(records[1]["mode"], "worksheet")

    def test_blank_worksheet_is_bad_input(self):
        path = self.home.path("sheet.md")
        with open(path, "w") as f:
            f.write(self.plan())
        r = self.run_drill(["grade", "--worksheet", path])
        self.assertEqual(r.returncode, 65)
        self.assertIn("every answer is empty", r.stderr)

    def test_unknown_id_suggests_the_real_one(self):
        path = self.home.path("sheet.md")
        with open(path, "w") as f:
            f.write(self.fill(self.plan(), ["x", "y"]).replace("[t.spike]", "[t.spik]"))
        r = self.run_drill(["grade", "--worksheet", path])
        self.assertEqual(r.returncode, 65)
        self.assertIn("unknown question id 't.spik'", r.stderr)
        self.assertIn("t.spike", r.stderr)

    def test_grade_needs_an_input(self):
        r = self.run_drill(["grade"])
        self.assertEqual(r.returncode, 64)


class Crontab(unittest.TestCase):
    """The crontab in docs/session.md runs as written."""

    def setUp(self):
        self.home = TempHome()
        os.makedirs(self.home.path("drill"))

    def tearDown(self):
        self.home.cleanup()

    @staticmethod
    def crontab_commands():
        blocks = []
        for page in ("docs/session.md", "README.md"):
            with open(os.path.join(SOURCE, page), encoding="utf-8") as f:
                blocks.append(re.search(r"```crontab\n(.*?)```", f.read(), re.S).group(1))
        assert blocks[0] == blocks[1], "the crontabs of docs/session.md and README.md differ"
        block = blocks[0]
        commands = []
        for line in block.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            command = line.split(None, 5)[5]
            # What cron does to the command: \% stands for %, and drill is ours.
            commands.append(command.replace("\\%", "%").replace("/usr/local/bin/drill", DRILL))
        return commands

    def cron(self, command):
        return subprocess.run(["/bin/sh", "-c", command], env={"HOME": self.home.dir, "PATH": "/usr/bin:/bin",
                                                                "SHELL": "/bin/sh"},
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)

    def test_grade_then_plan(self):
        grade, plan = self.crontab_commands()
        first = self.cron(grade)  # no sheet from yesterday yet
        self.assertEqual(first.returncode, 0, first.stderr)
        r = self.cron(plan)
        self.assertEqual(r.returncode, 0, r.stderr)
        today = subprocess.run(["date", "+%F"], capture_output=True, text=True).stdout.strip()
        yesterday = subprocess.run(["date", "-d", "yesterday", "+%F"], capture_output=True, text=True).stdout.strip()
        with open(self.home.path("drill", f"sheet-{today}.md"), encoding="utf-8") as f:
            sheet = f.read()
        self.assertIn("## Q1 [", sheet)
        self.assertNotIn("\x1b", sheet)
        with open(self.home.path("drill", f"sheet-{yesterday}.md"), "w", encoding="utf-8") as f:
            f.write(Worksheet.fill(sheet, ["I would check the cache first and set a TTL on every key."]))
        r = self.cron(grade)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(self.home.path("drill", "grades.txt"), encoding="utf-8") as f:
            grades = f.read()
        self.assertIn("Summary", grades)
        self.assertNotIn("\x1b", grades)
        # Each night's entry starts with a dated heading naming the sheet.
        self.assertRegex(grades.splitlines()[0], rf"^## {today} \d\d:\d\d sheet-{yesterday}\.md$")
        # The nightly sheet follows the review schedule.
        self.assertIn(" --due ", plan)
        self.assertEqual(read_log(self.home.path("drill", "practice.jsonl"))[-1]["mode"], "worksheet")

    def test_a_blank_sheet_fails_the_job(self):
        grade, plan = self.crontab_commands()
        self.assertEqual(self.cron(plan).returncode, 0)
        yesterday = subprocess.run(["date", "-d", "yesterday", "+%F"], capture_output=True, text=True).stdout.strip()
        for name in os.listdir(self.home.path("drill")):
            os.rename(self.home.path("drill", name), self.home.path("drill", f"sheet-{yesterday}.md"))
        r = self.cron(grade)
        self.assertEqual(r.returncode, 65)
        self.assertIn("every answer is empty", r.stderr)
        # One line in the log for a blank sheet, not a page of "Unanswered.".
        with open(self.home.path("drill", "grades.txt"), encoding="utf-8") as f:
            grades = f.read()
        self.assertEqual(len(grades.splitlines()), 1, grades)
        self.assertRegex(grades, rf"^## \S+ \d\d:\d\d sheet-{yesterday}\.md: left blank, nothing graded\n$")


if __name__ == "__main__":
    unittest.main()
