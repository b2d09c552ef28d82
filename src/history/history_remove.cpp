// Removing whole sessions (drill history rm): the rows that hang off their
// answers go with them, and everything derived from answers (summaries,
// session totals, memory states) is brought back to what recording only the
// answers left would give.
#include "history/history.hpp"
#include "history/history_rows.hpp"
#include "history/history_summary.hpp"

#include <fmt/format.h>

namespace drill {

std::optional<SessionRecord> History::session(std::string_view id) {
  Statement st(db_, fmt::format("SELECT {} FROM sessions WHERE id = ?1", k_session_columns));
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_session(st);
}

std::size_t History::remove_sessions(const std::vector<std::string> &ids) {
  Transaction t(db_);
  std::size_t removed = 0;
  std::set<std::string> questions;
  SummaryUpdate summaries(db_);
  for (const auto &id : ids) {
    Statement answers(db_, fmt::format("SELECT {}, local_day FROM answers WHERE session_id = ?1", k_answer_columns));
    answers.bind(1, id);
    while (answers.step()) {
      AnswerRecord a = read_answer(answers, db_.file());
      summaries.add_summaries(a, answers.text(14), -1);
      questions.insert(a.question_id);
      ++removed;
    }
    for (const char *sql : {"DELETE FROM rescores WHERE answer_id IN (SELECT id FROM answers WHERE session_id = ?1)",
                            "DELETE FROM corrections WHERE answer_id IN (SELECT id FROM answers WHERE session_id = ?1)",
                            "DELETE FROM answers WHERE session_id = ?1", "DELETE FROM sessions WHERE id = ?1"}) {
      Statement st(db_, sql);
      st.bind(1, id).run();
    }
  }
  summaries.write();
  // A question with no answers left has no memory state at all; the others
  // are replayed from what remains.
  for (const auto &q : questions) {
    Statement forget(db_, "DELETE FROM memory WHERE question_id = ?1");
    forget.bind(1, q).run();
    rebuild_memory(q);
  }
  t.commit();
  return removed;
}

} // namespace drill
