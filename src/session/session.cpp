#include "session/session.hpp"

#include "util/error.hpp"
#include "session/report.hpp"

#include <fmt/format.h>

#include <cmath>
#include <string>

namespace drill {

namespace {

constexpr std::string_view k_help = R"(Write your answer, then press Enter on an empty line (or Ctrl-D) to submit.
Commands, each on a line of its own:
  :hint   show a tip (one at a time)
  :edit   write the answer in $VISUAL / $EDITOR
  :skip   move on without answering
  :time   show the time taken and the time left
  :quit   end the session and show the summary (an unsubmitted answer is dropped)
  :help   this help
)";

std::string_view trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

class NullBuffer final : public std::streambuf {
protected:
  int_type overflow(int_type c) override { return traits_type::not_eof(c); }
};

// What the reading loop decided about one question.
enum class Step { submitted, skipped, quit, interrupted };

} // namespace

ReadResult StreamLineReader::read_line(const LinePrompt &) {
  ReadResult r;
  if (!std::getline(in_, r.text)) {
    r.status = in_.bad() ? ReadStatus::interrupted : ReadStatus::end_of_input;
    r.text.clear();
    return r;
  }
  if (!r.text.empty() && r.text.back() == '\r') r.text.pop_back();
  return r;
}

std::optional<std::string> NoEditor::edit(std::string_view, std::string &why) {
  why = ":edit needs a terminal";
  return std::nullopt;
}

std::ostream &null_stream() {
  static NullBuffer buffer;
  static std::ostream stream(&buffer);
  return stream;
}

nlohmann::json answer_record(const QuestionOutcome &a, const SessionConfig &config,
                             std::chrono::system_clock::time_point at) {
  const Question &q = *a.question;
  nlohmann::json hit = nlohmann::json::array();
  nlohmann::json missed = nlohmann::json::array();
  for (const auto &c : a.feedback.concepts) (c.hit ? hit : missed).push_back(c.name);
  nlohmann::json star = nullptr;
  if (a.feedback.star) {
    constexpr const char *k_parts[] = {"situation", "task", "action", "result"};
    star = nlohmann::json::object();
    for (std::size_t p = 0; p < 4; ++p) star[k_parts[p]] = a.feedback.star->present[p];
  }
  nlohmann::json elapsed = nullptr;
  if (a.elapsed_s) elapsed = std::round(*a.elapsed_s * 1000.0) / 1000.0;
  return {{"type", "answer"},
          {"session", config.session_id},
          {"time", iso8601_utc(at)},
          {"question", q.id},
          {"category", to_string(q.category)},
          {"difficulty", to_string(q.difficulty)},
          {"prompt", q.prompt},
          {"answer", a.answer},
          {"elapsed_s", elapsed},
          {"time_limit_s", a.time_limit_s},
          {"over_time", a.over_time},
          {"hints_used", a.hints_used},
          {"score", a.feedback.score},
          {"concepts", {{"hit", hit}, {"missed", missed}}},
          {"star", star}};
}

nlohmann::json session_record(const SessionResult &r, const SessionConfig &config) {
  nlohmann::json average = nullptr;
  if (auto avg = r.average()) average = std::round(*avg * 10.0) / 10.0;
  return {{"type", "session"},
          {"session", config.session_id},
          {"started", iso8601_utc(r.started)},
          {"ended", iso8601_utc(r.ended)},
          {"mode", config.mode},
          {"questions", r.answers.size()},
          {"answered", r.graded()},
          {"skipped", r.skipped()},
          {"average", average},
          {"interrupted", r.interrupted}};
}

SessionResult run_session(const std::vector<const Question *> &questions, const GradeFn &grade, SessionIo &io,
                          const SessionConfig &config) {
  SessionResult result;
  result.started = io.clock.wall();
  for (const auto *q : questions) {
    QuestionOutcome a;
    a.question = q;
    a.time_limit_s = config.time_limit_s.value_or(q->time_limit_s);
    result.answers.push_back(std::move(a));
  }

  for (std::size_t i = 0; i < result.answers.size(); ++i) {
    if (io.stop_requested && io.stop_requested()) {
      result.interrupted = true;
      break;
    }
    QuestionOutcome &a = result.answers[i];
    const Question &q = *a.question;
    io.out << render_question(q, i + 1, result.answers.size(), a.time_limit_s, io.out_style, config.width);
    io.out.flush();

    const auto start = io.clock.now();
    LinePrompt prompt;
    if (config.timed && config.show_timer) prompt.deadline = start + std::chrono::seconds(a.time_limit_s);
    std::string text;
    std::size_t dropped = 0; // bytes past k_max_answer_bytes, counted but not kept
    Step step = Step::submitted;
    for (bool reading = true; reading;) {
      prompt.continuation = !text.empty();
      ReadResult line = io.reader.read_line(prompt);
      // A signal can surface as a failed read; the flag says which it was.
      if (line.status == ReadStatus::interrupted || (io.stop_requested && io.stop_requested())) {
        step = Step::interrupted;
        break;
      }
      if (line.status == ReadStatus::end_of_input) {
        // Ctrl-D submits what was typed; at an empty answer it ends the session.
        step = trim(text).empty() ? Step::quit : Step::submitted;
        break;
      }
      std::string_view command = trim(line.text);
      if (command == ":skip") {
        step = Step::skipped;
        break;
      }
      if (command == ":quit") {
        step = Step::quit;
        break;
      }
      if (command == ":help") {
        io.ui << k_help;
      } else if (command == ":time") {
        std::chrono::duration<double> took = io.clock.now() - start;
        double left = a.time_limit_s - took.count();
        io.ui << fmt::format("{} of {}: {} {}\n", clock_text(took.count()), clock_text(a.time_limit_s),
                             clock_text(left < 0 ? -left : left), left < 0 ? "over" : "left");
      } else if (command == ":hint") {
        if (static_cast<std::size_t>(a.hints_used) < q.tips.size())
          io.ui << io.ui_style.yellow("Hint: ") << q.tips[static_cast<std::size_t>(a.hints_used++)] << '\n';
        else
          io.ui << (q.tips.empty() ? "No hints for this question.\n" : "No more hints.\n");
      } else if (command == ":edit") {
        std::string why;
        auto edited = io.editor.edit(text, why);
        if (edited && !trim(*edited).empty()) {
          text = *edited;
          reading = false;
        } else {
          io.ui << (edited ? std::string("The answer was empty; keep typing, or :edit again.")
                           : fmt::format("Cannot edit: {}", why))
                << '\n';
        }
      } else if (command.empty()) {
        // Blank lines before an answer only separate it from the previous one.
        if (!text.empty()) reading = false;
      } else if (text.size() <= k_max_answer_bytes) {
        text += line.text;
        text += '\n';
      } else {
        dropped += line.text.size() + 1;
      }
      io.ui.flush();
    }

    if (step == Step::interrupted) {
      result.interrupted = true;
      break;
    }
    if (step == Step::quit) {
      result.quit = true;
      break;
    }
    if (step == Step::skipped) {
      a.outcome = Outcome::skipped;
      io.out << io.out_style.dim("Skipped.") << '\n';
      continue;
    }
    if (std::string why = answer_size_problem(trim(text).size() + dropped); !why.empty()) {
      // Left out of the history: such an answer is a file piped by mistake.
      a.outcome = Outcome::skipped;
      ++result.too_long;
      io.out << io.out_style.dim(fmt::format("Not graded: {}.", why)) << '\n';
      continue;
    }
    if (config.timed) {
      std::chrono::duration<double> took = io.clock.now() - start;
      a.elapsed_s = took.count();
    }
    grade_answer(a, trim(text), grade, io, config);
  }
  finish_session(result, io, config);
  return result;
}

void grade_answer(QuestionOutcome &a, std::string_view answer, const GradeFn &grade, SessionIo &io,
                  const SessionConfig &config) {
  a.answer = std::string(trim(answer));
  a.over_time = a.elapsed_s && *a.elapsed_s > a.time_limit_s;
  if (a.time_limit_s == a.question->time_limit_s) {
    a.feedback = grade(*a.question, a.answer, a.elapsed_s);
  } else {
    // --time-limit: the scorer's delivery notes must judge against the same
    // limit that the countdown showed.
    Question limited = *a.question;
    limited.time_limit_s = a.time_limit_s;
    a.feedback = grade(limited, a.answer, a.elapsed_s);
  }
  a.outcome = Outcome::graded;
  // The log comes first: once graded, an answer survives a closed stdout.
  if (io.log) io.log->append(answer_record(a, config, io.clock.wall()));
  io.out << render_answer(a, config.reveal, io.out_style, config.width);
  io.out.flush();
}

void finish_session(SessionResult &result, SessionIo &io, const SessionConfig &config) {
  result.ended = io.clock.wall();
  if (io.log) io.log->append(session_record(result, config));
  if (result.interrupted) io.ui << "\nInterrupted; the answers so far are kept.\n";
  io.ui.flush();
  io.out << render_summary(result, config.role, io.out_style, config.width);
  io.out.flush();
}

} // namespace drill
