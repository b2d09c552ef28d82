#include "session/report.hpp"
#include "session/session.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <deque>
#include <sstream>

using namespace drill;
using namespace std::chrono_literals;

namespace {

class FakeClock final : public Clock {
public:
  std::chrono::steady_clock::time_point now() override { return steady; }
  std::chrono::system_clock::time_point wall() override { return wall_time; }
  void advance(std::chrono::milliseconds d) {
    steady += d;
    wall_time += d;
  }
  std::chrono::steady_clock::time_point steady{};
  std::chrono::system_clock::time_point wall_time = std::chrono::system_clock::from_time_t(1'800'000'000);
};

// Each line takes the given time to type; then the script runs out (Ctrl-D).
class ScriptedReader final : public LineReader {
public:
  ScriptedReader(FakeClock &clock, std::deque<std::pair<std::string, std::chrono::milliseconds>> lines)
      : clock_(clock), lines_(std::move(lines)) {}
  ReadResult read_line(const LinePrompt &prompt) override {
    prompts.push_back(prompt);
    if (lines_.empty()) return {ReadStatus::end_of_input, ""};
    auto [text, took] = lines_.front();
    lines_.pop_front();
    clock_.advance(took);
    if (text == "<INT>") return {ReadStatus::interrupted, ""};
    return {ReadStatus::line, text};
  }
  std::vector<LinePrompt> prompts;

private:
  FakeClock &clock_;
  std::deque<std::pair<std::string, std::chrono::milliseconds>> lines_;
};

class FakeEditor final : public AnswerEditor {
public:
  std::optional<std::string> edit(std::string_view draft, std::string &) override {
    seen_draft = std::string(draft);
    return result;
  }
  std::optional<std::string> result;
  std::string seen_draft;
};

class MemorySink final : public RecordSink {
public:
  void answer(const AnswerRecord &a, const AnswerNotes &notes) override { records.push_back(log_line(a, notes)); }
  void correction(const CorrectionLine &c) override { records.push_back(log_line(c)); }
  void session(const SessionRecord &s, const SessionNotes &notes) override { records.push_back(log_line(s, notes)); }
  std::vector<nlohmann::json> records;
};

int g_graded_limit = 0; // the time limit of the question last graded

// Scores 90 when the answer says "cache", else 20; one concept each way.
// A disputed concept counts as made and adds 5; an answer saying "forever"
// makes a wrong claim that costs 10, unless disputed.
Feedback fake_grade(const Question &q, std::string_view answer, std::optional<double> elapsed,
                    const Corrections *corrections) {
  g_graded_limit = q.time_limit_s;
  Feedback f;
  bool cache = answer.find("cache") != std::string_view::npos;
  f.score = cache ? 90 : 20;
  ConceptResult read;
  read.name = "read from cache";
  read.hit = cache;
  read.evidence = cache ? "I check the cache" : "";
  ConceptResult expiry;
  expiry.name = "expiry";
  expiry.hit = answer.find("ttl") != std::string_view::npos;
  if (expiry.hit) f.score += 10;
  f.concepts = {read, expiry};
  for (auto &c : f.concepts)
    if (!c.hit && corrections && corrections->counts_as_made(c.name)) {
      c.hit = c.disputed = true;
      f.score += 5;
    }
  if (answer.find("forever") != std::string_view::npos) {
    if (corrections && corrections->drops_claim("entries live forever"))
      f.disputed_claims.push_back("entries live forever");
    else {
      f.misconceptions.push_back({"entries live forever", "Entries expire.", 2, "forever", "forever"});
      f.score -= 10;
    }
  }
  f.delivery.elapsed_s = elapsed;
  return f;
}

Question make_question(std::string id, std::string topic, std::vector<std::string> tips = {}) {
  Question q;
  q.id = std::move(id);
  q.prompt = "Explain " + q.id + ".";
  q.topics = {std::move(topic)};
  q.time_limit_s = 60;
  q.model_answer = "MODEL ANSWER for " + q.id;
  q.tips = std::move(tips);
  return q;
}

struct Harness {
  FakeClock clock;
  FakeEditor editor;
  MemorySink sink;
  std::ostringstream out;
  std::ostringstream ui;
  Question a = make_question("q.a", "caching", {"First tip.", "Second tip."});
  Question b = make_question("q.b", "databases");
  Question c = make_question("q.c", "queues");
  SessionConfig config;
  Harness() {
    config.session_id = "s1";
    config.role = "backend";
  }

  SessionResult run(std::deque<std::pair<std::string, std::chrono::milliseconds>> lines,
                    std::vector<const Question *> qs = {}) {
    if (qs.empty()) qs = {&a, &b, &c};
    ScriptedReader reader(clock, std::move(lines));
    SessionIo io{reader, editor, clock, out, ui, Style(false), Style(false), &sink, nullptr};
    auto r = run_session(qs, fake_grade, io, config);
    prompts = reader.prompts;
    return r;
  }
  std::vector<LinePrompt> prompts;
};

} // namespace

TEST_CASE("answers are split on blank lines") {
  Harness h;
  auto r = h.run({{"", 0ms},
                  {"I check the cache", 0ms},
                  {"then the db", 0ms},
                  {"", 0ms},
                  {"", 0ms},
                  {"", 0ms},
                  {"no idea", 0ms},
                  {"", 0ms},
                  {"last one", 0ms}});
  REQUIRE(r.answers.size() == 3);
  CHECK(r.answers[0].answer == "I check the cache\nthen the db");
  CHECK(r.answers[1].answer == "no idea");
  SECTION("the end of input submits the answer being written") {
    CHECK(r.answers[2].outcome == Outcome::graded);
    CHECK(r.answers[2].answer == "last one");
  }
  CHECK(r.graded() == 3);
  CHECK_FALSE(r.quit);
}

TEST_CASE("the end of input before an answer ends the session") {
  Harness h;
  auto r = h.run({{"I check the cache", 0ms}, {"", 0ms}});
  CHECK(r.answers[0].outcome == Outcome::graded);
  CHECK(r.answers[1].outcome == Outcome::unanswered);
  CHECK(r.answers[2].outcome == Outcome::unanswered);
  CHECK(r.quit);
  CHECK_THAT(h.out.str(), Catch::Contains("Summary"));
}

TEST_CASE(":skip moves on and :quit ends the session") {
  Harness h;
  auto r = h.run({{"half an answer", 0ms},
                  {"  :skip ", 0ms},
                  {"cache", 0ms},
                  {"", 0ms},
                  {"dropped draft", 0ms},
                  {":quit", 0ms},
                  {"never read", 0ms}});
  CHECK(r.answers[0].outcome == Outcome::skipped);
  CHECK(r.answers[1].outcome == Outcome::graded);
  CHECK(r.answers[2].outcome == Outcome::unanswered);
  CHECK(r.quit);
  CHECK(r.skipped() == 1);
  CHECK(h.sink.records.size() == 2); // one answer, one session
  CHECK(h.sink.records[1]["skipped"] == 1);
  CHECK_THAT(h.out.str(), Catch::Contains("skipped"));
}

TEST_CASE(":hint shows one tip at a time, on the terminal only") {
  Harness h;
  auto r =
      h.run({{":hint", 0ms}, {":hint", 0ms}, {":hint", 0ms}, {"cache", 0ms}, {"", 0ms}, {":hint", 0ms}}, {&h.a, &h.b});
  CHECK(r.answers[0].hints_used == 2);
  std::string ui = h.ui.str();
  CHECK(ui.find("First tip.") < ui.find("Second tip."));
  CHECK_THAT(ui, Catch::Contains("No more hints."));
  CHECK_THAT(ui, Catch::Contains("No hints for this question."));
  CHECK_THAT(h.out.str(), !Catch::Contains("First tip."));
  CHECK(r.answers[0].answer == "cache"); // commands are not part of the answer
}

TEST_CASE("stdin answers: CRLF line ends and blank-line separators") {
  Harness h;
  std::istringstream in("I check the cache\r\nfirst\r\n\r\n\r\n:skip\n");
  StreamLineReader reader(in);
  h.config.timed = false;
  SessionIo io{reader, h.editor, h.clock, h.out, h.ui, Style(false), Style(false), &h.sink, nullptr};
  auto r = run_session({&h.a, &h.b, &h.c}, fake_grade, io, h.config);
  CHECK(r.answers[0].answer == "I check the cache\nfirst");
  CHECK(r.answers[1].outcome == Outcome::skipped);
  CHECK(r.answers[2].outcome == Outcome::unanswered);
  CHECK(r.quit);
}

TEST_CASE(":help lists the commands on the terminal") {
  Harness h;
  auto r = h.run({{":help", 0ms}, {"cache", 0ms}, {"", 0ms}}, {&h.a});
  CHECK_THAT(h.ui.str(), Catch::Contains(":hint") && Catch::Contains(":edit") && Catch::Contains(":quit"));
  CHECK_THAT(h.out.str(), !Catch::Contains(":edit"));
  CHECK(r.answers[0].answer == "cache");
}

TEST_CASE(":edit takes the answer from the editor") {
  Harness h;
  SECTION("a saved answer is submitted at once, starting from the draft") {
    h.editor.result = "I check the cache\n\nand set a TTL\n";
    auto r = h.run({{"draft", 0ms}, {":edit", 0ms}}, {&h.a});
    CHECK(h.editor.seen_draft == "draft\n");
    CHECK(r.answers[0].answer == "I check the cache\n\nand set a TTL");
  }
  SECTION("a failed edit keeps reading") {
    auto r = h.run({{":edit", 0ms}, {"typed instead", 0ms}, {"", 0ms}}, {&h.a});
    CHECK_THAT(h.ui.str(), Catch::Contains("Cannot edit"));
    CHECK(r.answers[0].answer == "typed instead");
  }
}

TEST_CASE("elapsed time runs from the prompt to the submission, on the session clock") {
  Harness h;
  auto r = h.run({{"cache", 12'000ms}, {"", 500ms}, {"slow", 61'000ms}, {"", 1'000ms}}, {&h.a, &h.b});
  REQUIRE(r.answers[0].elapsed_s);
  CHECK(*r.answers[0].elapsed_s == Approx(12.5));
  CHECK_FALSE(r.answers[0].over_time);
  SECTION("answers over the limit are marked") {
    CHECK(*r.answers[1].elapsed_s == Approx(62.0));
    CHECK(r.answers[1].over_time);
    CHECK_THAT(h.out.str(), Catch::Contains("OVER TIME by 0:02"));
    CHECK(h.sink.records[1]["breakdown"]["over_time"] == true);
  }
  SECTION("the countdown's deadline is the question's limit") {
    REQUIRE(h.prompts[0].deadline);
    CHECK(*h.prompts[0].deadline - std::chrono::steady_clock::time_point{} == 60s);
    CHECK(h.prompts[1].continuation);
  }
}

TEST_CASE("a --time-limit overrides, and untimed sessions record no time") {
  Harness h;
  SECTION("override") {
    h.config.time_limit_s = 10;
    auto r = h.run({{"cache", 11'000ms}, {"", 0ms}}, {&h.a});
    CHECK(r.answers[0].time_limit_s == 10);
    CHECK(r.answers[0].over_time);
    CHECK(g_graded_limit == 10); // the grader judges against the same limit
  }
  SECTION("untimed") {
    h.config.timed = false;
    auto r = h.run({{"cache", 11'000ms}, {"", 0ms}}, {&h.a});
    CHECK_FALSE(r.answers[0].elapsed_s);
    CHECK_FALSE(h.prompts[0].deadline);
    CHECK(h.sink.records[0]["elapsed_s"].is_null());
  }
  SECTION("--no-timer hides the countdown but still measures") {
    h.config.show_timer = false;
    auto r = h.run({{"cache", 3'000ms}, {"", 0ms}}, {&h.a});
    CHECK_FALSE(h.prompts[0].deadline);
    CHECK(r.answers[0].elapsed_s);
  }
}

TEST_CASE("the JSONL records have the documented shape") {
  Harness h;
  h.config.mode = "piped";
  h.run({{"I check the cache", 2'000ms}, {"", 0ms}, {":skip", 0ms}}, {&h.a, &h.b});
  REQUIRE(h.sink.records.size() == 2);
  const auto &a = h.sink.records[0];
  CHECK(a["type"] == "answer");
  CHECK(a["session_id"] == "s1");
  CHECK(a["mode"] == "piped");
  CHECK(a["role"] == "backend");
  CHECK(a["answered_at_ms"] == 1'800'000'002'000);
  CHECK(a["time"] == "2027-01-15T08:00:02.000Z");
  CHECK(a["question_id"] == "q.a");
  CHECK(a["question_hash"] == question_hash(h.a));
  CHECK(a["topics"] == nlohmann::json::array({"caching"}));
  CHECK(a["category"] == "technical");
  CHECK(a["difficulty"] == "beginner");
  CHECK(a["prompt"] == "Explain q.a.");
  CHECK(a["answer"] == "I check the cache");
  CHECK(a["elapsed_s"] == 2.0);
  CHECK(a["time_limit_s"] == 60);
  CHECK(a["score"] == 90);
  CHECK(a["breakdown"]["concepts"]["hit"] == nlohmann::json::array({"read from cache"}));
  CHECK(a["breakdown"]["concepts"]["missed"] == nlohmann::json::array({"expiry"}));
  CHECK(a["breakdown"]["star"].is_null());
  CHECK(a["breakdown"]["over_time"] == false);
  CHECK(a["hints_used"] == 0);
  const auto &s = h.sink.records[1];
  CHECK(s["type"] == "session");
  CHECK(s["session_id"] == "s1");
  CHECK(s["started_at_ms"] == 1'800'000'000'000);
  CHECK(s["ended_at_ms"] == 1'800'000'002'000);
  CHECK(s["started"] == "2027-01-15T08:00:00.000Z");
  CHECK(s["ended"] == "2027-01-15T08:00:02.000Z");
  CHECK(s["mode"] == "piped");
  CHECK(s["answered"] == 1);
  CHECK(s["skipped"] == 1);
  CHECK(s["average_score"] == 90.0);
}

TEST_CASE("STAR results are recorded per part") {
  QuestionOutcome a;
  Question q = make_question("b.q", "conflict");
  a.question = &q;
  a.feedback.star = StarResult{};
  a.feedback.star->present = {true, false, true, true};
  auto j = to_json(answer_record(a, SessionConfig{}));
  CHECK(j["breakdown"]["star"] ==
        nlohmann::json({{"situation", true}, {"task", false}, {"action", true}, {"result", true}}));
  a.feedback.star->evidence[0] = "Last year our API fell over.";
  std::string text = render_answer(a, Reveal::never, Style(false), 80);
  CHECK_THAT(text, Catch::Contains("STAR") && Catch::Contains("Last year our API fell over."));
}

TEST_CASE("the --reveal option decides when the model answer is shown") {
  Harness h;
  SECTION("always") {
    h.run({{"cache", 0ms}, {"", 0ms}, {"nothing", 0ms}, {"", 0ms}}, {&h.a, &h.b});
    CHECK_THAT(h.out.str(), Catch::Contains("MODEL ANSWER for q.a") && Catch::Contains("MODEL ANSWER for q.b"));
  }
  SECTION("never") {
    h.config.reveal = Reveal::never;
    h.run({{"cache", 0ms}, {"", 0ms}, {"nothing", 0ms}, {"", 0ms}}, {&h.a, &h.b});
    CHECK_THAT(h.out.str(), !Catch::Contains("MODEL ANSWER"));
  }
  SECTION("missed: only below 70") {
    h.config.reveal = Reveal::missed;
    h.run({{"cache", 0ms}, {"", 0ms}, {"nothing", 0ms}, {"", 0ms}}, {&h.a, &h.b});
    CHECK_THAT(h.out.str(), !Catch::Contains("MODEL ANSWER for q.a"));
    CHECK_THAT(h.out.str(), Catch::Contains("MODEL ANSWER for q.b"));
  }
  CHECK(parse_reveal("missed") == Reveal::missed);
}

TEST_CASE("an interruption keeps what was graded and still summarises") {
  Harness h;
  auto r = h.run({{"cache", 0ms}, {"", 0ms}, {"half", 0ms}, {"<INT>", 0ms}});
  CHECK(r.interrupted);
  CHECK(r.graded() == 1);
  REQUIRE(h.sink.records.size() == 2);
  CHECK(h.sink.records[1]["interrupted"] == true);
  CHECK_THAT(h.out.str(), Catch::Contains("Summary"));
  SECTION("a stop between questions is noticed too") {
    Harness g;
    int polls = 0;
    ScriptedReader reader(g.clock, {{"cache", 0ms}, {"", 0ms}});
    SessionIo io{
        reader, g.editor, g.clock, g.out, g.ui, Style(false), Style(false), nullptr, [&polls] { return ++polls > 1; }};
    auto r2 = run_session({&g.a, &g.b}, fake_grade, io, g.config);
    CHECK(r2.interrupted);
    CHECK(r2.answers[1].outcome == Outcome::unanswered);
  }
}

TEST_CASE("the summary names the weakest concepts and a next command") {
  Harness h;
  h.run({{"cache", 7'000ms}, {"", 0ms}, {"nothing", 65'000ms}, {"", 0ms}, {":skip", 0ms}});
  std::string out = h.out.str();
  CHECK_THAT(out, Catch::Contains("q.a") && Catch::Contains("0:07"));
  CHECK_THAT(out, Catch::Contains("1:05!"));
  CHECK_THAT(out, Catch::Contains("Average: 55 (2 answered, 1 skipped, 0 unanswered)"));
  CHECK_THAT(out, Catch::Contains("Weakest concepts: expiry (2x), read from cache"));
  CHECK_THAT(out, Catch::Contains("Next: drill --role backend --topic databases --difficulty beginner"));
}

TEST_CASE(":dispute at the next prompt corrects the answer before, and logs it") {
  Harness h;
  h.config.mode = "piped";
  auto r = h.run({{"I check the cache", 0ms},
                  {"", 0ms},
                  {":dispute", 0ms},
                  {":dispute 1 a ttl on each key", 0ms},
                  {"no idea", 0ms},
                  {"", 0ms}},
                 {&h.a, &h.b});
  REQUIRE(r.answers.size() == 2);
  const QuestionOutcome &first = r.answers[0];
  CHECK(first.feedback.score == 95);
  CHECK(first.auto_score == 90);
  CHECK(first.corrections.made == std::vector<std::string>{"expiry"});
  CHECK(r.answers[1].answer == "no idea"); // the command lines were not taken as the answer
  std::string out = h.out.str();
  CHECK_THAT(out, Catch::Contains("1. expiry"));
  CHECK_THAT(out, Catch::Contains("Score 90 -> 95"));
  CHECK_THAT(out, Catch::Contains("drill will hear \"a ttl on each key\" as 'expiry'"));
  const nlohmann::json *correction = nullptr;
  for (const auto &rec : h.sink.records)
    if (rec["type"] == "correction") correction = &rec;
  REQUIRE(correction != nullptr);
  CHECK((*correction)["question_id"] == "q.a");
  CHECK((*correction)["kind"] == "made");
  CHECK((*correction)["target"] == "expiry");
  CHECK((*correction)["words"] == "a ttl on each key");
  CHECK((*correction)["score"] == 95);
  CHECK(h.sink.records[0]["score"] == 90); // drill's own grade stays on the answer line
  CHECK((*correction)["answered_at_ms"] == h.sink.records[0]["answered_at_ms"]); // names the answer it corrects
  CHECK((*correction)["session_id"] == "s1");
  CHECK((*correction)["breakdown"]["concepts"]["missed"].empty());
}

TEST_CASE(":dispute of a wrong claim drops it; a bad number changes nothing") {
  Harness h;
  h.config.mode = "piped";
  auto r = h.run({{"cache entries live forever", 0ms}, {"", 0ms}, {":dispute 7", 0ms}, {":dispute 2", 0ms}}, {&h.a});
  REQUIRE(r.answers.size() == 1);
  CHECK(r.answers[0].feedback.score == 90);
  CHECK(r.answers[0].auto_score == 80);
  CHECK(r.answers[0].corrections.not_said == std::vector<std::string>{"entries live forever"});
  CHECK_THAT(h.out.str(), Catch::Contains("There is no point 7 to dispute; give a number from 1 to 2"));
}

TEST_CASE(":dispute before any answer, and :agree, change no grade") {
  Harness h;
  h.config.mode = "piped";
  auto r = h.run({{":dispute 1", 0ms}, {"cache", 0ms}, {"", 0ms}, {":agree", 0ms}}, {&h.a});
  CHECK(r.answers[0].answer == "cache");
  CHECK(r.answers[0].feedback.score == 90);
  CHECK_FALSE(r.answers[0].auto_score);
  CHECK_THAT(h.out.str(), Catch::Contains("Nothing to correct yet"));
  CHECK_THAT(h.out.str(), Catch::Contains("Noted: you agree"));
  REQUIRE(h.sink.records.size() == 3); // answer, agreement, session
  CHECK(h.sink.records[1]["kind"] == "agree");
}

TEST_CASE("self-rating (--self-rate) asks for a 1-4 rating after each answer and logs it") {
  Harness h;
  h.config.self_rate = true;
  auto r =
      h.run({{"cache", 0ms}, {"", 0ms}, {"9", 0ms}, {"2", 0ms}, {"nothing", 0ms}, {"", 0ms}, {"", 0ms}}, {&h.a, &h.b});
  REQUIRE(r.answers.size() == 2);
  CHECK(r.answers[0].rating == 2);
  CHECK_FALSE(r.answers[1].rating); // Enter keeps drill's grade
  CHECK(r.answers[1].answer == "nothing");
  CHECK_THAT(h.ui.str(), Catch::Contains("Rate yourself: 1 again, 2 hard, 3 good, 4 easy"));
  CHECK_THAT(h.out.str(), Catch::Contains("Type 1, 2, 3 or 4, or press Enter."));
  std::size_t ratings = 0;
  for (const auto &rec : h.sink.records)
    if (rec["type"] == "correction" && rec["kind"] == "rating" && rec["rating"] == 2) ++ratings;
  CHECK(ratings == 1);
}

TEST_CASE("a terminal is not kept waiting after the last answer; a dispute asks for the words") {
  Harness h; // interactive by default
  h.run({{"cache", 0ms}, {"", 0ms}, {":dispute 1", 0ms}, {"ttl", 0ms}, {"nothing", 0ms}, {"", 0ms}}, {&h.a, &h.b});
  CHECK_THAT(h.ui.str(), Catch::Contains("Made a point drill missed? Type :dispute at the next prompt."));
  CHECK_THAT(h.ui.str(), Catch::Contains("Which of your words made that point?"));
  CHECK_THAT(h.out.str(), Catch::Contains("drill will hear \"ttl\" as 'expiry'"));
  CHECK_THAT(h.ui.str(), Catch::Contains("Missed a point? drill history dispute s1"));
  CHECK_THAT(h.out.str(), Catch::Contains("Average: 58")); // of the corrected 95 and 20
}

TEST_CASE("the next command keeps the category practised") {
  Harness h;
  h.a.category = Category::behavioral;
  h.b.category = Category::behavioral;
  h.config.width = 100;
  h.run({{"cache", 0ms}, {"", 0ms}, {"nothing", 0ms}, {"", 0ms}}, {&h.a, &h.b});
  CHECK_THAT(h.out.str(), Catch::Contains("Next: drill --role backend --topic databases --difficulty beginner "
                                          "--category behavioral\n"));
}

TEST_CASE("the summary wraps to the width by word") {
  Harness h;
  h.config.width = 40;
  h.run({{"cache", 0ms}, {"", 0ms}, {"nothing", 0ms}, {"", 0ms}, {":skip", 0ms}});
  std::string out = h.out.str();
  CHECK_THAT(out, Catch::Contains("Next: drill --role backend --topic\ndatabases --difficulty beginner\n"
                                  "--category technical\n"));
  CHECK_THAT(out, Catch::Contains("Weakest concepts: expiry (2x), read from\ncache\n"));
  // Title, id and facts make 54 columns: the facts go on a line of their own.
  CHECK_THAT(out, Catch::Contains("Question 1/3 q.a\n  technical · beginner · caching · 1:00\n"));
}

TEST_CASE("a follow-up asks for the point missed, before the feedback; its reply counts half") {
  Harness h;
  h.config.mode = "batch";
  h.config.follow_ups = 1;
  h.a.concepts = {Concept{"read from cache", {"cache"}},
                  Concept{"expiry", {"ttl"}, 1.0, "When does an entry go stale?"}};
  auto r = h.run({{"I check the cache", 5s}, {"", 0ms}, {"a ttl on each key", 7s}, {"", 0ms}}, {&h.a});
  REQUIRE(r.answers.size() == 1);
  const QuestionOutcome &a = r.answers[0];
  CHECK(a.answer == "I check the cache"); // the reply is kept apart
  REQUIRE(a.follow_ups.size() == 1);
  CHECK(a.follow_ups[0].asked.text == "When does an entry go stale?");
  CHECK(a.follow_ups[0].asked.target == "expiry");
  CHECK(a.follow_ups[0].answer == "a ttl on each key");
  CHECK(a.follow_ups[0].made);
  CHECK(a.follow_ups[0].elapsed_s == Approx(7.0));
  CHECK(a.elapsed_s == Approx(5.0));
  CHECK(a.feedback.before_follow_ups == 90);
  CHECK(a.feedback.score == 95); // 90 alone, 100 with the reply: half of the 10 is kept
  CHECK(a.feedback.concepts[1].prompted);
  std::string out = h.out.str();
  auto asked = out.find("Follow-up: When does an entry go stale?");
  REQUIRE(asked != std::string::npos);
  CHECK(asked < out.find("Score:")); // asked like an interviewer would: before any grade
  CHECK_THAT(out, Catch::Contains("+ expiry (when asked)"));
  CHECK_THAT(out, Catch::Contains("you gave it"));
  const nlohmann::json &rec = h.sink.records.at(0);
  CHECK(rec["score"] == 95);
  CHECK(rec["before_follow_ups"] == 90);
  CHECK(rec["concepts"]["prompted"] == nlohmann::json::array({"expiry"}));
  REQUIRE(rec["follow_ups"].size() == 1);
  CHECK(rec["follow_ups"][0]["kind"] == "probe");
  CHECK(rec["follow_ups"][0]["made"] == true);
  CHECK(rec["follow_ups"][0]["answer"] == "a ttl on each key");
}

TEST_CASE("a follow-up reply that misses again changes nothing, and the point stays weak") {
  Harness h;
  h.config.mode = "batch";
  h.config.follow_ups = 1;
  h.config.width = 120;
  auto r = h.run({{"I check the cache", 0ms}, {"", 0ms}, {"no idea", 0ms}, {"", 0ms}}, {&h.a});
  const QuestionOutcome &a = r.answers.at(0);
  REQUIRE(a.follow_ups.size() == 1);
  CHECK(a.follow_ups[0].asked.text ==
        "You didn't mention expiry. How does that come into it?"); // no probe: the template
  CHECK_FALSE(a.follow_ups[0].made);
  CHECK(a.feedback.score == 90);
  CHECK_THAT(h.out.str(), Catch::Contains("not in the reply either"));
  CHECK(weakest_concepts(r.answers).at(0).first == "expiry");
}

TEST_CASE("no follow-ups unless asked for; the end of input at one keeps the answer") {
  Harness h;
  h.config.mode = "batch";
  auto none = h.run({{"I check the cache", 0ms}, {"", 0ms}, {"no idea", 0ms}, {"", 0ms}}, {&h.a, &h.b});
  CHECK(none.answers.at(0).follow_ups.empty());
  CHECK(none.answers.at(1).answer == "no idea"); // taken as the next question's answer
  CHECK_THAT(h.out.str(), !Catch::Contains("Follow-up:"));

  Harness cut;
  cut.config.mode = "batch";
  cut.config.follow_ups = 2;
  auto r = cut.run({{"I check the cache", 0ms}, {"", 0ms}}, {&cut.a, &cut.b});
  CHECK(r.quit);
  CHECK(r.answers.at(0).outcome == Outcome::graded);
  CHECK(r.answers.at(0).feedback.score == 90);
  CHECK(r.answers.at(1).outcome == Outcome::unanswered);
  CHECK(cut.sink.records.at(0)["type"] == "answer");
}

TEST_CASE("several follow-ups ask different things; :skip ends them") {
  Harness h;
  h.config.mode = "batch";
  h.config.follow_ups = 3;
  h.a.follow_ups = {"How would you warm the cache?"};
  // The first follow-up asks for expiry; made, the next goes deeper with the question's own.
  auto r = h.run({{"I check the cache", 0ms},
                  {"", 0ms},
                  {"a ttl", 0ms},
                  {"", 0ms},
                  {":skip", 0ms},
                  {"the second answer", 0ms},
                  {"", 0ms}},
                 {&h.a, &h.b});
  const QuestionOutcome &a = r.answers.at(0);
  REQUIRE(a.follow_ups.size() == 1);
  CHECK(a.follow_ups[0].asked.target == "expiry");
  CHECK_THAT(h.out.str(), Catch::Contains("Follow-up: How would you warm the cache?"));
  CHECK_THAT(h.out.str(), Catch::Contains("Follow-up skipped."));
  CHECK(r.answers.at(1).answer == "the second answer");
}

TEST_CASE("a time budget skips what cannot be answered in the time left, but keeps the last") {
  Harness h;
  h.config.mode = "batch";
  h.config.time_limits = {60, 60, 60};
  h.config.budget_s = 100;
  h.config.keep_last = 1;
  auto r = h.run({{"I check the cache", 50s}, {"", 0ms}, {"the closing answer", 30s}, {"", 0ms}});
  CHECK(r.out_of_time == 1);
  CHECK(r.answers.at(0).outcome == Outcome::graded);
  CHECK(r.answers.at(1).outcome == Outcome::unanswered); // 50 s used + 60 s needed > 100 s
  CHECK(r.answers.at(2).answer == "the closing answer");
  CHECK_THAT(h.out.str(), Catch::Contains("No time left for q.b (1:00): moving on."));
  CHECK(h.prompts.at(0).limit_s == 60);
}

TEST_CASE("follow-ups may be set per question: an interview's closing question gets none") {
  Harness h;
  h.config.mode = "batch";
  h.config.follow_ups = 1;
  h.config.follow_ups_each = {1, 0};
  auto r = h.run({{"I check the cache", 0ms},
                  {"", 0ms},
                  {"a ttl", 0ms},
                  {"", 0ms},
                  {"I check the cache", 0ms},
                  {"", 0ms},
                  {"left over", 0ms}},
                 {&h.a, &h.b});
  CHECK(r.answers.at(0).follow_ups.size() == 1);
  CHECK(r.answers.at(1).follow_ups.empty());
  CHECK(r.answers.at(1).answer == "I check the cache");
}
