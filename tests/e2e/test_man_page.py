"""The man page covers the command line as it is: every command in the
SYNOPSIS, the in-session commands, the files drill writes."""
import os
import re
import unittest

from drilltest import DrillTest, SOURCE


class ManPage(DrillTest):
    def setUp(self):
        super().setUp()
        with open(os.path.join(SOURCE, "docs", "drill.1"), encoding="utf-8") as f:
            self.page = f.read()

    def section(self, name):
        return self.page.split(f".SH {name}\n")[1].split("\n.SH ")[0]

    def test_synopsis_lists_every_command(self):
        top = self.drill("--help").stdout
        commands = re.findall(r"^  (\S+)", top.split("Subcommands:")[1].split("Examples:")[0], re.M)
        self.assertGreaterEqual(len(commands), 10)
        synopsis = self.section("SYNOPSIS")
        for command in commands:
            self.assertIn(f".B drill {command}\n", synopsis, command)

    def test_session_commands(self):
        # The session's command table, which :help lists (only a terminal
        # gets it), is the source.
        with open(os.path.join(SOURCE, "src", "session", "session.cpp"), encoding="utf-8") as f:
            listed = re.findall(r'^\s+\{"(:\w+)"', f.read(), re.M)
        self.assertIn(":time", listed)
        self.assertIn(":dispute", listed)
        section = self.section("SESSION COMMANDS")
        for command in listed:
            self.assertIn(f".B {command}\n", section)

    def test_files(self):
        files = self.section("FILES")
        for name in ("config.toml", "history.db", "unsaved\\-answers.jsonl", "banks/*.json"):
            self.assertIn(name, files)

    def test_names_the_bundled_roles(self):
        roles = self.drill("bank", "list", "--roles").stdout.split()
        self.assertGreaterEqual(len(roles), 4)
        options = self.section("OPTIONS")
        for role in roles:
            self.assertIn("\\fB" + role.replace("-", "\\-") + "\\fR", options, role)


if __name__ == "__main__":
    unittest.main()
