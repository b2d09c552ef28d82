"""Shared set-up for the session end-to-end tests: a throwaway HOME."""
import json
import os
import shutil
import tempfile
import unittest

from drilltest import sanitizer_env

DRILL = os.environ.get("DRILL_BIN", "drill")
SOURCE = os.environ.get("DRILL_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURE_BANK = os.path.join(SOURCE, "tests", "fixtures", "mini-bank.json")


class TempHome:
    """A HOME with XDG_* inside it, and an environment that points there."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="drill-e2e-")
        self.env = {
            "HOME": self.dir,
            "PATH": "/usr/bin:/bin",
            "XDG_CONFIG_HOME": os.path.join(self.dir, ".config"),
            "XDG_DATA_HOME": os.path.join(self.dir, ".local", "share"),
            "XDG_STATE_HOME": os.path.join(self.dir, ".local", "state"),
            "XDG_CACHE_HOME": os.path.join(self.dir, ".cache"),
            "TERM": "xterm",
            "LANG": "C.UTF-8",
            # Only the small fixture bank, so that the questions are known.
            "DRILL_DATA_DIR": os.path.join(self.dir, "data"),
            **sanitizer_env(),
        }
        os.makedirs(os.path.join(self.dir, "data", "banks"))
        shutil.copy(FIXTURE_BANK, os.path.join(self.dir, "data", "banks"))

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


class PtyCase(unittest.TestCase):
    """A test that drives drill through a pty: a TempHome, a log path in it,
    and `self.child`, which is killed at the end if it is still running."""

    def setUp(self):
        self.home = TempHome()
        self.log = self.home.path("log.jsonl")
        self.child = None

    def tearDown(self):
        if self.child is not None and self.child.isalive():
            self.child.terminate(force=True)
        self.home.cleanup()


def read_log(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
