#include "cli/context.hpp"

#include "bank/bank_cache.hpp"
#include "bank/lexicon.hpp"
#include "history/history.hpp"
#include "history/schedule.hpp"
#include "terminal/signals.hpp"
#include "util/error.hpp"
#include "util/input_file.hpp"
#include "util/paths.hpp"
#include "util/suggest.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <optional>

namespace drill {

namespace fs = std::filesystem;

namespace {
constexpr std::size_t k_max_listed_problems = 20;

// The first problems, one a line, then what to do about them.
std::string listed(const std::vector<Diagnostic> &problems, std::string_view advice) {
  std::string message;
  for (std::size_t i = 0; i < problems.size() && i < k_max_listed_problems; ++i)
    message += problems[i].to_string() + "\n";
  return message + std::string(advice);
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}
} // namespace

const Bank &load_banks(const Options &options, BankContents contents) {
  std::vector<fs::path> roots{bundled_data_dir() / "banks"};
  // The user's folder may be empty (made, no bank added yet); a --bank
  // folder with nothing in it is a mistake, and bank_files says so.
  if (fs::path mine = user_data_dir() / "banks"; !bank_files_if_any(mine).empty()) roots.push_back(mine);
  for (const auto &b : options.banks)
    roots.emplace_back(b);

  // The bundled files go through a validated snapshot (bank_cache.hpp):
  // they rarely change, and parsing them is most of drill's start-up.
  const auto files = bank_files(roots);
  const auto bundled = roots.size() == 1 ? files : bank_files({roots.front()});
  Bank &bank = lasting_bank();
  std::vector<Diagnostic> problems;
  for (const auto &file : files) {
    if (std::find(bundled.begin(), bundled.end(), file) != bundled.end())
      load_bank_file_cached(file, cache_dir(), bank, problems, contents);
    else
      load_bank_file(file, bank, problems);
  }
  if (!problems.empty()) {
    std::string message;
    for (std::size_t i = 0; i < problems.size() && i < k_max_listed_problems; ++i)
      message += problems[i].to_string() + "\n";
    if (problems.size() > k_max_listed_problems)
      message += fmt::format("... and {} more problems\n", problems.size() - k_max_listed_problems);
    message += "fix the bank, or check it with 'drill bank validate PATH'";
    throw Error(ExitStatus::data, message);
  }
  return bank;
}

const Lexicon &load_lexicon() {
  // Loaded once, only by the commands that grade: start-up does not pay for it.
  static const Lexicon lexicon = [] {
    Lexicon l;
    std::vector<Diagnostic> problems;
    std::error_code ec;
    for (const fs::path &file : {bundled_data_dir() / "lexicon.json", user_data_dir() / "lexicon.json"})
      if (fs::is_regular_file(file, ec)) load_lexicon_file(file, l, problems);
    if (!problems.empty())
      throw Error(ExitStatus::data, listed(problems, "fix the lexicon, or check it with 'drill bank validate PATH'"));
    return l;
  }();
  return lexicon;
}

const SkillList &load_skill_list(const Bank &bank) {
  // Loaded once, only by `drill job` and --job: start-up does not pay for it.
  static const SkillList list = [&bank] {
    SkillList l;
    std::vector<Diagnostic> problems;
    load_skill_list_file(bundled_data_dir() / "skills.json", bank.topics(), l, problems);
    if (!problems.empty())
      throw Error(ExitStatus::data, listed(problems, "fix the skills list (docs/skills-format.md)"));
    return l;
  }();
  return list;
}

Posting read_posting(const std::string &path) {
  std::unique_ptr<InputFile> in =
      path == "-" ? std::make_unique<InputFile>(STDIN_FILENO, "standard input", &StopSignals::requested)
                  : std::make_unique<InputFile>(fs::path(path), Accept::streams, &StopSignals::requested);
  std::string raw = in->read_all(k_max_posting_bytes, "a job posting");
  check_posting_text(raw, in->name());
  return Posting{in->name(), clean_posting(raw)};
}

Error no_skills_error(const Posting &posting) {
  return Error(ExitStatus::data, fmt::format("{}: no skills found: it names none of the technologies in skills.json "
                                             "and no topic of the banks; is it a job posting?",
                                             posting.name));
}

void add_job_option(CLI::App &app, Options &options) {
  auto *job = app.add_option("--job", options.job,
                             "Questions on the skills this job posting asks for first (- for stdin; see 'drill job')")
                  ->type_name("FILE");
  if (auto *due = app.get_option_no_throw("--due")) job->excludes(due);
}

fs::path history_file(const Options &options, std::string_view command) {
  if (options.no_history)
    throw Error(ExitStatus::usage,
                fmt::format("{} needs the practice history, but --no-history turned it off", command));
  return history_path(options.history);
}

RecorderSettings recorder_settings(const Context &ctx) {
  RecorderSettings s;
  s.history = ctx.options.history;
  s.no_history = ctx.options.no_history;
  s.warn = [&ctx](std::string_view message) { ctx.warn(message); };
  s.rescue = &std::cerr;
  return s;
}

void warn_unknown_history_role(History &history, const std::string &role, const Context &ctx) {
  if (role.empty()) return;
  auto roles = history.roles();
  if (roles.empty() || std::find(roles.begin(), roles.end(), role) != roles.end()) return;
  ctx.warn(fmt::format("no answers recorded for role '{}'{}; the history has: {}", role,
                       did_you_mean_suffix(role, roles), join(roles)));
}

CLI::Option *whole_number_in(CLI::Option *option, long low, long high) {
  return option->check(CLI::Validator(
      [low, high](std::string &text) -> std::string {
        long value = 0;
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec == std::errc::result_out_of_range ||
            (ec == std::errc{} && ptr == text.data() + text.size() && (value < low || value > high)))
          return fmt::format("'{}' is out of range; give {} to {}", text, low, high);
        if (ec != std::errc{} || ptr != text.data() + text.size())
          return fmt::format("'{}' is not a whole number; give {} to {}", text, low, high);
        return {};
      },
      ""));
}

CLI::Option *add_role_option(CLI::App &app, std::string &role, const std::string &help, RoleFromEnv env) {
  auto *option = app.add_option("-r,--role", role, help)->type_name("ROLE");
  if (env == RoleFromEnv::yes) option->envname("DRILL_ROLE");
  return option;
}

void add_selection_options(CLI::App &app, Options &options) {
  add_role_option(app, options.filter.role,
                  "Practise for this role: backend, frontend, devops (or sre), data-engineering (or data); "
                  "'drill bank list --roles' lists those of your own banks too");
  app.add_option("-c,--category", options.filter.categories,
                 "technical, behavioral, situational or system-design (repeatable)")
      ->type_name("CATEGORY")
      ->delimiter(',');
  app.add_option("-d,--difficulty", options.filter.difficulties, "beginner, intermediate or advanced (repeatable)")
      ->type_name("LEVEL")
      ->delimiter(',');
  app.add_option("-t,--topic", options.filter.topics, "Only questions on this topic, e.g. caching (repeatable)")
      ->type_name("TOPIC")
      ->delimiter(',');
  whole_number_in(
      app.add_option("-n,--count", options.count, "How many questions, 1 to 1000 (default 5)")->type_name("N"), 1,
      1000);
  app.add_option("--seed", options.seed, "Make the pick reproducible")
      ->type_name("N")
      // CLI11 reads a number too large for 64 bits as the largest one, and
      // -1 as 2^64-1; a seed that is not what was typed reproduces nothing.
      ->check(CLI::Validator(
          [](std::string &text) {
            std::uint64_t value = 0;
            auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (ec == std::errc() && end == text.data() + text.size()) return std::string();
            return fmt::format("'{}' is not a whole number from 0 to {}", text,
                               std::numeric_limits<std::uint64_t>::max());
          },
          "N"))
      ->each([&options](const std::string &) { options.seed_given = true; });
}

std::optional<Posting> job_posting(const Bank &bank, Context &ctx) {
  Options &o = ctx.options;
  if (o.job.empty()) return std::nullopt;
  Posting posting = read_posting(o.job);
  if (o.filter.role.empty() && bank.roles().size() > 1) {
    auto roles = bank.roles();
    std::string guessed = guess_posting_role(posting.text, load_skill_list(bank));
    if (std::find(roles.begin(), roles.end(), guessed) != roles.end()) {
      o.filter.role = guessed;
      std::cerr << ctx.err.bold("drill: ")
                << fmt::format("role {}, as the posting names it; --role chooses another\n", guessed);
    }
  }
  return posting;
}

PostingAnalysis analyse_job(const Posting &posting, const Bank &bank, const Context &ctx) {
  const std::string &role = ctx.options.filter.role;
  auto analysis = analyse_posting(posting.text, load_skill_list(bank), bank, &load_lexicon(), role, GuessRole::no);
  if (analysis.covered.empty() && analysis.uncovered.empty()) throw no_skills_error(posting);
  if (analysis.covered.empty())
    ctx.warn(fmt::format("{}: no question for {} covers what the posting asks for; drawing from the whole role",
                         posting.name, role));
  return analysis;
}

std::vector<const Question *> select_questions(const Bank &bank, Context &ctx) {
  Options &o = ctx.options;
  std::optional<Posting> posting = job_posting(bank, ctx);
  check_filter(bank, o.filter);
  auto pool = matching(bank, o.filter);
  if (pool.empty()) throw Error(ExitStatus::usage, describe_no_match(bank, o.filter));
  if (!o.seed_given) o.seed = random_seed();
  if (pool.size() < o.count)
    ctx.warn(fmt::format("only {} question{} match; asked for {}", pool.size(), pool.size() == 1 ? "" : "s", o.count));
  if (posting) {
    auto analysis = analyse_job(*posting, bank, ctx);
    return pick_weighted(pool, posting_weights(pool, analysis), o.count, o.seed);
  }
  if (!o.due_first) return pick(std::move(pool), o.count, o.seed);

  // Shuffle first so that ties in the ranking vary with the seed.
  std::size_t size = pool.size();
  auto shuffled = pick(std::move(pool), size, o.seed);
  auto history = History::open_existing(history_file(o, "--due"));
  std::map<std::string, MemoryState> memories;
  std::map<std::string, double> topics;
  if (history) {
    memories = history->memories(o.filter.role);
    topics = history->topic_averages(o.filter.role);
  }
  auto order = due_first_order(shuffled, memories, topics, now_ms());
  order.resize(std::min(order.size(), o.count));
  std::vector<const Question *> out;
  for (const auto &id : order)
    out.push_back(bank.find(id));
  return out;
}

} // namespace drill
