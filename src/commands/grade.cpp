// drill grade: grade answers written outside a session.
#include "drill/context.hpp"
#include "drill/error.hpp"
#include "drill/report.hpp"
#include "drill/scorer.hpp"
#include "drill/session.hpp"
#include "drill/suggest.hpp"
#include "drill/worksheet.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <memory>

namespace drill {

namespace {

// Each input mode adds its option here and its branch in run_grade.
struct GradeArgs {
  std::string worksheet;
};

// The role a worksheet was made for, from "<!-- drill-worksheet v1 role=X seed=N -->".
std::string worksheet_role(std::string_view text) {
  auto at = text.find("<!-- drill-worksheet ");
  if (at == std::string_view::npos) return {};
  auto role = text.find(" role=", at);
  auto end = text.find("-->", at);
  if (role == std::string_view::npos || role > end) return {};
  role += 6;
  auto stop = text.find_first_of(" \n", role);
  return std::string(text.substr(role, std::min(stop, end) - role));
}

class NullBuffer final : public std::streambuf {
protected:
  int_type overflow(int_type c) override { return traits_type::not_eof(c); }
};

// A reader for grading, which never reads: answers come whole.
class NoReader final : public LineReader {
public:
  ReadResult read_line(const LinePrompt &) override { return {ReadStatus::end_of_input, ""}; }
};

ExitStatus grade_worksheet(Context &ctx, const std::string &path) {
  std::string text = read_file(path);
  auto entries = parse_worksheet(text, path);
  Bank bank = load_banks(ctx.options);

  SessionResult result;
  for (const auto &e : entries) {
    const Question *q = bank.find(e.id);
    if (q == nullptr)
      throw Error(ExitStatus::data, fmt::format("{}:{}: unknown question id '{}'{}", path, e.line, e.id,
                                                did_you_mean_suffix(e.id, bank.ids())));
    AnswerRecord a;
    a.question = q;
    a.time_limit_s = q->time_limit_s;
    result.answers.push_back(std::move(a));
  }

  const SessionOptions &so = ctx.options.session;
  SessionConfig config;
  config.reveal = parse_reveal(so.reveal);
  config.timed = false;
  config.session_id = new_session_id();
  config.mode = "worksheet";
  config.role = ctx.options.filter.role.empty() ? worksheet_role(text) : ctx.options.filter.role;
  config.width = text_width(STDOUT_FILENO);
  std::unique_ptr<Transcript> log;
  if (!so.log.empty()) log = std::make_unique<Transcript>(so.log);

  SystemClock clock;
  NoReader reader;
  NoEditor editor;
  NullBuffer null_buffer;
  std::ostream null_stream(&null_buffer);
  SessionIo io{reader, editor, clock, std::cout, null_stream, ctx.out, Style(false), log.get(), nullptr};
  Scorer scorer(&bank);
  GradeFn grade = [&scorer](const Question &q, std::string_view answer, std::optional<double> elapsed) {
    return scorer.grade(q, answer, elapsed);
  };

  result.started = clock.wall();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    AnswerRecord &a = result.answers[i];
    std::cout << render_question(*a.question, entries[i].number, entries.size(), a.time_limit_s, ctx.out,
                                 config.width);
    if (entries[i].answer.empty()) {
      std::cout << ctx.out.dim("Unanswered.") << '\n';
      continue;
    }
    grade_answer(a, entries[i].answer, grade, io, config);
  }
  finish_session(result, io, config);
  if (result.graded() == 0)
    throw Error(ExitStatus::data, fmt::format("{}: every answer is empty; write answers under the "
                                              "'### Answer' headings",
                                              path));
  return ExitStatus::ok;
}

} // namespace

void add_grade_command(CLI::App &app, Context &ctx) {
  auto args = std::make_shared<GradeArgs>();
  auto *grade = app.add_subcommand("grade", "Grade answers written outside a session, e.g. a filled-in worksheet");
  grade->add_option("-w,--worksheet", args->worksheet, "A worksheet from 'drill plan --format markdown', filled in")
      ->type_name("FILE.md");
  grade->footer("Example:\n  drill plan --role backend --format markdown > sheet.md\n"
                "  $EDITOR sheet.md && drill grade --worksheet sheet.md");
  grade->callback([&ctx, args] {
    ctx.action = [args](Context &c) {
      if (!args->worksheet.empty()) return grade_worksheet(c, args->worksheet);
      throw Error(ExitStatus::usage, "drill grade needs something to grade: --worksheet FILE.md");
    };
  });
}

} // namespace drill
