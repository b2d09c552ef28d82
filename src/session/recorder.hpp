#pragma once

#include "history/history.hpp"
#include "session/transcript.hpp"
#include "util/error.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace drill {

/// Where a session's records go: the JSONL transcript (when --log is given)
/// and the practice history (unless --no-history). Each graded answer is
/// recorded right after grading, in its own short transaction. When the
/// history is busy or cannot be written, the answer goes to the fallback
/// file instead (its path is printed once) and the failure is remembered so
/// that the command can exit 75 or 74 at the end: nothing is lost. A store
/// that fails (log, history or fallback) never ends the session; an answer
/// that no file would take is printed on stderr.
/// What a Recorder needs from the command that runs it.
struct RecorderSettings {
  std::string history;                        ///< --history, or "" for the default path
  bool no_history = false;                    ///< --no-history
  std::function<void(std::string_view)> warn; ///< one warning line for the user
  std::ostream *rescue = nullptr;             ///< where an answer no file would take is printed
};

class Recorder final : public RecordSink {
public:
  Recorder(RecorderSettings settings, Transcript *transcript);
  void answer(const AnswerRecord &a, const AnswerNotes &notes) override;
  void correction(const CorrectionLine &c) override;
  void session(const SessionRecord &s, const SessionNotes &notes) override;
  /// ok, or temp_fail / io when an answer had to go to the fallback file.
  [[nodiscard]] ExitStatus status() const { return status_; }
  /// The phrasings the person's disputes taught (History::personal_phrasings);
  /// none without a history.
  PersonalPhrasings personal_phrasings();

private:
  void fail(const Error &e, const AnswerRecord *answer, bool logged);
  /// `logged`: the transcript has the answer, so it need not be printed.
  void save_elsewhere(const AnswerRecord &answer, bool logged);
  /// Hands the record to the transcript first; false when it did not take it.
  template <typename Write> bool log(Write write);

  RecorderSettings settings_;
  Transcript *transcript_;
  std::optional<History> history_;
  bool history_failed_ = false;
  bool transcript_failed_ = false;
  bool fallback_failed_ = false;
  bool fallback_announced_ = false;
  ExitStatus status_ = ExitStatus::ok;
};

} // namespace drill
