"""Shell completion: the bash script run through its completion function, the
zsh one with compsys's builtins stubbed, the fish one through `complete -C`,
and a check that every command and option of --help is in all three."""
import os
import re
import shutil
import subprocess
import unittest

from drilltest import DrillTest, DRILL

BUILD = os.environ.get("DRILL_BUILD_DIR", os.path.join(os.path.dirname(DRILL)))


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


class Completion(DrillTest):
    def setUp(self):
        super().setUp()
        # The scripts call `drill` by the name typed: put this one first.
        self.env["PATH"] = os.path.dirname(os.path.abspath(DRILL)) + ":/usr/bin:/bin"
        self.scripts = {}
        for shell in ("bash", "zsh", "fish"):
            r = self.drill("completion", shell)
            self.assertExit(r, 0)
            self.scripts[shell] = self.write(f"completion.{shell}", r.stdout)

    def bash(self, *words):
        """What bash offers for the last word of `drill WORDS...`."""
        code = (f"source '{self.scripts['bash']}'; COMP_WORDS=(drill {' '.join(repr(w) for w in words)}); "
                "COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _drill; printf '%s\\n' \"${COMPREPLY[@]}\"")
        r = subprocess.run(["bash", "--norc", "-c", code], capture_output=True, text=True, env=self.env,
                           cwd=self.home, timeout=30)
        self.assertEqual(r.returncode, 0, r.stderr)
        return sorted(filter(None, r.stdout.split("\n")))

    def zsh(self, *words):
        if shutil.which("zsh") is None:
            self.skipTest("zsh is not installed")
        quoted = " ".join("'" + w + "'" for w in ("drill", *words))
        # compadd offers the words that start with the one typed, as compsys does.
        code = ("compadd() { [[ $1 == -- ]] && shift; local w; for w in \"$@\"; do "
                "[[ $w == ${words[CURRENT]}* ]] && print -- $w; done; true }; _files() { print -- @files }; "
                "_message() { }; compset() { }; "
                f"words=({quoted}); CURRENT=${{#words}}; source '{self.scripts['zsh']}'")
        r = subprocess.run(["zsh", "-f", "-c", code], capture_output=True, text=True, env=self.env, cwd=self.home,
                           timeout=30)
        self.assertEqual(r.returncode, 0, r.stderr)
        return sorted(filter(None, r.stdout.split("\n")))

    def fish(self, line):
        if shutil.which("fish") is None:
            self.skipTest("fish is not installed")
        code = f"source '{self.scripts['fish']}'; complete -C '{line}'"
        r = subprocess.run(["fish", "--no-config", "-c", code], capture_output=True, text=True, env=self.env,
                           cwd=self.home, timeout=30)
        self.assertEqual(r.returncode, 0, r.stderr)
        return sorted(x.split("\t")[0] for x in r.stdout.split("\n") if x)

    def test_options_of_the_command_typed(self):
        self.assertEqual(self.bash("stats", "--s"), ["--since"])
        self.assertEqual(self.bash("grade", "--w"), ["--worksheet"])
        self.assertEqual(self.bash("plan", "--co"), ["--color", "--config", "--count"])
        self.assertEqual(self.zsh("stats", "--s"), ["--since"])
        self.assertEqual(self.fish("drill stats --s"), ["--since"])
        self.assertEqual(self.fish("drill grade --w"), ["--worksheet"])

    def test_subcommands(self):
        self.assertIn("show", self.bash("history", ""))
        self.assertEqual(self.bash("bank", "s"), ["search", "show"])
        self.assertIn("show", self.zsh("history", ""))
        self.assertIn("show", self.fish("drill history "))
        self.assertIn("rm", self.bash("history", ""))
        self.assertIn("rm", self.zsh("history", ""))
        self.assertIn("rm", self.fish("drill history "))
        self.assertEqual(self.bash("history", "rm", "--y"), ["--yes"])
        self.assertEqual(self.fish("drill grade --ag"), ["--again"])
        self.assertEqual(self.bash("help", "pl"), ["plan"])
        self.assertEqual(self.fish("drill help pl"), ["plan"])
        # Option values are not mistaken for commands.
        self.assertEqual(self.bash("--role", "backend", "bank", "l"), ["list"])

    def test_question_ids(self):
        for complete in (lambda *w: self.bash(*w), lambda *w: self.zsh(*w)):
            self.assertIn("db.n-plus-one", complete("bank", "show", "db.n"))
            self.assertIn("db.n-plus-one", complete("grade", "--id", "db.n"))
            self.assertTrue(all(x.startswith("db.n") for x in complete("grade", "--id", "db.n")))
        self.assertIn("db.n-plus-one", self.fish("drill bank show db.n"))

    def test_only_the_formats_a_command_takes(self):
        self.assertEqual(self.bash("plan", "--format", ""), ["json", "markdown", "text"])
        self.assertEqual(self.bash("stats", "-f", ""), ["json", "text"])
        self.assertEqual(self.bash("export", "--format", ""), ["csv", "jsonl"])
        self.assertEqual(self.zsh("export", "--format", ""), ["csv", "jsonl"])
        self.assertEqual(self.fish("drill stats --format "), ["json", "text"])

    def test_file_names(self):
        self.write("sheet-1.md", "")
        self.assertEqual(self.bash("grade", "--worksheet", "sheet"), ["sheet-1.md"])
        self.assertIn("compopt -o filenames", read(self.scripts["bash"]))
        self.assertEqual(self.zsh("grade", "--worksheet", "sheet"), ["@files"])
        self.assertIn("sheet-1.md", self.fish("drill grade --worksheet sheet"))

    def test_roles_and_categories(self):
        self.assertEqual(self.bash("plan", "--role", ""), ["backend", "data-engineering", "devops", "frontend"])
        self.assertEqual(self.bash("-c", "be"), ["behavioral"])

    def help_of(self, *command):
        r = self.drill(*command, "--help")
        self.assertExit(r, 0)
        return r.stdout

    def test_every_command_and_option_of_help_is_completed(self):
        def walk(command):
            text = self.help_of(*command)
            options = set(re.findall(r"^  (?:-\w, ?)?(--[\w-]+)", text, re.M))
            options |= set(re.findall(r"^  (-\w)[, ]", text, re.M))
            subs = []
            if "Subcommands:" in text:
                subs = re.findall(r"^  (\S+)", text.split("Subcommands:")[1].split("\n\n")[0], re.M)
            yield command, options, subs
            for sub in subs:
                yield from walk([*command, sub])

        scripts = {shell: read(path) for shell, path in self.scripts.items()}
        seen = 0
        for command, options, subs in walk([]):
            path = " ".join(["drill", *command])
            for shell, text in scripts.items():
                for name in options | set(subs):
                    with self.subTest(shell=shell, command=path, name=name):
                        self.assertIn(name.lstrip("-"), text)
            offered = self.bash(*command, "-")
            for name in options:
                with self.subTest(command=path, option=name):
                    self.assertIn(name, offered)
            if subs:
                self.assertEqual(self.bash(*command, ""), sorted(subs))
            seen += 1
        self.assertGreaterEqual(seen, 15)

    def test_the_build_writes_the_same_scripts(self):
        for shell, name in (("bash", "drill.bash"), ("zsh", "_drill"), ("fish", "drill.fish")):
            built = os.path.join(BUILD, "completions", name)
            if not os.path.exists(built):
                self.skipTest(f"no {built}: not run from the build tree")
            with self.subTest(shell=shell):
                self.assertEqual(read(built), read(self.scripts[shell]))


if __name__ == "__main__":
    unittest.main()
