#pragma once

// A thin RAII layer over the SQLite C API. Every failure becomes a
// drill::Error whose status says what the caller can do about it: try again
// later (busy), fix the data (corrupt, not a database) or fix the disk (I/O).

#include "util/exit_status.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace drill {

/// The exit status for a SQLite result code: busy/locked -> temp_fail,
/// corrupt/not a database -> data, anything else -> io.
ExitStatus sqlite_status(int result_code);

/// Makes every busy wait (another process holds the lock) give up at once
/// when `stop` returns true, e.g. once Ctrl-C has arrived, so that the caller
/// can save its data elsewhere instead of sleeping out the timeout.
void stop_busy_waits_when(bool (*stop)());

/// True when stop_busy_waits_when()'s predicate says to stop waiting.
[[nodiscard]] bool busy_waits_stopped();

/// How to open a database file.
enum class OpenMode {
  read_write, ///< the file must exist
  create,     ///< created when missing
  snapshot    ///< read-only and without locks (SQLite's immutable=1), for a
              ///< file in a place drill cannot write, which nobody else can either
};

/// An open database connection.
class Database {
public:
  /// Opens `file` as `mode` says. The connection waits up to
  /// `busy_timeout_ms` for another writer's lock before failing.
  Database(const std::filesystem::path &file, OpenMode mode, int busy_timeout_ms);
  ~Database();
  Database(const Database &) = delete;
  Database &operator=(const Database &) = delete;
  Database(Database &&other) noexcept;
  Database &operator=(Database &&other) noexcept;

  /// Runs one or more statements that return no rows. Throws Error on failure.
  void exec(std::string_view sql);
  /// Throws Error for `rc`, naming the file and what was being done.
  [[noreturn]] void fail(int rc, std::string_view doing) const;
  /// Rows changed by the last INSERT, UPDATE or DELETE.
  [[nodiscard]] int changes() const;
  /// The rowid of the last row inserted.
  [[nodiscard]] std::int64_t last_insert_id() const;
  [[nodiscard]] sqlite3 *handle() const { return db_; }
  [[nodiscard]] const std::filesystem::path &file() const { return file_; }
  [[nodiscard]] bool read_only() const { return read_only_; }
  /// The prepared form of `sql`, prepared on first use and kept until the
  /// connection closes (see Statement's Reuse::cached).
  sqlite3_stmt *cached(std::string_view sql);

private:
  void close() noexcept;

  sqlite3 *db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt *> cache_;
  std::filesystem::path file_;
  bool read_only_ = false;
};

/// Whether a Statement is prepared afresh or taken from its Database's cache.
enum class Reuse {
  no,    ///< prepared now, finalized when the Statement goes
  cached ///< prepared once per connection, reset when the Statement goes; for
         ///< statements run once per row written, where preparing would cost
         ///< more than running. One Statement per SQL text may be alive at a time.
};

/// One prepared statement; bind parameters are numbered from 1.
class Statement {
public:
  Statement(Database &db, std::string_view sql, Reuse reuse = Reuse::no);
  ~Statement();
  Statement(const Statement &) = delete;
  Statement &operator=(const Statement &) = delete;

  Statement &bind(int index, std::string_view value);
  Statement &bind(int index, std::int64_t value);
  Statement &bind(int index, double value);
  Statement &bind(int index, std::optional<double> value);
  Statement &bind_null(int index);
  /// Advances to the next row: true when there is one, false when done.
  bool step();
  /// Runs a statement that returns no rows.
  void run();
  /// Makes the statement ready to bind and run again.
  void reset();

  [[nodiscard]] bool is_null(int column) const;
  [[nodiscard]] std::int64_t integer(int column) const;
  [[nodiscard]] double real(int column) const;
  [[nodiscard]] std::optional<double> optional_real(int column) const;
  [[nodiscard]] std::optional<std::int64_t> optional_integer(int column) const;
  [[nodiscard]] std::string text(int column) const;

private:
  Database &db_;
  sqlite3_stmt *stmt_ = nullptr;
  Reuse reuse_ = Reuse::no;
};

/// BEGIN IMMEDIATE on construction (takes the write lock at once, waiting for
/// the busy timeout); ROLLBACK on destruction unless commit() ran.
class Transaction {
public:
  explicit Transaction(Database &db);
  ~Transaction();
  Transaction(const Transaction &) = delete;
  Transaction &operator=(const Transaction &) = delete;
  void commit();

private:
  Database &db_;
  bool open_ = true;
};

} // namespace drill
