// drill help [COMMAND...], and the examples that end each command's --help.
#include "cli/command_tree.hpp"
#include "cli/context.hpp"
#include "util/error.hpp"
#include "util/suggest.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <iostream>
#include <memory>

namespace drill {

namespace {

struct Examples {
  const char *command; ///< the path below drill, e.g. "bank list"
  const char *text;
};

// Each command's --help ends with its own examples, not the top level's.
constexpr Examples k_examples[] = {
    {"plan", R"EX(Examples:
  drill plan --role backend --category technical
      five technical questions to read through
  drill plan --role backend --due --format markdown > sheet.md
      a worksheet of what is due for review, to fill in and grade later
  drill plan --role backend --count 3 --seed 42 --format json
      the same three questions every time, as JSON
  drill plan --job posting.md --count 10
      the questions a job posting calls for (see 'drill job'))EX"},
    {"interview", R"EX(Examples:
  drill interview --role backend
      a 45-minute mock interview: opener, technical, system design, stories, your questions
  drill interview --role frontend --minutes 20 --report interview.md
      a short one, with the scorecard and the transcript written as Markdown
  drill interview --role devops --follow-ups 2 --difficulty advanced
      harder questions, and up to two follow-ups after each answer)EX"},
    {"grade", R"EX(Examples:
  drill grade --id db.n-plus-one < answer.txt
      feedback on one answer
  drill grade --worksheet sheet.md --log practice.jsonl >> grades.txt
      grade a filled-in worksheet and record it (exit 65 if left blank)
  drill grade --input answers.jsonl --format jsonl
      grade JSON Lines in batch, one result per line)EX"},
    {"bank", R"EX(Examples:
  drill bank list
      how many questions each role, category and difficulty has
  drill bank search cache invalidation
      questions about a subject, best match first
  drill bank show db.n-plus-one
      one question in full)EX"},
    {"bank list", R"EX(Examples:
  drill bank list --role backend --format json
      the counts for one role, as JSON
  drill bank list --questions --category behavioral
      the ids and prompts of the behavioral questions
  drill bank list --ids
      every question id, one per line, for scripts)EX"},
    {"bank show", R"EX(Examples:
  drill bank show db.n-plus-one
      key points, common mistakes, model answer, tips and follow-ups
  drill bank show db.n-plus-one --format json
      the question as the bank holds it)EX"},
    {"bank validate", R"EX(Examples:
  drill bank validate my-bank.json
      check one bank file (exit 0 valid, 65 invalid, 66 missing)
  drill bank validate ~/.local/share/drill/banks
      check every bank in a directory)EX"},
    {"bank search", R"EX(Examples:
  drill bank search rate limiting
      questions whose prompt, topics or key points mention both words
  drill bank search --role backend --category behavioral conflict
      search among the behavioral questions only)EX"},
    {"due", R"EX(Examples:
  drill due
      what the schedule wants back now
  0 8 * * 1-5  drill due -q && notify-send 'drill' "$(drill due)"
      a crontab line for weekdays at 8:00
Exit status: 0 some questions are due, 1 none are, 64 usage error, 65 bad history file,
74 I/O error, 75 history busy.)EX"},
    {"stats", R"EX(Examples:
  drill stats
      streak, averages, trend and weakest concepts
  drill stats --since 2026-01-01 --format json
      the same from a day on, as JSON)EX"},
    {"history", R"EX(Examples:
  drill history --count 5
      the five latest sessions
  drill history show 3f2a
      the answers of the session whose id starts with 3f2a
  drill history rm 3f2a
      remove that session, its answers and corrections (asks first))EX"},
    {"history rm", R"EX(Examples:
  drill history rm 3f2a
      remove one session and everything recorded with it, after asking
  drill history rm --yes 3f2a 9e8d
      remove two sessions without asking, as a script must)EX"},
    {"history show", R"EX(Examples:
  drill history show 3f2a9c
      one session's answers: scores, times, key points hit and missed (the
      first characters of the id that 'drill history' lists are enough)
  drill history show 3f2a9c --format json
      the same as JSON)EX"},
    {"export", R"EX(Examples:
  drill export > backup.jsonl
      the whole history (sessions, answers, rescores, corrections and
      phrasings), for 'drill import'
  drill export --format csv > answers.csv
      the answers, for a spreadsheet)EX"},
    {"import", R"EX(Examples:
  drill import backup.jsonl
      add the answers of an export, skipping those already there
  drill import ~/.local/state/drill/unsaved-answers.jsonl
      add the answers saved while the history could not be written
  drill import session-log.jsonl
      add what a session wrote with --log)EX"},
    {"rescore", R"EX(Examples:
  drill rescore --dry-run
      what the current scorer would make of every answer
  drill rescore --id db.n-plus-one
      regrade the answers to one question after editing it)EX"},
    {"job", R"EX(Examples:
  drill job posting.md
      the skills a posting asks for, the questions on each, and what no question covers
  xclip -o | drill job - --role backend
      a posting copied from a web page, counted for one role
  drill job posting.md --format json
      the same as JSON, for scripts
  drill --job posting.md --count 8
      then practise: questions on the posting's skills first)EX"},
    {"help", R"EX(Examples:
  drill help plan
      the options of drill plan
  drill help bank list
      the options of drill bank list)EX"},
    {"completion", R"EX(Examples:
  drill completion bash > ~/.local/share/bash-completion/completions/drill
  drill completion zsh > ~/.zfunc/_drill
  drill completion fish > ~/.config/fish/completions/drill.fish
Installing drill puts these in the shells' standard places already.)EX"},
};

CLI::App *find_command(CLI::App &root, std::string_view path) {
  CLI::App *app = &root;
  std::size_t start = 0;
  while (app != nullptr && start < path.size()) {
    auto end = path.find(' ', start);
    if (end == std::string_view::npos) end = path.size();
    std::string name(path.substr(start, end - start));
    auto subs = app->get_subcommands([&name](CLI::App *s) { return s->get_name() == name; });
    app = subs.empty() ? nullptr : subs.front();
    start = end + 1;
  }
  return app;
}

} // namespace

void add_examples(CLI::App &root) {
  for (const auto &e : k_examples) {
    CLI::App *app = find_command(root, e.command);
    if (app == nullptr) throw Error(ExitStatus::software, fmt::format("examples for unknown command '{}'", e.command));
    app->footer(std::string(e.text) + "\nSee drill(1) for more.");
  }
}

void add_help_command(CLI::App &app, Context &ctx) {
  auto names = std::make_shared<std::vector<std::string>>();
  auto *help = app.add_subcommand("help", "Show the help of a command, e.g. 'drill help plan'");
  help->add_option("command", *names, "The command, e.g. plan or bank list")->type_name("COMMAND...");
  help->callback([&app, &ctx, names] {
    ctx.action = [&app, names](Context &) {
      std::vector<const CLI::App *> chain{&app};
      for (const auto &name : *names) {
        const CLI::App *sub = nullptr;
        std::vector<std::string> known;
        for (const auto *s : visible_subcommands(*chain.back())) {
          known.push_back(s->get_name());
          if (s->get_name() == name) sub = s;
        }
        if (sub == nullptr)
          throw Error(ExitStatus::usage,
                      fmt::format("no command '{}' in '{}'{}; the commands are: {}", name, command_name(chain),
                                  did_you_mean_suffix(name, known), join(known)));
        chain.push_back(sub);
      }
      // Through the formatter: App::help() would show the help of the
      // command being run, which is this one.
      std::cout << chain.back()->get_formatter()->make_help(chain.back(), command_name(chain),
                                                            CLI::AppFormatMode::Normal);
      return ExitStatus::ok;
    };
  });
}

} // namespace drill
