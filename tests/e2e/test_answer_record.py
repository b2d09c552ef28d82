"""Every place that writes answer records (the --log transcript, drill export
and the fallback file) writes lines that docs/answer-record.schema.json
accepts, and the schema is strict enough to refuse the old log format."""
import json
import os
import unittest

import jsonschema

from drilltest import SOURCE, DrillTest, bank, question

CACHE = question(
    "my.cache",
    prompt="How would you keep a cache from serving stale data?",
    topics=["stale-caches"],
    concepts=[
        {"name": "time to live", "any": ["ttl", "time to live"], "weight": 1},
        {"name": "invalidate on write", "any": ["invalidate on write"], "weight": 1},
    ],
    model_answer="I give every entry a time to live and invalidate on write, so a changed row is never served old.",
)
ANSWER = "Entries get a ttl."


class AnswerRecordSchema(DrillTest):
    def setUp(self):
        super().setUp()
        with open(os.path.join(SOURCE, "docs", "answer-record.schema.json"), encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
        self.validator = jsonschema.Draft202012Validator(schema)
        self.bank = self.write("bank.json", bank([CACHE], version=2))

    def lines(self, text):
        out = [json.loads(x) for x in text.splitlines() if x.strip()]
        self.assertTrue(out)
        return out

    def assertValid(self, records):
        for r in records:
            errors = [e.message for e in self.validator.iter_errors(r)]
            self.assertEqual(errors, [], json.dumps(r)[:400])

    def session(self, *extra, input=ANSWER + "\n\n:dispute 1 drop the key\n"):
        return self.drill("--bank", self.bank, "--role", "backend", "-n", "1", "--self-rate", *extra, input=input)

    def test_log_export_and_fallback_lines_match_the_schema(self):
        log = self.path("log.jsonl")
        r = self.session("--log", log, input=ANSWER + "\n\n:dispute 1 drop the key\n3\n")
        self.assertExit(r, 0)
        with open(log, encoding="utf-8") as f:
            logged = self.lines(f.read())
        self.assertEqual([x["type"] for x in logged], ["answer", "correction", "correction", "session"])
        self.assertValid(logged)

        exported = self.drill("export")
        self.assertExit(exported, 0)
        records = self.lines(exported.stdout)
        self.assertEqual({x["type"] for x in records}, {"session", "answer", "correction", "phrasing"})
        self.assertValid(records)

        bad = self.write("not-a-db.db", "this is not a database\n" * 50)
        r = self.session("--history", bad)
        self.assertIn(r.returncode, (65, 74), r.stderr)
        with open(self.path(".local/state/drill/unsaved-answers.jsonl"), encoding="utf-8") as f:
            saved = self.lines(f.read())
        self.assertEqual([x["type"] for x in saved], ["answer"])
        self.assertValid(saved)

    def test_the_schema_refuses_the_old_log_names_and_bad_fields(self):
        old = {"type": "answer", "session": "abc", "question": "my.cache", "time": "2026-01-01T00:00:00Z",
               "score": 50, "concepts": {"hit": [], "missed": []}, "answer": "x", "time_limit_s": 60}
        self.assertTrue(list(self.validator.iter_errors(old)))
        log = self.path("log.jsonl")
        self.assertExit(self.session("--log", log, input=ANSWER + "\n\n"), 0)
        with open(log, encoding="utf-8") as f:
            good = json.loads(f.readline())
        for field, value in (("question_id", "../x"), ("score", 101), ("mode", "hacker"), ("time_limit_s", 0)):
            with self.subTest(field=field):
                self.assertTrue(list(self.validator.iter_errors(dict(good, **{field: value}))))


if __name__ == "__main__":
    unittest.main()
