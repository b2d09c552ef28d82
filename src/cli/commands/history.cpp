// drill history: the sessions practised so far, and the answers in one.
#include "history/history.hpp"
#include "cli/commands/history_correct.hpp"
#include "cli/commands/history_rm.hpp"
#include "cli/context.hpp"
#include "util/error.hpp"
#include "util/suggest.hpp"
#include "util/term.hpp"
#include "util/visible.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <ctime>
#include <iostream>
#include <memory>

namespace drill {

namespace {

struct HistoryArgs {
  std::size_t limit = 20;
  std::string session;
};

std::string local_time(std::int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min);
}

std::string clock_time(double seconds) {
  auto s = static_cast<long>(seconds + 0.5);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

nlohmann::json session_json(const SessionRecord &s) {
  return {{"id", s.id},
          {"mode", s.mode},
          {"role", s.role},
          {"started_at_ms", s.started_at_ms},
          {"ended_at_ms", s.ended_at_ms ? nlohmann::json(*s.ended_at_ms) : nlohmann::json()},
          {"answered", s.answered},
          {"average_score", s.average_score ? nlohmann::json(*s.average_score) : nlohmann::json()}};
}

ExitStatus run_list(Context &ctx, const HistoryArgs &args) {
  auto history = History::open_existing(history_file(ctx.options, "drill history"));
  std::vector<SessionRecord> sessions;
  if (history) {
    warn_unknown_history_role(*history, ctx.options.filter.role, ctx);
    sessions = history->sessions(ctx.options.filter.role, args.limit);
  }
  if (ctx.options.format == Format::json) {
    nlohmann::json doc = {{"count", sessions.size()}, {"sessions", nlohmann::json::array()}};
    if (!ctx.options.filter.role.empty()) doc["role"] = ctx.options.filter.role;
    for (const auto &s : sessions)
      doc["sessions"].push_back(session_json(s));
    std::cout << doc.dump(2) << '\n';
    return ExitStatus::ok;
  }
  const Style &st = ctx.out;
  if (sessions.empty()) {
    std::cout << "No sessions recorded yet.\n";
    return ExitStatus::ok;
  }
  std::size_t id_width = 2;
  for (const auto &s : sessions)
    id_width = std::max(id_width, visible(s.id).size());
  std::cout << st.bold(fmt::format("{:<{}}  {:<16}  {:<11}  {:<10}  {:>7}  {:>7}", "ID", id_width, "STARTED", "MODE",
                                   "ROLE", "ANSWERS", "AVERAGE"))
            << '\n';
  for (const auto &s : sessions)
    std::cout << fmt::format("{}  {:<16}  {:<11}  {:<10}  {:>7}  {:>7}\n",
                             st.cyan(fmt::format("{:<{}}", visible(s.id), id_width)), local_time(s.started_at_ms),
                             visible(s.mode), visible(s.role), s.answered,
                             s.average_score ? fmt::format("{:.1f}", *s.average_score) : "-");
  if (args.limit > 0 && sessions.size() == args.limit)
    std::cout << st.dim(fmt::format("(the newest {}; --limit 0 lists them all)", args.limit)) << '\n';
  return ExitStatus::ok;
}

ExitStatus run_show(Context &ctx, const HistoryArgs &args) {
  auto history = History::open_existing(history_file(ctx.options, "drill history show"));
  if (!history) throw Error(ExitStatus::usage, fmt::format("no session '{}': no practice history yet", args.session));
  SessionRecord session = history->find_session(args.session);
  auto answers = history->session_answers(session.id);
  if (ctx.options.format == Format::json) {
    nlohmann::json doc = session_json(session);
    doc["answers"] = nlohmann::json::array();
    for (const auto &a : answers) {
      nlohmann::json item = to_json(a);
      const AnswerCorrections corrected = history->corrections({a.session_id, a.question_id, a.answered_at_ms});
      item["auto_score"] = corrected.auto_score ? nlohmann::json(*corrected.auto_score) : nlohmann::json();
      item["rating"] = corrected.rating ? nlohmann::json(*corrected.rating) : nlohmann::json();
      item["corrections"] = nlohmann::json::array();
      for (const auto &c : corrected.list)
        item["corrections"].push_back(
            {{"kind", to_string(c.kind)},
             {"target", c.target},
             {"words", c.words},
             {"rating", c.kind == Correction::Kind::rating ? nlohmann::json(c.rating) : nlohmann::json()},
             {"made_at_ms", c.made_at_ms}});
      doc["answers"].push_back(std::move(item));
    }
    std::cout << doc.dump(2) << '\n';
    return ExitStatus::ok;
  }
  const Style &st = ctx.out;
  std::size_t width = text_width(STDOUT_FILENO);
  std::string heading = fmt::format("Session {} · {} · {} · {}", visible(session.id), visible(session.mode),
                                    visible(session.role), local_time(session.started_at_ms));
  if (session.ended_at_ms) heading += " to " + local_time(*session.ended_at_ms).substr(11);
  std::cout << st.bold(heading) << '\n';
  std::cout << fmt::format("{} answer{}{}\n", session.answered, session.answered == 1 ? "" : "s",
                           session.average_score ? fmt::format(", average score {:.1f}", *session.average_score) : "");
  std::size_t n = 0;
  for (const auto &a : answers) {
    ++n;
    std::string time = a.elapsed_s ? clock_time(*a.elapsed_s) : "untimed";
    if (a.elapsed_s && a.time_limit_s > 0) time += " of " + clock_time(a.time_limit_s);
    bool over = a.elapsed_s && a.time_limit_s > 0 && *a.elapsed_s > a.time_limit_s;
    const AnswerCorrections corrected = history->corrections({a.session_id, a.question_id, a.answered_at_ms});
    std::string own;
    if (corrected.auto_score) own = fmt::format(" (drill's own: {:.0f})", *corrected.auto_score);
    if (corrected.rating) own += fmt::format("  rated {} by you", *corrected.rating);
    std::cout << fmt::format("\n{} {}  score {:.0f}{}  {}\n", st.bold(fmt::format("{:>2}.", n)),
                             st.cyan(visible(a.question_id)), a.score, own,
                             over ? st.yellow(time + " (over the limit)") : st.dim(time));
    for (const auto &c : corrected.list) {
      if (c.kind == Correction::Kind::made)
        std::cout << "    "
                  << st.dim(fmt::format("you disputed: '{}' was made{}", c.target,
                                        c.words.empty() ? "" : fmt::format(" (\"{}\")", c.words)))
                  << '\n';
      if (c.kind == Correction::Kind::not_said)
        std::cout << "    " << st.dim(fmt::format("you disputed: '{}' was not said", c.target)) << '\n';
    }
    auto hit = breakdown_concepts(a.breakdown, "hit");
    auto missed = breakdown_concepts(a.breakdown, "missed");
    if (!hit.empty()) std::cout << "    " << st.green("hit:") << ' ' << visible(join(hit)) << '\n';
    if (!missed.empty()) std::cout << "    " << st.red("missed:") << ' ' << visible(join(missed)) << '\n';
    if (!a.answer.empty()) std::cout << wrap_text(visible(a.answer, Newlines::keep), width, "    │ ");
  }
  if (!answers.empty())
    std::cout << '\n'
              << st.dim(fmt::format("Did drill miss a point? 'drill history dispute {} N' lists them for answer N.",
                                    visible(session.id)))
              << '\n';
  return ExitStatus::ok;
}

} // namespace

void add_history_command(CLI::App &app, Context &ctx) {
  auto args = std::make_shared<HistoryArgs>();
  auto *history = app.add_subcommand("history", "List practice sessions, newest first; 'history show ID' shows "
                                                "one session's answers");
  add_role_option(*history, ctx.options.filter.role, "Only sessions for this role");
  // -n is --count in every command; --limit stays as the older name.
  whole_number_in(history
                      ->add_option("-n,--count,--limit", args->limit,
                                   "How many sessions to list (default 20, 0 "
                                   "for all)")
                      ->type_name("N"),
                  0, 1'000'000'000);
  add_format_option(*history, ctx.options.format, {Format::text, Format::json}, "text or json");

  auto *show = history->add_subcommand("show", "Show one session's answers: scores, times, concepts hit and "
                                               "missed, and the answer text");
  show->add_option("session", args->session, "The session id, or enough of its start to be unique")->required();
  add_format_option(*show, ctx.options.format, {Format::text, Format::json}, "text or json");
  show->fallthrough();
  show->callback([&ctx, args] { ctx.action = [args](Context &c) { return run_show(c, *args); }; });

  add_history_correction_commands(history, ctx);
  add_history_rm_command(history, ctx);

  history->callback([&ctx, args, show] {
    if (ctx.action) return; // a subcommand chose its action
    if (!show->parsed()) ctx.action = [args](Context &c) { return run_list(c, *args); };
  });
}

} // namespace drill
