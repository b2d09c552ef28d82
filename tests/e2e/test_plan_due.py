import json
import unittest

from drill_e2e import DAY_MS, DrillTestCase, answer, now_ms


class PlanDueTest(DrillTestCase):
    def bank(self):
        result = self.drill("plan", "--role", "backend", "--format", "json", "-n", "1000", "--seed", "1")
        return {q["id"]: q for q in json.loads(result.stdout)["questions"]}

    def plan(self, *extra):
        result = self.drill("plan", "--role", "backend", "--format", "json", "--due", *extra)
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout)["questions"]

    def test_due_then_weakest_topic_first(self):
        bank = self.bank()
        overdue, weak = "sec.rbac-design", "beh.why-this-company"
        self.assertIn(overdue, bank)
        self.assertIn(weak, bank)
        self.import_answers([
            answer(question=overdue, topics=bank[overdue]["topics"], at_ms=now_ms() - 60 * DAY_MS, score=90),
            answer(question=weak, topics=bank[weak]["topics"], score=5),
        ])
        for seed in ("1", "2", "3"):
            questions = self.plan("-n", "3", "--seed", seed)
            self.assertEqual(questions[0]["id"], overdue)
            # The next ones are on the weak topic ("career"), unanswered ones first.
            self.assertTrue(set(questions[1]["topics"]) & set(bank[weak]["topics"]), questions[1])
            self.assertNotEqual(questions[1]["id"], weak)

    def test_a_session_with_due_asks_the_overdue_question_first(self):
        bank = self.bank()
        overdue = "sec.rbac-design"
        self.import_answers([
            answer(question=overdue, topics=bank[overdue]["topics"], at_ms=now_ms() - 60 * DAY_MS, score=90),
        ])
        result = self.drill("--role", "backend", "--due", "-n", "1", "--seed", "5", "--no-timer",
                            input="Roles get permissions; users get roles.\n\n")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(f"Question 1/1 {overdue}", result.stdout)

    def test_without_history_it_is_a_plain_pick(self):
        self.assertEqual(len(self.plan("-n", "4", "--seed", "7")), 4)

    def test_no_history_is_a_usage_error(self):
        self.assertError(self.drill("--no-history", "plan", "--role", "backend", "--due"), 64, "--no-history")


if __name__ == "__main__":
    unittest.main()
