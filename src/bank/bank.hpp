#pragma once

#include "bank/format_version.hpp"
#include "bank/question.hpp"
#include "util/json_locate.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace drill {

/// A problem with a place in a file, printed as "file:line:col: message".
struct Diagnostic {
  std::string file;
  TextPosition position;
  std::string message;

  [[nodiscard]] std::string to_string() const;
};

/// A JSON syntax error as people read it: nlohmann's message without its
/// tag and position (drill prints the position), with a hint where the usual
/// cause is known ("is a ',' missing before it?").
std::string json_syntax_message(const std::string &what);
/// The first byte of the token that nlohmann stopped after (it reports the
/// byte past it).
std::size_t json_token_start(std::string_view text, std::size_t end);

/// Every loaded question, in load order, each id once.
class Bank {
public:
  /// Adds a question whose id is not in the bank yet.
  void add(Question q);
  /// Moves `q` in and returns nullptr when its id is new here; otherwise
  /// leaves `q` as it was and returns the question that has the id.
  const Question *add_if_new(Question &q);
  /// Moves every question of `other` in, in order; their ids must be new here.
  void merge(Bank &&other);
  [[nodiscard]] const std::vector<Question> &questions() const { return questions_; }
  /// The question with this id, or nullptr.
  [[nodiscard]] const Question *find(std::string_view id) const;
  /// Roles named by any question, sorted, without "any".
  [[nodiscard]] std::vector<std::string> roles() const;
  /// Topics named by any question, sorted.
  [[nodiscard]] std::vector<std::string> topics() const;
  /// Every id, in load order.
  [[nodiscard]] std::vector<std::string> ids() const;
  [[nodiscard]] bool empty() const { return questions_.empty(); }

private:
  std::vector<Question> questions_;
  // Looked up by string_view without building a std::string.
  struct IdHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view id) const { return std::hash<std::string_view>{}(id); }
  };
  std::unordered_map<std::string, std::size_t, IdHash, std::equal_to<>> index_;
};

/// An empty bank that lives until the process ends and is never destroyed.
/// Commands load into it because returning a bank's thousands of small
/// blocks to the allocator at exit costs about as much as reading them from
/// a snapshot; the system reclaims the memory at once. It stays reachable,
/// so leak checkers do not report it.
Bank &lasting_bank();

/// How load_bank_text reads a document. Both give the same questions and the
/// same problems; `nlohmann` exists to check `fast` against.
enum class BankParser {
  fast,    ///< drill's own strict reader, handing to nlohmann whatever it declines
  nlohmann ///< nlohmann_json's SAX parser throughout
};

/// Parses one bank document named `file`: its valid questions go into
/// `bank`, and every problem (syntax, schema, duplicate id) into `problems`.
void load_bank_text(std::string_view text, const std::string &file, Bank &bank, std::vector<Diagnostic> &problems,
                    BankParser parser = BankParser::fast);

/// Reads and parses one bank file. Throws Error(no_input) when it is missing,
/// unreadable or a directory.
void load_bank_file(const std::filesystem::path &file, Bank &bank, std::vector<Diagnostic> &problems);

/// Expands bank paths: a file stands for itself, a directory for the *.json
/// files in it, sorted by name. Throws Error(no_input) for a missing path.
std::vector<std::filesystem::path> bank_files(const std::vector<std::filesystem::path> &paths);

/// The *.json files in `dir`, sorted; none when it has none (the user's
/// banks folder before a first bank is added) or does not exist.
std::vector<std::filesystem::path> bank_files_if_any(const std::filesystem::path &dir);

/// Reads a whole bank-sized file (up to k_max_bank_file_bytes). Throws
/// Error(no_input) when it is missing, unreadable or not a regular file (a
/// directory, a FIFO), and Error(data) when it is larger.
std::string read_file(const std::filesystem::path &file);

} // namespace drill
