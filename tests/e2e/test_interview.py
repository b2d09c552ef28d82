"""drill interview: one mock interview in the arc of a real one, within its
time budget, ending with a scorecard and a Markdown report."""
import json
import os
import re
import unittest

import markdown
import pexpect

from drilltest import DrillTest, DRILL

ANSWER = ("I would start from the requirements and the numbers, then name the trade-off I chose and why, "
          "and how I would measure it in production.\n\n")


class Interview(DrillTest):
    def interview(self, *args, answers=8, env=None):
        return self.drill("interview", "--role", "backend", "--seed", "3", "--log", self.path("log.jsonl"), *args,
                          input=ANSWER * answers, env=env)

    def records(self):
        with open(self.path("log.jsonl")) as f:
            return [json.loads(line) for line in f]

    def test_the_arc_and_the_scorecard(self):
        r = self.interview("--minutes", "45", answers=12)
        self.assertExit(r, 0)
        self.assertRegex(" ".join(r.stdout.split()), r"Mock interview for backend: the opener, \d+ technical, "
                                                     r"1 system design, \d behavioral, the closing, about \d+ of "
                                                     r"45 minutes")
        answers = [x for x in self.records() if x["type"] == "answer"]
        self.assertEqual(answers[0]["question_id"], "beh.tell-me-about-yourself")
        self.assertEqual(answers[-1]["question_id"], "beh.questions-for-interviewer")
        self.assertIn("system-design", [x["category"] for x in answers])
        self.assertEqual(self.records()[-1]["mode"], "interview")
        card = r.stdout.split("Scorecard")[1]
        for area in ("Technical depth", "System design", "Communication and structure", "Behavioral evidence"):
            self.assertRegex(card, rf"{area}\s+(\d+/100|-)\s+(strong|solid|mixed|needs work|not assessed)")
        commands = re.findall(r"^  (drill .*)$", card.split("Practise next")[1], re.M)
        self.assertEqual(len(commands), 3)
        for command in commands:
            self.assertIn("--role backend", command)
        shown = self.drill("history", "--format", "json")
        self.assertIn("interview", shown.stdout)  # the session is tagged with the interview
        # The export of an interview imports into another history as it is.
        exported = self.drill("export", "--format", "jsonl")
        self.assertExit(exported, 0)
        other = self.path("other.db")
        self.assertExit(self.drill("--history", other, "import", "-", input=exported.stdout), 0)
        again = self.drill("--history", other, "export", "--format", "jsonl")
        self.assertEqual(again.stdout, exported.stdout)

    def test_a_short_interview_keeps_its_budget(self):
        r = self.interview("--minutes", "20")
        self.assertExit(r, 0)
        planned = int(re.search(r"about (\d+) of 20 minutes", " ".join(r.stdout.split())).group(1))
        self.assertLessEqual(planned, 21)
        limits = sum(x["time_limit_s"] for x in self.records() if x["type"] == "answer")
        self.assertLessEqual(limits, 20 * 60)

    def test_the_report_is_markdown_with_the_transcript(self):
        report = self.path("interview.md")
        r = self.interview("--minutes", "30", "--report", report, answers=10)
        self.assertExit(r, 0)
        self.assertEqual(os.stat(report).st_mode & 0o777, 0o600)
        with open(report, encoding="utf-8") as f:
            text = f.read()
        html = markdown.markdown(text, extensions=["tables", "fenced_code"])
        self.assertIn("<h1>Mock interview: backend</h1>", html)
        self.assertIn("<table>", html)
        self.assertIn("<td>Technical depth</td>", html)
        self.assertIn("<h2>Transcript</h2>", html)
        self.assertIn("<h2>Practise next</h2>", html)
        self.assertIn("Tell me about yourself.", html)
        self.assertIn("I would start from the requirements", html)  # what the person typed
        self.assertEqual(html.count("<h3>"), text.count("\n### "))

    def test_a_job_posting_picks_the_technical_questions(self):
        posting = self.write("posting.md", "# Senior Backend Engineer\n\nYou will run our Kafka pipelines and "
                                           "tune PostgreSQL: indexes, replication, transactions.\n")
        found = self.drill("job", posting, "--role", "backend", "--format", "json")
        self.assertExit(found, 0)
        wanted = {t for skill in json.loads(found.stdout)["skills"] for t in skill["topics"]}
        self.assertTrue(wanted)
        r = self.interview("--job", posting, "--minutes", "45", answers=12)
        self.assertExit(r, 0)
        technical = [x for x in self.records() if x["type"] == "answer" and x["category"] == "technical"]
        self.assertTrue(technical)
        for answer in technical:
            self.assertTrue(wanted & set(answer["topics"]), answer["question_id"])

    def test_exit_codes(self):
        self.assertExit(self.drill("interview", "--role", "backend", "--minutes", "3"), 64, stderr_has="--minutes")
        r = self.interview("--report", self.path("no", "such", "dir", "r.md"))
        self.assertExit(r, 74, stderr_has="--report")
        self.assertNotIn("Question 1", r.stdout)  # refused before anything was asked
        self.assertExit(self.drill("interview", "--role", "backnd"), 64, stderr_has="did you mean 'backend'")
        r = self.interview(answers=0)
        self.assertExit(r, 65, stderr_has="no answers")  # cron with nothing to say never waits


class InterviewAtTerminal(DrillTest):
    def test_it_opens_with_tell_me_about_yourself(self):
        child = pexpect.spawn(DRILL, ["interview", "--role", "backend", "--seed", "3", "--minutes", "20"],
                              env=self.env, encoding="utf-8", timeout=30, dimensions=(24, 100))
        try:
            child.expect("Mock interview for backend")
            child.expect("Tell me about yourself")
            child.expect(r">(\x1b\[0m)? ")
            child.sendline(":quit")
            child.expect("Scorecard")
            child.expect(pexpect.EOF)
        finally:
            child.close(force=True)
        self.assertEqual(child.exitstatus, 0)


if __name__ == "__main__":
    unittest.main()
