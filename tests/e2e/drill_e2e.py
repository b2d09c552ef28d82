"""Shared set-up for the end-to-end tests: the real binary, a throwaway HOME."""

import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
import unittest

from drilltest import sanitizer_env

DRILL = os.environ.get("DRILL_BIN", "drill")
DAY_MS = 86_400_000


def now_ms():
    return int(time.time() * 1000)


def answer(session="s1", question="http.caching", at_ms=None, score=70.0, **extra):
    """One answer in the export line format."""
    record = {
        "type": "answer",
        "session_id": session,
        "mode": "piped",
        "question_id": question,
        "question_hash": "0123456789abcdef",
        "role": "backend",
        "category": "technical",
        "difficulty": "beginner",
        "topics": ["http", "caching"],
        "answered_at_ms": now_ms() if at_ms is None else at_ms,
        "elapsed_s": 30.0,
        "time_limit_s": 180,
        "score": score,
        "breakdown": {"concepts": {"hit": ["ttl"], "missed": ["invalidation"]}, "star": None},
        "answer": "Use a cache with a TTL.",
    }
    record.update(extra)
    return record


class DrillTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="drill-e2e-")
        os.chmod(self.tmp, 0o755)
        self.home = os.path.join(self.tmp, "home")
        os.makedirs(self.home)
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": self.home,
            "XDG_CONFIG_HOME": os.path.join(self.home, ".config"),
            "XDG_DATA_HOME": os.path.join(self.home, ".local", "share"),
            "XDG_STATE_HOME": os.path.join(self.home, ".local", "state"),
            "LANG": "C.UTF-8",
            "TZ": "UTC",
            **sanitizer_env(),
        }
        if "DRILL_SOURCE_DIR" in os.environ:
            self.env["DRILL_DATA_DIR"] = os.path.join(os.environ["DRILL_SOURCE_DIR"], "data")
        self.db = os.path.join(self.home, ".local", "state", "drill", "history.db")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def drill(self, *args, input=None, env=None, prefix=(), binary=False):
        merged = dict(self.env)
        merged.update(env or {})
        return subprocess.run(list(prefix) + [DRILL, *args], input=input, env=merged, capture_output=True,
                              text=not binary, timeout=120)

    def drill_bin(self):
        return DRILL

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def import_answers(self, records):
        path = self.write("answers.jsonl", "".join(json.dumps(r) + "\n" for r in records))
        result = self.drill("import", path)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result

    def make_newer_history(self):
        os.makedirs(os.path.dirname(self.db), exist_ok=True)
        con = sqlite3.connect(self.db)
        con.execute("CREATE TABLE future (x)")
        con.execute("PRAGMA user_version = 99")
        con.commit()
        con.close()
        with open(self.db, "rb") as f:
            return f.read()

    def make_corrupt_history(self):
        os.makedirs(os.path.dirname(self.db), exist_ok=True)
        junk = b"this is not a database\n" * 400
        with open(self.db, "wb") as f:
            f.write(junk)
        return junk

    def read_db_bytes(self):
        with open(self.db, "rb") as f:
            return f.read()

    def assertError(self, result, status, *fragments):
        self.assertEqual(result.returncode, status, result.stderr)
        self.assertIn("drill: error:", result.stderr)
        for fragment in fragments:
            self.assertIn(fragment, result.stderr)
