#pragma once

// drill's exit codes, one place for all of them. They follow sysexits(3) so
// that scripts and cron jobs can branch on them.

namespace drill {

enum class ExitStatus : int {
  ok = 0,           ///< success
  failure = 1,      ///< a check asked for found something (e.g. `drill due`: nothing due)
  usage = 64,       ///< EX_USAGE: bad command line (unknown option, role, id...)
  data = 65,        ///< EX_DATAERR: bad input data (bank file, answers, history)
  no_input = 66,    ///< EX_NOINPUT: an input file is missing or unreadable
  software = 70,    ///< EX_SOFTWARE: an internal error (a bug in drill)
  io = 74,          ///< EX_IOERR: reading or writing failed (disk full, read-only)
  temp_fail = 75,   ///< EX_TEMPFAIL: try again later (history database busy)
  config = 78,      ///< EX_CONFIG: the config file is malformed
  interrupted = 130 ///< killed by SIGINT / SIGTERM (128 + 2, the shell convention)
};

/// The numeric value to return from main().
constexpr int to_int(ExitStatus s) { return static_cast<int>(s); }

} // namespace drill
