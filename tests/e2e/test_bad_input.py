"""The bad-input corpus: broken bank files, oversized and malformed answers,
floods of input, missing data. Each case must end with its sysexits code and
a `drill: error:` line that names the file and the problem; never a crash,
never a hang (every run has a timeout), never a silent wrong result. Large
inputs are made here at run time."""
import json
import os
import random
import signal
import sqlite3
import stat
import subprocess
import time
import unittest

from drilltest import DRILL, DrillTest, answers_in, bank, question

QID = "db.n-plus-one"
ANSWER = "The N+1 problem: one query per row. Use eager loading or a join so it is one batched query."
MB = 1024 * 1024
TIMEOUT = 20  # seconds; a run that takes longer has hung


def good_bank():
    return bank([question("my.one", topics=["caching"]), question("my.two", topics=["caching"])])


class BankFiles(DrillTest):
    """Each bank case goes through `drill --bank FILE plan`, the path every
    command that loads banks takes."""

    def plan_with(self, path, **kw):
        return self.drill("--bank", path, "plan", "-r", "backend", timeout=TIMEOUT, **kw)

    def assertBankError(self, path, code, *fragments):
        r = self.plan_with(path)
        self.assertExit(r, code, stderr_has="drill: error: " + path)
        for fragment in fragments:
            self.assertIn(fragment, r.stderr)
        self.assertEqual(r.stdout, "", "nothing planned from a bad bank")
        return r

    def test_truncated(self):
        text = good_bank()
        for cut in (1, len(text) // 3, len(text) // 2, len(text) - 2):
            with self.subTest(cut=cut):
                path = self.write("trunc.json", text[:cut])
                self.assertBankError(path, 65, "invalid JSON")

    def test_empty_and_blank(self):
        for content in ("", "\n\n  \t\n"):
            with self.subTest(content=content):
                path = self.write("empty.json", content)
                self.assertBankError(path, 65, ":1:1: file is empty")

    def test_random_bytes(self):
        rng = random.Random(20240607)
        for n in range(8):
            with self.subTest(n=n):
                path = self.write("noise.json", bytes(rng.randrange(256) for _ in range(4096)), mode="wb")
                self.assertBankError(path, 65, "invalid JSON")

    def test_deep_nesting_is_refused_quickly(self):
        depth = 100_000
        cases = {
            "open brackets": "[" * depth,
            "balanced arrays": "[" * depth + "]" * depth,
            "nested objects": '{"a":' * depth + "1" + "}" * depth,
            "deep inside a question": bank([question("my.deep", tips=[])]).replace(
                '"tips": []', '"tips": ' + "[" * depth + "]" * depth),
        }
        for name, text in cases.items():
            with self.subTest(name):
                path = self.write("deep.json", text)
                self.assertBankError(path, 65, "nested deeper than 64 levels")

    def test_wrong_types(self):
        top = {"format": 1, "version": "1", "role": ["backend"], "questions": {"id": "x"}}
        expected_top = {"format": '"format" must be "drill-bank"',
                        "version": '"version" must be a whole number',
                        "role": '"role" must be a slug',
                        "questions": '"questions" must be an array'}
        for field, value in top.items():
            with self.subTest(field=field):
                doc = json.loads(good_bank())
                doc[field] = value
                path = self.write("types.json", json.dumps(doc, indent=2))
                self.assertBankError(path, 65, expected_top[field])
        fields = {
            "id": 7, "prompt": ["Explain"], "category": 3, "difficulty": True, "roles": "backend",
            "topics": "caching", "time_limit_s": "180", "star": "yes", "concepts": {"name": "ttl"},
            "model_answer": 12, "tips": "one tip", "follow_ups": 5,
        }
        for field, value in fields.items():
            with self.subTest(field=field):
                q = question("my.typed")
                q[field] = value
                path = self.write("types.json", bank([q]))
                r = self.assertBankError(path, 65, f"'{field}'")
                # file:line:col of the offending value
                self.assertRegex(r.stderr, r"types\.json:\d+:\d+: ")
        for field, value in {"name": 3, "any": "ttl", "weight": "heavy"}.items():
            with self.subTest(concept_field=field):
                concept = {"name": "ttl", "any": ["ttl"]}
                concept[field] = value
                path = self.write("types.json", bank([question("my.typed", concepts=[concept])]))
                self.assertBankError(path, 65, f"'{field}'")

    def test_future_version(self):
        path = self.write("future.json", bank([question()], version=99))
        self.assertBankError(path, 65, "format version 99", "upgrade drill")

    def test_directory_given_as_a_bank_file(self):
        os.makedirs(self.path("dir.json"))
        self.assertBankError(self.path("dir.json"), 66, "no .json bank files in this directory")
        # A directory named like a bank inside a bank folder is not read as one.
        os.makedirs(self.path("banks/inner.json"))
        self.write("banks/real.json", good_bank())
        r = self.plan_with(self.path("banks"))
        self.assertExit(r, 0)

    def test_unreadable_file(self):
        path = self.write("secret.json", good_bank())
        os.chmod(path, 0)
        r = self.plan_with(path, unprivileged=True)
        self.assertExit(r, 66, stderr_has=f"drill: error: {path}: cannot read: Permission denied")

    def test_unreadable_directory(self):
        self.write("locked/b.json", good_bank())
        os.chmod(self.path("locked"), 0)
        r = self.plan_with(self.path("locked"), unprivileged=True)
        self.assertExit(r, 66, stderr_has=f"drill: error: {self.path('locked')}: cannot list")

    def test_not_utf8(self):
        text = good_bank().replace("Explain caching.", "Explain caf\xe9 caching.").encode("latin-1")
        path = self.write("latin1.json", text, mode="wb")
        self.assertBankError(path, 65, "invalid JSON", "UTF-8")


class Answers(DrillTest):
    """Oversized and malformed answers through each way in: drill grade --id,
    batch drill grade --input, and a piped session."""

    def session(self, data, *extra):
        log = self.path("log.jsonl")
        r = self.drill("--role", "backend", "--topic", "orm", "-c", "technical", "-n", "1", "--seed", "2",
                       "--log", log, *extra, input=data, timeout=TIMEOUT)
        records = []
        if os.path.exists(log):
            with open(log, encoding="utf-8") as f:
                records = [json.loads(line) for line in f]
        return r, records

    def assertGradedFile(self, name, raw):
        """`drill grade --id --answer-file` grades the raw bytes and scores them."""
        path = self.write(name, raw, mode="wb")
        r = self.drill("grade", "--id", QID, "--answer-file", path, "--format", "json", timeout=TIMEOUT)
        self.assertExit(r, 0)
        self.assertGreater(json.loads(r.stdout)["score"], 0)

    def batch(self, lines):
        path = self.path("batch.jsonl")
        with open(path, "wb") as f:
            f.write(b"".join(lines))
        r = self.drill("grade", "--input", path, "--format", "jsonl", timeout=TIMEOUT)
        return r, [json.loads(line) for line in r.stdout.splitlines()]

    def test_ten_megabytes(self):
        big = (ANSWER + " ").encode() * (10 * MB // (len(ANSWER) + 1) + 1)
        path = self.write("big.txt", big, mode="wb")
        r = self.drill("grade", "--id", QID, "--answer-file", path, timeout=TIMEOUT)
        self.assertExit(r, 65, stderr_has=f"drill: error: {path}: the answer is 10.5 MB; drill grades answers "
                                          "of up to 128 KB")
        r = self.drill("grade", "--id", QID, input=big, timeout=TIMEOUT)
        self.assertExit(r, 65, stderr_has="drill: error: standard input: the answer is 10.5 MB")

        line = json.dumps({"id": QID, "answer": big.decode(), "key": "big"}).encode() + b"\n"
        ok = json.dumps({"id": QID, "answer": ANSWER, "key": "ok"}).encode() + b"\n"
        r, out = self.batch([line, ok])
        self.assertEqual(r.returncode, 65, r.stderr)
        self.assertEqual(out[0]["key"], "big")
        self.assertIn("the answer is 10.5 MB", out[0]["error"])
        self.assertGreater(out[1]["score"], 0, "the next line is still graded")

        r, records = self.session(big + b"\n\n")
        self.assertExit(r, 65, stderr_has="drill: error: 1 answer in standard input was not graded: longer "
                                          "than 128 KB")
        self.assertIn("Not graded: the answer is 10.5 MB", r.stdout)
        self.assertIn("Summary", r.stdout)
        self.assertEqual([x["type"] for x in records], ["session"])

    def test_just_under_the_limit_is_graded(self):
        answer = (ANSWER + " ") * (120 * 1024 // (len(ANSWER) + 1))
        r = self.drill("grade", "--id", QID, "--format", "json", input=answer, timeout=TIMEOUT)
        self.assertExit(r, 0)
        self.assertGreater(json.loads(r.stdout)["coverage"], 0)

    def test_invalid_utf8_is_graded_and_kept(self):
        raw = ANSWER.encode() + b" caf\xe9 \xff\xfe\x80 end"
        self.assertGradedFile("latin1.txt", raw)

        bad_line = b'{"id": "' + QID.encode() + b'", "key": 1, "answer": "' + raw + b'"}\n'
        r, out = self.batch([bad_line])
        self.assertEqual(r.returncode, 65)
        self.assertEqual(out[0]["line"], 1)
        self.assertIn("invalid JSON", out[0]["error"])
        self.assertIn("UTF-8", out[0]["error"])

        r, records = self.session(raw + b"\n")
        self.assertExit(r, 0)
        self.assertEqual(records[0]["answer"], ANSWER + " caf\ufffd \ufffd\ufffd\ufffd end")
        exported = self.drill("export", "--format", "jsonl").stdout
        self.assertIn("caf\ufffd", answers_in(exported)[0]["answer"])

    def test_nul_bytes_are_kept_as_text(self):
        raw = ANSWER.encode() + b"\x00 eager\x00loading \x00"
        self.assertGradedFile("nul.txt", raw)

        line = json.dumps({"id": QID, "answer": ANSWER + "\u0000 end", "key": 2}).encode() + b"\n"
        r, out = self.batch([line])
        self.assertExit(r, 0)
        self.assertGreater(out[0]["score"], 0)

        r, records = self.session(raw + b"\n")
        self.assertExit(r, 0)
        # Not cut short at the first NUL: the whole answer is kept.
        self.assertEqual(records[0]["answer"], (ANSWER + "\0 eager\0loading \0").strip())
        exported = self.drill("export", "--format", "jsonl").stdout
        self.assertEqual(answers_in(exported)[0]["answer"], records[0]["answer"])


class DeepLines(DrillTest):
    """JSON lines 100,000 levels deep, where drill used to crash copying them."""
    DEEP = "[" * 100_000 + "]" * 100_000

    def test_batch_line(self):
        line = '{"id": "db.n-plus-one", "answer": "eager loading", "key": ' + self.DEEP + "}\n"
        ok = json.dumps({"id": QID, "answer": ANSWER}) + "\n"
        r = self.drill("grade", "--input", "-", input=line + ok, timeout=TIMEOUT)
        self.assertEqual(r.returncode, 65, r.stderr)
        out = [json.loads(x) for x in r.stdout.splitlines()]
        self.assertEqual(out[0], {"line": 1, "error": "nested deeper than 64 levels; an answer line needs 5"})
        self.assertGreater(out[1]["score"], 0)

    def test_import_line(self):
        line = ('{"session_id": "s", "question_id": "q", "answered_at_ms": 1, "score": 5, "breakdown": '
                + self.DEEP + "}\n")
        path = self.write("deep.jsonl", line)
        r = self.drill("import", path, timeout=TIMEOUT)
        self.assertExit(r, 65, stderr_has=f"{path}:1: nested deeper than 64 levels")


def good_answer(at_ms):
    return {"type": "answer", "session_id": "0123456789abcdef", "mode": "piped", "question_id": QID,
            "question_hash": "", "role": "backend", "category": "technical", "difficulty": "intermediate",
            "topics": ["orm"], "answered_at_ms": at_ms, "elapsed_s": None, "time_limit_s": 180, "score": 50.0,
            "breakdown": {"concepts": {"hit": [], "missed": []}}, "answer": ANSWER}


class ImportLines(DrillTest):
    """Each field of an import line is checked by the rules of the bank and
    the session. A bad line is named as FILE:LINE: field: problem and
    skipped, the good line after it still lands, and the exit status is 65."""

    CASES = [
        ("question_id", "../../etc/passwd", "is not an id"),
        ("session_id", "../x", "is not an id"),
        ("role", "Back End", "is not a name drill uses"),
        ("category", "cooking", "is not one of technical, behavioral"),
        ("difficulty", "impossible", "is not one of beginner"),
        ("mode", "hacker", "is not one of interactive, piped"),
        ("time_limit_s", 0, "must be a whole number from 1 to 86400"),
        ("answer", None, "missing"),
        ("answer", "x" * (128 * 1024 + 1), "longer than 128 KB"),
        ("breakdown", "x", "must be an object"),
        ("answered_at_ms", 2 ** 64 - 1, "must be whole milliseconds"),
        ("answered_at_ms", -1, "must be whole milliseconds"),
        ("score", 100.5, "must be a number from 0 to 100"),
        ("score", -1, "must be a number from 0 to 100"),
        ("elapsed_s", -3, "must be a number from 0"),
        ("topics", ["Not A Slug"], "must be a list of names"),
        ("rating", 9, "must be a whole number from 1 to 4"),
    ]

    def test_each_bad_field(self):
        for n, (field, value, problem) in enumerate(self.CASES):
            with self.subTest(field=field, value=str(value)[:40]):
                bad = good_answer(1_700_000_000_000 + 2 * n)
                bad[field] = value
                good = good_answer(1_700_000_000_001 + 2 * n)
                path = self.write(f"bad-{n}.jsonl", json.dumps(bad) + "\n" + json.dumps(good) + "\n")
                r = self.drill("import", path, timeout=TIMEOUT)
                self.assertExit(r, 65, stderr_has=f"{path}:1: {field}: ")
                line = next(x for x in r.stderr.splitlines() if x.startswith(f"{path}:1: {field}: "))
                self.assertIn(problem, line)
                self.assertIn("Imported 1 answer,", r.stdout)
        stored = [json.loads(x) for x in self.drill("export", timeout=TIMEOUT).stdout.splitlines()]
        answers = [x["answered_at_ms"] for x in stored if x["type"] == "answer"]
        self.assertEqual(answers, [1_700_000_000_001 + 2 * n for n in range(len(self.CASES))],
                         "every good line landed and no bad one did")

    def test_non_finite_scores(self):
        # JSON has no NaN or infinity; Python writes them, and 1e400 overflows a double.
        for text in ("NaN", "Infinity", "-Infinity", "1e400"):
            with self.subTest(score=text):
                line = json.dumps(good_answer(1_700_000_000_000)).replace('"score": 50.0', '"score": ' + text)
                path = self.write("nan.jsonl", line + "\n")
                r = self.drill("import", path, timeout=TIMEOUT)
                self.assertExit(r, 65, stderr_has=f"{path}:1: not valid JSON")
        self.assertEqual(self.drill("export", timeout=TIMEOUT).stdout, "")


class Floods(DrillTest):
    LINES = 100_000

    def test_a_hundred_thousand_lines_to_a_session(self):
        flood = "".join(f"line {i} of an answer about eager loading\n" for i in range(self.LINES))
        r = self.drill("--role", "backend", "--topic", "orm", "-n", "1", input=flood, timeout=TIMEOUT)
        self.assertExit(r, 65, stderr_has="drill: error: 1 answer in standard input was not graded")
        self.assertIn("Not graded: the answer is 4.", r.stdout)

    def test_a_hundred_thousand_short_answers_to_a_session(self):
        flood = "".join(f"answer {i}: eager loading\n\n" for i in range(self.LINES // 2))
        r = self.drill("--role", "backend", "-c", "technical", "-n", "3", "--seed", "5", input=flood,
                       timeout=TIMEOUT)
        self.assertExit(r, 0)
        self.assertEqual(r.stdout.count("Score:"), 3, "three questions, three answers; the rest is not read")
        self.assertIn("Summary", r.stdout)

    def test_a_hundred_thousand_lines_to_batch_grading(self):
        lines = []
        for i in range(self.LINES):
            if i % 100 == 0:
                lines.append(json.dumps({"id": QID, "answer": ANSWER, "key": i}))
            elif i % 100 == 1:
                lines.append("")
            else:
                lines.append(f"not json {i}")
        r = self.drill("grade", "--input", "-", "--format", "jsonl", input="\n".join(lines) + "\n",
                       timeout=TIMEOUT)
        self.assertEqual(r.returncode, 65, r.stderr[-500:])
        out = [json.loads(x) for x in r.stdout.splitlines()]
        self.assertEqual(len(out), self.LINES - self.LINES // 100, "one output line per non-blank input line")
        graded = [o for o in out if "score" in o]
        self.assertEqual([o["key"] for o in graded], list(range(0, self.LINES, 100)))
        self.assertEqual(out[1], {"line": 3, "error": out[1]["error"]})
        self.assertIn("invalid JSON", out[1]["error"])


class Missing(DrillTest):
    def test_missing_data_directory(self):
        nowhere = self.path("no/such/dir")
        r = self.drill("plan", "-r", "backend", env={"DRILL_DATA_DIR": nowhere}, timeout=TIMEOUT)
        self.assertExit(r, 66, stderr_has=f"drill: error: DRILL_DATA_DIR={nowhere}: no banks/ directory there")
        r = self.drill("--role", "backend", env={"DRILL_DATA_DIR": nowhere}, input=ANSWER, timeout=TIMEOUT)
        self.assertExit(r, 66, stderr_has="no banks/ directory there")

    def test_unknown_question_id(self):
        r = self.drill("grade", "--id", "db.n-plus-on", input=ANSWER, timeout=TIMEOUT)
        self.assertExit(r, 64, stderr_has="drill: error: no question with id 'db.n-plus-on' "
                                          "(did you mean 'db.n-plus-one'?)")
        r = self.drill("bank", "show", "db.n-plus-on", timeout=TIMEOUT)
        self.assertExit(r, 64, stderr_has="did you mean 'db.n-plus-one'")
        line = json.dumps({"id": "db.n-plus-on", "answer": ANSWER, "key": "k"})
        r = self.drill("grade", "--input", "-", input=line + "\n", timeout=TIMEOUT)
        self.assertEqual(r.returncode, 65)
        self.assertEqual(json.loads(r.stdout)["error"], "unknown question id 'db.n-plus-on' (did you mean "
                                                        "'db.n-plus-one'?)")

    def test_answer_inputs_that_are_directories(self):
        os.makedirs(self.path("adir"))
        d = self.path("adir")
        self.assertExit(self.drill("grade", "--id", QID, "--answer-file", d, timeout=TIMEOUT), 66,
                        stderr_has=f"drill: error: {d}: is a directory, not a file")
        self.assertExit(self.drill("grade", "--input", d, timeout=TIMEOUT), 66,
                        stderr_has=f"drill: error: {d}: is a directory, not a file")
        self.assertExit(self.drill("--role", "backend", "--answers", d, timeout=TIMEOUT), 66,
                        stderr_has=f"drill: error: {d}: is a directory, not a file")


if __name__ == "__main__":
    unittest.main()


def peak_rss_kb(stderr):
    """The peak resident set size that /usr/bin/time -v reports, in KB."""
    for line in stderr.splitlines():
        if "Maximum resident set size" in line:
            return int(line.split(":")[1])
    raise AssertionError("no RSS figure from /usr/bin/time -v:\n" + stderr[-2000:])


TIME = "/usr/bin/time"
RSS_CEILING_KB = 80 * 1024  # the ceiling docs/reliability.md states for endless input


def sanitized_build():
    """True for a drill built with DRILL_SANITIZE (scripts/dev asan), whose
    shadow memory and freed-block quarantine are ASan's, not drill's."""
    cache = os.path.join(os.environ.get("DRILL_BUILD_DIR", ""), "CMakeCache.txt")
    try:
        with open(cache, encoding="utf-8") as f:
            return "DRILL_SANITIZE:BOOL=ON" in f.read()
    except OSError:
        return False


# Under ASan the same bounded reads peak near 180 MB, all of it the
# sanitizer's; a reader that kept its input would still pass this by far.
SANITIZED_RSS_CEILING_KB = 400 * 1024


class EndlessInput(DrillTest):
    """Input that never ends, or ends far too late: every reader stops at its
    bound, says so with 65, keeps what it graded, and stays under a stated
    memory ceiling (measured with /usr/bin/time -v)."""

    def setUp(self):
        super().setUp()
        if not os.access(TIME, os.X_OK):
            self.skipTest("/usr/bin/time is missing (scripts/dev deps installs it)")
        self.log = self.path("log.jsonl")

    def measured(self, *args, stdin=None, shell_input=None):
        """Runs drill under /usr/bin/time -v; `shell_input` is a shell command
        whose output becomes drill's stdin."""
        argv = [TIME, "-v", DRILL, *args]
        if shell_input is not None:
            cmd = shell_input + " | " + " ".join(f"'{a}'" for a in argv)
            r = subprocess.run(["sh", "-c", cmd], capture_output=True, env=self.env, timeout=60)
        else:
            r = subprocess.run(argv, stdin=stdin, capture_output=True, env=self.env, timeout=60)
        r.stdout = r.stdout.decode("utf-8", "replace")
        r.stderr = r.stderr.decode("utf-8", "replace")
        rss = peak_rss_kb(r.stderr)
        ceiling = SANITIZED_RSS_CEILING_KB if sanitized_build() else RSS_CEILING_KB
        self.assertLess(rss, ceiling, f"peak RSS {rss} KB")
        return r

    def session_args(self, n=1):
        return ["--role", "backend", "-c", "technical", "-n", str(n), "--seed", "2", "--log", self.log]

    def answers_logged(self):
        if not os.path.exists(self.log):
            return []
        with open(self.log, encoding="utf-8") as f:
            return [x for x in map(json.loads, f) if x["type"] == "answer"]

    def test_a_gigabyte_line_on_stdin(self):
        r = self.measured(*self.session_args(), shell_input="head -c 1000000000 /dev/zero | tr '\\0' a")
        self.assertEqual(r.returncode, 65, r.stderr)
        self.assertIn("drill: error: standard input: an answer ran past 16 MB without ending; drill stopped "
                      "reading there", r.stderr)
        self.assertIn("Summary", r.stdout)

    def test_session_reading_dev_zero(self):
        with open("/dev/zero", "rb") as zero:
            r = self.measured(*self.session_args(), stdin=zero)
        self.assertEqual(r.returncode, 65, r.stderr)
        self.assertIn("an answer ran past 16 MB", r.stderr)

    def test_endless_short_lines_keep_the_answers_before(self):
        # `yes` never ends a line that is long, but never ends the answer either.
        r = self.measured(*self.session_args(2), shell_input=f"{{ printf '%s\\n\\n' '{ANSWER}'; yes; }}")
        self.assertEqual(r.returncode, 65, r.stderr)
        self.assertIn("an answer ran past 16 MB", r.stderr)
        self.assertEqual([x["answer"] for x in self.answers_logged()], [ANSWER], "the first answer is kept")
        history = self.drill("export", "--format", "jsonl")
        self.assertEqual(len(answers_in(history.stdout)), 1)

    def test_answers_file_is_dev_zero(self):
        r = self.measured(*self.session_args(), "--answers", "/dev/zero")
        self.assertEqual(r.returncode, 65, r.stderr)
        self.assertIn("drill: error: /dev/zero: an answer ran past 16 MB", r.stderr)

    def test_grade_answer_file_and_batch_from_dev_zero(self):
        r = self.measured("grade", "--id", QID, "--answer-file", "/dev/zero")
        self.assertEqual(r.returncode, 65, r.stderr)
        self.assertIn("drill: error: /dev/zero: is more than 16 MB; drill reads answers of up to 16 MB", r.stderr)
        with open("/dev/zero", "rb") as zero:
            r = self.measured("grade", "--id", QID, stdin=zero)
        self.assertIn("drill: error: standard input: is more than 16 MB", r.stderr)
        ok = json.dumps({"id": QID, "answer": ANSWER, "key": "ok"})
        r = self.measured("grade", "--input", "-", shell_input=f"{{ echo '{ok}'; cat /dev/zero; }}")
        self.assertEqual(r.returncode, 65, r.stderr)
        out = [json.loads(line) for line in r.stdout.splitlines()]
        self.assertEqual(out[0]["key"], "ok")
        self.assertGreater(out[0]["score"], 0, "the line before is graded")
        self.assertEqual(out[1]["line"], 2)
        self.assertIn("the line runs past 16 MB without ending; drill stopped reading here", out[1]["error"])

    def test_files_past_their_bound_are_not_read(self):
        # Sparse files: the size is refused before a byte is read.
        cases = {
            ("--bank", "big.json", "plan"): (65, "big.json: is 65 MB; drill reads bank files of up to 64 MB"),
            ("grade", "--worksheet", "big.json"): (65, "big.json: is 65 MB; drill reads worksheets of up to 64 MB"),
            ("--config", "big.json", "plan"): (78, "big.json: is 65 MB; drill reads config files of up to 1 MB"),
        }
        path = self.path("big.json")
        with open(path, "wb") as f:
            f.truncate(65_000_000)
        for args, (code, message) in cases.items():
            with self.subTest(args=args):
                r = self.measured(*[path if a == "big.json" else a for a in args])
                self.assertEqual(r.returncode, code, r.stderr)
                self.assertIn("drill: error: " + self.path(message), r.stderr)

    def sheet(self, n=2):
        plan = self.drill("plan", "--role", "backend", "-n", str(n), "--seed", "2", "--format", "markdown")
        self.assertExit(plan, 0)
        return plan.stdout

    def test_worksheet_answer_over_the_answer_limit(self):
        parts = self.sheet().split("### Answer")
        self.assertEqual(len(parts), 3)
        sheet = parts[0] + "### Answer\n" + ANSWER + "\n" + parts[1].split("\n", 1)[1] + "### Answer\n" + \
            (ANSWER + " ") * 2000 + parts[2]
        path = self.write("sheet.md", sheet)
        r = self.drill("grade", "--worksheet", path, timeout=TIMEOUT)
        self.assertExit(r, 65, stderr_has="drill: error: " + path + ":")
        self.assertIn("is not graded: the answer is", r.stderr)
        self.assertIn("nothing on the sheet was graded", r.stderr)
        self.assertEqual(self.drill("export").stdout, "", "refused while reading: nothing recorded")

    def test_worksheet_naming_a_question_twice(self):
        sheet = self.sheet(1).replace("### Answer\n", "### Answer\n" + ANSWER + "\n")
        body = sheet[sheet.index("## Q1 "):]
        path = self.write("twice.md", sheet + "\n" + body.replace("## Q1 ", "## Q2 "))
        first = sheet[:sheet.index("## Q1 ")].count("\n") + 1
        second = (sheet + "\n").count("\n") + 1
        r = self.drill("grade", "--worksheet", path, timeout=TIMEOUT)
        self.assertExit(r, 65, stderr_has=f"is on the sheet twice (lines {first} and {second})")
        self.assertEqual(self.drill("export").stdout, "")

    def test_worksheet_with_a_hundred_thousand_headings(self):
        ids = [q["id"] for q in json.loads(self.drill("plan", "--role", "backend", "-n", "1000", "--format",
                                                      "json").stdout)["questions"]]
        lines = []
        for n in range(100_000):
            lines += [f"## Q{n + 1} [{ids[n % len(ids)]}]", "", "### Answer", "", ANSWER, ""]
        path = self.write("huge.md", "\n".join(lines) + "\n")
        r = self.drill("grade", "--worksheet", path, timeout=TIMEOUT)
        # Only len(ids) distinct questions exist, so the sheet must repeat one.
        self.assertExit(r, 65, stderr_has=f"question '{ids[0]}' is on the sheet twice (lines 1 and "
                                          f"{6 * len(ids) + 1})")
        self.assertEqual(self.drill("export").stdout, "", "refused whole: nothing half recorded")


class SignalsWhileReading(DrillTest):
    """SIGINT and SIGTERM end a read that waits (a FIFO with no writer, a pipe
    that stays open) with 130, keeping what was graded."""

    def popen(self, *args, stdin=subprocess.DEVNULL):
        p = subprocess.Popen([DRILL, *args], stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=self.env)
        self.addCleanup(lambda: p.poll() is None and p.kill())
        return p

    def wait_catching(self, p, sig):
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            with open(f"/proc/{p.pid}/status") as f:
                caught = [line for line in f if line.startswith("SigCgt:")]
            if caught and int(caught[0].split()[1], 16) & (1 << (sig - 1)):
                time.sleep(0.2)  # into the blocking read
                return
            time.sleep(0.02)
        raise AssertionError("drill never caught the signal")

    def test_fifo_with_no_writer(self):
        fifo = self.path("fifo")
        os.mkfifo(fifo)
        cases = {
            "--answers": ["--role", "backend", "-n", "1", "--answers", fifo],
            "--input": ["grade", "--input", fifo],
            "--answer-file": ["grade", "--id", QID, "--answer-file", fifo],
        }
        for name, args in cases.items():
            for sig in (signal.SIGINT, signal.SIGTERM):
                with self.subTest(name, sig=sig):
                    p = self.popen(*args)
                    self.wait_catching(p, sig)
                    p.send_signal(sig)
                    out, err = p.communicate(timeout=TIMEOUT)
                    self.assertEqual(p.returncode, 130, err)

    def test_session_on_an_open_pipe_keeps_its_answers(self):
        log = self.path("log.jsonl")
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            with self.subTest(sig=sig):
                p = self.popen("--role", "backend", "-c", "technical", "-n", "2",
                               "--seed", "2", "--log", log, stdin=subprocess.PIPE)
                p.stdin.write((ANSWER + "\n\n").encode())
                p.stdin.flush()
                deadline = time.monotonic() + TIMEOUT
                while not (os.path.exists(log) and os.path.getsize(log) > 0):
                    self.assertLess(time.monotonic(), deadline, "the first answer was never logged")
                    time.sleep(0.02)
                time.sleep(0.2)
                p.send_signal(sig)
                out, err = p.communicate(timeout=TIMEOUT)
                self.assertEqual(p.returncode, 130, err)
                with open(log, encoding="utf-8") as f:
                    records = [json.loads(x) for x in f]
                self.assertEqual([x["type"] for x in records], ["answer", "session"])
                self.assertTrue(records[-1]["interrupted"], "the session record is closed")
                os.remove(log)
        history = self.drill("export", "--format", "jsonl")
        self.assertEqual(len(answers_in(history.stdout)), 3, "each session's first answer is recorded")


class NotRegularFiles(DrillTest):
    """FIFOs where drill needs a regular file: refused at once with 66 and
    the reason, never waited on (every run has a timeout)."""

    def setUp(self):
        super().setUp()
        self.fifo = self.path("fifo.json")
        os.mkfifo(self.fifo)

    def assertRefused(self, path, *args):
        r = self.drill(*args, timeout=TIMEOUT)
        self.assertExit(r, 66, stderr_has=f"drill: error: {path}: is a FIFO, not a regular file")

    def test_history_is_a_fifo(self):
        state = self.path(".local/state/drill")
        os.makedirs(state)
        db = os.path.join(state, "history.db")
        os.mkfifo(db)
        for args in (["stats"], ["due"], ["export"], ["history"]):
            with self.subTest(args=args):
                self.assertRefused(db, *args)
        self.assertTrue(stat.S_ISFIFO(os.stat(db).st_mode), "left as it was")

    def test_bank_worksheet_and_config_fifos(self):
        self.assertRefused(self.fifo, "--bank", self.fifo, "plan", "-r", "backend")
        self.assertRefused(self.fifo, "grade", "--worksheet", self.fifo)
        self.assertRefused(self.fifo, "--config", self.fifo, "plan", "-r", "backend")

    def test_fifo_in_a_banks_directory_is_skipped(self):
        banks = self.path(".local/share/drill/banks")
        os.makedirs(banks)
        os.mkfifo(os.path.join(banks, "pipe.json"))
        self.write(".local/share/drill/banks/mine.json", good_bank())
        r = self.drill("plan", "-r", "backend", "--topic", "caching", "-n", "100", "--format", "json", timeout=TIMEOUT)
        self.assertExit(r, 0)
        ids = {q["id"] for q in json.loads(r.stdout)["questions"]}
        self.assertLessEqual({"my.one", "my.two"}, ids, "the regular bank beside the FIFO is loaded")

    def test_batch_from_a_fifo_is_read(self):
        line = json.dumps({"id": QID, "answer": ANSWER, "key": "k"}) + "\n"
        p = subprocess.Popen([DRILL, "grade", "--input", self.fifo], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=self.env, text=True)
        self.addCleanup(lambda: p.poll() is None and p.kill())
        with open(self.fifo, "w") as f:  # blocks until drill opens it
            f.write(line * 3)
        out, err = p.communicate(timeout=TIMEOUT)
        self.assertEqual(p.returncode, 0, err)
        self.assertEqual([json.loads(x)["key"] for x in out.splitlines()], ["k", "k", "k"])


class Numbers(DrillTest):
    """Every number drill reads is bounded: no NaN in a score, no saturated seed."""

    def test_concept_weight_out_of_range(self):
        for weight in (1e308, 101, 0, -1):
            with self.subTest(weight=weight):
                path = self.write("heavy.json", bank([question("my.heavy", concepts=[
                    {"name": "ttl", "any": ["ttl"], "weight": weight},
                    {"name": "lru", "any": ["lru"]}])]))
                r = self.drill("--bank", path, "plan", "-r", "backend", timeout=TIMEOUT)
                self.assertExit(r, 65)
                self.assertRegex(r.stderr, r"heavy\.json:\d+:\d+: question 'my.heavy': concept 1 'weight' must be "
                                           r"a number from above 0 to 100")

    def test_a_weight_of_100_still_grades_sensibly(self):
        path = self.write("heavy.json", bank([question("my.heavy", concepts=[
            {"name": "ttl", "any": ["ttl"], "weight": 100}, {"name": "lru", "any": ["lru"], "weight": 100}])]))
        r = self.drill("--bank", path, "grade", "--id", "my.heavy", "--format", "json",
                       input="Set a TTL on each key.", timeout=TIMEOUT)
        self.assertExit(r, 0)
        self.assertAlmostEqual(json.loads(r.stdout)["coverage"], 0.5)

    def test_seed_out_of_range(self):
        for seed in ("99999999999999999999999", "-1", "18446744073709551616", "12abc"):
            with self.subTest(seed=seed):
                r = self.drill("plan", "-r", "backend", "--seed", seed, timeout=TIMEOUT)
                self.assertExit(r, 64, stderr_has=f"'{seed}' is not a whole number from 0 to 18446744073709551615")
        r = self.drill("plan", "-r", "backend", "-n", "1", "--seed", "18446744073709551615", timeout=TIMEOUT)
        self.assertExit(r, 0, stdout_has="seed 18446744073709551615")


class EmptyBankFolders(DrillTest):
    def test_empty_user_banks_folder_is_not_an_error(self):
        os.makedirs(self.path(".local/share/drill/banks"))
        self.write(".local/share/drill/banks/README.txt", "my banks go here\n")
        r = self.drill("plan", "-r", "backend", "-n", "1", timeout=TIMEOUT)
        self.assertExit(r, 0, stdout_has="Practice set for backend")

    def test_empty_bank_folder_named_on_the_command_line_is(self):
        os.makedirs(self.path("nothing"))
        r = self.drill("--bank", self.path("nothing"), "plan", "-r", "backend", timeout=TIMEOUT)
        self.assertExit(r, 66, stderr_has=f"{self.path('nothing')}: no .json bank files in this directory")


class OtherProgramsDatabases(DrillTest):
    """--history pointed at another program's SQLite file: recognised before
    anything is written, refused with 65, and left byte for byte as it was
    (no switch to WAL, no -wal file)."""

    def database(self, setup):
        path = self.path("other.db")
        con = sqlite3.connect(path)
        con.executescript(setup)
        con.commit()
        con.close()
        with open(path, "rb") as f:
            return path, f.read()

    def assertLeftAlone(self, path, before, *fragments):
        for args in (["stats"], ["export"], ["--role", "backend", "-n", "1"]):
            with self.subTest(args=args):
                r = self.drill("--history", path, *args, input=ANSWER + "\n", timeout=TIMEOUT)
                self.assertEqual(r.returncode, 65, r.stderr)
                for fragment in fragments:
                    self.assertIn(fragment, r.stderr)
                self.assertNotIn("make it writable", r.stderr)
                with open(path, "rb") as f:
                    self.assertEqual(f.read(), before, "the file is unchanged")
                self.assertFalse(os.path.exists(path + "-wal"))

    def test_foreign_tables_with_a_plausible_version(self):
        path, before = self.database("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);"
                                     "INSERT INTO notes (body) VALUES ('keep me'); PRAGMA user_version = 4;")
        self.assertLeftAlone(path, before, "is not a drill history", "It was left as it is")

    def test_foreign_application_id(self):
        path, before = self.database("CREATE TABLE answers (x); CREATE TABLE sessions (y);"
                                     "PRAGMA application_id = 1234; PRAGMA user_version = 4;")
        self.assertLeftAlone(path, before, "belongs to another program (application_id 0x4d2)")

    def test_negative_user_version(self):
        path, before = self.database("PRAGMA user_version = -1;")
        self.assertLeftAlone(path, before, "is not a drill history (user_version -1")

    def test_a_history_from_before_application_ids_is_adopted(self):
        db = self.path("history.db")
        r = self.drill("--history", db, "--role", "backend", "-n", "1", input=ANSWER + "\n", timeout=TIMEOUT)
        self.assertExit(r, 0)
        con = sqlite3.connect(db)
        self.assertEqual(con.execute("PRAGMA application_id").fetchone()[0], 0x6472696C, "drill marks its files")
        con.execute("PRAGMA application_id = 0")  # as drill wrote it before
        con.commit()
        con.close()
        r = self.drill("--history", db, "export", "--format", "jsonl", timeout=TIMEOUT)
        self.assertExit(r, 0)
        self.assertEqual(len(answers_in(r.stdout)), 1)
        con = sqlite3.connect(db)
        self.assertEqual(con.execute("PRAGMA application_id").fetchone()[0], 0x6472696C, "adopted")
        con.close()


class DamagedSnapshots(DrillTest):
    """The bank snapshots in $XDG_CACHE_HOME/drill/banks carry checksums: a
    damaged one is dropped and rebuilt from the bank, silently."""

    PLAN = ("plan", "-r", "backend", "-n", "5", "--seed", "7", "--format", "json")

    def snapshots(self):
        folder = self.path(".cache/drill/banks")
        return sorted(os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(".bin"))

    def test_random_bit_flips_change_nothing(self):
        first = self.drill(*self.PLAN, timeout=TIMEOUT)
        self.assertExit(first, 0)
        self.assertTrue(self.snapshots(), "the first run writes a snapshot")
        rng = random.Random(20)
        for n in range(40):
            with self.subTest(n=n):
                path = rng.choice(self.snapshots())
                with open(path, "r+b") as f:
                    data = bytearray(f.read())
                    bit = rng.randrange(len(data) * 8)
                    data[bit // 8] ^= 1 << (bit % 8)
                    f.seek(0)
                    f.write(data)
                r = self.drill(*self.PLAN, timeout=TIMEOUT)
                self.assertExit(r, 0)
                self.assertEqual(r.stdout, first.stdout)
                self.assertEqual(r.stderr, "", "no message for a rebuilt snapshot")

    def test_private_under_umask_000(self):
        r = self.drill(*self.PLAN, timeout=TIMEOUT, preexec_fn=lambda: os.umask(0))
        self.assertExit(r, 0)
        for folder in (".cache/drill", ".cache/drill/banks"):
            self.assertEqual(stat.S_IMODE(os.stat(self.path(folder)).st_mode), 0o700, folder)
        for path in self.snapshots():
            self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600, path)

    def test_folders_that_exist_keep_their_modes(self):
        # XDG_CACHE_HOME=/tmp/new-cache once made /tmp itself 0700: only the
        # folders drill creates are drill's.
        shared = self.path("shared")
        os.makedirs(shared)
        os.chmod(shared, 0o1777)
        r = self.drill(*self.PLAN, timeout=TIMEOUT, env={"XDG_CACHE_HOME": os.path.join(shared, "new-cache")})
        self.assertExit(r, 0)
        self.assertEqual(stat.S_IMODE(os.stat(shared).st_mode), 0o1777)
        for folder in ("new-cache", "new-cache/drill", "new-cache/drill/banks"):
            self.assertEqual(stat.S_IMODE(os.stat(os.path.join(shared, folder)).st_mode), 0o700, folder)


ESCAPES = "\x1b[2J\x1b]0;owned\x07"


class ControlCharacters(DrillTest):
    """Escape codes in data (imported answers and ids, bank text) are shown,
    never sent to the terminal; JSON escapes them."""

    def test_an_escape_in_an_imported_id_is_refused_and_shown_harmlessly(self):
        record = {"session_id": "s" + ESCAPES, "mode": "piped", "question_id": QID, "role": "backend",
                  "answered_at_ms": 1_700_000_000_000, "time_limit_s": 180, "score": 50.0,
                  "breakdown": {}, "answer": "x"}
        path = self.write("evil-id.jsonl", json.dumps(record) + "\n")
        r = self.drill("import", path, timeout=TIMEOUT)
        self.assertExit(r, 65, stderr_has=f"{path}:1: session_id: 's^[[2J^[]0;owned^G' is not an id")
        self.assertNotIn("\x1b", r.stderr)

    def test_imported_answer_and_session_id(self):
        record = {"session_id": "s-escapes", "mode": "piped", "question_id": QID, "question_hash": "",
                  "role": "backend", "category": "technical", "difficulty": "intermediate", "topics": ["orm"],
                  "answered_at_ms": 1_700_000_000_000, "elapsed_s": None, "time_limit_s": 180, "score": 50.0,
                  "breakdown": {"concepts": {"hit": [], "missed": []}}, "answer": "I batch " + ESCAPES + " queries."}
        path = self.write("evil.jsonl", json.dumps(record) + "\n")
        r = self.drill("import", path, timeout=TIMEOUT)
        self.assertExit(r, 0)
        listing = self.drill("history", timeout=TIMEOUT)
        self.assertExit(listing, 0)
        show = self.drill("history", "show", "s-escapes", timeout=TIMEOUT)
        self.assertExit(show, 0)
        for r in (listing, show):
            self.assertNotIn("\x1b", r.stdout)
            self.assertNotIn("\x07", r.stdout)
        self.assertIn("I batch ^[[2J^[]0;owned^G queries.", show.stdout)
        as_json = self.drill("history", "show", "s-escapes", "--format", "json", timeout=TIMEOUT)
        self.assertExit(as_json, 0)
        self.assertIn("\\u001b[2J", as_json.stdout)
        self.assertEqual(json.loads(as_json.stdout)["answers"][0]["answer"], "I batch " + ESCAPES + " queries.")

    def test_bank_prompt_in_show_plan_and_session(self):
        path = self.write("evil.json", bank([question("my.evil", prompt="Explain " + ESCAPES + " caching.",
                                                      topics=["caching"], tips=["tip " + ESCAPES])]))
        runs = [self.drill("--bank", path, "bank", "show", "my.evil", timeout=TIMEOUT),
                self.drill("--bank", path, "plan", "-r", "backend", "--topic", "caching", "-n", "50", timeout=TIMEOUT),
                self.drill("--bank", path, "-r", "backend", "--topic", "caching", "-n", "50", "--seed", "1",
                           input=":skip\n" * 60, timeout=TIMEOUT)]
        for r in runs:
            with self.subTest(args=r.args[1:5]):
                self.assertExit(r, 0)
                self.assertIn("Explain ^[[2J^[]0;owned^G caching.", r.stdout)
                self.assertNotIn("\x1b", r.stdout)
        self.assertIn("tip ^[[2J^[]0;owned^G", runs[0].stdout)
