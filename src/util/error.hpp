#pragma once

#include "util/exit_status.hpp"

#include <stdexcept>
#include <string>

namespace drill {

/// An error that ends the program: its message goes to stderr as
/// "drill: error: <message>" and its status becomes the exit code. Thrown
/// anywhere, caught once in run().
class Error : public std::runtime_error {
public:
  Error(ExitStatus status, const std::string &message) : std::runtime_error(message), status_(status) {}
  [[nodiscard]] ExitStatus status() const { return status_; }

private:
  ExitStatus status_;
};

} // namespace drill
