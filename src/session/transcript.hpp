#pragma once

#include "history/record_line.hpp"

#include <chrono>
#include <string>

namespace drill {

/// Where session records go: typed lines of the answer-record format
/// (docs/answer-record.md), serialised only at the edge.
class RecordSink {
public:
  virtual ~RecordSink() = default;
  /// Stores one graded answer durably before returning; throws Error(io) when it cannot.
  virtual void answer(const AnswerRecord &a, const AnswerNotes &notes) = 0;
  /// Stores a correction of an answer stored before.
  virtual void correction(const CorrectionLine &c) = 0;
  /// Stores the line that closes a session.
  virtual void session(const SessionRecord &s, const SessionNotes &notes) = 0;
};

/// A JSONL file (--log): created with mode 0600, opened for appending, and
/// every record written whole and fsync'ed before it returns, so that a
/// crash or a closed stdout right after never loses a graded answer. Each
/// line is log_line() of its record.
class Transcript final : public RecordSink {
public:
  /// Throws Error(io) when the file cannot be opened or created.
  explicit Transcript(const std::string &path);
  ~Transcript() override;
  Transcript(const Transcript &) = delete;
  Transcript &operator=(const Transcript &) = delete;
  void answer(const AnswerRecord &a, const AnswerNotes &notes) override;
  void correction(const CorrectionLine &c) override;
  void session(const SessionRecord &s, const SessionNotes &notes) override;

private:
  void write_line(const nlohmann::json &record);
  std::string path_;
  int fd_ = -1;
};

/// The --log line of each record: to_json() of it, plus the notes, and
/// readable ISO 8601 times ("time" on answers and corrections; "started"
/// and "ended" on sessions).
nlohmann::json log_line(const AnswerRecord &a, const AnswerNotes &notes);
nlohmann::json log_line(const CorrectionLine &c);
nlohmann::json log_line(const SessionRecord &s, const SessionNotes &notes);

/// "2026-11-23T18:49:28.250Z": UTC, ISO 8601, to the millisecond.
std::string iso8601_utc(std::int64_t ms);

/// A fresh random session id: 16 lower-case hex digits.
std::string new_session_id();

} // namespace drill
