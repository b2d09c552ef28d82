"""Security points: the :edit temporary file and how $EDITOR runs, private
history and logs, bank files that try to reach other files, and no network."""
import json
import os
import shutil
import stat
import subprocess
import unittest

import pexpect

from drilltest import DRILL, DrillTest, bank, question, under_ptrace

ANSWER = "I would use eager loading or a join so that it is one batched query."
SESSION = ["--role", "backend", "--topic", "orm", "-c", "technical", "-n", "1", "--seed", "2"]


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


class Editor(DrillTest):
    def test_editor_gets_a_private_file_as_one_argument(self):
        # A path with a space, so EDITOR must quote it; and options after it.
        tool_dir = self.path("my tools")
        os.makedirs(tool_dir)
        script = os.path.join(tool_dir, "ed it")
        with open(script, "w") as f:
            f.write('#!/bin/sh\n'
                    'printf "%s\\n" "$#" "$@" > "$HOME/args"\n'
                    'for f; do :; done\n'
                    'stat -c %a "$f" > "$HOME/mode"\n'
                    'printf "I would use eager loading." > "$f"\n')
        os.chmod(script, 0o755)
        # A TMPDIR that would run code or split words if it were pasted into a command.
        tmp = self.path("t m'p \"q\" $(touch PWNED) `touch PWNED2`")
        os.makedirs(tmp)
        env = dict(self.env, EDITOR=f"'{script}' --wait -n", VISUAL="", TMPDIR=tmp, TERM="xterm")
        child = pexpect.spawn(DRILL, [*SESSION, "--no-timer", "--no-history", "--follow-ups", "0"], env=env, encoding="utf-8",
                              timeout=15, cwd=self.home)
        self.addCleanup(lambda: child.isalive() and child.terminate(force=True))
        child.expect(r">(\x1b\[0m)? ")
        child.sendline(":edit")
        child.expect("Score:")
        child.expect(pexpect.EOF)
        child.close()
        self.assertEqual(child.exitstatus, 0)
        with open(self.path("args")) as f:
            count, *args = f.read().splitlines()
        self.assertEqual(count, "3")
        self.assertEqual(args[:2], ["--wait", "-n"])
        self.assertEqual(os.path.dirname(args[2]), tmp)
        self.assertRegex(os.path.basename(args[2]), r"^drill-answer-\w{6}\.md$")
        with open(self.path("mode")) as f:
            self.assertEqual(f.read().strip(), "600")
        for name in ("PWNED", "PWNED2"):
            self.assertFalse(os.path.exists(self.path(name)) or os.path.exists(os.path.join(tmp, name)))
        self.assertEqual(os.listdir(tmp), [], "the temporary file is removed")


class PrivateFiles(DrillTest):
    def test_modes_do_not_depend_on_the_umask(self):
        log = self.path("log.jsonl")
        r = self.drill(*SESSION, "--log", log, input=ANSWER + "\n", preexec_fn=lambda: os.umask(0))
        self.assertExit(r, 0)
        state = self.path(".local/state/drill")
        self.assertEqual(mode(state), 0o700)
        self.assertEqual(mode(self.path(".local/state")), 0o700)
        self.assertEqual(mode(log), 0o600)
        files = os.listdir(state)
        self.assertIn("history.db", files)
        for name in files:
            self.assertEqual(mode(os.path.join(state, name)), 0o600, name)

    def test_fallback_file_is_private(self):
        bad = self.write("not-a-db.db", "junk\n" * 100)
        r = self.drill("--history", bad, *SESSION, input=ANSWER + "\n", preexec_fn=lambda: os.umask(0))
        self.assertEqual(r.returncode, 65, r.stderr)  # not a database: bad data, answer in the fallback
        self.assertEqual(mode(self.path(".local/state/drill/unsaved-answers.jsonl")), 0o600)


class BankContent(DrillTest):
    def test_include_and_ref_keys_are_refused(self):
        for key in ("$include", "$ref"):
            with self.subTest(key=key):
                path = self.write("evil.json", bank([question("my.q")], **{key: "../../etc/passwd"}))
                r = self.drill("--bank", path, "plan", "-r", "backend")
                self.assertExit(r, 65, stderr_has=f"unknown key '{key}'")
                q = question("my.q")
                q[key] = "/etc/passwd"
                path = self.write("evil.json", bank([q]))
                r = self.drill("--bank", path, "plan", "-r", "backend")
                self.assertExit(r, 65, stderr_has=f"unknown key '{key}'")

    def test_path_as_id_is_refused(self):
        path = self.write("evil.json", bank([question("../../etc/passwd")]))
        r = self.drill("--bank", path, "plan", "-r", "backend")
        self.assertExit(r, 65, stderr_has="id '../../etc/passwd' may use only lowercase letters")

    @unittest.skipUnless(shutil.which("strace"), "strace is not installed")
    def test_no_file_named_in_a_bank_is_opened_and_nothing_is_run(self):
        target = self.write("target.txt", "secret\n")
        path = self.write("evil.json", bank([question("my.q", prompt=f"Read {target}", tips=[target],
                                                      model_answer=f"$(cat {target})")],
                                            **{"$schema": target}))
        trace = self.path("trace")
        r = subprocess.run(["strace", "-f", "-qq", "-o", trace, "-e", "trace=%file,%process", DRILL, "--bank", path,
                            "plan", "-r", "backend", "--topic", "caching", "-n", "1"], capture_output=True,
                           text=True, env=under_ptrace(self.env), timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(trace) as f:
            calls = f.read()
        self.assertNotIn(target, calls.replace(f'"{path}"', ""))
        self.assertEqual(calls.count("execve("), 1, "drill starts no other program")


class Network(DrillTest):
    def run_all(self, prefix):
        results = [
            self.drill(*SESSION, "--no-history", input=ANSWER + "\n", prefix=prefix),
            self.drill("grade", "--id", "db.n-plus-one", input=ANSWER, prefix=prefix),
            self.drill("plan", "-r", "backend", prefix=prefix),
        ]
        for r in results:
            self.assertExit(r, 0)

    @unittest.skipUnless(shutil.which("strace"), "strace is not installed")
    def test_no_socket_calls(self):
        trace = self.path("trace")
        self.run_all(["strace", "-f", "-qq", "-o", trace, "-e", "trace=network"])
        with open(trace) as f:
            self.assertEqual(f.read(), "", "drill made network calls")

    def test_works_without_a_network(self):
        probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
        if probe.returncode != 0:
            probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True)
            if probe.returncode != 0:
                self.skipTest("no network namespaces here (unshare -n and -rn both fail)")
            self.run_all(["unshare", "-rn"])
        else:
            self.run_all(["unshare", "-n"])


if __name__ == "__main__":
    unittest.main()
