"""The config file is TOML, read with toml++: every session option as a key,
errors with file, line and column."""
import json
import unittest

from drilltest import DrillTest


class Config(DrillTest):
    def config(self, text):
        return self.write(".config/drill/config.toml", text)

    def test_session_options_as_keys(self):
        self.config('role = "backend"\nreveal = "never"\ntime-limit = 3\ntimer = false\ncount = 1\n'
                    'category = ["technical"]\n')
        r = self.drill("--no-history", "--seed", "1", "--log", self.path("log.jsonl"),
                       input="I use prepared statements and least privilege everywhere.\n")
        self.assertExit(r, 0)
        self.assertNotIn("Model answer", r.stdout)  # reveal = "never"
        with open(self.path("log.jsonl")) as f:
            record = json.loads(f.readline())
        self.assertEqual(record["time_limit_s"], 3)
        self.assertEqual(record["category"], "technical")
        # The command line still wins.
        r = self.drill("--no-history", "--seed", "1", "--reveal", "always", input="I use prepared statements.\n")
        self.assertIn("Model answer", r.stdout)

    def test_not_toml_is_refused_with_its_place(self):
        self.config('count = 2\nrole = backend\n')
        r = self.drill("plan")
        self.assertExit(r, 78, stderr_has="config.toml:2:8: not valid TOML")
        self.assertIn('strings need quotes in TOML, e.g. role = "backend"', r.stderr)

    def test_a_wrong_type_names_line_and_column(self):
        self.config('role = "backend"\ncount = "three"\n')
        r = self.drill("plan")
        self.assertExit(r, 78, stderr_has="config.toml:2:9: 'count' must be a whole number from 1 to 1000")
        self.config('timer = "off"\n')
        self.assertExit(self.drill("plan"), 78, stderr_has="'timer' must be true or false")
        self.config('reveal = "sometimes"\n')
        self.assertExit(self.drill("plan"), 78, stderr_has="'reveal' 'sometimes' must be one of always, never, missed")

    def test_unknown_key_suggests(self):
        self.config('time_limit = 60\n')
        r = self.drill("plan")
        self.assertExit(r, 78, stderr_has="config.toml:1:1: 'time_limit' is not a drill setting (did you mean "
                                          "'time-limit'?)")

    def test_tables_are_refused(self):
        self.config('[session]\nreveal = "never"\n')
        self.assertExit(self.drill("plan"), 78, stderr_has="'session' is a table")

    def limits_asked(self, category):
        log = self.path(f"{category}.jsonl")
        r = self.drill("--no-history", "--role", "backend", "--category", category, "-n", "1", "--seed", "2",
                       "--log", log, input="An answer.\n")
        self.assertExit(r, 0)
        with open(log) as f:
            return json.loads(f.readlines()[-2])["time_limit_s"], r.stdout  # the answer before the session record

    def test_time_limits_per_category(self):
        own, _ = self.limits_asked("behavioral")
        for text in ('time-limits = { technical = 42, system-design = 900 }\n',
                     '[time-limits]\ntechnical = 42\nsystem-design = 900\n'):
            with self.subTest(text=text):
                self.config(text)
                limit, out = self.limits_asked("technical")
                self.assertEqual(limit, 42)
                self.assertIn("0:42", out)  # the question's header shows the limit it gets
                self.assertEqual(self.limits_asked("system-design")[0], 900)
                self.assertEqual(self.limits_asked("behavioral")[0], own)  # not set: the question's own
        self.config('time-limits = { technical = 42 }\ntime-limit = 7\n')
        self.assertEqual(self.limits_asked("technical")[0], 7)  # one limit for all wins

    def test_time_limits_name_real_categories(self):
        self.config('time-limits = { behavioural = 150 }\n')
        self.assertExit(self.drill("plan"), 78, stderr_has="config.toml:1:31: 'time-limits.behavioural' is not a "
                                                          "category; the categories are technical, behavioral, "
                                                          "situational, system-design (did you mean 'behavioral'?)")
        self.config('time-limits = { technical = 0 }\n')
        self.assertExit(self.drill("plan"), 78, stderr_has="'time-limits.technical' must be a whole number from 1")
        self.config('time-limits = 150\n')
        self.assertExit(self.drill("plan"), 78, stderr_has="'time-limits' must be a table of seconds per category")


if __name__ == "__main__":
    unittest.main()
