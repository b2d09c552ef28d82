#include "drill/recorder.hpp"

#include "drill/error.hpp"

#include <fmt/format.h>

#include <chrono>
#include <ctime>

namespace drill {

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

} // namespace

Recorder::Recorder(const Bank &bank, Context &ctx, std::string mode, Transcript *transcript)
    : bank_(bank), ctx_(ctx), mode_(std::move(mode)), transcript_(transcript) {
  if (ctx.options.no_history) return;
  try {
    history_.emplace(history_path(ctx.options.history));
  } catch (const Error &e) {
    // A history that is damaged or too new must not be touched, and it must
    // not stop the practice either: answers go to the fallback file.
    fail(e, nullptr);
  }
}

void Recorder::fail(const Error &e, const AnswerRecord *answer) {
  if (!history_failed_) {
    ctx_.warn(fmt::format("practice history not saved: {}", e.what()));
    ctx_.warn(fmt::format("answers go to {}; 'drill import' adds them later", fallback_path().string()));
  }
  history_failed_ = true;
  status_ = e.status() == ExitStatus::temp_fail ? ExitStatus::temp_fail : ExitStatus::io;
  if (answer) append_fallback(*answer, fallback_path());
}

void Recorder::append(const nlohmann::json &record) {
  // The transcript first: it is the user's own copy and must not depend on the database.
  if (transcript_) transcript_->append(record);
  if (ctx_.options.no_history) return;
  const std::string type = record.value("type", "");
  if (type == "answer") {
    AnswerRecord a;
    a.session_id = record.value("session", "");
    a.mode = mode_;
    a.question_id = record.value("question", "");
    a.role = ctx_.options.filter.role;
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
    a.breakdown = {{"concepts", record.value("concepts", nlohmann::json::object())},
                   {"star", record.contains("star") ? record["star"] : nlohmann::json(nullptr)},
                   {"over_time", record.value("over_time", false)}};
    a.answer = record.value("answer", "");
    if (!history_) {
      append_fallback(a, fallback_path());
      return;
    }
    try {
      history_->record(a);
    } catch (const Error &e) {
      fail(e, &a);
    }
  } else if (type == "session" && history_) {
    try {
      history_->end_session(record.value("session", ""), parse_utc_ms(record.value("ended", "")));
    } catch (const Error &e) {
      fail(e, nullptr);
    }
  }
}

} // namespace drill
