"""Shared harness for end-to-end tests: run the real drill binary in a
throwaway HOME with every XDG directory inside it."""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

DRILL = os.environ.get("DRILL_BIN", os.path.join(os.path.dirname(__file__), "../../build/drill"))
SOURCE = os.environ.get("DRILL_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "../.."))
NOBODY = 65534  # uid and gid of 'nobody' on Debian


def unprivileged_prefix():
    """The command prefix that runs a program as 'nobody' when the tests run as
    root (root ignores file modes, so permission tests would prove nothing);
    empty when they already run as an ordinary user. None when root cannot
    drop its privileges here."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv", path="/usr/bin:/bin")
    if setpriv is None:
        return None
    return [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]

SANITIZER_VARIABLES = ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS")


def sanitizer_env():
    """The sanitizer settings of the test run, for a drill built with
    DRILL_SANITIZE: the tests give drill a clean environment, and these must
    reach it so that a leak or undefined behaviour fails the test."""
    return {k: os.environ[k] for k in SANITIZER_VARIABLES if k in os.environ}


def under_ptrace(env):
    """`env` for a drill run under strace: LeakSanitizer cannot work under
    ptrace and aborts, so leak checks are off there (ASan still runs). The
    setting is harmless for a drill built without sanitizers."""
    options = env.get("ASAN_OPTIONS")
    return dict(env, ASAN_OPTIONS=(options + ":" if options else "") + "detect_leaks=0")


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

    def drill(self, *args, input=None, env=None, timeout=30, unprivileged=False, prefix=(), **popen):
        """Runs drill to its end. `input` may be bytes (then stdout and stderr
        are decoded afterwards, bad bytes replaced); `unprivileged` runs it as
        'nobody' (see unprivileged()); `prefix` goes before the command (strace,
        unshare); other keywords go to subprocess.run."""
        e = dict(self.env)
        if env:
            e.update(env)
        if prefix and os.path.basename(prefix[0]) == "strace":
            e = under_ptrace(e)
        argv = [*(self.unprivileged() if unprivileged else []), *prefix, DRILL, *args]
        if isinstance(input, bytes):
            r = subprocess.run(argv, input=input, capture_output=True, env=e, timeout=timeout, **popen)
            r.stdout = r.stdout.decode("utf-8", "replace")
            r.stderr = r.stderr.decode("utf-8", "replace")
            return r
        return subprocess.run(argv, input=input, capture_output=True, text=True,
                              env=e, timeout=timeout, errors="replace", **popen)

    def unprivileged(self):
        """The prefix that runs drill as an ordinary user, after handing HOME
        to that user; skips the test when that cannot be done here."""
        prefix = unprivileged_prefix()
        if prefix is None:
            self.skipTest("running as root without setpriv: file modes cannot be tested")
        if not prefix:
            return prefix
        for root, dirs, files in os.walk(self.home):
            for name in [root, *(os.path.join(root, n) for n in dirs + files)]:
                os.lchown(name, NOBODY, NOBODY)
        if not getattr(self, "_probed", False):
            probe = subprocess.run([*prefix, DRILL, "--version"], capture_output=True, text=True, env=self.env)
            if probe.returncode != 0:
                self.skipTest(f"'nobody' cannot run {DRILL} (is a directory above it private?): {probe.stderr}")
            self._probed = True
        return prefix

    def one_role_data(self, role="backend"):
        """Environment for a drill whose bundled data holds only `role`'s banks
        (and the lexicon): the state of a install with one role."""
        import glob
        import shutil
        source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data")
        target = self.path("one-role-data")
        os.makedirs(os.path.join(target, "banks"), exist_ok=True)
        shutil.copy(os.path.join(source, "lexicon.json"), target)
        shutil.copy(os.path.join(source, "skills.json"), target)
        for f in glob.glob(os.path.join(source, "banks", f"{role}-*.json")):
            shutil.copy(f, os.path.join(target, "banks"))
        return {"DRILL_DATA_DIR": target}

    def assertExit(self, result, code, stderr_has=None, stdout_has=None):
        msg = f"exit {result.returncode}\nstdout:\n{result.stdout[-2000:]}\nstderr:\n{result.stderr[-2000:]}"
        self.assertEqual(result.returncode, code, msg)
        if stderr_has is not None:
            self.assertIn(stderr_has, result.stderr, msg)
        if stdout_has is not None:
            self.assertIn(stdout_has, result.stdout, msg)


def answers_in(export_text):
    """The answer lines of a `drill export` (which also holds sessions,
    rescores, corrections and phrasings)."""
    return [x for x in map(json.loads, export_text.splitlines()) if x.get("type", "answer") == "answer"]


def bank(questions, **top):
    doc = {"format": "drill-bank", "version": 1, "role": "backend", "questions": questions}
    doc.update(top)
    return json.dumps(doc, indent=2)


def question(qid="my.q", **fields):
    q = {"id": qid, "prompt": "Explain caching.", "category": "technical", "difficulty": "beginner",
         "concepts": [{"name": "ttl", "any": ["ttl", "time to live"]}]}
    q.update(fields)
    return q
