"""drill grade: single answers and JSON Lines batches."""
import json
import unittest

from drilltest import DrillTest, question


class Grade(DrillTest):
    def test_single_answer_text_and_json(self):
        answer = ("Each order triggers one query per row for its customer: the N+1 problem. "
                  "I'd switch to eager loading or a join, and watch the query count in the log.")
        r = self.drill("grade", "--id", "db.n-plus-one", input=answer)
        self.assertExit(r, 0, stdout_has="Score:")
        self.assertIn("Covered", r.stdout)
        j = self.drill("grade", "--id", "db.n-plus-one", "--format", "json", input=answer)
        doc = json.loads(j.stdout)
        self.assertGreater(doc["score"], 40)
        self.assertIn("N+1 query pattern", doc["concepts"]["hit"])

    def test_empty_answer_scores_zero(self):
        r = self.drill("grade", "--id", "db.n-plus-one", "--format", "json", input="")
        self.assertEqual(json.loads(r.stdout)["score"], 0)

    def test_unknown_id(self):
        self.assertExit(self.drill("grade", "--id", "db.n-plus-on", input="x"), 64, stderr_has="did you mean")

    def test_batch_keeps_order_and_reports_bad_lines(self):
        lines = [
            json.dumps({"key": "a", "id": "db.n-plus-one", "answer": "eager loading fixes the n+1 problem"}),
            "{not json",
            json.dumps({"key": "c", "id": "no.such", "answer": "x"}),
            json.dumps({"key": "d", "question": question("inline.q"), "answer": "Set a TTL, the time to live."}),
            json.dumps({"key": "e", "question": {"id": "bad"}, "answer": "x"}),
            json.dumps({"key": "f", "id": "beh.failure", "answer": ""}),
        ]
        r = self.drill("grade", "--input", "-", "--format", "jsonl", input="\n".join(lines) + "\n")
        self.assertExit(r, 65)
        out = [json.loads(l) for l in r.stdout.splitlines()]
        self.assertEqual(len(out), 6)
        self.assertEqual(out[0]["key"], "a")
        self.assertEqual(out[1]["line"], 2)
        self.assertIn("invalid JSON", out[1]["error"])
        self.assertEqual(out[2]["key"], "c")
        self.assertIn("unknown question id", out[2]["error"])
        self.assertEqual(out[3]["concepts"]["hit"], ["ttl"])
        self.assertIsNone(out[3]["star"])
        self.assertIn("invalid question", out[4]["error"])
        self.assertEqual(set(out[5]["star"]) >= {"situation", "task", "action", "result"}, True)
        self.assertEqual(out[5]["score"], 0)

    def test_batch_all_good_exits_zero(self):
        line = json.dumps({"id": "db.n-plus-one", "answer": "n+1"})
        self.assertExit(self.drill("grade", "--input", "-", "--format", "jsonl", input=line + "\n"), 0)


if __name__ == "__main__":
    unittest.main()
