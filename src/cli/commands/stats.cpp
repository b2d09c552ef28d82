// drill stats: progress over the practice history.
#include "history/stats.hpp"
#include "cli/context.hpp"
#include "history/history.hpp"
#include "render/chart.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"
#include "util/suggest.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <iostream>
#include <memory>

namespace drill {

namespace {

constexpr std::size_t k_bar_width = 20;
constexpr std::size_t k_text_topics = 10;
constexpr std::size_t k_text_trend_steps = 12;

struct StatsArgs {
  std::string since;
};

nlohmann::json groups_json(const std::vector<ScoreGroup> &groups) {
  auto out = nlohmann::json::array();
  for (const auto &g : groups)
    out.push_back({{"name", g.name}, {"answers", g.answers}, {"average_score", g.average}});
  return out;
}

nlohmann::json to_json(const Stats &s) {
  nlohmann::json trend = nlohmann::json::array();
  for (const auto &p : s.trend)
    trend.push_back({{"start", p.start},
                     {"answers", p.answers},
                     {"average_score", p.average ? nlohmann::json(*p.average) : nlohmann::json()}});
  nlohmann::json concepts = nlohmann::json::array();
  for (const auto &c : s.weakest_concepts)
    concepts.push_back({{"name", c.name}, {"missed", c.missed}, {"asked", c.asked}});
  return {{"answers", s.answers},
          {"sessions", s.sessions},
          {"average_score", s.average ? nlohmann::json(*s.average) : nlohmann::json()},
          {"streak_days", s.streak_days},
          {"last_day", s.last_day.empty() ? nlohmann::json() : nlohmann::json(s.last_day)},
          {"by_category", groups_json(s.by_category)},
          {"by_difficulty", groups_json(s.by_difficulty)},
          {"by_topic", groups_json(s.by_topic)},
          {"trend_step", s.trend_step == TrendStep::day ? "day" : "week"},
          {"trend", trend},
          {"weakest_concepts", concepts},
          {"timed_answers", s.timed_answers},
          {"over_time_limit", s.over_limit}};
}

std::string plural(std::int64_t n, std::string_view word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

std::string render_groups(const std::string &title, const std::vector<ScoreGroup> &groups, std::size_t limit,
                          const Style &s, Glyphs glyphs) {
  if (groups.empty()) return {};
  std::size_t width = 0;
  for (std::size_t i = 0; i < groups.size() && i < limit; ++i)
    width = std::max(width, groups[i].name.size());
  std::string out = "\n" + s.bold(title) + "\n";
  for (std::size_t i = 0; i < groups.size() && i < limit; ++i) {
    const auto &g = groups[i];
    out += fmt::format("  {:<{}}  {}  {:5.1f}  ({})\n", g.name, width, bar(g.average, 100, k_bar_width, glyphs),
                       g.average, plural(g.answers, "answer"));
  }
  if (groups.size() > limit) out += s.dim(fmt::format("  ... and {} more\n", groups.size() - limit));
  return out;
}

// A practice command that works as typed: bare 'drill' only when the banks
// hold a single role (or the role is already known).
std::string practise_command(const Context &ctx) {
  const std::string &role = ctx.options.filter.role;
  if (!role.empty()) return fmt::format("'drill --role {}'", role);
  auto roles = load_banks(ctx.options, BankContents::outline).roles();
  if (roles.size() == 1) return "'drill'";
  return fmt::format("'drill --role ROLE' (ROLE one of: {})", join(roles));
}

std::string render_text(const Stats &st, const StatsArgs &args, const Context &ctx) {
  const Style &s = ctx.out;
  // The locale decides the glyphs: the command layer reads the environment.
  Glyphs glyphs = is_utf8_locale(env("LC_ALL"), env("LC_CTYPE"), env("LANG")) ? Glyphs::unicode : Glyphs::ascii;
  const std::string &role = ctx.options.filter.role;
  std::string title = "Practice statistics";
  if (!role.empty()) title += " for " + role;
  if (!args.since.empty()) title += " since " + args.since;
  std::string out = s.bold(title) + "\n";
  if (st.answers == 0)
    return out + fmt::format("  No answers recorded yet. Practise with {} and come back.\n", practise_command(ctx));

  out += fmt::format("  Answers     {} in {}, average score {:.1f}\n", st.answers, plural(st.sessions, "session"),
                     *st.average);
  out += fmt::format("  Streak      {}{}\n", plural(st.streak_days, "day"),
                     st.last_day.empty() ? "" : fmt::format(" (last practised {})", st.last_day));
  if (st.timed_answers > 0)
    out += fmt::format("  Over time   {:.0f}% of {} went over the time limit\n",
                       100.0 * static_cast<double>(st.over_limit) / static_cast<double>(st.timed_answers),
                       plural(st.timed_answers, "timed answer"));

  out += render_groups("By category (weakest first)", st.by_category, SIZE_MAX, s, glyphs);
  out += render_groups("By difficulty", st.by_difficulty, SIZE_MAX, s, glyphs);
  out += render_groups("By topic (weakest first)", st.by_topic, k_text_topics, s, glyphs);

  std::size_t first = st.trend.size() > k_text_trend_steps ? st.trend.size() - k_text_trend_steps : 0;
  std::vector<std::optional<double>> averages;
  for (std::size_t i = first; i < st.trend.size(); ++i)
    averages.push_back(st.trend[i].average);
  bool weekly = st.trend_step == TrendStep::week;
  out += "\n" + s.bold(fmt::format("Trend, average score per {}", weekly ? "week" : "day")) + "  " +
         sparkline(averages, 100, glyphs) + "\n";
  for (std::size_t i = first; i < st.trend.size(); ++i) {
    const auto &p = st.trend[i];
    std::string label = weekly ? "week of " + p.start : p.start;
    if (p.average)
      out += fmt::format("  {}  {}  {:5.1f}  ({})\n", label, bar(*p.average, 100, k_bar_width, glyphs), *p.average,
                         plural(p.answers, "answer"));
    else
      out += fmt::format("  {}  {}  {}\n", label, std::string(k_bar_width, ' '), s.dim("    -"));
  }

  if (!st.weakest_concepts.empty()) {
    out += "\n" + s.bold("Most often missed concepts") + "\n";
    std::size_t width = 0;
    for (const auto &c : st.weakest_concepts)
      width = std::max(width, c.name.size());
    for (const auto &c : st.weakest_concepts)
      out += fmt::format("  {:<{}}  missed {} of {}\n", c.name, width, c.missed, plural(c.asked, "time"));
  }
  return out;
}

std::string today() {
  using namespace std::chrono;
  return local_day(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

ExitStatus run_stats(Context &ctx, const StatsArgs &args) {
  if (!args.since.empty() && !is_iso_date(args.since))
    throw Error(ExitStatus::usage,
                fmt::format("--since '{}' is not a date; write it as YYYY-MM-DD, e.g. {}", args.since, today()));
  auto history = History::open_existing(history_file(ctx.options, "drill stats"));
  Stats st;
  StatsQuery query{ctx.options.filter.role, args.since, today()};
  if (history) {
    warn_unknown_history_role(*history, query.role, ctx);
    st = compute_stats(*history, query);
  }
  if (ctx.options.format == Format::json) {
    nlohmann::json doc = to_json(st);
    if (!query.role.empty()) doc["role"] = query.role;
    doc["since"] = query.since.empty() ? nlohmann::json() : nlohmann::json(query.since);
    std::cout << doc.dump(2) << '\n';
  } else {
    std::cout << render_text(st, args, ctx);
  }
  return ExitStatus::ok;
}

} // namespace

void add_stats_command(CLI::App &app, Context &ctx) {
  auto args = std::make_shared<StatsArgs>();
  auto *stats = app.add_subcommand("stats", "Show progress: answers, streak, scores by category, topic and "
                                            "difficulty, the trend, and the concepts missed most");
  add_role_option(*stats, ctx.options.filter.role, "Only answers practised for this role");
  stats->add_option("--since", args->since, "Only answers from this local day on")->type_name("YYYY-MM-DD");
  add_format_option(*stats, ctx.options.format, {Format::text, Format::json}, "text or json");
  stats->callback([&ctx, args] { ctx.action = [args](Context &c) { return run_stats(c, *args); }; });
}

} // namespace drill
