#include "session/dispute.hpp"

#include "session/transcript.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace drill {

namespace {

std::string_view trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::size_t word_count(std::string_view s) {
  std::size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    bool space = c == ' ' || c == '\t';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

// The part of `line` after the command word `name`, when `line` is that
// command ("" for the command alone); nothing otherwise.
std::optional<std::string_view> command_args(std::string_view line, std::string_view name) {
  line = trim(line);
  if (line.substr(0, name.size()) != name) return std::nullopt;
  std::string_view rest = line.substr(name.size());
  if (!rest.empty() && rest.front() != ' ' && rest.front() != '\t') return std::nullopt;
  return trim(rest);
}

std::string list_disputable(const std::vector<Disputable> &items) {
  std::string out;
  bool claims = false;
  out += "Key points drill marked missed:\n";
  std::size_t n = 0;
  for (const auto &d : items) {
    ++n;
    if (d.kind == Disputable::Kind::heard_claim && !claims) {
      out += "Wrong claims drill heard:\n";
      claims = true;
    }
    out += fmt::format("  {}. {}\n", n, d.name);
  }
  if (items.front().kind == Disputable::Kind::heard_claim) out.erase(0, out.find('\n') + 1);
  out += "Type :dispute N to correct one; add the words you used to teach drill your phrasing.\n";
  return out;
}

void log_correction(const QuestionOutcome &a, Correction::Kind kind, std::string_view target, std::string_view words,
                    std::optional<int> rating, SessionIo &io, const SessionConfig &config) {
  if (io.log) io.log->correction(correction_record(a, kind, target, words, rating, config, epoch_ms(io.clock.wall())));
}

// Grades `a` again with its corrections and says what moved.
void regrade(QuestionOutcome &a, const GradeFn &grade, SessionIo &io) {
  const int before = a.feedback.score;
  if (!a.auto_score) a.auto_score = before;
  a.feedback = grade_outcome(a, grade);
  io.out << fmt::format("Score {} -> {}; drill's own grade ({}) stays in the history beside yours.\n", before,
                        a.feedback.score, *a.auto_score);
}

CorrectionStep dispute(std::string_view args, QuestionOutcome &a, const GradeFn &grade, SessionIo &io,
                       const SessionConfig &config) {
  const auto items = disputable(a);
  if (items.empty()) {
    io.out << "Nothing to dispute: drill heard every key point and no wrong claim.\n";
    return CorrectionStep::handled;
  }
  if (args.empty()) {
    io.out << list_disputable(items);
    return CorrectionStep::handled;
  }
  std::size_t n = 0;
  std::string_view number = args.substr(0, args.find_first_of(" \t"));
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), n);
  if (ec != std::errc() || end != number.data() + number.size() || n < 1 || n > items.size()) {
    io.out << fmt::format("There is no point {} to dispute; give a number from 1 to {} (:dispute lists them).\n",
                          number, items.size());
    return CorrectionStep::handled;
  }
  const Disputable &item = items[n - 1];
  std::string words(trim(args.substr(number.size())));
  if (item.kind == Disputable::Kind::heard_claim) {
    a.corrections.not_said.push_back(item.name);
    regrade(a, grade, io);
    log_correction(a, Correction::Kind::not_said, item.name, "", std::nullopt, io, config);
    return CorrectionStep::handled;
  }
  if (words.empty() && config.mode == "interactive") {
    io.ui << "Which of your words made that point? (Enter to skip)\n";
    io.ui.flush();
    ReadResult r = io.reader.read_line(LinePrompt{});
    if (r.status == ReadStatus::interrupted) return CorrectionStep::interrupted;
    if (r.status == ReadStatus::line) words = std::string(trim(r.text));
  }
  if (word_count(words) > k_max_phrasing_words) {
    io.out << fmt::format("Those words were not kept as your phrasing: give the few words (at most {}) that made "
                          "the point.\n",
                          k_max_phrasing_words);
    words.clear();
  }
  a.corrections.made.push_back(item.name);
  regrade(a, grade, io);
  if (!words.empty()) io.out << fmt::format("drill will hear \"{}\" as '{}' from now on.\n", words, item.name);
  log_correction(a, Correction::Kind::made, item.name, words, std::nullopt, io, config);
  return CorrectionStep::handled;
}

} // namespace

nlohmann::json breakdown_of(const QuestionOutcome &a) {
  nlohmann::json hit = nlohmann::json::array();
  nlohmann::json missed = nlohmann::json::array();
  nlohmann::json prompted = nlohmann::json::array();
  for (const auto &c : a.feedback.concepts) {
    (c.hit ? hit : missed).push_back(c.name);
    if (c.prompted) prompted.push_back(c.name);
  }
  nlohmann::json star = nullptr;
  if (a.feedback.star) {
    constexpr const char *k_parts[] = {"situation", "task", "action", "result"};
    star = nlohmann::json::object();
    for (std::size_t p = 0; p < 4; ++p)
      star[k_parts[p]] = a.feedback.star->present[p];
  }
  nlohmann::json concepts = {{"hit", hit}, {"missed", missed}};
  if (!prompted.empty()) concepts["prompted"] = prompted;
  nlohmann::json breakdown = {{"concepts", concepts}, {"star", star}, {"over_time", a.over_time}};
  // Follow-up replies are part of the answer: a rescore grades them again.
  if (!a.follow_ups.empty()) {
    breakdown["follow_ups"] = to_json(a.follow_ups);
    breakdown["before_follow_ups"] =
        a.feedback.before_follow_ups ? nlohmann::json(*a.feedback.before_follow_ups) : nlohmann::json(nullptr);
  }
  return breakdown;
}

Feedback grade_outcome(const QuestionOutcome &a, const GradeFn &grade) {
  const Corrections *corrections = a.corrections.empty() ? nullptr : &a.corrections;
  // --time-limit: the scorer's delivery notes must judge against the same
  // limit that the countdown showed.
  std::optional<Question> limited;
  if (a.time_limit_s != a.question->time_limit_s) {
    limited = *a.question;
    limited->time_limit_s = a.time_limit_s;
  }
  const Question &q = limited ? *limited : *a.question;
  auto grade_text = [&](const Question &asked, std::string_view text) {
    return grade(asked, text, a.elapsed_s, corrections);
  };
  return grade_with_follow_ups(grade_text, q, a.answer, a.follow_ups);
}

std::vector<Disputable> disputable(const QuestionOutcome &a) {
  std::vector<Disputable> out;
  if (a.outcome != Outcome::graded) return out;
  for (const auto &c : a.feedback.concepts)
    if (!c.hit) out.push_back({Disputable::Kind::missed_concept, c.name});
  for (const auto &m : a.feedback.misconceptions)
    out.push_back({Disputable::Kind::heard_claim, m.claim});
  return out;
}

CorrectionStep handle_correction(std::string_view line, QuestionOutcome *last, const GradeFn &grade, SessionIo &io,
                                 const SessionConfig &config) {
  auto dispute_args = command_args(line, ":dispute");
  auto agree_args = command_args(line, ":agree");
  if (!dispute_args && !agree_args) return CorrectionStep::not_a_correction;
  if (last == nullptr || last->outcome != Outcome::graded) {
    io.out << "Nothing to correct yet: :dispute and :agree apply to the answer graded last.\n";
    return CorrectionStep::handled;
  }
  if (dispute_args) return dispute(*dispute_args, *last, grade, io, config);
  log_correction(*last, Correction::Kind::agree, "", "", std::nullopt, io, config);
  io.out << "Noted: you agree with this grade.\n";
  return CorrectionStep::handled;
}

CorrectionStep ask_rating(QuestionOutcome &a, const GradeFn &grade, SessionIo &io, const SessionConfig &config) {
  for (;;) {
    io.ui << "Rate yourself: 1 again, 2 hard, 3 good, 4 easy (Enter: drill's score decides; :dispute corrects it)\n";
    io.ui.flush();
    ReadResult r = io.reader.read_line(LinePrompt{});
    if (r.status == ReadStatus::interrupted) return CorrectionStep::interrupted;
    if (r.status == ReadStatus::end_of_input) return CorrectionStep::handled;
    std::string_view text = trim(r.text);
    if (text.empty()) return CorrectionStep::handled;
    if (text.size() == 1 && text[0] >= '1' && text[0] <= '4') {
      a.rating = text[0] - '0';
      log_correction(a, Correction::Kind::rating, "", "", a.rating, io, config);
      return CorrectionStep::handled;
    }
    CorrectionStep step = handle_correction(text, &a, grade, io, config);
    if (step == CorrectionStep::interrupted) return step;
    if (step == CorrectionStep::not_a_correction) io.out << "Type 1, 2, 3 or 4, or press Enter.\n";
  }
}

CorrectionLine correction_record(const QuestionOutcome &a, Correction::Kind kind, std::string_view target,
                                 std::string_view words, std::optional<int> rating, const SessionConfig &config,
                                 std::int64_t made_at_ms) {
  CorrectionLine c;
  c.answer = {config.session_id, a.question->id, epoch_ms(a.answered_at)};
  c.correction.kind = kind;
  c.correction.target = target;
  c.correction.words = words;
  c.correction.rating = rating.value_or(0);
  c.correction.made_at_ms = made_at_ms;
  if (kind == Correction::Kind::made || kind == Correction::Kind::not_said) {
    c.score = a.feedback.score;
    c.breakdown = breakdown_of(a);
  }
  return c;
}

} // namespace drill
