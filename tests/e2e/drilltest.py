"""Shared harness for end-to-end tests: run the real drill binary in a
throwaway HOME with every XDG directory inside it."""
import json
import os
import subprocess
import tempfile
import unittest

DRILL = os.environ.get("DRILL_BIN", os.path.join(os.path.dirname(__file__), "../../build/drill"))
SOURCE = os.environ.get("DRILL_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "../.."))
SANITIZER_VARIABLES = ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS")


def sanitizer_env():
    """The sanitizer settings of the test run, for a drill built with
    DRILL_SANITIZE: the tests give drill a clean environment, and these must
    reach it so that a leak or undefined behaviour fails the test."""
    return {k: os.environ[k] for k in SANITIZER_VARIABLES if k in os.environ}


class DrillTest(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.home = self._tmp.name
        self.env = {
            "HOME": self.home,
            "PATH": "/usr/bin:/bin",
            "XDG_CONFIG_HOME": os.path.join(self.home, ".config"),
            "XDG_DATA_HOME": os.path.join(self.home, ".local/share"),
            "XDG_STATE_HOME": os.path.join(self.home, ".local/state"),
            "LANG": "C.UTF-8",
            **sanitizer_env(),
        }

    def tearDown(self):
        self._tmp.cleanup()

    def path(self, *parts):
        return os.path.join(self.home, *parts)

    def write(self, name, text, mode="w"):
        p = self.path(name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, mode) as f:
            f.write(text)
        return p

    def drill(self, *args, input=None, env=None, timeout=30):
        e = dict(self.env)
        if env:
            e.update(env)
        return subprocess.run([DRILL, *args], input=input, capture_output=True, text=True,
                              env=e, timeout=timeout, errors="replace")

    def assertExit(self, result, code, stderr_has=None, stdout_has=None):
        msg = f"exit {result.returncode}\nstdout:\n{result.stdout[-2000:]}\nstderr:\n{result.stderr[-2000:]}"
        self.assertEqual(result.returncode, code, msg)
        if stderr_has is not None:
            self.assertIn(stderr_has, result.stderr, msg)
        if stdout_has is not None:
            self.assertIn(stdout_has, result.stdout, msg)


def bank(questions, **top):
    doc = {"format": "drill-bank", "version": 1, "role": "backend", "questions": questions}
    doc.update(top)
    return json.dumps(doc, indent=2)


def question(qid="my.q", **fields):
    q = {"id": qid, "prompt": "Explain caching.", "category": "technical", "difficulty": "beginner",
         "concepts": [{"name": "ttl", "any": ["ttl", "time to live"]}]}
    q.update(fields)
    return q
