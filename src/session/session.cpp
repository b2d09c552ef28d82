#include "session/session.hpp"

#include "session/dispute.hpp"
#include "session/report.hpp"
#include "util/error.hpp"
#include "util/input_file.hpp"
#include "util/visible.hpp"

#include <fmt/format.h>

#include <cmath>
#include <string>

namespace drill {

namespace {

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
enum class Step { submitted, skipped, quit, interrupted, overflow };

// One reply as read: what the loop decided, the text, and how long it took.
struct Reply {
  Step step = Step::submitted;
  std::string text;
  std::size_t dropped = 0; // bytes past k_max_answer_bytes, counted but not kept
  std::optional<double> elapsed_s;
};

// What an in-session command leaves the reply being read to do.
enum class Then { read_on, submit, skip, quit, interrupted };

// What an in-session command works on: the reply so far and the session.
struct CommandContext {
  QuestionOutcome &answer;
  std::string &text; // the reply typed so far
  int limit_s;
  std::chrono::steady_clock::time_point start;
  std::string_view line; // the command as typed, with its arguments
  QuestionOutcome *last; // the answer graded last, which :dispute corrects
  const GradeFn &grade;
  SessionIo &io;
  const SessionConfig &config;
};

Then show_hint(CommandContext &c) {
  const Question &q = *c.answer.question;
  if (static_cast<std::size_t>(c.answer.hints_used) < q.tips.size())
    c.io.ui << c.io.ui_style.yellow("Hint: ")
            << visible(q.tips[static_cast<std::size_t>(c.answer.hints_used++)], Newlines::keep) << '\n';
  else
    c.io.ui << (q.tips.empty() ? "No hints for this question.\n" : "No more hints.\n");
  return Then::read_on;
}

Then edit_reply(CommandContext &c) {
  std::string why;
  auto edited = c.io.editor.edit(c.text, why);
  if (edited && !trim(*edited).empty()) {
    c.text = *edited;
    return Then::submit;
  }
  c.io.ui << (edited ? std::string("The answer was empty; keep typing, or :edit again.")
                     : fmt::format("Cannot edit: {}", why))
          << '\n';
  return Then::read_on;
}

Then show_time(CommandContext &c) {
  std::chrono::duration<double> took = c.io.clock.now() - c.start;
  double left = c.limit_s - took.count();
  c.io.ui << fmt::format("{} of {}: {} {}\n", clock_text(took.count()), clock_text(c.limit_s),
                         clock_text(left < 0 ? -left : left), left < 0 ? "over" : "left");
  return Then::read_on;
}

Then correct_last(CommandContext &c) {
  const CorrectionStep step = handle_correction(c.line, c.last, c.grade, c.io, c.config);
  c.io.out.flush();
  return step == CorrectionStep::interrupted ? Then::interrupted : Then::read_on;
}

Then show_help(CommandContext &c);

// The commands a reply may hold, each on a line of its own, as :help lists them.
struct SessionCommand {
  std::string_view name;
  std::string_view arguments; // as :help shows them; a command with none must be typed alone
  std::string_view help;      // one line per entry, as :help shows it
  Then (*run)(CommandContext &);
};

constexpr SessionCommand k_commands[] = {
    {":hint", "", "show a tip (one at a time)", show_hint},
    {":edit", "", "write the answer in $VISUAL / $EDITOR", edit_reply},
    {":skip", "", "move on without answering", [](CommandContext &) { return Then::skip; }},
    {":time", "", "show the time taken and the time left", show_time},
    {":quit", "", "end the session and show the summary (an unsubmitted answer is dropped)",
     [](CommandContext &) { return Then::quit; }},
    {":dispute", "[N [WORDS]]",
     "correct the grade of the answer before: list what drill missed or\n"
     "heard wrongly, or count point N as made (WORDS: the words you used)",
     correct_last},
    {":agree", "", "say the grade of the answer before is right", correct_last},
    {":help", "", "this help", show_help},
};

// The command `line` is, if it is one: its name alone, or followed by
// arguments for a command that takes them.
const SessionCommand *find_command(std::string_view line) {
  for (const auto &c : k_commands) {
    if (line == c.name) return &c;
    if (line.size() > c.name.size() && line.substr(0, c.name.size()) == c.name && line[c.name.size()] == ' ' &&
        (!c.arguments.empty() || c.run == correct_last))
      return &c;
  }
  return nullptr;
}

Then show_help(CommandContext &c) {
  c.io.ui << "Write your answer, then press Enter on an empty line (or Ctrl-D) to submit.\n"
             "Commands, each on a line of its own:\n";
  for (const auto &command : k_commands) {
    std::string head = std::string(command.name);
    if (!command.arguments.empty()) head += " " + std::string(command.arguments);
    std::string help(command.help);
    for (std::size_t at = 0; (at = help.find('\n', at)) != std::string::npos; at += 11)
      help.replace(at, 1, "\n          ");
    if (head.size() < 8)
      c.io.ui << fmt::format("  {:<8}{}\n", head, help);
    else
      c.io.ui << fmt::format("  {}\n          {}\n", head, help);
  }
  return Then::read_on;
}

Reply read_reply(QuestionOutcome &a, int limit_s, QuestionOutcome *last, const GradeFn &grade, SessionIo &io,
                 const SessionConfig &config);
Step ask_follow_ups(QuestionOutcome &a, std::string_view answer, int most, QuestionOutcome *last, const GradeFn &grade,
                    SessionIo &io, const SessionConfig &config);

// How many follow-ups question `i` may get.
int follow_ups_for(const SessionConfig &config, std::size_t i) {
  return i < config.follow_ups_each.size() ? config.follow_ups_each[i] : config.follow_ups;
}

CorrectionStep last_call_for_corrections(QuestionOutcome &last, const GradeFn &grade, SessionIo &io,
                                         const SessionConfig &config);

} // namespace

ReadResult StreamLineReader::read_line(const LinePrompt &) {
  ReadResult r;
  std::size_t length = 0;
  switch (read_bounded_line(in_, r.text, k_max_answer_bytes + 1, k_max_line_bytes, length)) {
  case LineStatus::end_of_input:
    r.status = in_.bad() ? ReadStatus::interrupted : ReadStatus::end_of_input;
    r.text.clear();
    return r;
  case LineStatus::too_long: r.status = ReadStatus::too_long; return r;
  case LineStatus::line: break;
  }
  if (length == r.text.size() && !r.text.empty() && r.text.back() == '\r') {
    r.text.pop_back();
    --length;
  }
  r.dropped = length - r.text.size();
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

AnswerRecord answer_record(const QuestionOutcome &a, const SessionConfig &config) {
  const Question &q = *a.question;
  AnswerRecord r;
  r.session_id = config.session_id;
  r.mode = config.record_mode.empty() ? config.mode : config.record_mode;
  r.question_id = q.id;
  r.question_hash = question_hash(q);
  r.role = config.role.empty() && !q.roles.empty() ? q.roles.front() : config.role;
  r.category = std::string(to_string(q.category));
  r.difficulty = std::string(to_string(q.difficulty));
  r.topics = q.topics;
  r.answered_at_ms = epoch_ms(a.answered_at);
  if (a.elapsed_s) r.elapsed_s = std::round(*a.elapsed_s * 1000.0) / 1000.0;
  r.time_limit_s = a.time_limit_s;
  r.score = a.feedback.score;
  r.breakdown = breakdown_of(a);
  r.answer = a.answer;
  return r;
}

SessionRecord session_record(const SessionResult &r, const SessionConfig &config) {
  SessionRecord s;
  s.id = config.session_id;
  s.mode = config.record_mode.empty() ? config.mode : config.record_mode;
  s.role = config.role;
  // Without --role, the role is the one its answers were recorded under.
  for (const auto &a : r.answers)
    if (s.role.empty() && a.outcome == Outcome::graded && !a.question->roles.empty())
      s.role = a.question->roles.front();
  s.started_at_ms = epoch_ms(r.started);
  s.ended_at_ms = epoch_ms(r.ended);
  s.answered = static_cast<int>(r.graded());
  if (auto avg = r.average()) s.average_score = std::round(*avg * 10.0) / 10.0;
  return s;
}

namespace {

// Each question's outcome, before it is asked: its time limit from
// --time-limit, the interview's plan, the config's limit for its category,
// or its own.
std::vector<QuestionOutcome> outcomes_for(const std::vector<const Question *> &questions, const SessionConfig &config) {
  std::vector<QuestionOutcome> out;
  for (const auto *q : questions) {
    QuestionOutcome a;
    a.question = q;
    a.time_limit_s = config.time_limit_s.value_or(q->time_limit_s);
    if (config.time_limits.size() == questions.size() && !config.time_limit_s)
      a.time_limit_s = config.time_limits[out.size()];
    if (auto limit = config.category_time_limits.find(q->category);
        !config.time_limit_s && limit != config.category_time_limits.end())
      a.time_limit_s = limit->second;
    out.push_back(std::move(a));
  }
  return out;
}

// True, with a note, when a session with a time budget has too little left
// to start question `i` (the last config.keep_last are always asked).
bool no_time_for(const QuestionOutcome &a, std::size_t i, std::size_t count,
                 std::chrono::steady_clock::time_point session_start, SessionIo &io, const SessionConfig &config) {
  if (!config.budget_s || i + config.keep_last >= count) return false;
  const std::chrono::duration<double> used = io.clock.now() - session_start;
  const int needs = a.time_limit_s + (follow_ups_for(config, i) > 0 ? follow_up_limit_s(a.time_limit_s) : 0);
  if (used.count() + needs <= *config.budget_s) return false;
  io.out << io.out_style.dim(fmt::format("\nNo time left for {} ({}): moving on.", visible(a.question->id),
                                         clock_text(a.time_limit_s)))
         << '\n';
  return true;
}

// What a reply read leaves the session to do.
enum class AfterReply { grade_it, next_question, stop };

// Settles a reply that will not be graded (skipped, too long, a quit or a
// signal), saying so; `grade` for one that will.
AfterReply settle(QuestionOutcome &a, const Reply &reply, SessionResult &result, SessionIo &io) {
  switch (reply.step) {
  case Step::interrupted: result.interrupted = true; return AfterReply::stop;
  case Step::quit: result.quit = true; return AfterReply::stop;
  case Step::overflow:
    a.outcome = Outcome::skipped;
    ++result.too_long;
    result.overflow = true;
    io.out << io.out_style.dim(fmt::format("Not graded: the answer ran past {} without ending; drill stopped "
                                           "reading.",
                                           human_size(k_max_line_bytes)))
           << '\n';
    return AfterReply::stop;
  case Step::skipped:
    a.outcome = Outcome::skipped;
    io.out << io.out_style.dim("Skipped.") << '\n';
    return AfterReply::next_question;
  case Step::submitted: break;
  }
  if (std::string why = answer_size_problem(trim(reply.text).size() + reply.dropped); !why.empty()) {
    // Left out of the history: such an answer is a file piped by mistake.
    a.outcome = Outcome::skipped;
    ++result.too_long;
    io.out << io.out_style.dim(fmt::format("Not graded: {}.", why)) << '\n';
    return AfterReply::next_question;
  }
  return AfterReply::grade_it;
}

} // namespace

SessionResult run_session(const std::vector<const Question *> &questions, const GradeFn &grade, SessionIo &io,
                          const SessionConfig &config) {
  SessionResult result;
  result.started = io.clock.wall();
  const auto session_start = io.clock.now();
  result.answers = outcomes_for(questions, config);

  QuestionOutcome *last = nullptr; // the answer graded last: what :dispute and :agree correct
  for (std::size_t i = 0; i < result.answers.size(); ++i) {
    if (io.stop_requested && io.stop_requested()) {
      result.interrupted = true;
      break;
    }
    QuestionOutcome &a = result.answers[i];
    if (no_time_for(a, i, result.answers.size(), session_start, io, config)) {
      ++result.out_of_time;
      continue;
    }
    io.out << render_question(*a.question, i + 1, result.answers.size(), a.time_limit_s, io.out_style, config.width);
    io.out.flush();

    const Reply reply = read_reply(a, a.time_limit_s, last, grade, io, config);
    const AfterReply then = settle(a, reply, result, io);
    if (then == AfterReply::stop) break;
    if (then == AfterReply::next_question) continue;
    a.elapsed_s = reply.elapsed_s;
    const std::string_view text = trim(reply.text);
    const Step after = ask_follow_ups(a, text, follow_ups_for(config, i), last, grade, io, config);
    grade_answer(a, text, grade, io, config);
    last = &a;
    if (after == Step::interrupted) {
      result.interrupted = true;
      break;
    }
    if (after != Step::submitted) {
      result.quit = true;
      result.overflow = after == Step::overflow;
      break;
    }
    if (config.mode == "interactive" && !config.self_rate && i + 1 < result.answers.size() && !disputable(a).empty())
      io.ui << io.ui_style.dim("Made a point drill missed? Type :dispute at the next prompt.") << '\n';
    if (config.self_rate && ask_rating(a, grade, io, config) == CorrectionStep::interrupted) {
      result.interrupted = true;
      break;
    }
  }
  if (!result.interrupted && !result.quit && last != nullptr && !config.self_rate &&
      last_call_for_corrections(*last, grade, io, config) == CorrectionStep::interrupted)
    result.interrupted = true;
  finish_session(result, io, config);
  return result;
}

namespace {

// Reads one reply (an answer or a follow-up's), handling the in-session
// commands typed on a line of their own. `last` is what :dispute corrects.
Reply read_reply(QuestionOutcome &a, int limit_s, QuestionOutcome *last, const GradeFn &grade, SessionIo &io,
                 const SessionConfig &config) {
  const auto start = io.clock.now();
  LinePrompt prompt;
  if (config.timed && config.show_timer) prompt.deadline = start + std::chrono::seconds(limit_s);
  prompt.limit_s = limit_s;
  Reply r;
  std::string &text = r.text;
  std::size_t &dropped = r.dropped;
  Step &step = r.step;
  for (bool reading = true; reading;) {
    prompt.continuation = !text.empty();
    ReadResult line = io.reader.read_line(prompt);
    // A signal can surface as a failed read; the flag says which it was.
    if (line.status == ReadStatus::interrupted || (io.stop_requested && io.stop_requested())) {
      step = Step::interrupted;
      break;
    }
    // Endless input (a stream of zeros, `yes`) has to end somewhere: past
    // k_max_line_bytes in one answer, reading stops for good.
    if (line.status == ReadStatus::too_long || text.size() + dropped > k_max_line_bytes) {
      step = Step::overflow;
      break;
    }
    if (line.status == ReadStatus::end_of_input) {
      // Ctrl-D submits what was typed; at an empty answer it ends the session.
      step = trim(text).empty() ? Step::quit : Step::submitted;
      break;
    }
    std::string_view command = trim(line.text);
    if (const SessionCommand *c = find_command(command)) {
      CommandContext ctx{a, text, limit_s, start, command, last, grade, io, config};
      const Then then = c->run(ctx);
      if (then == Then::interrupted) step = Step::interrupted;
      if (then == Then::skip) step = Step::skipped;
      if (then == Then::quit) step = Step::quit;
      if (then != Then::read_on) break; // submit keeps Step::submitted
      io.ui.flush();
      continue;
    }
    if (command.empty()) {
      // Blank lines before an answer only separate it from the previous one.
      if (!text.empty()) reading = false;
    } else if (text.size() <= k_max_answer_bytes) {
      text += line.text;
      text += '\n';
      dropped += line.dropped;
    } else {
      dropped += line.text.size() + line.dropped + 1;
    }
    io.ui.flush();
  }
  if (config.timed && step == Step::submitted) {
    std::chrono::duration<double> took = io.clock.now() - start;
    r.elapsed_s = took.count();
  }
  return r;
}

// Asks up to `most` follow-up questions about the answer just read, and
// keeps the replies in `a`. Returns submitted to go on with the session, or
// why it ends (quit, end of input, a signal, endless input).
Step ask_follow_ups(QuestionOutcome &a, std::string_view answer, int most, QuestionOutcome *last, const GradeFn &grade,
                    SessionIo &io, const SessionConfig &config) {
  std::vector<FollowUp> asked;
  for (int k = 0; k < most; ++k) {
    if (io.stop_requested && io.stop_requested()) return Step::interrupted;
    a.answer = std::string(answer);
    a.feedback = grade_outcome(a, grade);
    auto follow_up = choose_follow_up(*a.question, a.feedback, asked);
    if (!follow_up) break;
    asked.push_back(*follow_up);
    const int limit_s = follow_up_limit_s(a.time_limit_s);
    io.out << render_follow_up(*follow_up, limit_s, io.out_style, config.width);
    io.out.flush();
    Reply reply = read_reply(a, limit_s, last, grade, io, config);
    if (reply.step == Step::skipped) {
      io.out << io.out_style.dim("Follow-up skipped.") << '\n';
      break;
    }
    if (reply.step == Step::overflow)
      io.out << io.out_style.dim(fmt::format("The follow-up's reply ran past {} without ending; drill stopped reading.",
                                             human_size(k_max_line_bytes)))
             << '\n';
    if (reply.step != Step::submitted) return reply.step;
    if (std::string why = answer_size_problem(trim(reply.text).size() + reply.dropped); !why.empty()) {
      io.out << io.out_style.dim(fmt::format("Follow-up not graded: {}.", why)) << '\n';
      continue;
    }
    FollowUpReply kept{*follow_up, std::string(trim(reply.text)), reply.elapsed_s, false};
    kept.made = gives_what_was_asked(*follow_up,
                                     grade(as_asked(*a.question, {*follow_up}), kept.answer, std::nullopt, nullptr));
    a.follow_ups.push_back(std::move(kept));
  }
  return Step::submitted;
}

// After the last answer there is no next prompt to type :dispute at. A
// terminal is not kept waiting for one: the summary follows at once and
// names the command that corrects a grade later. From a pipe, any :dispute
// lines after the last answer are read (the end of the input comes at once
// when there are none).
CorrectionStep last_call_for_corrections(QuestionOutcome &last, const GradeFn &grade, SessionIo &io,
                                         const SessionConfig &config) {
  const bool interactive = config.mode == "interactive";
  if (config.mode == "worksheet") return CorrectionStep::handled;
  if (interactive) {
    if (!disputable(last).empty())
      io.ui << io.ui_style.dim(fmt::format("Missed a point? drill history dispute {}", config.session_id)) << '\n';
    return CorrectionStep::handled;
  }
  for (;;) {
    io.ui.flush();
    ReadResult line = io.reader.read_line(LinePrompt{});
    if (line.status == ReadStatus::interrupted) return CorrectionStep::interrupted;
    if (line.status == ReadStatus::end_of_input) return CorrectionStep::handled;
    std::string_view command = trim(line.text);
    if (command.empty() && !interactive) continue;
    CorrectionStep step = handle_correction(command, &last, grade, io, config);
    if (step != CorrectionStep::handled) return step == CorrectionStep::interrupted ? step : CorrectionStep::handled;
    io.out.flush();
  }
}

} // namespace

void grade_answer(QuestionOutcome &a, std::string_view answer, const GradeFn &grade, SessionIo &io,
                  const SessionConfig &config) {
  a.answer = std::string(trim(answer));
  a.over_time = a.elapsed_s && *a.elapsed_s > a.time_limit_s;
  a.feedback = grade_outcome(a, grade);
  a.outcome = Outcome::graded;
  a.answered_at = io.clock.wall();
  // The log comes first: once graded, an answer survives a closed stdout.
  if (io.log) io.log->answer(answer_record(a, config), AnswerNotes{a.question->prompt, a.hints_used});
  io.out << render_answer(a, config.reveal, io.out_style, config.width);
  io.out.flush();
}

void finish_session(SessionResult &result, SessionIo &io, const SessionConfig &config) {
  result.ended = io.clock.wall();
  if (io.log)
    io.log->session(session_record(result, config),
                    SessionNotes{result.answers.size(), result.skipped(), result.interrupted});
  if (result.interrupted) io.ui << "\nInterrupted; the answers so far are kept.\n";
  io.ui.flush();
  io.out << render_summary(result, config.role, io.out_style, config.width);
  io.out.flush();
}

} // namespace drill
