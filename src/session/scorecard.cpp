#include "session/scorecard.hpp"

#include "session/report.hpp"
#include "util/suggest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace drill {

namespace {

constexpr int k_points_per_penalty = 5; // a delivery point taken off costs the communication score 5

bool graded_in(const QuestionOutcome &a, Stage stage, Stage want) {
  return a.outcome == Outcome::graded && stage == want;
}

std::optional<int> mean(const std::vector<int> &v) {
  if (v.empty()) return std::nullopt;
  double sum = 0;
  for (int x : v)
    sum += x;
  return static_cast<int>(std::lround(sum / static_cast<double>(v.size())));
}

std::string missed_list(const Feedback &fb) {
  std::vector<std::string> missed, prompted;
  for (const auto &c : fb.concepts) {
    if (!c.hit)
      missed.push_back(c.name);
    else if (c.prompted)
      prompted.push_back(c.name);
  }
  std::string out;
  if (!missed.empty()) out += "; missed: " + join(missed);
  if (!prompted.empty()) out += "; only when asked: " + join(prompted);
  if (!fb.misconceptions.empty()) out += "; wrong: " + fb.misconceptions.front().claim;
  return out;
}

AreaRating content_area(std::string name, const std::vector<QuestionOutcome> &answers, const std::vector<Stage> &stages,
                        Stage stage) {
  AreaRating area{std::move(name), std::nullopt, {}};
  std::vector<int> scores;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    if (!graded_in(answers[i], stages[i], stage)) continue;
    const Feedback &fb = answers[i].feedback;
    scores.push_back(fb.score);
    area.evidence.push_back(fmt::format("{}: {}/100{}", answers[i].question->id, fb.score, missed_list(fb)));
  }
  area.score = mean(scores);
  return area;
}

AreaRating communication(const std::vector<QuestionOutcome> &answers) {
  AreaRating area{"Communication and structure", std::nullopt, {}};
  std::vector<int> scores;
  std::size_t over = 0, fillers = 0, short_ones = 0, lists = 0, stories = 0, whole_stories = 0;
  for (const auto &a : answers) {
    if (a.outcome != Outcome::graded) continue;
    const Feedback &fb = a.feedback;
    int s = std::max(0, 100 - k_points_per_penalty * fb.parts.penalties);
    if (fb.star) {
      // A story's structure counts as much as its delivery.
      s = static_cast<int>(std::lround((s + 25.0 * fb.star->count()) / 2.0));
      ++stories;
      if (fb.star->count() == 4) ++whole_stories;
    }
    scores.push_back(s);
    over += a.over_time ? 1 : 0;
    fillers += fb.delivery.fillers.size();
    short_ones += fb.delivery.words < fb.delivery.min_words ? 1 : 0;
    lists += fb.delivery.keyword_list ? 1 : 0;
  }
  area.score = mean(scores);
  if (!area.score) return area;
  if (over) area.evidence.push_back(fmt::format("{} answer{} over the time limit", over, over == 1 ? "" : "s"));
  if (short_ones)
    area.evidence.push_back(
        fmt::format("{} answer{} shorter than the time suits", short_ones, short_ones == 1 ? "" : "s"));
  if (lists)
    area.evidence.push_back(fmt::format("{} answer{} only a list of terms", lists, lists == 1 ? " was" : "s were"));
  if (fillers) area.evidence.push_back(fmt::format("{} filler or hedge phrase{}", fillers, fillers == 1 ? "" : "s"));
  if (stories)
    area.evidence.push_back(
        fmt::format("{} of {} stor{} had all four STAR parts", whole_stories, stories, stories == 1 ? "y" : "ies"));
  if (area.evidence.empty()) area.evidence.push_back("every answer fit its time, without fillers");
  return area;
}

AreaRating behavioral_evidence(const std::vector<QuestionOutcome> &answers, const std::vector<Stage> &stages) {
  AreaRating area = content_area("Behavioral evidence", answers, stages, Stage::behavioral);
  for (std::size_t i = 0; i < answers.size(); ++i) {
    if (!graded_in(answers[i], stages[i], Stage::behavioral) || !answers[i].feedback.star) continue;
    const StarResult &s = *answers[i].feedback.star;
    std::vector<std::string> lacks;
    if (s.we_only || s.own_actions == 0) lacks.push_back("what you did yourself");
    if (!s.has(StarPart::result))
      lacks.push_back("a result");
    else if (!s.measured_result && !answers[i].feedback.delivery.quantified)
      lacks.push_back("a number on the result");
    if (!s.reflection) lacks.push_back("what you learned");
    if (!lacks.empty())
      area.evidence.push_back(fmt::format("{}: the story lacks {}", answers[i].question->id, join(lacks)));
  }
  return area;
}

std::string role_part(std::string_view role) { return role.empty() ? "" : fmt::format(" --role {}", role); }

} // namespace

std::string_view verdict(const AreaRating &a) {
  if (!a.score) return "not assessed";
  if (*a.score >= 80) return "strong";
  if (*a.score >= 65) return "solid";
  if (*a.score >= 45) return "mixed";
  return "needs work";
}

Scorecard score_interview(const std::vector<QuestionOutcome> &answers, const std::vector<Stage> &stages,
                          std::string_view role) {
  Scorecard card;
  card.areas.push_back(content_area("Technical depth", answers, stages, Stage::technical));
  card.areas.push_back(content_area("System design", answers, stages, Stage::design));
  card.areas.push_back(communication(answers));
  card.areas.push_back(behavioral_evidence(answers, stages));

  // Weakest area first; one command each, and the weakest technical topic.
  std::vector<const AreaRating *> order;
  for (const auto &a : card.areas)
    order.push_back(&a);
  std::stable_sort(order.begin(), order.end(), [](const AreaRating *x, const AreaRating *y) {
    return x->score.value_or(-1) < y->score.value_or(-1);
  });
  std::vector<QuestionOutcome> technical;
  for (std::size_t i = 0; i < answers.size(); ++i)
    if (stages[i] == Stage::technical) technical.push_back(answers[i]);
  const std::string r = role_part(role);
  for (const AreaRating *a : order) {
    std::string cmd;
    if (a->area == "Technical depth") cmd = suggest_next(technical, role);
    if (cmd.empty() && a->area == "Technical depth") cmd = fmt::format("drill{} --category technical", r);
    if (a->area == "System design") cmd = fmt::format("drill{} --category system-design --follow-ups 2", r);
    if (a->area == "Communication and structure") cmd = fmt::format("drill{} --count 3 --time-limit 120", r);
    if (a->area == "Behavioral evidence") cmd = fmt::format("drill{} --category behavioral --follow-ups 2", r);
    if (!cmd.empty() &&
        std::find(card.practise_next.begin(), card.practise_next.end(), cmd) == card.practise_next.end())
      card.practise_next.push_back(cmd);
    if (card.practise_next.size() == 3) break;
  }
  return card;
}

std::string render_scorecard(const Scorecard &card, const Style &s, std::size_t width) {
  std::string out = "\n" + s.bold("Scorecard") + "\n";
  for (const auto &a : card.areas) {
    std::string score = a.score ? fmt::format("{}/100", *a.score) : "-";
    out += fmt::format("  {:<28} {:>7}  {}\n", a.area, score, verdict(a));
    for (const auto &e : a.evidence)
      out += s.dim(wrap_text(e, width, "      "));
  }
  if (!card.practise_next.empty()) {
    out += "\n" + s.bold("Practise next") + "\n";
    for (const auto &c : card.practise_next)
      out += "  " + c + "\n";
  }
  return out;
}

namespace {

// A fence longer than any run of backticks in `text`, so that what a person
// typed stays literal in the report.
std::string fenced(std::string_view text) {
  std::size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  return fmt::format("{}text\n{}\n{}\n", fence, text, fence);
}

// Markdown table cells and headings: no line breaks, and pipes escaped.
std::string inline_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\r')
      out += ' ';
    else if (c == '|')
      out += "\\|";
    else
      out += c;
  }
  return out;
}

std::string blockquote(std::string_view text) {
  std::string out = "> ";
  for (char c : text) {
    out += c;
    if (c == '\n') out += "> ";
  }
  return out + "\n";
}

} // namespace

std::string render_report(const ReportHeader &h, const Scorecard &card, const std::vector<QuestionOutcome> &answers,
                          const std::vector<Stage> &stages) {
  std::string out = fmt::format("# Mock interview: {}\n\n", h.role.empty() ? "any role" : h.role);
  out += fmt::format("{} · session `{}` · {:.0f} of {} minutes\n\n", h.date, h.session_id, h.took_min, h.budget_min);
  out += "## Scorecard\n\n| Area | Score | Rating |\n|---|---|---|\n";
  for (const auto &a : card.areas)
    out += fmt::format("| {} | {} | {} |\n", a.area, a.score ? std::to_string(*a.score) : "-", verdict(a));
  for (const auto &a : card.areas) {
    if (a.evidence.empty()) continue;
    out += fmt::format("\n### {}\n\n", a.area);
    for (const auto &e : a.evidence)
      out += "- " + inline_text(e) + "\n";
  }
  if (!card.practise_next.empty()) {
    out += "\n## Practise next\n\n";
    for (const auto &c : card.practise_next)
      out += fmt::format("- `{}`\n", c);
  }
  out += "\n## Transcript\n";
  for (std::size_t i = 0; i < answers.size(); ++i) {
    const QuestionOutcome &a = answers[i];
    out += fmt::format("\n### {}. {} ({})\n\n", i + 1, inline_text(a.question->id), to_string(stages[i]));
    out += blockquote(a.question->prompt) + "\n";
    if (a.outcome != Outcome::graded) {
      out += a.outcome == Outcome::skipped ? "Skipped.\n" : "Not reached.\n";
      continue;
    }
    out += fenced(a.answer);
    for (const auto &f : a.follow_ups) {
      out += "\nFollow-up:\n\n" + blockquote(f.asked.text) + "\n";
      out += f.answer.empty() ? std::string("No reply.\n") : fenced(f.answer);
    }
    std::string time =
        a.elapsed_s ? fmt::format(" in {} of {}", clock_text(*a.elapsed_s), clock_text(a.time_limit_s)) : "";
    out += fmt::format("\nScore: **{}/100**{}{}\n", a.feedback.score, time, inline_text(missed_list(a.feedback)));
  }
  return out;
}

} // namespace drill
