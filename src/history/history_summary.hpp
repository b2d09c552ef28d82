#pragma once

// The rows the history keeps current as answers are written: each session's
// count and score sum, and the per-day and all-time summary tables the
// statistics read (see docs/history.md, schema versions 3 and 4).

#include "history/answer_record.hpp"
#include "history/sqlite.hpp"

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

namespace drill {

/// How many leading characters of a local day ("YYYY-MM-DD") name its month
/// in month_concepts ("YYYY-MM").
inline constexpr std::size_t k_month_chars = 7;

/// The month of a local day, as month_concepts keys it: its first k_month_chars characters.
std::string_view summary_month(std::string_view local_day);

/// The session and summary rows that some answer writes change, gathered
/// inside one write transaction and written once each by write(). Each row
/// is read when first touched and then added to in memory, one answer at a
/// time in the order they come, so the sums end bit for bit as adding each
/// answer to the database on its own would leave them, while a batch of
/// thousands of answers costs one read and one write per row instead of one
/// upsert per answer and row.
class SummaryUpdate {
public:
  /// Pending changes to `db`, which must stay inside one write transaction
  /// until write() has run.
  explicit SummaryUpdate(Database &db) : db_(db) {}

  /// Counts a newly recorded answer: in its session (created when missing)
  /// and in every summary.
  void add_answer(const AnswerRecord &a, const std::string &day);

  /// Adds an answer's share of the summaries (`sign` 1) or takes it away
  /// (`sign` -1), as a rescore does; sessions are left alone.
  void add_summaries(const AnswerRecord &a, const std::string &day, int sign);

  /// Writes every changed row and forgets them.
  void write();

private:
  using Number = std::variant<std::int64_t, double>;
  struct SessionSums {
    std::string mode;
    std::string role;
    std::int64_t started_at_ms = 0;
    std::int64_t answered = 0;
    double score_sum = 0;
    bool stored = false; ///< the row was in the database before
  };

  struct Row {
    std::size_t table = 0;
    std::vector<std::string> key;
    std::array<Number, 4> values{};
    std::size_t width = 0; ///< how many of `values` the table has
    bool stored = false;   ///< the row was in the database before
  };

  void add(std::size_t table, std::initializer_list<std::string_view> key, std::initializer_list<Number> share);

  Database &db_;
  std::unordered_map<std::string, SessionSums> sessions_;
  /// Keyed by the table and the row's key columns, each preceded by its length.
  std::unordered_map<std::string, Row> rows_;
  std::string probe_; ///< the key being looked up, kept to reuse its buffer
};

} // namespace drill
