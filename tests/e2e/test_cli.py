"""The command line as a user meets it: help, version, colour, config,
selection and its errors, plan formats, bank list/show/validate."""
import json
import os
import re
import subprocess
import unittest

from drilltest import DrillTest, bank, question, DRILL, SOURCE

ESC = re.compile(r"\x1b\[")


class HelpAndVersion(DrillTest):
    def test_help_has_examples(self):
        r = self.drill("--help")
        self.assertExit(r, 0, stdout_has="Examples:")
        self.assertIn("drill plan --role backend", r.stdout)

    def test_version(self):
        r = self.drill("--version")
        self.assertExit(r, 0)
        self.assertRegex(r.stdout, r"^drill \d+\.\d+\.\d+")

    def test_unknown_option_is_usage_error(self):
        self.assertExit(self.drill("--rol", "backend"), 64, stderr_has="drill: error:")

    def test_unknown_subcommand_suggests(self):
        self.assertExit(self.drill("paln"), 64, stderr_has="did you mean 'drill plan'")


class Selection(DrillTest):
    def test_plan_text(self):
        r = self.drill("plan", "--role", "backend", "--category", "technical", "--seed", "1")
        self.assertExit(r, 0, stdout_has="Practice set for backend: 5 questions (seed 1)")
        self.assertIsNone(ESC.search(r.stdout), "no colour when stdout is not a terminal")

    def test_seed_is_reproducible_and_no_repeats(self):
        a = self.drill("plan", "-r", "backend", "-n", "20", "--seed", "7", "--format", "json")
        b = self.drill("plan", "-r", "backend", "-n", "20", "--seed", "7", "--format", "json")
        self.assertExit(a, 0)
        ids = [q["id"] for q in json.loads(a.stdout)["questions"]]
        self.assertEqual(ids, [q["id"] for q in json.loads(b.stdout)["questions"]])
        self.assertEqual(len(ids), len(set(ids)))

    def test_random_without_seed(self):
        picks = {self.drill("plan", "-r", "backend", "-n", "5", "--format", "json").stdout for _ in range(4)}
        self.assertGreater(len(picks), 1)

    def test_filters_apply(self):
        r = self.drill("plan", "-r", "backend", "-c", "behavioural", "-d", "advanced", "-n", "50", "--format", "json")
        self.assertExit(r, 0)
        qs = json.loads(r.stdout)["questions"]
        self.assertTrue(qs)
        self.assertTrue(all(q["category"] == "behavioral" and q["difficulty"] == "advanced" for q in qs))

    def test_fewer_than_asked_warns_and_goes_on(self):
        r = self.drill("plan", "-r", "backend", "-t", "graphql", "-n", "50")
        self.assertExit(r, 0, stderr_has="drill: warning: only")

    def test_no_match_says_what_is_available(self):
        self.write("data/banks/b.json", bank([question("a.one", topics=["caching"])]))
        r = self.drill("plan", "-r", "backend", "-c", "technical", "-d", "advanced",
                       env={"DRILL_DATA_DIR": self.path("data")})
        self.assertExit(r, 64, stderr_has="no questions match role backend, category technical, difficulty advanced")
        self.assertIn("technical (1 beginner)", r.stderr)

    def test_unknown_role_category_difficulty(self):
        self.assertExit(self.drill("plan", "--role", "backnd"), 64, stderr_has="did you mean 'backend'")
        r = self.drill("plan", "-r", "backend", "-c", "tehcnical")
        self.assertExit(r, 64, stderr_has="did you mean 'technical'")
        self.assertIn("technical, behavioral, situational, system-design", r.stderr)
        self.assertExit(self.drill("plan", "-r", "backend", "-d", "hard"), 64, stderr_has="valid difficulties are")

    def test_the_only_role_needs_no_naming(self):
        r = self.drill("plan", "--format", "json", env=self.one_role_data())
        self.assertExit(r, 0)
        self.assertEqual(json.loads(r.stdout)["role"], "backend")

    def test_role_required_when_the_banks_hold_several(self):
        self.write("banks/f.json", bank([question("fe.one")], role="frontend"))
        r = self.drill("--bank", self.path("banks"), "plan", env=self.one_role_data())
        self.assertExit(r, 64, stderr_has="no role given, and the banks hold 2 roles")
        self.assertIn("one of: backend, frontend", r.stderr)

    def test_the_bundled_roles_and_their_other_names(self):
        for given, role in [("frontend", "frontend"), ("devops", "devops"), ("sre", "devops"),
                            ("data-engineering", "data-engineering"), ("data", "data-engineering")]:
            r = self.drill("plan", "--role", given, "--format", "json")
            self.assertExit(r, 0)
            self.assertEqual(json.loads(r.stdout)["role"], role)
            ids = [q["id"] for q in json.loads(r.stdout)["questions"]]
            self.assertEqual(len(ids), 5)
        r = self.drill("plan", "--role", "fronend")
        self.assertExit(r, 64, stderr_has="did you mean 'frontend'")

    def test_role_from_environment_and_config(self):
        self.assertExit(self.drill("plan", env={"DRILL_ROLE": "backend"}), 0)
        self.write(".config/drill/config.toml", 'role = "backend"\ncount = 2\n')
        r = self.drill("plan", "--format", "json")
        self.assertExit(r, 0)
        self.assertEqual(len(json.loads(r.stdout)["questions"]), 2)
        # the command line wins over the file
        r = self.drill("plan", "-n", "3", "--format", "json")
        self.assertEqual(len(json.loads(r.stdout)["questions"]), 3)

    def test_bad_config_key(self):
        self.write(".config/drill/config.toml", 'rol = "backend"\n')
        self.assertExit(self.drill("plan"), 78, stderr_has="config.toml:1:1: 'rol' is not a drill setting (did you "
                                                           "mean 'role'?)")

    def test_markdown_worksheet(self):
        r = self.drill("plan", "-r", "backend", "-n", "3", "--format", "markdown")
        self.assertExit(r, 0)
        self.assertEqual(len(re.findall(r"^## Q\d+ \[[a-z0-9._-]+\]$", r.stdout, re.M)), 3)
        self.assertEqual(r.stdout.count("### Answer"), 3)

    def test_closed_stdout_is_quiet(self):
        p = subprocess.run(f"'{DRILL}' plan -r backend -n 100 | head -1", shell=True, capture_output=True,
                           text=True, env=self.env, timeout=30)
        self.assertEqual(p.stderr, "")


class Colour(DrillTest):
    def test_color_always_and_no_color(self):
        r = self.drill("bank", "list", "--color", "always")
        self.assertIsNotNone(ESC.search(r.stdout))
        r = self.drill("bank", "list", env={"NO_COLOR": "1"})
        self.assertIsNone(ESC.search(r.stdout))
        self.assertExit(self.drill("--color", "sometimes", "bank", "list"), 64)


class DataLocation(DrillTest):
    def test_data_dir_override(self):
        d = self.path("data")
        os.makedirs(os.path.join(d, "banks"))
        self.write("data/banks/only.json", bank([question("only.one", roles=["tester"])]))
        r = self.drill("bank", "list", "--format", "json", env={"DRILL_DATA_DIR": d})
        self.assertExit(r, 0)
        self.assertEqual(json.loads(r.stdout)["questions"], 1)

    def test_missing_data_dir(self):
        self.assertExit(self.drill("bank", "list", env={"DRILL_DATA_DIR": self.path("nope")}), 66,
                        stderr_has="DRILL_DATA_DIR")

    def test_user_banks_are_loaded(self):
        self.write(".local/share/drill/banks/mine.json", bank([question("mine.one", roles=["sre"])]))
        r = self.drill("plan", "-r", "sre", "-c", "technical", "--format", "json")
        self.assertExit(r, 0)
        self.assertEqual([q["id"] for q in json.loads(r.stdout)["questions"]], ["mine.one"])

    def test_installed_binary_finds_its_banks(self):
        build = os.path.dirname(DRILL)
        prefix = self.path("prefix")
        r = subprocess.run(["cmake", "--install", build, "--prefix", prefix], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        moved = self.path("moved")
        os.rename(prefix, moved)  # relocatable: the prefix may move after install
        r = subprocess.run([os.path.join(moved, "bin/drill"), "bank", "list"], capture_output=True, text=True,
                           env=self.env)
        self.assertExit(r, 0, stdout_has="backend")


class BankCommands(DrillTest):
    def test_list_counts(self):
        r = self.drill("bank", "list", "--format", "json")
        self.assertExit(r, 0)
        doc = json.loads(r.stdout)
        cats = doc["roles"]["backend"]["categories"]
        self.assertGreaterEqual(cats["technical"]["total"], 80)
        self.assertExit(self.drill("bank", "list", "--role", "bakend"), 64, stderr_has="did you mean 'backend'")

    def test_show(self):
        r = self.drill("bank", "show", "db.n-plus-one")
        self.assertExit(r, 0, stdout_has="Model answer")
        self.assertIn("Key points", r.stdout)
        self.assertIn("Common mistakes", r.stdout)
        self.assertExit(self.drill("bank", "show", "db.n-plus-on"), 64, stderr_has="did you mean 'db.n-plus-one'")

    def test_validate_lexicon(self):
        r = self.drill("bank", "validate", os.path.join(SOURCE, "data/lexicon.json"))
        self.assertExit(r, 0, stdout_has="0 problems")
        p = self.write("lexicon.json", '{"format": "drill-lexicon", "version": 1, "groups": [\n'
                                       '  {"words": ["copy", "replica"]},\n  {"words": ["copy", "clone"]}]}\n')
        self.assertExit(self.drill("bank", "validate", p), 65,
                        stdout_has="lexicon.json:3:14: group 2: 'copy' is already in group 1")

    def test_broken_lexicon_stops_grading_with_its_location(self):
        lexicon = os.path.join(self.home, ".local", "share", "drill", "lexicon.json")
        os.makedirs(os.path.dirname(lexicon), exist_ok=True)
        with open(lexicon, "w") as f:
            f.write('{"format": "drill-lexicon", "version": 1, "groups": [{"words": ["alone"]}]}')
        r = self.drill("grade", "--id", "db.n-plus-one", input="eager loading")
        self.assertExit(r, 65, stderr_has="lexicon.json:1:64: group 1 needs \"words\"")

    def test_validate_bundled(self):
        r = self.drill("bank", "validate", os.path.join(SOURCE, "data/banks"))
        self.assertExit(r, 0, stdout_has="0 problems")

    def test_validate_reports_every_problem_with_positions(self):
        p = self.write("bad.json", bank([question("a.one"), question("a.two", difficulty="expert", concpets=[]),
                                         question("a.one")]))
        r = self.drill("bank", "validate", p)
        self.assertExit(r, 65)
        self.assertRegex(r.stdout, r"bad\.json:\d+:\d+: question 'a\.two': unknown key 'concpets' \(did you mean 'concepts'\?\)")
        self.assertRegex(r.stdout, r"question 'a\.two': unknown difficulty 'expert'.*beginner, intermediate, advanced")
        self.assertRegex(r.stdout, r"question 'a\.one': duplicate id; it is already defined at .*bad\.json:\d+:\d+")

    def test_duplicate_across_files_names_both(self):
        a = self.write("a.json", bank([question("same.id")]))
        b = self.write("b.json", bank([question("same.id")]))
        r = self.drill("bank", "validate", a, b)
        self.assertExit(r, 65)
        self.assertIn("b.json:", r.stdout)
        self.assertIn("a.json:", r.stdout)

    def test_syntax_error_position(self):
        p = self.write("syntax.json", '{\n  "format": "drill-bank",\n  "version": 1\n  "role": "x"\n}\n')
        r = self.drill("bank", "validate", p)
        self.assertExit(r, 65, stdout_has="syntax.json:4:3: invalid JSON")

    def test_newer_version(self):
        p = self.write("new.json", bank([], version=4))
        self.assertExit(self.drill("bank", "validate", p), 65, stdout_has="upgrade drill")

    def test_missing_path(self):
        self.assertExit(self.drill("bank", "validate", self.path("nope.json")), 66, stderr_has="no such file")

    def test_broken_user_bank_stops_with_its_location(self):
        p = self.write("broken.json", bank([question("x.y", difficulty="easy")]))
        r = self.drill("--bank", p, "plan", "-r", "backend")
        self.assertExit(r, 65, stderr_has="broken.json:")


if __name__ == "__main__":
    unittest.main()
