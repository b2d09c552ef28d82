"""The bad-input corpus: broken bank files, oversized and malformed answers,
floods of input, missing data. Each case must end with its sysexits code and
a `drill: error:` line that names the file and the problem; never a crash,
never a hang (every run has a timeout), never a silent wrong result. Large
inputs are made here at run time."""
import json
import os
import random
import stat
import unittest

from drilltest import DrillTest, bank, question

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
        self.assertIn("caf\ufffd", json.loads(exported.splitlines()[0])["answer"])

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
        self.assertEqual(json.loads(exported.splitlines()[0])["answer"], records[0]["answer"])


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
        self.assertExit(r, 65, stderr_has=f"drill: error: {path}:1: nested deeper than 64 levels")


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
