// drill history dispute | agree | rate: correcting a recorded grade after
// the session, as :dispute, :agree and --self-rate do during it.
#include "cli/commands/history_correct.hpp"

#include "cli/context.hpp"
#include "history/history.hpp"
#include "history/rescore.hpp"
#include "scoring/scorer.hpp"
#include "session/dispute.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <iostream>
#include <memory>

namespace drill {

namespace {

struct CorrectArgs {
  std::string session;
  std::size_t answer = 0; ///< 1-based, as `history show` numbers them
  std::size_t point = 0;  ///< 1-based, as `history dispute` lists them; 0 lists
  std::string words;
  int rating = 0;
};

// The recorded answer the arguments name, with its history open.
struct Target {
  History history;
  AnswerRecord answer;
  AnswerKey key;
};

Target find_target(Context &ctx, const CorrectArgs &args, const char *command) {
  auto history = History::open_existing(history_file(ctx.options, command));
  if (!history) throw Error(ExitStatus::usage, fmt::format("no session '{}': no practice history yet", args.session));
  SessionRecord session = history->find_session(args.session);
  auto answers = history->session_answers(session.id);
  if (answers.empty()) throw Error(ExitStatus::usage, fmt::format("session {} has no answers", session.id));
  if (args.answer < 1 || args.answer > answers.size())
    throw Error(ExitStatus::usage,
                fmt::format("session {} has {} answer{}; give a number from 1 to {} (as 'drill "
                            "history show {}' numbers them)",
                            session.id, answers.size(), answers.size() == 1 ? "" : "s", answers.size(), session.id));
  AnswerRecord a = std::move(answers[args.answer - 1]);
  AnswerKey key{a.session_id, a.question_id, a.answered_at_ms};
  return Target{std::move(*history), std::move(a), std::move(key)};
}

void say_moved(const Target &t, std::size_t n, double before, int after, const AnswerCorrections &was) {
  double own = was.auto_score.value_or(before);
  std::cout << fmt::format("Answer {} ({}): score {:.0f} -> {}; drill's own grade ({:.0f}) stays in the history "
                           "beside yours.\n",
                           n, t.key.question_id, before, after, own);
}

ExitStatus run_dispute(Context &ctx, const CorrectArgs &args) {
  Target t = find_target(ctx, args, "drill history dispute");
  const Bank &bank = load_banks(ctx.options);
  const Question *q = bank.find(t.answer.question_id);
  if (q == nullptr)
    throw Error(ExitStatus::data, fmt::format("question '{}' is no longer in any bank, so its grade cannot be "
                                              "worked out again",
                                              t.answer.question_id));
  Scorer scorer(&bank, &load_lexicon());
  const PersonalPhrasings phrasings = t.history.personal_phrasings();
  scorer.use_personal_phrasings(&phrasings);
  const AnswerCorrections was = t.history.corrections(t.key);

  // The answer as a session outcome, graded now with what was already
  // disputed, so that the points are numbered as :dispute numbers them.
  QuestionOutcome a;
  a.question = q;
  a.answer = t.answer.answer;
  a.elapsed_s = t.answer.elapsed_s;
  a.time_limit_s = t.answer.time_limit_s > 0 ? t.answer.time_limit_s : q->time_limit_s;
  a.outcome = Outcome::graded;
  a.corrections = was.scoring;
  if (t.answer.breakdown.is_object() && t.answer.breakdown.contains("follow_ups"))
    a.follow_ups = follow_ups_from_json(t.answer.breakdown["follow_ups"]);
  GradeFn grade = [&scorer](const Question &question, std::string_view answer, std::optional<double> elapsed,
                            const Corrections *corrections) {
    return scorer.grade(question, answer, elapsed, corrections);
  };
  a.feedback = grade_outcome(a, grade);
  const auto items = disputable(a);
  if (items.empty()) {
    std::cout << "Nothing to dispute: drill hears every key point of this answer and no wrong claim.\n";
    return ExitStatus::ok;
  }
  if (args.point == 0) {
    std::size_t n = 0;
    for (const auto &d : items)
      std::cout << fmt::format("{:>3}. {} {}\n", ++n,
                               d.kind == Disputable::Kind::missed_concept ? "missed:" : "wrong claim:", d.name);
    std::cout << fmt::format("Count one as made (or a claim as not said) with: drill history dispute {} {} N "
                             "[--words \"the words you used\"]\n",
                             t.key.session_id, args.answer);
    return ExitStatus::ok;
  }
  if (args.point > items.size())
    throw Error(ExitStatus::usage, fmt::format("answer {} has {} point{} to dispute; give a number from 1 to {}",
                                               args.answer, items.size(), items.size() == 1 ? "" : "s", items.size()));
  const Disputable &item = items[args.point - 1];
  Correction c;
  c.target = item.name;
  if (item.kind == Disputable::Kind::missed_concept) {
    c.kind = Correction::Kind::made;
    c.words = args.words;
    a.corrections.made.push_back(item.name);
  } else {
    c.kind = Correction::Kind::not_said;
    a.corrections.not_said.push_back(item.name);
  }
  Feedback fb = grade_outcome(a, grade);
  Regrade regrade;
  regrade.score = fb.score;
  regrade.breakdown = regraded_breakdown(t.answer.breakdown, fb);
  t.history.correct(t.key, c, regrade, epoch_ms(std::chrono::system_clock::now()));
  say_moved(t, args.answer, t.answer.score, fb.score, was);
  if (!c.words.empty()) std::cout << fmt::format("drill will hear \"{}\" as '{}' from now on.\n", c.words, item.name);
  return ExitStatus::ok;
}

ExitStatus run_agree(Context &ctx, const CorrectArgs &args) {
  Target t = find_target(ctx, args, "drill history agree");
  t.history.correct(t.key, Correction{}, std::nullopt, epoch_ms(std::chrono::system_clock::now()));
  std::cout << fmt::format("Noted: you agree with the grade of answer {} ({}).\n", args.answer, t.key.question_id);
  return ExitStatus::ok;
}

ExitStatus run_rate(Context &ctx, const CorrectArgs &args) {
  Target t = find_target(ctx, args, "drill history rate");
  Correction c;
  c.kind = Correction::Kind::rating;
  c.rating = args.rating;
  t.history.correct(t.key, c, std::nullopt, epoch_ms(std::chrono::system_clock::now()));
  static constexpr const char *k_names[] = {"", "again", "hard", "good", "easy"};
  std::cout << fmt::format("Answer {} ({}) is rated {} ({}); the schedule follows your rating.\n", args.answer,
                           t.key.question_id, args.rating, k_names[args.rating]);
  return ExitStatus::ok;
}

CLI::App *add_target(CLI::App *parent, const char *name, const char *about, const std::shared_ptr<CorrectArgs> &args) {
  auto *sub = parent->add_subcommand(name, about);
  sub->add_option("session", args->session, "The session id, or enough of its start to be unique")->required();
  sub->add_option("answer", args->answer, "The answer's number, as 'drill history show' lists it")
      ->required()
      ->check(CLI::PositiveNumber);
  sub->fallthrough();
  return sub;
}

} // namespace

void add_history_correction_commands(CLI::App *history, Context &ctx) {
  auto args = std::make_shared<CorrectArgs>();
  auto *dispute = add_target(history, "dispute",
                             "Correct a recorded grade: list what drill missed or heard wrongly in one answer, or "
                             "count point N as made (or a claim as not said)",
                             args);
  dispute->add_option("point", args->point, "The point's number, as the list shows it; leave out to list them")
      ->check(CLI::PositiveNumber);
  dispute
      ->add_option("--words", args->words,
                   "The words you used for the point; drill hears them for it in your later answers")
      ->type_name("TEXT");
  dispute->callback([&ctx, args] { ctx.action = [args](Context &c) { return run_dispute(c, *args); }; });

  auto *agree = add_target(history, "agree", "Say a recorded grade is right", args);
  agree->callback([&ctx, args] { ctx.action = [args](Context &c) { return run_agree(c, *args); }; });

  auto *rate =
      add_target(history, "rate", "Rate a recorded answer yourself, 1 again to 4 easy; the schedule uses it", args);
  rate->add_option("rating", args->rating, "1 again, 2 hard, 3 good, 4 easy")->required()->check(CLI::Range(1, 4));
  rate->callback([&ctx, args] { ctx.action = [args](Context &c) { return run_rate(c, *args); }; });
}

} // namespace drill
