"""Every graded answer reaches the practice history, whatever the mode, and
an answer that cannot be stored there is kept in the fallback file."""
import json
import os
import unittest

from drilltest import DrillTest

ANSWER = ("An N+1 problem: the ORM fires one query per row to load each customer. I'd use eager loading "
          "or a join so it is one batched query, and watch the query count in the logs.")


class Recording(DrillTest):
    def export(self):
        r = self.drill("export", "--format", "jsonl")
        self.assertExit(r, 0)
        return [x for x in map(json.loads, r.stdout.splitlines()) if x["type"] == "answer"]

    def test_piped_session_is_recorded(self):
        r = self.drill("--role", "backend", "--topic", "orm", "-c", "technical", "-n", "1", "--seed", "2",
                       input=ANSWER + "\n")
        self.assertExit(r, 0)
        rows = self.export()
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["mode"], "piped")
        self.assertEqual(rows[0]["answer"], ANSWER)
        self.assertGreater(rows[0]["score"], 0)
        db = self.path(".local/state/drill/history.db")
        self.assertEqual(os.stat(db).st_mode & 0o777, 0o600)

    def test_worksheet_is_recorded(self):
        sheet = self.drill("plan", "-r", "backend", "-n", "2", "--seed", "4", "--format", "markdown").stdout
        filled = sheet.replace("<!-- Write your answer below. Leave it empty to skip. -->",
                               "<!-- Write your answer below. Leave it empty to skip. -->\n" + ANSWER, 1)
        path = self.write("sheet.md", filled)
        self.assertExit(self.drill("grade", "--worksheet", path), 0)
        rows = self.export()
        self.assertEqual([r["mode"] for r in rows], ["worksheet"])

    def test_a_worksheet_with_follow_ups(self):
        # --follow-ups N puts each question's own follow-ups after its answer;
        # a reply there is graded with the answer, and counts half.
        plan = ["plan", "-r", "backend", "--topic", "orm", "-c", "technical", "-n", "1", "--seed", "2",
                "--format", "markdown"]
        self.assertNotIn("#### Follow-up:", self.drill(*plan).stdout)
        sheet = self.drill(*plan, "--follow-ups", "1").stdout
        self.assertIn("#### Follow-up: ", sheet)
        asked = sheet.split("#### Follow-up: ")[1].split("\n")[0]
        hint = "<!-- Write your answer below. Leave it empty to skip. -->"
        follow_hint = "<!-- The interviewer asks this after your answer. Answer below, or leave it empty. -->"
        thin = "The ORM runs a query per row."
        reply = ("I'd use eager loading or a join so it becomes one batched query, and watch the query count "
                 "in the logs.")
        path = self.write("sheet.md", sheet.replace(hint, hint + "\n" + thin).replace(follow_hint,
                                                                                      follow_hint + "\n" + reply))
        r = self.drill("grade", "--worksheet", path, "--log", self.path("log.jsonl"))
        self.assertExit(r, 0)
        self.assertIn(f"Follow-up: {asked}", " ".join(r.stdout.split()))
        row = self.export()[0]
        self.assertEqual(row["answer"], thin)
        follow_ups = row["breakdown"]["follow_ups"]
        self.assertEqual([(f["kind"], f["asked"], f["answer"]) for f in follow_ups], [("question", asked, reply)])
        self.assertGreater(row["score"], row["breakdown"]["before_follow_ups"])

    def filled_sheet(self, answer=ANSWER):
        sheet = self.drill("plan", "-r", "backend", "-n", "2", "--seed", "4", "--format", "markdown").stdout
        hint = "<!-- Write your answer below. Leave it empty to skip. -->"
        return self.write("sheet.md", sheet.replace(hint, hint + "\n" + answer))

    def test_a_worksheet_graded_twice_is_recorded_once(self):
        path = self.filled_sheet()
        first = self.drill("grade", "--worksheet", path)
        self.assertExit(first, 0)
        self.assertEqual(len(self.export()), 2)
        session = self.export()[0]["session_id"]
        again = self.drill("grade", "--worksheet", path)
        self.assertExit(again, 0, stdout_has=f"already graded on ")
        self.assertIn(f"(session {session}); nothing recorded", again.stdout)
        self.assertEqual(len(self.export()), 2)
        # Re-wrapping an answer does not make it a new sheet; changing it does.
        with open(path) as f:
            text = f.read()
        with open(path, "w") as f:
            f.write(text.replace(ANSWER, ANSWER.replace(" ", "\n ", 3)))
        self.assertExit(self.drill("grade", "--worksheet", path), 0, stdout_has="already graded")
        # --again records it anyway, as a session of its own.
        self.assertExit(self.drill("grade", "--worksheet", path, "--again"), 0)
        rows = self.export()
        self.assertEqual(len(rows), 4)
        self.assertEqual(len({r["session_id"] for r in rows}), 2)
        other = self.filled_sheet(ANSWER + " Also a join.")
        self.assertExit(self.drill("grade", "--worksheet", other), 0)
        self.assertEqual(len(self.export()), 6)

    def test_no_history_records_nothing(self):
        self.drill("--no-history", "--role", "backend", "-n", "1", input=ANSWER + "\n")
        self.assertFalse(os.path.exists(self.path(".local/state/drill/history.db")))

    def test_unusable_history_keeps_the_answer_in_the_fallback_file(self):
        bad = self.write("not-a-db.db", "this is not a database\n" * 50)
        r = self.drill("--history", bad, "--role", "backend", "-n", "1", "--log", self.path("log.jsonl"),
                       input=ANSWER + "\n")
        self.assertIn(r.returncode, (65, 74), r.stderr)
        self.assertIn("unsaved-answers.jsonl", r.stderr)
        with open(bad) as f:
            self.assertEqual(f.read(), "this is not a database\n" * 50)  # never overwritten
        with open(self.path(".local/state/drill/unsaved-answers.jsonl")) as f:
            saved = [json.loads(l) for l in f]
        self.assertEqual(saved[0]["answer"], ANSWER)
        with open(self.path("log.jsonl")) as f:
            self.assertEqual(json.loads(f.readline())["answer"], ANSWER)


if __name__ == "__main__":
    unittest.main()
