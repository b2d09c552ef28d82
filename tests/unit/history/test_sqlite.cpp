#include "history/sqlite.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

using namespace drill;

TEST_CASE("SQLite failures map to exit statuses a caller can act on") {
  CHECK(sqlite_status(SQLITE_BUSY) == ExitStatus::temp_fail);
  CHECK(sqlite_status(SQLITE_BUSY_SNAPSHOT) == ExitStatus::temp_fail);
  CHECK(sqlite_status(SQLITE_LOCKED) == ExitStatus::temp_fail);
  CHECK(sqlite_status(SQLITE_NOTADB) == ExitStatus::data);
  CHECK(sqlite_status(SQLITE_CORRUPT) == ExitStatus::data);
  CHECK(sqlite_status(SQLITE_READONLY) == ExitStatus::io);
  CHECK(sqlite_status(SQLITE_READONLY_DBMOVED) == ExitStatus::io);
  CHECK(sqlite_status(SQLITE_FULL) == ExitStatus::io);
  CHECK(sqlite_status(SQLITE_IOERR_WRITE) == ExitStatus::io);
  CHECK(sqlite_status(SQLITE_CANTOPEN) == ExitStatus::io);
}

TEST_CASE("opening a database that cannot be created is an I/O error naming the file") {
  try {
    Database db("/nonexistent-dir/history.db", OpenMode::create, 100);
    FAIL("expected an error");
  } catch (const Error &e) {
    CHECK(e.status() == ExitStatus::io);
    CHECK_THAT(e.what(), Catch::Contains("/nonexistent-dir/history.db"));
  }
}

TEST_CASE("a transaction that is not committed is rolled back") {
  Database db(":memory:", OpenMode::create, 100);
  db.exec("CREATE TABLE t (x)");
  {
    Transaction t(db);
    db.exec("INSERT INTO t VALUES (1)");
  }
  Statement count(db, "SELECT count(*) FROM t");
  REQUIRE(count.step());
  CHECK(count.integer(0) == 0);
}
