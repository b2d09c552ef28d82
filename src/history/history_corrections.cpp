// A person's corrections of recorded grades, and the phrasings they teach
// (schema version 5; see docs/history.md, "Corrections").
#include "history/history.hpp"
#include "history/history_rows.hpp"
#include "history/history_summary.hpp"

#include <fmt/format.h>

#include <array>

namespace drill {

namespace {

constexpr std::array<std::string_view, 4> k_kinds{"made", "not_said", "rating", "agree"};

} // namespace

std::string_view to_string(Correction::Kind kind) { return k_kinds[static_cast<std::size_t>(kind)]; }

std::optional<Correction::Kind> correction_kind(std::string_view text) {
  for (std::size_t i = 0; i < k_kinds.size(); ++i)
    if (k_kinds[i] == text) return static_cast<Correction::Kind>(i);
  return std::nullopt;
}

bool History::correct(const AnswerKey &key, const Correction &correction, const std::optional<Regrade> &regrade,
                      std::int64_t now_ms) {
  Transaction t(db_);
  Statement current(db_, fmt::format("SELECT {}, local_day, id, auto_score FROM answers WHERE session_id = ?1 AND "
                                     "question_id = ?2 AND answered_at_ms = ?3",
                                     k_answer_columns));
  current.bind(1, key.session_id).bind(2, key.question_id).bind(3, key.answered_at_ms);
  if (!current.step()) return false;
  AnswerRecord before = read_answer(current, db_.file());
  const std::string day = current.text(14);
  const std::int64_t answer_id = current.integer(15);
  const bool had_auto = !current.is_null(16);
  const std::string old_breakdown = current.text(12);

  Statement add(db_, "INSERT INTO corrections (answer_id, made_at_ms, kind, target, words, rating) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  add.bind(1, answer_id).bind(2, now_ms).bind(3, to_string(correction.kind)).bind(4, correction.target);
  add.bind(5, correction.words);
  if (correction.kind == Correction::Kind::rating)
    add.bind(6, std::int64_t{correction.rating});
  else
    add.bind_null(6);
  add.run();

  if (correction.kind == Correction::Kind::made && !correction.words.empty()) {
    Statement learn(db_, "INSERT OR IGNORE INTO phrasings (question_id, concept, phrasing, added_at_ms) "
                         "VALUES (?1, ?2, ?3, ?4)");
    learn.bind(1, key.question_id).bind(2, correction.target).bind(3, correction.words).bind(4, now_ms).run();
  }
  bool replay = false;
  if (correction.kind == Correction::Kind::rating) {
    Statement rate(db_, "UPDATE answers SET rating = ?2 WHERE id = ?1");
    rate.bind(1, answer_id).bind(2, std::int64_t{correction.rating}).run();
    replay = true;
  }
  if (regrade) {
    const std::string new_breakdown = dump_line(regrade->breakdown);
    if (!had_auto) {
      // The first change keeps drill's own grade beside the corrected one.
      Statement keep(db_, "UPDATE answers SET auto_score = score, auto_breakdown = breakdown WHERE id = ?1");
      keep.bind(1, answer_id).run();
    }
    if (regrade->score != before.score || new_breakdown != old_breakdown) {
      Statement update(db_, "UPDATE answers SET score = ?2, breakdown = ?3 WHERE id = ?1");
      update.bind(1, answer_id).bind(2, regrade->score).bind(3, new_breakdown).run();
      Statement session(db_, "UPDATE sessions SET score_sum = score_sum + ?2 WHERE id = ?1");
      session.bind(1, before.session_id).bind(2, regrade->score - before.score).run();
      SummaryUpdate summaries(db_);
      summaries.add_summaries(before, day, -1);
      AnswerRecord after = std::move(before);
      after.score = regrade->score;
      after.breakdown = regrade->breakdown;
      summaries.add_summaries(after, day, 1);
      summaries.write();
      replay = true;
    }
  }
  if (replay) rebuild_memory(key.question_id);
  t.commit();
  return true;
}

AnswerCorrections History::corrections(const AnswerKey &key) {
  AnswerCorrections out;
  Statement answer(db_, "SELECT id, auto_score, rating FROM answers WHERE session_id = ?1 AND question_id = ?2 AND "
                        "answered_at_ms = ?3");
  answer.bind(1, key.session_id).bind(2, key.question_id).bind(3, key.answered_at_ms);
  if (!answer.step()) return out;
  out.answer_id = answer.integer(0);
  out.auto_score = answer.optional_real(1);
  if (auto r = answer.optional_integer(2)) out.rating = static_cast<int>(*r);
  Statement st(db_, "SELECT kind, target, words, rating, made_at_ms FROM corrections WHERE answer_id = ?1 ORDER BY id");
  st.bind(1, out.answer_id);
  while (st.step()) {
    auto kind = correction_kind(st.text(0));
    if (!kind) continue; // written by a newer drill
    Correction c;
    c.kind = *kind;
    c.target = st.text(1);
    c.words = st.text(2);
    c.rating = static_cast<int>(st.optional_integer(3).value_or(0));
    c.made_at_ms = st.integer(4);
    if (c.kind == Correction::Kind::made) out.scoring.made.push_back(c.target);
    if (c.kind == Correction::Kind::not_said) out.scoring.not_said.push_back(c.target);
    out.list.push_back(std::move(c));
  }
  return out;
}

std::map<std::int64_t, Corrections> History::corrected_answers() {
  std::map<std::int64_t, Corrections> out;
  Statement st(db_, "SELECT answer_id, kind, target FROM corrections WHERE kind IN ('made', 'not_said') ORDER BY id");
  while (st.step()) {
    Corrections &c = out[st.integer(0)];
    (st.text(1) == "made" ? c.made : c.not_said).push_back(st.text(2));
  }
  return out;
}

PersonalPhrasings History::personal_phrasings() {
  PersonalPhrasings out;
  Statement st(db_, "SELECT question_id, concept, phrasing FROM phrasings ORDER BY question_id, concept, added_at_ms");
  while (st.step())
    out[st.text(0)][st.text(1)].push_back(st.text(2));
  return out;
}

} // namespace drill
