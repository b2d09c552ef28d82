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

    def test_wrong_claim_is_corrected_and_costs_points(self):
        right = ("Authentication proves who the caller is, with a password or a token; authorization then "
                 "decides what that known caller may do. A request without a valid token gets 401, and a "
                 "logged-in user without the role for the endpoint gets 403 Forbidden.")
        wrong = ("Authorization is the login step, where you prove who you are with a password. "
                 "Authentication decides access rights afterwards. The frontend checks the role and hides "
                 "the admin button, and the API returns 401 or 403 when something goes wrong.")
        r = self.drill("grade", "--id", "sec.authn-vs-authz", input=wrong)
        self.assertExit(r, 0, stdout_has="Not right")
        self.assertIn("Authentication establishes who the caller is", r.stdout)
        self.assertRegex(r.stdout, r"key points made: \d+ of \d+, \d wrong claims?\)")
        bad = json.loads(self.drill("grade", "--id", "sec.authn-vs-authz", "--format", "json", input=wrong).stdout)
        good = json.loads(self.drill("grade", "--id", "sec.authn-vs-authz", "--format", "json", input=right).stdout)
        self.assertEqual(good["misconceptions"], [])
        self.assertGreaterEqual(len(bad["misconceptions"]), 2)
        self.assertGreater(bad["parts"]["misconceptions"], 0.5)
        self.assertGreaterEqual(good["score"], bad["score"] + 40)
        self.assertEqual(sorted(good["parts"]), ["content", "coverage", "keyword_list_factor", "misconceptions",
                                                 "penalties", "signals", "similarity", "structure"])

    def test_saying_the_prompt_back_earns_nothing(self):
        echo = "The token bucket and the leaky bucket are two algorithms."
        doc = json.loads(self.drill("grade", "--id", "api.rate-limit-algorithms", "--format", "json",
                                    input=echo).stdout)
        self.assertEqual(doc["concepts"]["hit"], [])
        self.assertLess(doc["score"], 10)

    def test_empty_answer_is_bad_input(self):
        for answer in ("", " \n\n"):
            with self.subTest(answer=answer):
                r = self.drill("grade", "--id", "db.n-plus-one", "--format", "json", input=answer)
                self.assertExit(r, 65, stderr_has="standard input: the answer is empty")
                self.assertEqual(r.stdout, "")

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
