#include "session/recorder.hpp"

#include "util/error.hpp"

#include <fmt/format.h>

namespace drill {

namespace fs = std::filesystem;

PersonalPhrasings Recorder::personal_phrasings() {
  if (!history_ || history_failed_) return {};
  try {
    return history_->personal_phrasings();
  } catch (const Error &e) {
    fail(e, nullptr, false);
    return {};
  }
}

Recorder::Recorder(RecorderSettings settings, Transcript *transcript)
    : settings_(std::move(settings)), transcript_(transcript) {
  if (settings_.no_history) return;
  try {
    history_.emplace(history_path(settings_.history));
  } catch (const Error &e) {
    // A history that is damaged or too new must not be touched, and it must
    // not stop the practice either: answers go to the fallback file.
    fail(e, nullptr, false);
  }
}

void Recorder::fail(const Error &e, const AnswerRecord *answer, bool logged) {
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
  if (answer) save_elsewhere(*answer, logged);
}

// Every store can fail on its own (a full disk, a read-only directory), and
// none of those failures may end the session: each is reported once, the
// exit status remembers it, and an answer that reached no file at all is
// printed on stderr as the last place left.
void Recorder::save_elsewhere(const AnswerRecord &answer, bool logged) {
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
  if (logged) return;
  settings_.warn("this answer could not be saved to any file; here it is, to keep by hand:");
  if (settings_.rescue) *settings_.rescue << dump_line(to_json(answer)) << '\n';
}

// The transcript first: it is the user's own copy and must not depend on
// the database.
template <typename Write> bool Recorder::log(Write write) {
  if (!transcript_ || transcript_failed_) return false;
  try {
    write(*transcript_);
    return true;
  } catch (const Error &e) {
    settings_.warn(fmt::format("{}; the log gets no more records from this run", e.what()));
    transcript_failed_ = true;
    if (status_ == ExitStatus::ok) status_ = ExitStatus::io;
    return false;
  }
}

void Recorder::answer(const AnswerRecord &a, const AnswerNotes &notes) {
  const bool logged = log([&](Transcript &t) { t.answer(a, notes); });
  // --no-history asks for no database, but an answer the log could not
  // take still goes to the fallback file.
  if (settings_.no_history && (logged || !transcript_)) return;
  if (!history_) {
    save_elsewhere(a, logged);
    return;
  }
  try {
    history_->record(a);
  } catch (const Error &e) {
    fail(e, &a, logged);
  }
}

// A correction changes an answer already recorded. When the history cannot
// take it, the transcript still has it; the warning says so once.
void Recorder::correction(const CorrectionLine &c) {
  log([&](Transcript &t) { t.correction(c); });
  if (!history_) return;
  std::optional<Regrade> regrade;
  if (c.score) regrade = Regrade{0, *c.score, c.breakdown, {}};
  try {
    if (!history_->correct(c.answer, c.correction, regrade, c.correction.made_at_ms))
      settings_.warn("the correction was not saved: its answer is not in the history");
  } catch (const Error &e) {
    fail(e, nullptr, false);
  }
}

void Recorder::session(const SessionRecord &s, const SessionNotes &notes) {
  log([&](Transcript &t) { t.session(s, notes); });
  // A session with no answer recorded has no row, and gets none.
  if (!history_ || s.answered == 0) return;
  try {
    history_->restore(s); // its real start and end, as importing this log would give
  } catch (const Error &e) {
    fail(e, nullptr, false);
  }
}

} // namespace drill
