"""Errors and help as a newcomer meets them: typos get suggestions, every
command has its own help and examples, -V, and -n means --count everywhere."""
import json
import re
import unittest

from drilltest import DrillTest, bank, question


class Typos(DrillTest):
    def test_an_option_typo_names_the_option(self):
        r = self.drill("--categroy", "technical")
        self.assertExit(r, 64, stderr_has="unknown option '--categroy' for 'drill' (did you mean '--category'?)")
        self.assertNotIn("were not expected", r.stderr)

    def test_an_option_typo_in_a_command(self):
        r = self.drill("stats", "--sinse", "2026-01-01")
        self.assertExit(r, 64, stderr_has="unknown option '--sinse' for 'drill stats' (did you mean '--since'?)")
        self.assertIn("run 'drill stats --help' for usage", r.stderr)

    def test_an_option_value_is_not_taken_for_a_command(self):
        r = self.drill("--role", "backend", "bank", "lst")
        self.assertExit(r, 64, stderr_has="unknown command 'lst' for 'drill bank' (did you mean 'drill bank list'?)")

    def test_a_subcommand_typo(self):
        r = self.drill("bank", "lst")
        self.assertExit(r, 64, stderr_has="did you mean 'drill bank list'?")
        self.assertIn("the commands are: list", r.stderr)
        self.assertNotIn("A subcommand is required", r.stderr)

    def test_a_count_that_is_not_a_number(self):
        r = self.drill("plan", "--count", "abc")
        self.assertExit(r, 64, stderr_has="--count: 'abc' is not a whole number; give 1 to 1000")
        r = self.drill("plan", "-n", "0")
        self.assertExit(r, 64, stderr_has="--count: '0' is out of range; give 1 to 1000")
        r = self.drill("--time-limit", "soon")
        self.assertExit(r, 64, stderr_has="--time-limit: 'soon' is not a whole number; give 1 to 86400")


class Help(DrillTest):
    def commands(self):
        # The command column of the top-level help.
        r = self.drill("--help")
        block = r.stdout.split("Subcommands:")[1].split("Examples:")[0]
        return re.findall(r"^  (\S+)", block, re.M)

    def test_each_command_has_its_own_examples(self):
        top = self.drill("--help").stdout.split("Examples:")[1]
        for command in self.commands():
            with self.subTest(command=command):
                r = self.drill(command, "--help")
                self.assertExit(r, 0, stdout_has="Examples:")
                examples = r.stdout.split("Examples:")[1]
                self.assertNotEqual(examples, top)
                self.assertIn(f"drill {command}", examples)
        for sub in ("list", "show", "validate", "search"):
            r = self.drill("bank", sub, "--help")
            self.assertIn(f"drill bank {sub}", r.stdout.split("Examples:")[1])

    def test_help_command(self):
        for args in (["plan"], ["bank", "list"]):
            with self.subTest(args=args):
                r = self.drill("help", *args)
                self.assertExit(r, 0)
                self.assertEqual(r.stdout, self.drill(*args, "--help").stdout)
        self.assertEqual(self.drill("help").stdout, self.drill("--help").stdout)
        self.assertExit(self.drill("help", "paln"), 64, stderr_has="(did you mean 'plan'?)")

    def test_help_names_every_bundled_role(self):
        roles = self.drill("bank", "list", "--roles").stdout.split()
        self.assertGreaterEqual(len(roles), 4)
        text = " ".join(self.drill("--help").stdout.split())
        for role in roles:
            self.assertRegex(text, rf"\b{re.escape(role)}\b", role)
        for alias, role in (("sre", "devops"), ("data", "data-engineering")):
            self.assertIn(f"{role} (or {alias})", text)

    def test_short_version(self):
        r = self.drill("-V")
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, self.drill("--version").stdout)
        self.assertRegex(r.stdout, r"^drill \d+\.\d+\.\d+\n$")

    def test_n_means_count_everywhere(self):
        for command in ([], ["plan"], ["history"]):
            with self.subTest(command=command):
                out = self.drill(*command, "--help").stdout
                self.assertRegex(out, r"-n,--count")
        self.assertNotRegex(self.drill("rescore", "--help").stdout, r"-n,")
        self.assertExit(self.drill("history", "-n", "3"), 0)
        self.assertExit(self.drill("history", "--limit", "3"), 0)


class EmptyState(DrillTest):
    def test_stats_names_a_command_that_works(self):
        one = self.one_role_data()
        r = self.drill("stats", env=one)
        self.assertExit(r, 0, stdout_has="Practise with 'drill' and come back")
        # ... and that command does start a session.
        self.assertExit(self.drill("--no-history", input="I cache it.\n", env=one), 0)

    def test_with_several_roles_it_names_them(self):
        self.write("banks/f.json", bank([question("fe.one")], role="frontend"))
        r = self.drill("--bank", self.path("banks"), "stats", env=self.one_role_data())
        self.assertExit(r, 0, stdout_has="Practise with 'drill --role ROLE' (ROLE one of: backend, frontend)")


if __name__ == "__main__":
    unittest.main()
