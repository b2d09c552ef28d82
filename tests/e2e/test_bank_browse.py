"""Browsing the banks: bank list --questions/--ids/--roles/--topics with the
usual filters, and bank search by words."""
import json
import unittest

from drilltest import DrillTest, bank, question


class Browse(DrillTest):
    def setUp(self):
        super().setUp()
        self.write("data/banks/b.json", bank([
            question("c.ttl", prompt="How do you pick a TTL for cached pages?", topics=["caching"]),
            question("c.stampede", prompt="What is a cache stampede, and how do you stop one?",
                     topics=["caching"], difficulty="advanced"),
            question("q.retry", prompt="How should a consumer retry failed messages?", topics=["queues"],
                     concepts=[{"name": "backoff", "any": ["exponential backoff", "invalidation of caches"]}]),
            question("b.conflict", prompt="Tell me about a disagreement with a colleague.", category="behavioral",
                     topics=["conflict"]),
        ]))
        self.env["DRILL_DATA_DIR"] = self.path("data")

    def test_questions_with_filters(self):
        r = self.drill("bank", "list", "--questions", "--category", "technical", "--difficulty", "beginner")
        self.assertExit(r, 0)
        self.assertEqual([line.split()[0] for line in r.stdout.splitlines()], ["c.ttl", "q.retry"])
        self.assertIn("c.ttl    How do you pick a TTL for cached pages?\n", r.stdout)
        doc = json.loads(self.drill("bank", "list", "--questions", "-t", "caching", "--format", "json").stdout)
        self.assertEqual([q["id"] for q in doc["questions"]], ["c.ttl", "c.stampede"])
        self.assertExit(self.drill("bank", "list", "--questions", "-c", "tehcnical"), 64,
                        stderr_has="did you mean 'technical'")

    def test_names_one_a_line(self):
        self.assertEqual(self.drill("bank", "list", "--ids").stdout.split(),
                         ["c.ttl", "c.stampede", "q.retry", "b.conflict"])
        self.assertEqual(self.drill("bank", "list", "--ids", "-c", "behavioral").stdout, "b.conflict\n")
        self.assertEqual(self.drill("bank", "list", "--roles").stdout, "backend\n")
        self.assertEqual(self.drill("bank", "list", "--topics").stdout.split(), ["caching", "conflict", "queues"])
        self.assertExit(self.drill("bank", "list", "--ids", "--roles"), 64)

    def test_counts_follow_the_filters(self):
        r = self.drill("bank", "list", "--category", "behavioral", "--format", "json")
        doc = json.loads(r.stdout)
        self.assertEqual(list(doc["roles"]["backend"]["categories"]), ["behavioral"])

    def test_search_ranks_and_stems(self):
        r = self.drill("bank", "search", "caching")
        self.assertExit(r, 0)
        ids = [line.split()[0] for line in r.stdout.splitlines() if line and not line.startswith(" ")]
        # Topic matches come before a match in a key point's phrasing.
        self.assertEqual(ids, ["c.ttl", "c.stampede", "q.retry"])
        ids = [line.split()[0] for line in self.drill("bank", "search", "cache", "stampede").stdout.splitlines()]
        self.assertEqual(ids[0], "c.stampede")  # both words
        r = self.drill("bank", "search", "disagreements", "--format", "json")
        self.assertEqual([q["id"] for q in json.loads(r.stdout)["questions"]], ["b.conflict"])
        r = self.drill("bank", "search", "caching", "--category", "behavioral")
        self.assertExit(r, 0, stderr_has="no question mentions 'caching'")
        self.assertEqual(r.stdout, "")


if __name__ == "__main__":
    unittest.main()
