#include "session/report.hpp"

#include "render/render.hpp"
#include "util/suggest.hpp"
#include "util/visible.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace drill {

std::string clock_text(double seconds) {
  if (seconds < 0) seconds = 0;
  auto s = static_cast<long>(std::floor(seconds));
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

std::string render_question(const Question &q, std::size_t number, std::size_t total, int time_limit_s,
                            const Style &style, std::size_t width) {
  std::string meta = fmt::format("{} · {}", to_string(q.category), to_string(q.difficulty));
  if (!q.topics.empty()) meta += " · " + join(q.topics);
  meta += " · " + clock_text(time_limit_s);
  std::string title = fmt::format("Question {}/{}", number, total);
  std::string out;
  if (display_width(title) + 1 + display_width(visible(q.id)) + 2 + display_width(meta) <= width) {
    out = fmt::format("\n{} {}  {}\n", style.bold(title), style.cyan(visible(q.id)), style.dim(meta));
  } else {
    // Too wide for one line: the facts go under the title, wrapped by word.
    out = fmt::format("\n{} {}\n", style.bold(title), style.cyan(visible(q.id)));
    std::string wrapped = wrap_text(meta, width, "  ");
    wrapped.pop_back();
    out += style.dim(wrapped) + "\n";
  }
  out += wrap_text(visible(q.prompt, Newlines::keep), width, "  ");
  return out;
}

std::string render_follow_up(const FollowUp &f, int time_limit_s, const Style &style, std::size_t width) {
  return "\n" + wrap_text(fmt::format("{} {}  {}", style.bold("Follow-up:"), visible(f.text, Newlines::keep),
                                      style.dim(clock_text(time_limit_s))),
                          width, "  ");
}

namespace {

bool reveals(Reveal reveal, int score) {
  switch (reveal) {
  case Reveal::always: return true;
  case Reveal::never: return false;
  case Reveal::missed: return score < k_reveal_below;
  }
  return true;
}

} // namespace

std::string render_answer(const QuestionOutcome &a, Reveal reveal, const Style &style, std::size_t width) {
  std::string feedback = render_feedback(*a.question, a.feedback, style, width);
  // The time goes right under the score line.
  auto first_line = feedback.find('\n');
  first_line = first_line == std::string::npos ? feedback.size() : first_line + 1;
  std::string time;
  if (a.elapsed_s) {
    time = fmt::format("Time:  {} of {}", clock_text(*a.elapsed_s), clock_text(a.time_limit_s));
    if (a.over_time)
      time += "  " + style.red(fmt::format("OVER TIME by {}", clock_text(*a.elapsed_s - a.time_limit_s)));
    time += '\n';
  }
  for (const auto &f : a.follow_ups) {
    // What each follow-up asked for, and whether the reply gave it.
    std::string verdict = f.asked.kind == FollowUpKind::question ? style.dim("(recorded; it goes past the key points)")
                          : f.made                               ? style.green("you gave it")
                                                                 : style.red("not in the reply either");
    time += wrap_text(fmt::format("Follow-up: {}  {}", visible(f.asked.text, Newlines::keep), verdict), width, "  ");
  }
  std::string out = "\n" + feedback.substr(0, first_line) + time + feedback.substr(first_line);
  if (reveals(reveal, a.feedback.score) && !a.question->model_answer.empty()) {
    out += "\n" + style.bold("Model answer") + "\n";
    out += wrap_text(visible(a.question->model_answer, Newlines::keep), width, "  ");
  }
  return out;
}

std::vector<std::pair<std::string, int>> weakest_concepts(const std::vector<QuestionOutcome> &answers,
                                                          std::size_t limit) {
  std::map<std::string, int> misses;
  for (const auto &a : answers) {
    if (a.outcome != Outcome::graded) continue;
    // A point made only when a follow-up asked for it is still one to practise.
    for (const auto &c : a.feedback.concepts)
      if (!c.hit || c.prompted) ++misses[c.name];
  }
  std::vector<std::pair<std::string, int>> out(misses.begin(), misses.end());
  std::stable_sort(out.begin(), out.end(), [](const auto &x, const auto &y) { return x.second > y.second; });
  if (out.size() > limit) out.resize(limit);
  return out;
}

std::string suggest_next(const std::vector<QuestionOutcome> &answers, std::string_view role) {
  // topic -> (sum of scores, count, easiest difficulty seen)
  struct Tally {
    int sum = 0;
    int n = 0;
    Difficulty easiest = Difficulty::advanced;
    std::set<Category> categories;
  };
  std::map<std::string, Tally> topics;
  for (const auto &a : answers) {
    if (a.outcome != Outcome::graded) continue;
    for (const auto &t : a.question->topics) {
      Tally &tally = topics[t];
      tally.sum += a.feedback.score;
      ++tally.n;
      tally.easiest = std::min(tally.easiest, a.question->difficulty);
      tally.categories.insert(a.question->category);
    }
  }
  if (topics.empty()) return {};
  auto weakest = topics.begin();
  for (auto it = topics.begin(); it != topics.end(); ++it)
    if (it->second.sum * weakest->second.n < weakest->second.sum * it->second.n) weakest = it;
  const Tally &t = weakest->second;
  double mean = static_cast<double>(t.sum) / t.n;
  int level = static_cast<int>(t.easiest);
  if (mean < 50)
    level = std::max(level - 1, 0);
  else if (mean >= 85)
    level = std::min(level + 1, 2);
  std::string cmd = "drill";
  if (!role.empty()) cmd += fmt::format(" --role {}", role);
  cmd += fmt::format(" --topic {} --difficulty {}", weakest->first, to_string(static_cast<Difficulty>(level)));
  // A topic practised in one category (behavioral stories on conflict, say)
  // stays in it: the same topic elsewhere is another kind of question.
  if (t.categories.size() == 1) cmd += fmt::format(" --category {}", to_string(*t.categories.begin()));
  return cmd;
}

std::string render_summary(const SessionResult &r, std::string_view role, const Style &style, std::size_t width) {
  std::size_t id_width = 8;
  for (const auto &a : r.answers)
    id_width = std::max(id_width, a.question->id.size());
  std::string out = "\n" + style.bold("Summary") + "\n";
  out += style.dim(fmt::format("  {:>2}  {:<{}}  {:>8}  {:>6}", "#", "question", id_width, "score", "time")) + "\n";
  std::size_t n = 0;
  for (const auto &a : r.answers) {
    ++n;
    std::string score = a.outcome == Outcome::graded    ? std::to_string(a.feedback.score)
                        : a.outcome == Outcome::skipped ? "skipped"
                                                        : "-";
    std::string time = a.elapsed_s ? clock_text(*a.elapsed_s) : "-";
    if (a.over_time) time += "!";
    out += fmt::format("  {:>2}  {:<{}}  {:>8}  {:>6}\n", n, a.question->id, id_width, score, time);
  }
  std::size_t unanswered = r.answers.size() - r.graded() - r.skipped();
  if (auto avg = r.average())
    out += fmt::format("Average: {} ({} answered, {} skipped, {} unanswered)\n",
                       style.bold(fmt::format("{:.0f}", *avg)), r.graded(), r.skipped(), unanswered);
  else
    out += fmt::format("Average: - (nothing answered; {} skipped, {} unanswered)\n", r.skipped(), unanswered);
  if (std::any_of(r.answers.begin(), r.answers.end(), [](const QuestionOutcome &a) { return a.over_time; }))
    out += "! over the time limit\n";
  auto weak = weakest_concepts(r.answers);
  if (!weak.empty()) {
    std::vector<std::string> parts;
    for (const auto &[name, count] : weak)
      parts.push_back(count > 1 ? fmt::format("{} ({}x)", name, count) : name);
    out += wrap_text(fmt::format("Weakest concepts: {}", join(parts)), width);
  }
  if (auto next = suggest_next(r.answers, role); !next.empty()) out += wrap_text(fmt::format("Next: {}", next), width);
  return out;
}

} // namespace drill
