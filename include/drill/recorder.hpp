#pragma once

#include "drill/bank.hpp"
#include "drill/context.hpp"
#include "drill/error.hpp"
#include "drill/history.hpp"
#include "drill/transcript.hpp"

#include <memory>
#include <optional>

namespace drill {

/// Where a session's records go: the JSONL transcript (when --log is given)
/// and the practice history (unless --no-history). Each graded answer is
/// recorded right after grading, in its own short transaction. When the
/// history is busy or cannot be written, the answer goes to the fallback
/// file instead (its path is printed once) and the failure is remembered so
/// that the command can exit 75 or 74 at the end: nothing is lost. A store
/// that fails (log, history or fallback) never ends the session; an answer
/// that no file would take is printed on stderr.
class Recorder final : public RecordSink {
public:
  Recorder(const Bank &bank, Context &ctx, std::string mode, Transcript *transcript);
  void append(const nlohmann::json &record) override;
  /// ok, or temp_fail / io when an answer had to go to the fallback file.
  [[nodiscard]] ExitStatus status() const { return status_; }

private:
  void fail(const Error &e, const AnswerRecord *answer);
  void save_elsewhere(const AnswerRecord &answer);

  const Bank &bank_;
  Context &ctx_;
  std::string mode_;
  Transcript *transcript_;
  std::optional<History> history_;
  bool history_failed_ = false;
  bool transcript_failed_ = false;
  bool fallback_failed_ = false;
  bool fallback_announced_ = false;
  bool logged_ = false; ///< the record being appended reached the transcript
  ExitStatus status_ = ExitStatus::ok;
};

} // namespace drill
