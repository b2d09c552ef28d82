#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>

namespace drill {

/// Where session records go, one JSON object per call.
class RecordSink {
public:
  virtual ~RecordSink() = default;
  /// Stores `record` durably before returning; throws Error(io) when it cannot.
  virtual void append(const nlohmann::json &record) = 0;
};

/// A JSONL file (--log): created with mode 0600, opened for appending, and
/// every record written whole and fsync'ed before append() returns, so that
/// a crash or a closed stdout right after never loses a graded answer.
class Transcript final : public RecordSink {
public:
  /// Throws Error(io) when the file cannot be opened or created.
  explicit Transcript(const std::string &path);
  ~Transcript() override;
  Transcript(const Transcript &) = delete;
  Transcript &operator=(const Transcript &) = delete;
  void append(const nlohmann::json &record) override;

private:
  std::string path_;
  int fd_ = -1;
};

/// "2026-11-23T18:49:28Z": UTC, ISO 8601, whole seconds.
std::string iso8601_utc(std::chrono::system_clock::time_point t);

/// A fresh random session id: 16 lower-case hex digits.
std::string new_session_id();

} // namespace drill
