// drill bank list | show | validate: look into the question banks.
#include "cli/context.hpp"
#include "session/search.hpp"
#include "session/select.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"
#include "util/suggest.hpp"
#include "util/visible.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <array>
#include <iostream>
#include <map>
#include <memory>
#include <set>

namespace drill {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::size_t k_max_reported_problems = 100;

struct BankArgs {
  std::string id;
  std::vector<std::string> paths;
  std::vector<std::string> words; ///< bank search
  bool questions = false;         ///< bank list --questions
  std::string names;              ///< bank list --ids, --roles or --topics: "ids", "roles", "topics"
};

// role -> category -> counts by difficulty
using Counts = std::map<std::string, std::map<Category, std::array<int, 3>>>;

Counts count_questions(const Bank &bank, const std::vector<const Question *> &pool, const std::string &only_role) {
  Counts counts;
  auto roles = bank.roles();
  for (const auto &role : roles) {
    if (!only_role.empty() && role != only_role) continue;
    for (const auto *q : pool)
      if (q->for_role(role)) ++counts[role][q->category][static_cast<std::size_t>(q->difficulty)];
  }
  return counts;
}

void check_role(const Bank &bank, const std::string &role) {
  auto roles = bank.roles();
  if (!role.empty() && std::find(roles.begin(), roles.end(), role) == roles.end())
    throw Error(ExitStatus::usage, fmt::format("unknown role '{}'{}; valid roles are: {}", role,
                                               did_you_mean_suffix(role, roles), join(roles)));
}

// The questions the filter lets through; every role when none is given.
std::vector<const Question *> filtered(const Bank &bank, Context &ctx) {
  check_role(bank, ctx.options.filter.role);
  check_filter_values(bank, ctx.options.filter);
  return matching(bank, ctx.options.filter);
}

// One question a line: its id, then its prompt wrapped under itself.
ExitStatus print_questions(const std::vector<const Question *> &questions, const Context &ctx) {
  if (ctx.options.format == Format::json) {
    json out = json::array();
    for (const auto *q : questions)
      out.push_back({{"id", q->id},
                     {"category", to_string(q->category)},
                     {"difficulty", to_string(q->difficulty)},
                     {"topics", q->topics},
                     {"prompt", q->prompt}});
    std::cout << json{{"questions", out}}.dump(2) << '\n';
    return ExitStatus::ok;
  }
  std::size_t id_width = 0;
  for (const auto *q : questions)
    id_width = std::max(id_width, q->id.size());
  std::size_t width = text_width(STDOUT_FILENO);
  std::string indent(id_width + 2, ' ');
  for (const auto *q : questions) {
    std::string text = wrap_text(q->prompt, width, indent);
    std::cout << ctx.out.cyan(fmt::format("{:<{}}", q->id, id_width)) << text.substr(id_width);
  }
  return ExitStatus::ok;
}

ExitStatus run_list(Context &ctx, const BankArgs &args) {
  const Bank &bank = load_banks(ctx.options, BankContents::outline);
  // One name a line, for scripts and shell completion.
  if (!args.names.empty()) {
    std::vector<std::string> names;
    if (args.names == "roles")
      names = bank.roles();
    else if (args.names == "topics")
      names = bank.topics();
    else
      for (const auto *q : filtered(bank, ctx))
        names.push_back(q->id);
    for (const auto &n : names)
      std::cout << n << '\n';
    return ExitStatus::ok;
  }
  auto pool = filtered(bank, ctx);
  if (args.questions) return print_questions(pool, ctx);
  Counts counts = count_questions(bank, pool, ctx.options.filter.role);
  if (ctx.options.format == Format::json) {
    json roles = json::object();
    for (const auto &[role, by_category] : counts) {
      json categories = json::object();
      int role_total = 0;
      for (const auto &[category, n] : by_category) {
        json c = {{"total", n[0] + n[1] + n[2]}};
        for (std::size_t d = 0; d < 3; ++d)
          c[difficulty_names()[d]] = n[d];
        categories[std::string(to_string(category))] = c;
        role_total += n[0] + n[1] + n[2];
      }
      roles[role] = {{"total", role_total}, {"categories", categories}};
    }
    std::cout << json{{"questions", bank.questions().size()}, {"roles", roles}, {"topics", bank.topics()}}.dump(2)
              << '\n';
    return ExitStatus::ok;
  }
  const Style &s = ctx.out;
  std::size_t w = 10; // the ROLE column fits the longest role
  for (const auto &entry : counts)
    w = std::max(w, entry.first.size());
  std::cout << s.bold(fmt::format("{:<{}} {:<14} {:>9} {:>13} {:>9} {:>6}", "ROLE", w, "CATEGORY", "BEGINNER",
                                  "INTERMEDIATE", "ADVANCED", "TOTAL"))
            << '\n';
  for (const auto &[role, by_category] : counts) {
    std::array<int, 3> sum{};
    bool first = true;
    for (const auto &[category, n] : by_category) {
      std::cout << fmt::format("{:<{}} {:<14} {:>9} {:>13} {:>9} {:>6}\n", first ? role : "", w, to_string(category),
                               n[0], n[1], n[2], n[0] + n[1] + n[2]);
      for (std::size_t d = 0; d < 3; ++d)
        sum[d] += n[d];
      first = false;
    }
    std::cout << s.dim(fmt::format("{:<{}} {:<14} {:>9} {:>13} {:>9} {:>6}", "", w, "all", sum[0], sum[1], sum[2],
                                   sum[0] + sum[1] + sum[2]))
              << '\n';
  }
  std::cout << fmt::format("\n{} question{} in all, on {} topic{}\n", bank.questions().size(),
                           bank.questions().size() == 1 ? "" : "s", bank.topics().size(),
                           bank.topics().size() == 1 ? "" : "s");
  return ExitStatus::ok;
}

ExitStatus run_show(Context &ctx, const BankArgs &args) {
  const Bank &bank = load_banks(ctx.options);
  const Question *q = bank.find(args.id);
  if (!q)
    throw Error(ExitStatus::usage, fmt::format("no question with id '{}'{}; 'drill plan --format json' lists ids",
                                               args.id, did_you_mean_suffix(args.id, bank.ids())));
  if (ctx.options.format == Format::json) {
    std::cout << to_json(*q).dump(2) << '\n';
    return ExitStatus::ok;
  }
  const Style &s = ctx.out;
  std::size_t width = text_width(STDOUT_FILENO);
  std::cout << s.bold(s.cyan(q->id)) << '\n';
  std::string meta = fmt::format("{} · {} · {} s limit · roles {}", to_string(q->category), to_string(q->difficulty),
                                 q->time_limit_s, join(q->roles));
  if (!q->topics.empty()) meta += " · topics " + join(q->topics);
  std::cout << s.dim(meta) << '\n' << s.dim(visible(q->source)) << "\n\n";
  std::cout << wrap_text(visible(q->prompt, Newlines::keep), width);
  auto section = [&](std::string_view title) { std::cout << '\n' << s.bold(std::string(title)) << '\n'; };
  if (!q->concepts.empty()) {
    section(q->star ? "Key points (and STAR structure)" : "Key points");
    for (const auto &c : q->concepts)
      std::cout << wrap_text(visible(fmt::format("{} (weight {}): {}", c.name, c.weight, join(c.any, " | "))), width,
                             "  ");
  }
  if (!q->misconceptions.empty()) {
    section("Common mistakes");
    for (const auto &m : q->misconceptions)
      std::cout << wrap_text(visible(fmt::format("{} (weight {}): {}", m.claim, m.weight, m.correction)), width, "  ");
  }
  if (!q->model_answer.empty()) {
    section("Model answer");
    std::cout << wrap_text(visible(q->model_answer, Newlines::keep), width, "  ");
  }
  if (!q->tips.empty()) {
    section("Tips");
    for (const auto &t : q->tips)
      std::cout << wrap_text("- " + visible(t, Newlines::keep), width, "  ");
  }
  if (!q->follow_ups.empty()) {
    section("Follow-ups");
    for (const auto &f : q->follow_ups)
      std::cout << wrap_text("- " + visible(f, Newlines::keep), width, "  ");
  }
  return ExitStatus::ok;
}

ExitStatus run_search(Context &ctx, const BankArgs &args) {
  const Bank &bank = load_banks(ctx.options, BankContents::without_misconceptions);
  auto hits = search_questions(filtered(bank, ctx), join(args.words, " "));
  if (hits.empty()) {
    std::cerr << fmt::format("no question mentions '{}'; 'drill bank list --questions' lists them all\n",
                             join(args.words, " "));
    return ExitStatus::ok;
  }
  std::vector<const Question *> found;
  for (const auto &h : hits)
    found.push_back(h.question);
  return print_questions(found, ctx);
}

ExitStatus run_validate(Context &ctx, const BankArgs &args) {
  Bank &bank = lasting_bank();
  std::vector<Diagnostic> problems;
  bool missing = false;
  std::size_t files = 0;
  std::vector<std::pair<fs::path, std::string>> skill_lists; // checked once the banks are read
  for (const auto &path : args.paths) {
    std::vector<fs::path> expanded;
    try {
      expanded = bank_files({path});
      for (const auto &file : expanded) {
        ++files;
        // A paraphrase lexicon is checked by the same command as a bank.
        std::string text = read_file(file);
        if (looks_like_lexicon(text)) {
          Lexicon lexicon;
          load_lexicon_text(text, file.string(), lexicon, problems);
        } else if (looks_like_skill_list(text)) {
          skill_lists.emplace_back(file, std::move(text));
        } else {
          load_bank_text(text, file.string(), bank, problems);
        }
      }
    } catch (const Error &e) {
      if (e.status() != ExitStatus::no_input) throw;
      missing = true;
      std::cerr << ctx.err.bold("drill: ") << ctx.err.red("error:") << ' ' << e.what() << '\n';
    }
  }
  if (!skill_lists.empty()) {
    // A skills list may name the topics of the bundled banks and of the banks checked with it.
    Bank bundled;
    std::vector<Diagnostic> ignored;
    for (const auto &file : bank_files_if_any(bundled_data_dir() / "banks"))
      load_bank_file(file, bundled, ignored);
    auto topics = bundled.topics();
    for (auto &topic : bank.topics())
      topics.push_back(std::move(topic));
    for (const auto &[file, text] : skill_lists) {
      SkillList list;
      load_skill_list_text(text, file.string(), topics, list, problems);
    }
  }
  for (std::size_t i = 0; i < problems.size() && i < k_max_reported_problems; ++i)
    std::cout << problems[i].to_string() << '\n';
  if (problems.size() > k_max_reported_problems)
    std::cout << fmt::format("... and {} more problems\n", problems.size() - k_max_reported_problems);
  std::set<std::string> bad_files;
  for (const auto &p : problems)
    bad_files.insert(p.file);
  std::cout << fmt::format("{} file{} checked, {} question{} valid, {} problem{} in {} file{}\n", files,
                           files == 1 ? "" : "s", bank.questions().size(), bank.questions().size() == 1 ? "" : "s",
                           problems.size(), problems.size() == 1 ? "" : "s", bad_files.size(),
                           bad_files.size() == 1 ? "" : "s");
  if (missing) return ExitStatus::no_input;
  return problems.empty() ? ExitStatus::ok : ExitStatus::data;
}

} // namespace

void add_bank_command(CLI::App &app, Context &ctx) {
  auto args = std::make_shared<BankArgs>();
  auto *bank = app.add_subcommand("bank", "Look into the question banks: list, search, show, validate");
  bank->require_subcommand(1);

  auto *list = bank->add_subcommand("list", "Count questions by role, category and difficulty, or list them");
  auto add_filters = [&ctx](CLI::App *cmd) {
    // Browsing the banks shows every role unless asked: DRILL_ROLE does not narrow it.
    add_role_option(*cmd, ctx.options.filter.role, "Only this role", RoleFromEnv::no);
    cmd->add_option("-c,--category", ctx.options.filter.categories, "Only this category (repeatable)")
        ->type_name("CATEGORY")
        ->delimiter(',');
    cmd->add_option("-d,--difficulty", ctx.options.filter.difficulties, "Only this difficulty (repeatable)")
        ->type_name("LEVEL")
        ->delimiter(',');
    cmd->add_option("-t,--topic", ctx.options.filter.topics, "Only this topic (repeatable)")
        ->type_name("TOPIC")
        ->delimiter(',');
  };
  add_filters(list);
  list->add_flag("--questions", args->questions, "List the questions the filters let through: ids and prompts");
  auto *ids = list->add_flag_callback(
      "--ids", [args] { args->names = "ids"; },
      "Print the question ids the filters "
      "let through, one a line");
  auto *roles = list->add_flag_callback(
      "--roles", [args] { args->names = "roles"; }, "Print the roles, one a line");
  auto *topics = list->add_flag_callback(
      "--topics", [args] { args->names = "topics"; }, "Print the topics, one a line");
  for (auto *a : {ids, roles, topics})
    for (auto *b : {ids, roles, topics})
      if (a != b) a->excludes(b);
  add_format_option(*list, ctx.options.format, {Format::text, Format::json}, "text or json");
  list->callback([&ctx, args] { ctx.action = [args](Context &c) { return run_list(c, *args); }; });

  auto *search = bank->add_subcommand("search", "Find questions by words of their prompt, topics and key points, "
                                                "best match first");
  search->add_option("words", args->words, "Words to look for, e.g. cache invalidation")
      ->required()
      ->type_name("WORD...");
  add_filters(search);
  add_format_option(*search, ctx.options.format, {Format::text, Format::json}, "text or json");
  search->callback([&ctx, args] { ctx.action = [args](Context &c) { return run_search(c, *args); }; });

  auto *show = bank->add_subcommand("show", "Show one question with its key points, model answer and tips");
  show->add_option("id", args->id, "The question id, e.g. db.n-plus-one")->required()->type_name("ID");
  add_format_option(*show, ctx.options.format, {Format::text, Format::json}, "text or json");
  show->callback([&ctx, args] { ctx.action = [args](Context &c) { return run_show(c, *args); }; });

  auto *validate = bank->add_subcommand("validate", "Check bank files and report every problem "
                                                    "(exit 0 valid, 65 invalid, 66 missing)");
  validate->add_option("paths", args->paths, "Bank files or directories")->required()->type_name("PATH...");
  validate->callback([&ctx, args] { ctx.action = [args](Context &c) { return run_validate(c, *args); }; });

  for (auto *sub : {list, show, validate, search})
    sub->fallthrough();
}

} // namespace drill
