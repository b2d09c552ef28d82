// The parts of the history beyond the answers, as the typed lines of the
// answer-record format: read out for drill export, and restored by drill
// import so that exporting and importing loses nothing (docs/history.md,
// "Export format").
#include "history/history.hpp"
#include "history/history_rows.hpp"
#include "history/record_line.hpp"

#include <fmt/format.h>

namespace drill {

namespace {

// The row id of the answer at `key`, if it is recorded.
std::optional<std::int64_t> answer_id(Database &db, const AnswerKey &key) {
  Statement st(db, "SELECT id FROM answers WHERE session_id = ?1 AND question_id = ?2 AND answered_at_ms = ?3",
               Reuse::cached);
  st.bind(1, key.session_id).bind(2, key.question_id).bind(3, key.answered_at_ms);
  std::optional<std::int64_t> id;
  if (st.step()) id = st.integer(0);
  st.reset();
  return id;
}

const char *k_answer_key = "a.session_id, a.question_id, a.answered_at_ms";

AnswerKey read_key(const Statement &st) { return {st.text(0), st.text(1), st.integer(2)}; }

} // namespace

void History::for_each_session(const std::function<void(const SessionRecord &)> &f) {
  Statement st(db_, fmt::format("SELECT {} FROM sessions ORDER BY started_at_ms, id", k_session_columns));
  while (st.step())
    f(read_session(st));
}

void History::for_each_rescore(const std::function<void(const RescoreLine &)> &f) {
  Statement st(db_, fmt::format("SELECT {}, r.rescored_at_ms, r.question_hash, r.old_score, r.new_score, "
                                "r.old_breakdown FROM rescores r JOIN answers a ON a.id = r.answer_id ORDER BY r.id",
                                k_answer_key));
  while (st.step()) {
    RescoreLine r;
    r.answer = read_key(st);
    r.rescored_at_ms = st.integer(3);
    r.question_hash = st.text(4);
    r.old_score = st.real(5);
    r.new_score = st.real(6);
    r.old_breakdown = parse_stored_json(st.text(7), db_.file());
    f(r);
  }
}

void History::for_each_correction(const std::function<void(const CorrectionLine &)> &f) {
  Statement st(db_, fmt::format("SELECT {}, c.made_at_ms, c.kind, c.target, c.words, c.rating FROM corrections c "
                                "JOIN answers a ON a.id = c.answer_id ORDER BY c.id",
                                k_answer_key));
  while (st.step()) {
    auto kind = correction_kind(st.text(4));
    if (!kind) continue; // written by a newer drill
    CorrectionLine c;
    c.answer = read_key(st);
    c.correction.made_at_ms = st.integer(3);
    c.correction.kind = *kind;
    c.correction.target = st.text(5);
    c.correction.words = st.text(6);
    c.correction.rating = static_cast<int>(st.optional_integer(7).value_or(0));
    f(c);
  }
}

void History::for_each_phrasing(const std::function<void(const PhrasingLine &)> &f) {
  Statement st(db_, "SELECT question_id, concept, phrasing, added_at_ms FROM phrasings "
                    "ORDER BY question_id, concept, added_at_ms, phrasing");
  while (st.step())
    f(PhrasingLine{st.text(0), st.text(1), st.text(2), st.integer(3)});
}

bool History::restore(const SessionRecord &s) {
  Transaction t(db_);
  Statement st(db_, "INSERT INTO sessions (id, mode, role, started_at_ms, ended_at_ms) VALUES (?1, ?2, ?3, ?4, ?5) "
                    "ON CONFLICT (id) DO UPDATE SET mode = excluded.mode, "
                    "role = CASE excluded.role WHEN '' THEN role ELSE excluded.role END, "
                    "started_at_ms = excluded.started_at_ms, ended_at_ms = excluded.ended_at_ms "
                    "WHERE mode IS NOT excluded.mode OR (excluded.role != '' AND role IS NOT excluded.role) OR "
                    "started_at_ms IS NOT excluded.started_at_ms OR ended_at_ms IS NOT excluded.ended_at_ms");
  st.bind(1, s.id).bind(2, s.mode).bind(3, s.role).bind(4, s.started_at_ms);
  if (s.ended_at_ms)
    st.bind(5, *s.ended_at_ms);
  else
    st.bind_null(5);
  st.run();
  const bool changed = db_.changes() != 0;
  t.commit();
  return changed;
}

bool History::restore(const RescoreLine &r) {
  Transaction t(db_);
  auto id = answer_id(db_, r.answer);
  if (!id) return false;
  const std::string old_breakdown = dump_line(r.old_breakdown);
  Statement st(db_, "INSERT INTO rescores (answer_id, rescored_at_ms, question_hash, old_score, new_score, "
                    "old_breakdown) SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE NOT EXISTS (SELECT 1 FROM rescores WHERE "
                    "answer_id = ?1 AND rescored_at_ms = ?2 AND question_hash = ?3 AND old_score = ?4 AND "
                    "new_score = ?5 AND old_breakdown = ?6)");
  st.bind(1, *id).bind(2, r.rescored_at_ms).bind(3, r.question_hash).bind(4, r.old_score).bind(5, r.new_score);
  st.bind(6, old_breakdown).run();
  const bool added = db_.changes() != 0;
  t.commit();
  return added;
}

bool History::restore(const CorrectionLine &c) {
  {
    auto id = answer_id(db_, c.answer);
    if (!id) return false;
    Statement seen(db_, "SELECT 1 FROM corrections WHERE answer_id = ?1 AND made_at_ms = ?2 AND kind = ?3 AND "
                        "target = ?4 AND words = ?5 AND rating IS ?6");
    seen.bind(1, *id).bind(2, c.correction.made_at_ms).bind(3, to_string(c.correction.kind));
    seen.bind(4, c.correction.target).bind(5, c.correction.words);
    if (c.correction.kind == Correction::Kind::rating)
      seen.bind(6, std::int64_t{c.correction.rating});
    else
      seen.bind_null(6);
    if (seen.step()) return false;
  }
  std::optional<Regrade> regrade;
  if (c.score) regrade = Regrade{0, *c.score, c.breakdown, {}};
  return correct(c.answer, c.correction, regrade, c.correction.made_at_ms);
}

bool History::restore(const PhrasingLine &p) {
  Transaction t(db_);
  Statement st(db_, "INSERT OR IGNORE INTO phrasings (question_id, concept, phrasing, added_at_ms) "
                    "VALUES (?1, ?2, ?3, ?4)");
  st.bind(1, p.question_id).bind(2, p.concept_name).bind(3, p.phrasing).bind(4, p.added_at_ms).run();
  const bool added = db_.changes() != 0;
  t.commit();
  return added;
}

} // namespace drill
