#pragma once

namespace drill {

/// The whole program: parses the command line, runs one command, and turns
/// any error into a "drill: error: ..." line and its exit code.
int run(int argc, char **argv);

} // namespace drill
