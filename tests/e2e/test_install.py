"""What `cmake --install` lays down: a stripped drill, the completions where
bash, zsh and fish look for them, the man page pointing at the installed
documentation."""
import os
import shutil
import subprocess
import tempfile
import unittest

from drilltest import DRILL, sanitizer_env, under_ptrace

BUILD = os.environ.get("DRILL_BUILD_DIR")


@unittest.skipIf(BUILD is None or shutil.which("cmake") is None, "needs the build tree and cmake")
class Install(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.prefix = os.path.join(cls.tmp.name, "usr")
        cls.result = subprocess.run(["cmake", "--install", BUILD, "--prefix", cls.prefix], capture_output=True,
                                    text=True, timeout=300)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def setUp(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr)

    def test_the_binary_is_stripped_and_runs(self):
        binary = os.path.join(self.prefix, "bin", "drill")
        sections = subprocess.run(["readelf", "-S", "-W", binary], capture_output=True, text=True).stdout
        self.assertNotIn(".debug_info", sections)
        self.assertNotIn(".symtab", sections)
        # Smaller than the build's own binary: the sections above are gone.
        # (How much smaller depends on the build's debug level.)
        self.assertLess(os.path.getsize(binary), os.path.getsize(DRILL))
        r = subprocess.run([binary, "bank", "list"], capture_output=True, text=True, timeout=30,
                           env={"HOME": self.tmp.name, "PATH": "/usr/bin:/bin"})
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_the_installed_drill_reads_a_job_posting(self):
        binary = os.path.join(self.prefix, "bin", "drill")
        r = subprocess.run([binary, "job", "-"], input="Backend engineer: Kafka, Redis\n", capture_output=True,
                           text=True, timeout=30, env={"HOME": self.tmp.name, "PATH": "/usr/bin:/bin"})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Kafka", r.stdout)

    @unittest.skipIf(shutil.which("strace") is None, "needs strace")
    def test_grading_maps_the_installed_lemma_table_and_planning_does_not(self):
        binary = os.path.join(self.prefix, "bin", "drill")
        table = os.path.join(self.prefix, "share", "drill", "lemmas.bin")
        self.assertTrue(os.path.isfile(table))
        self.assertTrue(os.path.isfile(os.path.join(self.prefix, "share", "doc", "drill", "WordNet-3.0.txt")))
        env = under_ptrace(dict(sanitizer_env(), HOME=self.tmp.name, PATH="/usr/bin:/bin"))

        def opened(*args, answer=""):
            r = subprocess.run(["strace", "-f", "-e", "trace=openat", binary, *args], input=answer,
                               capture_output=True, text=True, timeout=60, env=env)
            self.assertEqual(r.returncode, 0, r.stderr[-2000:])
            return r.stderr

        self.assertIn(table, opened("grade", "--id", "db.index-basics",
                                    answer="The index was built as a B-tree, so a lookup never reads every row.\n"))
        self.assertNotIn("lemmas.bin", opened("plan", "--role", "backend", "-n", "1"))

    def test_completions_in_their_standard_places(self):
        for place, shell in (("share/bash-completion/completions/drill", "bash"),
                             ("share/zsh/site-functions/_drill", "zsh"),
                             ("share/fish/vendor_completions.d/drill.fish", "fish")):
            with self.subTest(shell=shell):
                with open(os.path.join(self.prefix, place)) as f:
                    self.assertIn(f"drill completion {shell}", f.read())

    def test_the_man_page_points_at_the_installed_documentation(self):
        docdir = os.path.join(self.prefix, "share", "doc", "drill")
        with open(os.path.join(self.prefix, "share", "man", "man1", "drill.1")) as f:
            page = f.read()
        self.assertNotIn("@DRILL_DOCDIR@", page)
        self.assertNotIn("source tree", page)
        self.assertTrue(os.path.exists(os.path.join(docdir, "README.md")))
        for guide in ("session.md", "bank-format.md", "scoring.md", "history.md", "config.md"):
            self.assertTrue(os.path.exists(os.path.join(docdir, "docs", guide)), guide)
            self.assertIn(guide.replace("-", "\\-"), page)


if __name__ == "__main__":
    unittest.main()
