"""drill job FILE and --job FILE: a job posting picks the questions."""
import json
import os
import unittest

from drilltest import SOURCE, DrillTest

POSTINGS = os.path.join(SOURCE, "tests", "job", "postings")

KAFKA_POSTING = """Senior Backend Engineer

- Kafka and event-driven services
- Kafka consumers that are idempotent
- Redis for caching
- Terraform
"""


class JobCommandTest(DrillTest):
    def job(self, *args, **kw):
        return self.drill("job", *args, **kw)

    def test_text_lists_skills_uncovered_and_a_suggestion(self):
        p = self.write("posting.txt", KAFKA_POSTING)
        r = self.job(p)
        self.assertExit(r, 0)
        lines = r.stdout.splitlines()
        self.assertIn("backend, as the posting names it", lines[0])
        kafka = next(line for line in lines if line.strip().startswith("Kafka "))
        self.assertIn("2x", kafka)
        self.assertIn("kafka, messaging, streaming", kafka)
        uncovered = lines[lines.index("No questions on:") + 1:]
        self.assertTrue(any(line.strip().startswith("Terraform") for line in uncovered), r.stdout)
        self.assertIn(f"Next: drill --job {p} --role backend", r.stdout)

    def test_json_has_counts_that_match_the_bank(self):
        p = self.write("posting.txt", KAFKA_POSTING)
        doc = json.loads(self.job(p, "--format", "json").stdout)
        self.assertEqual(doc["role"], "backend")
        self.assertTrue(doc["role_guessed"])
        skills = {s["name"]: s for s in doc["skills"]}
        self.assertEqual(skills["Kafka"]["mentions"], 2)
        self.assertEqual(skills["Redis"]["topics"], ["caching"])
        listed = json.loads(self.drill("bank", "list", "--questions", "--role", "backend", "--topic", "caching",
                                       "--format", "json").stdout)["questions"]
        self.assertEqual(skills["Redis"]["questions"], len(listed))
        self.assertEqual([s["name"] for s in doc["uncovered"]], ["Terraform"])
        self.assertEqual(doc["suggested"], f"drill --job {p} --role backend")

    def test_role_option_counts_for_that_role(self):
        p = self.write("posting.txt", KAFKA_POSTING)
        doc = json.loads(self.job(p, "--role", "sre", "--format", "json").stdout)
        self.assertEqual(doc["role"], "devops")
        self.assertFalse(doc["role_guessed"])
        self.assertIn("Terraform", [s["name"] for s in doc["skills"]])

    def test_stdin(self):
        r = self.job("-", "--format", "json", input=KAFKA_POSTING)
        self.assertExit(r, 0)
        doc = json.loads(r.stdout)
        self.assertEqual(doc["file"], "standard input")
        self.assertIn("Kafka", [s["name"] for s in doc["skills"]])

    def test_pasted_html_with_entities(self):
        with open(os.path.join(POSTINGS, "backend-html-paste.txt")) as f:
            r = self.job("-", "--format", "json", input=f.read())
        self.assertExit(r, 0)
        doc = json.loads(r.stdout)
        written = {s["name"]: s["written"] for s in doc["skills"]}
        self.assertEqual(written["OAuth"], "OAuth\u00a02.0")
        self.assertIn("REST", written)
        self.assertIn("GraphQL", written)
        self.assertNotIn("amp", json.dumps(doc))

    def test_missing_file_is_66(self):
        r = self.job(self.path("nope.md"))
        self.assertExit(r, 66, stderr_has="nope.md")

    def test_binary_file_is_65(self):
        p = self.write("posting.bin", b"Kafka\x00\x01\x02Redis", mode="wb")
        self.assertExit(self.job(p), 65, stderr_has=f"{p}: not a text file")

    def test_invalid_utf8_is_65(self):
        p = self.write("latin.txt", b"\xe9\xe8\xe0\xf9 Kafka \xff\xfe", mode="wb")
        self.assertExit(self.job(p), 65, stderr_has="not UTF-8 text")

    def test_no_skill_at_all_is_65(self):
        p = self.write("recipe.txt", "Two eggs, a cup of flour, and a pinch of salt.\n")
        self.assertExit(self.job(p), 65, stderr_has=f"{p}: no skills found")

    def test_a_posting_over_1_mb_is_refused(self):
        p = self.write("huge.txt", "Kafka Redis " * 100_000)
        self.assertExit(self.job(p), 65, stderr_has="huge.txt")

    def test_help_has_examples(self):
        r = self.job("--help")
        self.assertExit(r, 0, stdout_has="drill job posting.md")


class SkillsListTest(DrillTest):
    def test_the_bundled_list_validates(self):
        r = self.drill("bank", "validate", os.path.join(SOURCE, "data", "skills.json"))
        self.assertExit(r, 0, stdout_has="0 problems")

    def test_a_broken_list_names_file_line_and_column(self):
        p = self.write("skills.json", '{"format": "drill-skills", "version": 1,\n'
                                      ' "skills": [{"name": "Redis", "topics": ["cachng"]}]}\n')
        r = self.drill("bank", "validate", p)
        self.assertExit(r, 65, stdout_has=f"{p}:2:42: skill 'Redis': topic 'cachng' is in no bank "
                                          "(did you mean 'caching'?)")


class JobSelectionTest(DrillTest):
    def plan(self, *args):
        r = self.drill("plan", "--format", "json", *args)
        self.assertExit(r, 0)
        return json.loads(r.stdout)

    def test_plan_draws_the_postings_topics_first(self):
        p = self.write("posting.txt", "Backend engineer\n- Kafka\n- RabbitMQ\n- message queues\n")
        doc = self.plan("--job", p, "--count", "6", "--seed", "3")
        self.assertEqual(doc["role"], "backend")
        wanted = {"kafka", "messaging", "streaming", "queues"}
        for q in doc["questions"]:
            self.assertTrue(set(q["topics"]) & wanted, q)
        # Without the posting, the same seed draws from the whole role.
        plain = self.plan("--role", "backend", "--count", "6", "--seed", "3")
        self.assertFalse(all(set(q["topics"]) & wanted for q in plain["questions"]))

    def test_plan_fills_the_rest_from_the_role(self):
        # Three backend questions are on feature flags: they come first, the rest from the role.
        p = self.write("posting.txt", "Backend engineer: feature flags\n")
        doc = self.plan("--job", p, "--count", "5", "--seed", "1")
        topics = [q["topics"] for q in doc["questions"]]
        self.assertEqual(len(topics), 5)
        self.assertTrue(all("feature-flags" in t for t in topics[:3]), topics)
        self.assertFalse(any("feature-flags" in t for t in topics[3:]), topics)

    def test_same_seed_same_plan(self):
        p = os.path.join(POSTINGS, "backend-payments.md")
        a = self.plan("--job", p, "--count", "8", "--seed", "11")
        b = self.plan("--job", p, "--count", "8", "--seed", "11")
        c = self.plan("--job", p, "--count", "8", "--seed", "12")
        ids = lambda d: [q["id"] for q in d["questions"]]
        self.assertEqual(ids(a), ids(b))
        self.assertNotEqual(ids(a), ids(c))

    def test_role_guessed_from_the_posting(self):
        p = os.path.join(POSTINGS, "devops-sre.md")
        r = self.drill("plan", "--job", p, "--count", "3", "--seed", "1")
        self.assertExit(r, 0, stderr_has="role devops, as the posting names it")
        self.assertIn("Practice set for devops", r.stdout)

    def test_no_role_and_none_named_is_a_usage_error(self):
        p = self.write("posting.txt", "Kafka, Redis\n")
        self.assertExit(self.drill("plan", "--job", p), 64, stderr_has="no role given")

    def test_session_with_job(self):
        p = self.write("posting.txt", "Backend engineer\n- feature flags\n")
        r = self.drill("--job", p, "--count", "1", "--seed", "2", "--no-history",
                       input="Ship dark behind a flag, then ramp it up.\n\n")
        self.assertExit(r, 0)
        self.assertIn("feature-flags", r.stdout)

    def test_session_refuses_a_posting_on_stdin(self):
        r = self.drill("--job", "-", "--role", "backend", input="Kafka\n")
        self.assertExit(r, 64, stderr_has="--job -")

    def test_job_and_due_exclude_each_other(self):
        p = self.write("posting.txt", "Kafka\n")
        self.assertExit(self.drill("plan", "--job", p, "--due", "--role", "backend"), 64)

    def test_missing_posting_for_plan_is_66(self):
        self.assertExit(self.drill("plan", "--job", self.path("gone.md"), "--role", "backend"), 66,
                        stderr_has="gone.md")


if __name__ == "__main__":
    unittest.main()
