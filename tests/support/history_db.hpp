#pragma once

// A second connection to a history's file, for tests that look at its rows
// and query plans themselves; drill reads them only through History.

#include "history/history.hpp"
#include "history/sqlite.hpp"

namespace drill::test {

inline Database inspect(const History &h) {
  return Database(h.file(), OpenMode::read_write, History::k_busy_timeout_ms);
}

} // namespace drill::test
