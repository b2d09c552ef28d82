import csv
import io
import json
import os
import signal
import sqlite3
import stat
import subprocess
import time
import unittest

from drill_e2e import DAY_MS, DrillTestCase, answer, now_ms
from drilltest import answers_in, bank
from test_disputes import QUESTION as CACHE_QUESTION


class ExportImportTest(DrillTestCase):
    def records(self):
        if not hasattr(self, "_t"):
            self._t = now_ms() - 5 * DAY_MS
        t = self._t
        return [
            answer(session="s1", question="http.caching", at_ms=t, score=70,
                   answer='Quote "this", and a comma,\nand a second line.'),
            answer(session="s1", question="db.index", at_ms=t + 60_000, score=35.5, elapsed_s=None),
            answer(session="s2", question="http.caching", at_ms=t + DAY_MS, score=90),
        ]

    def test_import_reports_counts_and_skips_duplicates(self):
        result = self.import_answers(self.records())
        self.assertIn("Imported 3 answers, skipped 0", result.stdout)
        again = self.import_answers(self.records())
        self.assertIn("Imported 0 answers, skipped 3", again.stdout)
        mode = stat.S_IMODE(os.stat(self.db).st_mode)
        self.assertEqual(mode, 0o600)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.dirname(self.db)).st_mode), 0o700)

    def test_jsonl_round_trips(self):
        self.import_answers(self.records())
        exported = self.drill("export")
        self.assertEqual(exported.returncode, 0, exported.stderr)
        lines = [json.loads(line) for line in exported.stdout.splitlines()]
        self.assertEqual([x for x in lines if x["type"] == "answer"], self.records())
        sessions = [x for x in lines if x["type"] == "session"]
        self.assertEqual([x["session_id"] for x in sessions], ["s1", "s2"])
        self.assertEqual(lines[:2], sessions, "sessions come first, so an import creates them whole")

        other = os.path.join(self.tmp, "copy.db")
        path = self.write("export.jsonl", exported.stdout)
        self.assertIn("Imported 3", self.drill("--history", other, "import", path).stdout)
        self.assertEqual(self.drill("--history", other, "export").stdout, exported.stdout)

    def test_csv_is_rfc4180(self):
        self.import_answers(self.records())
        result = self.drill("export", "--format", "csv", binary=True)
        self.assertEqual(result.returncode, 0, result.stderr)
        text = result.stdout.decode("utf-8")
        self.assertTrue(text.startswith("session_id,mode,question_id,"))
        self.assertTrue(text.endswith("\r\n"))
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        self.assertEqual(len(rows), 3)
        self.assertEqual(rows[0]["answer"], 'Quote "this", and a comma,\nand a second line.')
        self.assertEqual(rows[0]["topics"], "http;caching")
        self.assertEqual(rows[0]["concepts_missed"], "invalidation")
        self.assertEqual(rows[1]["elapsed_s"], "")
        self.assertEqual(rows[1]["score"], "35.5")

    def test_export_without_history_writes_nothing(self):
        result = self.drill("export")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, "")
        self.assertFalse(os.path.exists(self.db))

    def test_a_bad_line_is_named_and_skipped_and_the_good_ones_land(self):
        good = json.dumps(answer())
        path = self.write("bad.jsonl", good + "\n\n" + '{"session_id": "x"' + "\n")
        r = self.drill("import", path)
        self.assertError(r, 65, "bad.jsonl:3: not valid JSON", "1 bad line skipped")
        self.assertIn("Imported 1 answer,", r.stdout)
        path = self.write("bad2.jsonl", json.dumps(answer(score=150, at_ms=1)) + "\n")
        self.assertError(self.drill("import", path), 65, "bad2.jsonl:1: score: must be a number from 0 to 100")
        path = self.write("bad3.jsonl", json.dumps(dict(answer(at_ms=2), scroe=1)) + "\n")
        self.assertError(self.drill("import", path), 65, "bad3.jsonl:1: scroe: unknown key (did you mean 'score'?)")
        # A number no double can hold is bad data, not an internal error.
        path = self.write("bad4.jsonl", good.replace('"score": ', '"score": 1e400, "x": ', 1) + "\n")
        self.assertError(self.drill("import", path), 65, "bad4.jsonl:1:", "not valid JSON")
        exported = [json.loads(x) for x in self.drill("export").stdout.splitlines()]
        self.assertEqual([x["answered_at_ms"] for x in exported if x["type"] == "answer"],
                         [json.loads(good)["answered_at_ms"]], "only the good line landed")

    def test_csv_neutralises_formulas_and_replaces_bad_bytes(self):
        rows = [answer(at_ms=1_700_000_000_000 + i, answer=text) for i, text in
                enumerate(["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "plain"])]
        self.import_answers(rows)
        # An answer with a byte that is not UTF-8, straight into the history.
        c = sqlite3.connect(self.db)
        c.execute("UPDATE answers SET answer = CAST(X'6f6b20ff21' AS TEXT) WHERE answer = 'plain'")
        c.commit()
        c.close()
        result = self.drill("export", "--format", "csv", binary=True)
        self.assertEqual(result.returncode, 0, result.stderr)
        text = result.stdout.decode("utf-8")  # strict: every byte is UTF-8
        answers = [r["answer"] for r in csv.DictReader(io.StringIO(text, newline=""))]
        self.assertEqual(answers, ["'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)", "'\tx", "'\rx",
                                   "ok \ufffd!"])
        jsonl = self.drill("export", binary=True).stdout.decode("utf-8")
        self.assertIn("ok \ufffd!", jsonl)

    def test_a_log_file_imports(self):
        log = os.path.join(self.tmp, "log.jsonl")
        r = self.drill("--role", "backend", "--topic", "databases", "-n", "2", "--seed", "3", "--log", log,
                       "--no-history", input="Use eager loading and batch the queries.\n\nAn index.\n\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(log, encoding="utf-8") as f:
            types = [json.loads(line)["type"] for line in f]
        self.assertEqual(types, ["answer", "answer", "session"])
        result = self.drill("import", log)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Imported 2 answers, skipped 0", result.stdout)
        again = self.drill("import", log)
        self.assertIn("Imported 0 answers, skipped 2", again.stdout)
        sessions = json.loads(self.drill("history", "--format", "json").stdout)["sessions"]
        self.assertEqual(len(sessions), 1)
        self.assertEqual(sessions[0]["mode"], "piped")
        self.assertIsNotNone(sessions[0]["ended_at_ms"], "the session line's end is stored")

    def test_a_missing_file_is_exit_66(self):
        self.assertEqual(self.drill("import", os.path.join(self.tmp, "nope.jsonl")).returncode, 66)

    def test_parallel_imports_store_each_answer_once(self):
        import subprocess
        t = now_ms() - 3 * DAY_MS
        paths = []
        for p in range(2):
            records = [answer(session=f"p{p}", question=f"q{i % 25}", at_ms=t + i, score=i % 100) for i in range(400)]
            paths.append(self.write(f"p{p}.jsonl", "".join(json.dumps(r) + "\n" for r in records)))
        # Overlap: both processes also carry the same 50 answers.
        shared = [answer(session="shared", question=f"q{i}", at_ms=t + i) for i in range(50)]
        for path in paths:
            with open(path, "a", encoding="utf-8") as f:
                f.write("".join(json.dumps(r) + "\n" for r in shared))
        env = dict(self.env)
        procs = [subprocess.Popen([self.drill_bin(), "import", path], env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for path in paths]
        outputs = [p.communicate(timeout=120) for p in procs]
        for proc, (out, err) in zip(procs, outputs):
            self.assertEqual(proc.returncode, 0, err)
        lines = self.drill("export").stdout.splitlines()
        keys = [(r["session_id"], r["question_id"], r["answered_at_ms"]) for r in map(json.loads, lines)
                if r["type"] == "answer"]
        self.assertEqual(len(keys), 850)
        self.assertEqual(len(set(keys)), 850)

    def test_an_interrupted_import_keeps_whole_batches_and_a_rerun_completes_it(self):
        t = now_ms() - 400 * DAY_MS
        records = [answer(session=f"s{i // 5}", question=f"q{i % 37}", at_ms=t + i * 600_000,
                          score=float(i % 101), topics=["t%d" % (i % 7), "t%d" % (i % 3)],
                          breakdown={"concepts": {"hit": ["c%d" % (i % 11)], "missed": ["c%d" % (i % 5)]},
                                     "star": None})
                   for i in range(40_000)]
        path = self.write("big.jsonl", "".join(json.dumps(r) + "\n" for r in records))
        os.makedirs(os.path.dirname(self.db), exist_ok=True)

        def answers_in(db):
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
                    return c.execute("SELECT count(*) FROM answers").fetchone()[0]
            except sqlite3.Error:
                return 0  # not created yet

        proc = subprocess.Popen([self.drill_bin(), "import", path], env=self.env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120
        while answers_in(self.db) == 0 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=120)
        if proc.returncode == 0:
            self.skipTest("the import finished before it could be interrupted")
        self.assertEqual(proc.returncode, -signal.SIGINT)
        kept = answers_in(self.db)
        self.assertGreater(kept, 0)
        self.assertLess(kept, len(records))
        self.assertEqual(kept % 5000, 0, "an interrupted import left part of a batch")

        rerun = self.drill("import", path)
        self.assertEqual(rerun.returncode, 0, rerun.stderr)
        self.assertIn(f"Imported {len(records) - kept} answers, skipped {kept}", rerun.stdout)
        clean = os.path.join(self.tmp, "clean.db")
        self.assertEqual(self.drill("--history", clean, "import", path).returncode, 0)

        def tables(db):
            with sqlite3.connect(db) as c:
                return {table: c.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3").fetchall()
                        for table in ("answers", "sessions", "memory", "day_scores", "day_topics",
                                      "day_concepts", "month_concepts", "topic_totals",
                                      "concept_totals")}
        self.assertEqual(tables(self.db), tables(clean))

    def test_import_reads_stdin(self):
        result = self.drill("import", "-", input=json.dumps(answer()) + "\n")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Imported 1 answer,", result.stdout)

    def test_import_refuses_a_newer_or_corrupt_history(self):
        path = self.write("one.jsonl", json.dumps(answer()) + "\n")
        before = self.make_newer_history()
        self.assertError(self.drill("import", path), 65, "newer")
        self.assertEqual(self.read_db_bytes(), before)
        before = self.make_corrupt_history()
        self.assertError(self.drill("import", path), 65)
        self.assertEqual(self.read_db_bytes(), before)

    def test_a_read_only_directory_is_an_io_error(self):
        path = self.write("one.jsonl", json.dumps(answer()) + "\n")
        prefix = ()
        if os.geteuid() == 0:
            if not os.path.exists("/usr/bin/setpriv"):
                self.skipTest("running as root without setpriv")
            prefix = ("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups")
        locked = os.path.join(self.tmp, "locked")
        os.makedirs(locked)
        os.chmod(locked, 0o555)
        os.chmod(path, 0o644)
        db = os.path.join(locked, "history.db")
        result = self.drill("--history", db, "import", path, prefix=prefix)
        self.assertError(result, 74, "history.db")
        self.assertFalse(os.path.exists(db))

        # An existing history in a directory that turned read-only.
        writable = os.path.join(self.tmp, "writable")
        os.makedirs(writable)
        os.chmod(writable, 0o777)
        db = os.path.join(writable, "history.db")
        self.assertEqual(self.drill("--history", db, "import", path, prefix=prefix).returncode, 0)
        os.chmod(writable, 0o555)
        for name in os.listdir(writable):
            os.chmod(os.path.join(writable, name), 0o444)
        path2 = self.write("two.jsonl", json.dumps(answer(question="other")) + "\n")
        os.chmod(path2, 0o644)
        result = self.drill("--history", db, "import", path2, prefix=prefix)
        self.assertError(result, 74)

        # Reading it still works, from the file as it was last written.
        stats = self.drill("--history", db, "stats", "--format", "json", prefix=prefix)
        self.assertEqual(stats.returncode, 0, stats.stderr)
        self.assertEqual(json.loads(stats.stdout)["answers"], 1)
        exported = self.drill("--history", db, "export", prefix=prefix)
        self.assertEqual(exported.returncode, 0, exported.stderr)
        self.assertEqual(len(answers_in(exported.stdout)), 1)
        self.assertEqual(self.drill("--history", db, "due", prefix=prefix).returncode, 1)


if __name__ == "__main__":
    unittest.main()


class LosslessRoundTrip(DrillTestCase):
    """Everything the history holds survives export -> import -> export."""

    def practise(self):
        bank_v1 = self.write("bank.json", bank([CACHE_QUESTION], version=2))
        common = ("--bank", bank_v1, "--role", "backend", "--topic", "stale-caches", "-n", "1")
        r = self.drill(*common, input="Entries expire after an hour.\n\n:dispute 1 drop the key on update\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.drill(*common, "--self-rate", input="We set a ttl.\n\n2\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        # The question gains a concept: a rescore changes both scores.
        edited = dict(CACHE_QUESTION, concepts=CACHE_QUESTION["concepts"] + [
            {"name": "versioned keys", "any": ["version the key"], "weight": 1}])
        bank_v2 = self.write("bank2.json", bank([edited], version=2))
        r = self.drill("--bank", bank_v2, "rescore")
        self.assertEqual(r.returncode, 0, r.stderr)

    def due_without_clock(self, *history):
        doc = json.loads(self.drill(*history, "due", "--format", "json").stdout)
        doc.pop("now_ms")
        for d in doc["due"]:
            d.pop("overdue_days")
        return doc

    def test_export_import_export_is_byte_for_byte(self):
        self.practise()
        first = self.drill("export", binary=True)
        self.assertEqual(first.returncode, 0, first.stderr)
        lines = [json.loads(x) for x in first.stdout.decode("utf-8").splitlines()]
        kinds = {x["type"] for x in lines}
        self.assertEqual(kinds, {"session", "answer", "rescore", "correction", "phrasing"})
        self.assertTrue(all(x["ended_at_ms"] is not None for x in lines if x["type"] == "session"))
        self.assertTrue(any("auto_score" in x for x in lines if x["type"] == "answer"))
        self.assertTrue(any(x.get("rating") == 2 for x in lines if x["type"] == "answer"))

        path = os.path.join(self.tmp, "export.jsonl")
        with open(path, "wb") as f:
            f.write(first.stdout)
        other = ("--history", os.path.join(self.tmp, "other.db"))
        r = self.drill(*other, "import", path)
        self.assertEqual(r.returncode, 0, r.stderr)
        second = self.drill(*other, "export", binary=True)
        self.assertEqual(second.stdout, first.stdout)

        self.assertEqual(json.loads(self.drill(*other, "stats", "--format", "json").stdout),
                         json.loads(self.drill("stats", "--format", "json").stdout))
        self.assertEqual(self.due_without_clock(*other), self.due_without_clock())

        # Importing the same file again adds nothing.
        again = self.drill(*other, "import", path)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn("Imported 0 answers, skipped 2", again.stdout)
        self.assertIn("Restored 0 ", again.stdout)
        self.assertEqual(self.drill(*other, "export", binary=True).stdout, first.stdout)
