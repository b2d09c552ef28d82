#include "history/history_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace drill {

namespace {

// A summary table: the columns that name a row, then the counts and sums
// that each answer adds to.
struct SummaryTable {
  const char *name;
  std::vector<const char *> keys;
  std::vector<const char *> values;
};

enum : std::size_t { k_day_scores, k_day_topics, k_day_concepts, k_month_concepts, k_topic_totals, k_concept_totals };

const std::array<SummaryTable, 6> k_tables = {{
    {"day_scores", {"local_day", "role", "category", "difficulty"}, {"answers", "score_sum", "timed", "over_limit"}},
    {"day_topics", {"local_day", "role", "topic"}, {"answers", "score_sum"}},
    {"day_concepts", {"local_day", "role", "concept"}, {"asked", "missed"}},
    {"month_concepts", {"month", "role", "concept"}, {"asked", "missed"}},
    {"topic_totals", {"role", "topic"}, {"answers", "score_sum"}},
    {"concept_totals", {"role", "concept"}, {"asked", "missed"}},
}};

// The SELECT that reads a row's values, and the INSERT and UPDATE that write
// a whole row, per table; built once so the statement cache sees one text.
struct TableSql {
  std::string select;
  std::string insert;
  std::string update;
};

const TableSql &sql_for(std::size_t table) {
  static const std::array<TableSql, k_tables.size()> sql = [] {
    std::array<TableSql, k_tables.size()> out;
    for (std::size_t t = 0; t < k_tables.size(); ++t) {
      const SummaryTable &spec = k_tables[t];
      std::vector<std::string> where, columns, params;
      for (std::size_t k = 0; k < spec.keys.size(); ++k)
        where.push_back(fmt::format("{} = ?{}", spec.keys[k], k + 1));
      columns.insert(columns.end(), spec.keys.begin(), spec.keys.end());
      columns.insert(columns.end(), spec.values.begin(), spec.values.end());
      for (std::size_t c = 0; c < columns.size(); ++c)
        params.push_back(fmt::format("?{}", c + 1));
      out[t].select =
          fmt::format("SELECT {} FROM {} WHERE {}", fmt::join(spec.values, ", "), spec.name, fmt::join(where, " AND "));
      std::vector<std::string> set;
      for (std::size_t v = 0; v < spec.values.size(); ++v)
        set.push_back(fmt::format("{} = ?{}", spec.values[v], spec.keys.size() + v + 1));
      out[t].insert =
          fmt::format("INSERT INTO {} ({}) VALUES ({})", spec.name, fmt::join(columns, ", "), fmt::join(params, ", "));
      out[t].update =
          fmt::format("UPDATE {} SET {} WHERE {}", spec.name, fmt::join(set, ", "), fmt::join(where, " AND "));
    }
    return out;
  }();
  return sql[table];
}

} // namespace

std::string_view summary_month(std::string_view local_day) { return local_day.substr(0, k_month_chars); }

void SummaryUpdate::add_answer(const AnswerRecord &a, const std::string &day) {
  auto [it, fresh] = sessions_.try_emplace(a.session_id);
  SessionSums &s = it->second;
  if (fresh) {
    Statement st(db_, "SELECT started_at_ms, answered, score_sum FROM sessions WHERE id = ?1", Reuse::cached);
    st.bind(1, a.session_id);
    if (st.step()) {
      s.stored = true;
      s.started_at_ms = st.integer(0);
      s.answered = st.integer(1);
      s.score_sum = st.real(2);
    }
  }
  if (!s.stored && s.answered == 0) {
    // A session seen first through one of its answers (begin_session() was
    // skipped, or the answer is imported) takes that answer's mode and role.
    s.mode = a.mode;
    s.role = a.role;
    s.started_at_ms = a.answered_at_ms;
    s.answered = 1;
    s.score_sum = a.score;
  } else {
    s.started_at_ms = std::min(s.started_at_ms, a.answered_at_ms);
    s.answered += 1;
    s.score_sum += a.score;
  }
  add_summaries(a, day, 1);
}

// A topic or concept named twice counts once; a concept listed as both hit
// and missed counts as missed. Every concept count goes to its day, its
// month and the all-time totals alike: this is the only place that writes
// them, so the three stay in step (the statistics add months to days).
void SummaryUpdate::add_summaries(const AnswerRecord &a, const std::string &day, int sign) {
  const std::int64_t n = sign;
  const double score = a.score * sign;
  const bool timed = a.elapsed_s && a.time_limit_s > 0;
  const bool over = timed && *a.elapsed_s > a.time_limit_s;
  const std::int64_t none = 0;
  add(k_day_scores, {day, a.role, a.category, a.difficulty}, {n, score, timed ? n : none, over ? n : none});
  for (const auto &topic : std::set<std::string>(a.topics.begin(), a.topics.end())) {
    add(k_day_topics, {day, a.role, topic}, {n, score});
    add(k_topic_totals, {a.role, topic}, {n, score});
  }
  std::map<std::string, std::int64_t> concepts; // name -> 1 when missed
  for (const auto &name : breakdown_concepts(a.breakdown, "hit"))
    concepts.emplace(name, 0);
  for (const auto &name : breakdown_concepts(a.breakdown, "missed"))
    concepts[name] = 1;
  const std::string_view month = summary_month(day);
  for (const auto &[name, missed] : concepts) {
    add(k_day_concepts, {day, a.role, name}, {n, missed * n});
    add(k_month_concepts, {month, a.role, name}, {n, missed * n});
    add(k_concept_totals, {a.role, name}, {n, missed * n});
  }
}

// The first share of a row starts from what the database holds (or is the
// row, when there is none); later shares add to it in memory, the same
// additions in the same order as one upsert per answer would make.
void SummaryUpdate::add(std::size_t table, std::initializer_list<std::string_view> key,
                        std::initializer_list<Number> share) {
  probe_.assign(1, static_cast<char>(table));
  for (std::string_view part : key) {
    auto size = static_cast<std::uint32_t>(part.size());
    probe_.append(reinterpret_cast<const char *>(&size), sizeof size).append(part);
  }
  auto it = rows_.find(probe_);
  if (it == rows_.end()) {
    Row row;
    row.table = table;
    row.key.assign(key.begin(), key.end());
    row.width = share.size();
    std::copy(share.begin(), share.end(), row.values.begin());
    Statement st(db_, sql_for(table).select, Reuse::cached);
    for (std::size_t k = 0; k < row.key.size(); ++k)
      st.bind(static_cast<int>(k + 1), row.key[k]);
    row.stored = st.step();
    for (std::size_t v = 0; row.stored && v < row.width; ++v) {
      int column = static_cast<int>(v);
      if (auto *real = std::get_if<double>(&row.values[v]))
        *real = st.real(column) + *real;
      else
        std::get<std::int64_t>(row.values[v]) += st.integer(column);
    }
    rows_.emplace(probe_, std::move(row));
    return;
  }
  Row &row = it->second;
  std::size_t v = 0;
  for (const Number &n : share) {
    if (auto *real = std::get_if<double>(&row.values[v]))
      *real += std::get<double>(n);
    else
      std::get<std::int64_t>(row.values[v]) += std::get<std::int64_t>(n);
    ++v;
  }
}

void SummaryUpdate::write() {
  for (const auto &[id, s] : sessions_) {
    if (s.stored) {
      Statement st(db_, "UPDATE sessions SET started_at_ms = ?2, answered = ?3, score_sum = ?4 WHERE id = ?1",
                   Reuse::cached);
      st.bind(1, id).bind(2, s.started_at_ms).bind(3, s.answered).bind(4, s.score_sum).run();
    } else {
      Statement st(db_,
                   "INSERT INTO sessions (id, mode, role, started_at_ms, answered, score_sum) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                   Reuse::cached);
      st.bind(1, id).bind(2, s.mode).bind(3, s.role).bind(4, s.started_at_ms).bind(5, s.answered);
      st.bind(6, s.score_sum).run();
    }
  }
  sessions_.clear();
  for (const auto &[probe, row] : rows_) {
    const TableSql &sql = sql_for(row.table);
    Statement st(db_, row.stored ? sql.update : sql.insert, Reuse::cached);
    int param = 1;
    for (const auto &k : row.key)
      st.bind(param++, k);
    for (std::size_t v = 0; v < row.width; ++v)
      std::visit([&](auto x) { st.bind(param++, x); }, row.values[v]);
    st.run();
  }
  rows_.clear();
}

} // namespace drill
