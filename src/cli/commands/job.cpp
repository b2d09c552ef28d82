// drill job FILE: what a job posting asks for, and how many questions cover it.
#include "cli/context.hpp"
#include "session/job_posting.hpp"
#include "util/suggest.hpp"
#include "util/visible.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>
#include <memory>

namespace drill {

namespace {

struct JobArgs {
  std::string file;
};

// A file name as a shell would need it in the suggested command.
std::string shell_word(const std::string &s) {
  if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./+=:,@") ==
                        std::string::npos)
    return s;
  std::string out = "'";
  for (char c : s)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string suggestion(const std::string &file, const PostingAnalysis &a) {
  std::string command = fmt::format("drill --job {}", file == "-" ? "POSTING" : shell_word(file));
  if (!a.role.empty()) command += " --role " + a.role;
  return command;
}

// "Postgres (PostgreSQL)" when the posting spells a skill its own way.
std::string label(const PostingSkill &s) {
  std::string shown = visible(s.written, Newlines::show);
  return s.written == s.name ? shown : fmt::format("{} ({})", shown, s.name);
}

nlohmann::json to_json(const PostingSkill &s) {
  return {{"name", s.name},
          {"written", s.written},
          {"topics", s.topics},
          {"mentions", s.mentions},
          {"questions", s.questions}};
}

ExitStatus run_job(Context &ctx, const JobArgs &args) {
  const Bank &bank = load_banks(ctx.options, BankContents::without_misconceptions);
  Filter &filter = ctx.options.filter;
  if (!filter.role.empty()) check_filter(bank, filter);
  Posting posting = read_posting(args.file);
  auto a = analyse_posting(posting.text, load_skill_list(bank), bank, &load_lexicon(), filter.role, GuessRole::yes);
  if (a.covered.empty() && a.uncovered.empty()) throw no_skills_error(posting);

  if (ctx.options.format == Format::json) {
    nlohmann::json doc = {
        {"file", posting.name},
        {"role", a.role.empty() ? nlohmann::json() : nlohmann::json(a.role)},
        {"role_guessed", a.role_guessed},
        {"skills", nlohmann::json::array()},
        {"uncovered", nlohmann::json::array()},
        {"suggested", a.covered.empty() ? nlohmann::json() : nlohmann::json(suggestion(args.file, a))}};
    for (const auto &s : a.covered)
      doc["skills"].push_back(to_json(s));
    for (const auto &s : a.uncovered)
      doc["uncovered"].push_back(to_json(s));
    std::cout << doc.dump(2) << '\n';
    return ExitStatus::ok;
  }
  const Style &s = ctx.out;
  std::string scope = a.role.empty() ? "all roles" : a.role + (a.role_guessed ? ", as the posting names it" : "");
  std::cout << s.bold(fmt::format("{}: {} skill{} with questions ({})", posting.name, a.covered.size(),
                                  a.covered.size() == 1 ? "" : "s", scope))
            << '\n';
  std::size_t width = 0;
  for (const auto &skill : a.covered)
    width = std::max(width, label(skill).size());
  for (const auto &skill : a.covered)
    std::cout << fmt::format("  {:<{}}  {:>2}x  {:>3} question{}  {}\n", label(skill), width, skill.mentions,
                             skill.questions, skill.questions == 1 ? " " : "s", s.dim(join(skill.topics)));
  if (!a.uncovered.empty()) {
    std::cout << '\n' << s.bold("No questions on:") << '\n';
    for (const auto &skill : a.uncovered)
      std::cout << fmt::format("  {}  {}x\n", label(skill), skill.mentions);
  }
  if (!a.covered.empty()) std::cout << '\n' << "Next: " << suggestion(args.file, a) << '\n';
  return ExitStatus::ok;
}

} // namespace

void add_job_command(CLI::App &app, Context &ctx) {
  auto args = std::make_shared<JobArgs>();
  auto *job = app.add_subcommand("job", "What a job posting asks for, and how many questions cover each skill");
  job->add_option("file", args->file, "The posting, as plain text, Markdown or pasted HTML; - for stdin")
      ->required()
      ->type_name("FILE");
  add_role_option(*job, ctx.options.filter.role,
                  "Count the questions of this role (default: the role the posting names, else all roles)");
  add_format_option(*job, ctx.options.format, {Format::text, Format::json}, "text or json");
  job->callback([&ctx, args] { ctx.action = [args](Context &c) { return run_job(c, *args); }; });
}

} // namespace drill
