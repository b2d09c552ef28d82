#include "history/sqlite.hpp"

#include "util/error.hpp"
#include "util/input_file.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <thread>
#include <utility>

namespace drill {

ExitStatus sqlite_status(int result_code) {
  switch (result_code & 0xff) {
  case SQLITE_BUSY:
  case SQLITE_LOCKED: return ExitStatus::temp_fail;
  case SQLITE_CORRUPT:
  case SQLITE_NOTADB:
  case SQLITE_FORMAT: return ExitStatus::data;
  default: return ExitStatus::io;
  }
}

namespace {

std::string advice(int rc) {
  switch (rc & 0xff) {
  case SQLITE_BUSY:
  case SQLITE_LOCKED: return "; another drill is writing to it, try again later";
  case SQLITE_CORRUPT:
  case SQLITE_NOTADB:
    return "; it is not a drill history database or it is damaged. It was left as it is: move it away to start "
           "a new history, or point --history elsewhere";
  case SQLITE_READONLY:
  case SQLITE_CANTOPEN:
  case SQLITE_PERM: return "; check that the file and its directory are writable";
  case SQLITE_FULL: return "; the disk is full";
  default: return "";
  }
}

} // namespace

namespace {

bool (*g_stop_waiting)() = nullptr;
constexpr int k_busy_step_ms = 10;

// SQLite's own busy timeout sleeps through signals; this one looks at the
// stop predicate before each short sleep. The time limit travels in the
// user-data pointer so that a moved Database never leaves a stale pointer.
int busy_wait(void *limit_ms, int count) {
  if (busy_waits_stopped()) return 0;
  if (std::int64_t{count} * k_busy_step_ms >= reinterpret_cast<std::intptr_t>(limit_ms)) return 0;
  std::this_thread::sleep_for(std::chrono::milliseconds(k_busy_step_ms));
  return 1;
}

// A file: URI for `file`, with the characters URIs reserve escaped.
std::string file_uri(const std::filesystem::path &file, std::string_view query) {
  std::string uri = "file:";
  for (char c : std::filesystem::absolute(file).string()) {
    if (c == '%' || c == '?' || c == '#')
      uri += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    else
      uri += c;
  }
  return uri + "?" + std::string(query);
}

} // namespace

void stop_busy_waits_when(bool (*stop)()) { g_stop_waiting = stop; }

bool busy_waits_stopped() { return g_stop_waiting != nullptr && g_stop_waiting(); }

Database::Database(const std::filesystem::path &file, OpenMode mode, int busy_timeout_ms)
    : file_(file), read_only_(mode == OpenMode::snapshot) {
  // SQLite would open a FIFO and wait on it forever.
  require_regular_or_missing(file);
  int flags = SQLITE_OPEN_NOMUTEX;
  std::string name = file.string();
  if (mode == OpenMode::snapshot) {
    flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
    name = file_uri(file, "immutable=1");
  } else {
    flags |= SQLITE_OPEN_READWRITE | (mode == OpenMode::create ? SQLITE_OPEN_CREATE : 0);
  }
  int rc = sqlite3_open_v2(name.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message =
        fmt::format("{}: cannot open the history: {}{}", file.string(), sqlite3_errstr(rc), advice(rc));
    sqlite3_close(db_);
    db_ = nullptr;
    throw Error(sqlite_status(rc), message);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_handler(db_, busy_wait, reinterpret_cast<void *>(std::intptr_t{busy_timeout_ms}));
}

Database::~Database() { close(); }

void Database::close() noexcept {
  for (auto &[sql, stmt] : cache_)
    sqlite3_finalize(stmt);
  cache_.clear();
  sqlite3_close(db_);
  db_ = nullptr;
}

Database::Database(Database &&other) noexcept
    : db_(std::exchange(other.db_, nullptr)), cache_(std::move(other.cache_)), file_(std::move(other.file_)),
      read_only_(other.read_only_) {
  other.cache_.clear();
}

Database &Database::operator=(Database &&other) noexcept {
  if (this != &other) {
    close();
    db_ = std::exchange(other.db_, nullptr);
    cache_ = std::move(other.cache_);
    other.cache_.clear();
    file_ = std::move(other.file_);
    read_only_ = other.read_only_;
  }
  return *this;
}

sqlite3_stmt *Database::cached(std::string_view sql) {
  auto it = cache_.find(std::string(sql));
  if (it != cache_.end()) return it->second;
  sqlite3_stmt *stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) fail(rc, "read the history");
  cache_.emplace(std::string(sql), stmt);
  return stmt;
}

void Database::fail(int rc, std::string_view doing) const {
  const char *detail = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  throw Error(sqlite_status(rc), fmt::format("{}: cannot {}: {}{}", file_.string(), doing, detail, advice(rc)));
}

void Database::exec(std::string_view sql) {
  std::string copy(sql);
  int rc = sqlite3_exec(db_, copy.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) fail(rc, "update the history");
}

int Database::changes() const { return sqlite3_changes(db_); }

std::int64_t Database::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }

Statement::Statement(Database &db, std::string_view sql, Reuse reuse) : db_(db), reuse_(reuse) {
  if (reuse == Reuse::cached) {
    stmt_ = db.cached(sql);
    return;
  }
  int rc = sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  if (rc != SQLITE_OK) db_.fail(rc, "read the history");
}

Statement::~Statement() {
  if (reuse_ == Reuse::cached) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  } else {
    sqlite3_finalize(stmt_);
  }
}

Statement &Statement::bind(int index, std::string_view value) {
  int rc = sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) db_.fail(rc, "bind a value");
  return *this;
}

Statement &Statement::bind(int index, std::int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) db_.fail(rc, "bind a value");
  return *this;
}

Statement &Statement::bind(int index, double value) {
  int rc = sqlite3_bind_double(stmt_, index, value);
  if (rc != SQLITE_OK) db_.fail(rc, "bind a value");
  return *this;
}

Statement &Statement::bind(int index, std::optional<double> value) {
  return value ? bind(index, *value) : bind_null(index);
}

Statement &Statement::bind_null(int index) {
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) db_.fail(rc, "bind a value");
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3_reset(stmt_);
  db_.fail(rc, "use the history");
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }
double Statement::real(int column) const { return sqlite3_column_double(stmt_, column); }
std::optional<double> Statement::optional_real(int column) const {
  if (is_null(column)) return std::nullopt;
  return real(column);
}
std::optional<std::int64_t> Statement::optional_integer(int column) const {
  if (is_null(column)) return std::nullopt;
  return integer(column);
}
std::string Statement::text(int column) const {
  const auto *p = sqlite3_column_text(stmt_, column);
  if (p == nullptr) return {};
  return {reinterpret_cast<const char *>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

Transaction::Transaction(Database &db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (open_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.exec("COMMIT");
  open_ = false;
}

} // namespace drill
