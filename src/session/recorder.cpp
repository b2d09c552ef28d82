#include "session/recorder.hpp"

#include "util/clock.hpp"
#include "util/error.hpp"

#include <fmt/format.h>

#include <chrono>
#include <ctime>

namespace drill {

namespace fs = std::filesystem;

namespace {

// "2026-11-23T18:49:28Z" (or with fractional seconds) -> ms since the epoch.
std::int64_t parse_utc_ms(const std::string &iso) {
  std::tm tm{};
  int ms = 0;
  if (std::sscanf(iso.c_str(), "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
                  &tm.tm_sec) != 6)
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  if (auto dot = iso.find('.'); dot != std::string::npos) {
    std::string frac = iso.substr(dot + 1, 3);
    while (frac.size() < 3) frac += '0';
    ms = std::atoi(frac.c_str());
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<std::int64_t>(timegm(&tm)) * 1000 + ms;
}

nlohmann::json breakdown_of(const nlohmann::json &record) {
  nlohmann::json breakdown = {{"concepts", record.value("concepts", nlohmann::json::object())},
                              {"star", record.contains("star") ? record["star"] : nlohmann::json(nullptr)},
                              {"over_time", record.value("over_time", false)}};
  // Follow-up replies are part of the answer: a rescore grades them again.
  if (record.contains("follow_ups")) breakdown["follow_ups"] = record["follow_ups"];
  return breakdown;
}

} // namespace

PersonalPhrasings Recorder::personal_phrasings() {
  if (!history_ || history_failed_) return {};
  try {
    return history_->personal_phrasings();
  } catch (const Error &e) {
    fail(e, nullptr);
    return {};
  }
}

// A correction changes an answer already recorded. When the history cannot
// take it, the transcript still has it; the warning says so once.
void Recorder::correct(const nlohmann::json &record) {
  AnswerKey key{record.value("session", ""), record.value("question", ""), parse_utc_ms(record.value("time", ""))};
  Correction c;
  c.kind = correction_kind(record.value("kind", "")).value_or(Correction::Kind::agree);
  c.target = record.value("target", "");
  c.words = record.value("words", "");
  if (record.contains("rating") && record["rating"].is_number_integer()) c.rating = record["rating"].get<int>();
  std::optional<Regrade> regrade;
  if (c.kind == Correction::Kind::made || c.kind == Correction::Kind::not_said) {
    regrade = Regrade{};
    regrade->score = record.value("score", 0.0);
    regrade->breakdown = breakdown_of(record);
  }
  try {
    if (!history_->correct(key, c, regrade, epoch_ms(std::chrono::system_clock::now())))
      settings_.warn("the correction was not saved: its answer is not in the history");
  } catch (const Error &e) {
    fail(e, nullptr);
  }
}

Recorder::Recorder(const Bank &bank, RecorderSettings settings, Transcript *transcript)
    : bank_(bank), settings_(std::move(settings)), transcript_(transcript) {
  if (settings_.no_history) return;
  try {
    history_.emplace(history_path(settings_.history));
  } catch (const Error &e) {
    // A history that is damaged or too new must not be touched, and it must
    // not stop the practice either: answers go to the fallback file.
    fail(e, nullptr);
  }
}

void Recorder::fail(const Error &e, const AnswerRecord *answer) {
  if (!history_failed_) settings_.warn(fmt::format("practice history not saved: {}", e.what()));
  history_failed_ = true;
  // temp_fail (busy) wins: trying again later may well work. A history
  // that is damaged or another program's is bad data (65), as it is for
  // every command that reads it; anything else is an I/O failure.
  if (e.status() == ExitStatus::temp_fail || status_ == ExitStatus::temp_fail)
    status_ = ExitStatus::temp_fail;
  else if (e.status() == ExitStatus::data || status_ == ExitStatus::data)
    status_ = ExitStatus::data;
  else
    status_ = ExitStatus::io;
  // One busy wait is enough to learn that another drill holds the history:
  // the rest of the session's answers go to the fallback file at once,
  // rather than each waiting out the timeout again.
  if (e.status() == ExitStatus::temp_fail) history_.reset();
  if (answer) save_elsewhere(*answer);
}

// Every store can fail on its own (a full disk, a read-only directory), and
// none of those failures may end the session: each is reported once, the
// exit status remembers it, and an answer that reached no file at all is
// printed on stderr as the last place left.
void Recorder::save_elsewhere(const AnswerRecord &answer) {
  const fs::path fallback = fallback_path();
  try {
    append_fallback(answer, fallback);
    if (!fallback_announced_)
      settings_.warn(fmt::format("answers go to {}; 'drill import' adds them later", fallback.string()));
    fallback_announced_ = true;
    return;
  } catch (const Error &e) {
    if (status_ == ExitStatus::ok) status_ = ExitStatus::io;
    if (!fallback_failed_) settings_.warn(e.what());
    fallback_failed_ = true;
  }
  if (logged_) return;
  settings_.warn("this answer could not be saved to any file; here it is, to keep by hand:");
  if (settings_.rescue) *settings_.rescue << dump_line(to_json(answer)) << '\n';
}

void Recorder::append(const nlohmann::json &record) {
  // The transcript first: it is the user's own copy and must not depend on the database.
  logged_ = false;
  if (transcript_ && !transcript_failed_) {
    try {
      transcript_->append(record);
      logged_ = true;
    } catch (const Error &e) {
      settings_.warn(fmt::format("{}; the log gets no more records from this run", e.what()));
      transcript_failed_ = true;
      if (status_ == ExitStatus::ok) status_ = ExitStatus::io;
    }
  }
  const std::string type = record.value("type", "");
  // --no-history asks for no database, but an answer the log could not
  // take still goes to the fallback file.
  if (settings_.no_history && (logged_ || !transcript_ || type != "answer")) return;
  if (type == "answer") {
    AnswerRecord a;
    a.session_id = record.value("session", "");
    a.mode = settings_.mode;
    a.question_id = record.value("question", "");
    a.role = settings_.role;
    a.category = record.value("category", "");
    a.difficulty = record.value("difficulty", "");
    if (const Question *q = bank_.find(a.question_id)) {
      a.question_hash = question_hash(*q);
      a.topics = q->topics;
      if (a.role.empty() && !q->roles.empty()) a.role = q->roles.front();
    }
    a.answered_at_ms = parse_utc_ms(record.value("time", ""));
    if (record.contains("elapsed_s") && record["elapsed_s"].is_number()) a.elapsed_s = record["elapsed_s"].get<double>();
    a.time_limit_s = record.value("time_limit_s", 0);
    a.score = record.value("score", 0.0);
    a.breakdown = breakdown_of(record);
    a.answer = record.value("answer", "");
    if (!history_) {
      save_elsewhere(a);
      return;
    }
    try {
      history_->record(a);
    } catch (const Error &e) {
      fail(e, &a);
    }
  } else if (type == "correction" && history_) {
    correct(record);
  } else if (type == "session" && history_) {
    try {
      history_->end_session(record.value("session", ""), parse_utc_ms(record.value("ended", "")));
    } catch (const Error &e) {
      fail(e, nullptr);
    }
  }
}

} // namespace drill
