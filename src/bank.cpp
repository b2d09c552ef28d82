#include "drill/bank.hpp"

#include "drill/error.hpp"
#include "drill/suggest.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

namespace drill {

namespace fs = std::filesystem;
using nlohmann::json;

std::string Diagnostic::to_string() const {
  return fmt::format("{}:{}:{}: {}", file, position.line, position.column, message);
}

void Bank::add(Question q) {
  index_.emplace(q.id, questions_.size());
  questions_.push_back(std::move(q));
}

const Question *Bank::find(std::string_view id) const {
  auto it = index_.find(std::string(id));
  return it == index_.end() ? nullptr : &questions_[it->second];
}

std::vector<std::string> Bank::roles() const {
  std::set<std::string> out;
  for (const auto &q : questions_)
    for (const auto &r : q.roles)
      if (r != "any") out.insert(r);
  return {out.begin(), out.end()};
}

std::vector<std::string> Bank::topics() const {
  std::set<std::string> out;
  for (const auto &q : questions_) out.insert(q.topics.begin(), q.topics.end());
  return {out.begin(), out.end()};
}

std::vector<std::string> Bank::ids() const {
  std::vector<std::string> out;
  out.reserve(questions_.size());
  for (const auto &q : questions_) out.push_back(q.id);
  return out;
}

std::string read_file(const fs::path &file) {
  std::error_code ec;
  if (fs::is_directory(file, ec))
    throw Error(ExitStatus::no_input, fmt::format("{}: is a directory, not a file", file.string()));
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    int err = errno;
    throw Error(ExitStatus::no_input, fmt::format("{}: cannot read: {}", file.string(), std::strerror(err)));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw Error(ExitStatus::io, fmt::format("{}: read failed", file.string()));
  return std::move(buffer).str();
}

std::vector<fs::path> bank_files(const std::vector<fs::path> &paths) {
  std::vector<fs::path> out;
  for (const auto &p : paths) {
    std::error_code ec;
    auto status = fs::status(p, ec);
    if (ec || !fs::exists(status))
      throw Error(ExitStatus::no_input, fmt::format("{}: no such file or directory", p.string()));
    if (fs::is_directory(status)) {
      std::vector<fs::path> found;
      for (const auto &entry : fs::directory_iterator(p, ec))
        if (entry.path().extension() == ".json" && !entry.is_directory()) found.push_back(entry.path());
      if (ec) throw Error(ExitStatus::no_input, fmt::format("{}: cannot list: {}", p.string(), ec.message()));
      std::sort(found.begin(), found.end());
      if (found.empty())
        throw Error(ExitStatus::no_input, fmt::format("{}: no .json bank files in this directory", p.string()));
      out.insert(out.end(), found.begin(), found.end());
    } else {
      out.push_back(p);
    }
  }
  // The same file named twice (say --bank pointing at the user banks folder)
  // is loaded once, rather than clashing with itself.
  std::vector<fs::path> unique;
  std::vector<fs::path> seen;
  for (const auto &f : out) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(f, ec);
    if (ec) canonical = f;
    if (std::find(seen.begin(), seen.end(), canonical) != seen.end()) continue;
    seen.push_back(canonical);
    unique.push_back(f);
  }
  return unique;
}

namespace {

const std::vector<std::string> k_top_keys{"format", "version", "role", "questions", "$schema"};

// nlohmann's messages start with "[json.exception.parse_error.101] parse error
// at line 3, column 5: "; the position is printed by us, so keep the rest.
std::string syntax_message(const std::string &what) {
  auto at = what.find(": ");
  auto column = what.find("column ");
  if (column != std::string::npos) at = what.find(": ", column);
  else if (auto tag = what.find("] "); what.starts_with("[json.exception.") && tag != std::string::npos)
    at = tag; // "[json.exception.out_of_range.406] number overflow parsing '1e400'"
  std::string rest = at == std::string::npos ? what : what.substr(at + 2);
  std::string message = "invalid JSON: " + rest;
  // The usual cause of "expected '}'" or "expected ']'" before a new value.
  if (rest.find("unexpected string literal; expected '}'") != std::string::npos ||
      rest.find("; expected ']'") != std::string::npos)
    message += " (is a ',' missing before it?)";
  if (rest.find("unexpected '}'") != std::string::npos || rest.find("unexpected ']'") != std::string::npos)
    message += " (is there a ',' after the last item? JSON does not allow one)";
  return message;
}

// nlohmann reports the byte after the token it choked on; people want the
// token's first character.
std::size_t token_start(std::string_view text, std::size_t end) {
  if (end == 0 || end > text.size()) return end > text.size() ? text.size() : 0;
  std::size_t last = end - 1;
  if (text[last] == '"') {
    std::size_t i = last;
    while (i > 0) {
      --i;
      if (text[i] == '"' && (i == 0 || text[i - 1] != '\\')) return i;
    }
    return last;
  }
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+'; };
  if (!word(text[last])) return last;
  std::size_t i = last;
  while (i > 0 && word(text[i - 1])) --i;
  return i;
}

// Builds the document like json::parse, but keeps the byte offset of the
// first error. json::parse reports a number too large for a double ("1e400")
// as out_of_range, which carries no offset; here every kind of error has one.
class LocatingParser {
public:
  explicit LocatingParser(json &doc) : dom_(doc, false) {}
  bool null() { return dom_.null(); }
  bool boolean(bool v) { return dom_.boolean(v); }
  bool number_integer(json::number_integer_t v) { return dom_.number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return dom_.number_unsigned(v); }
  bool number_float(json::number_float_t v, const std::string &s) { return dom_.number_float(v, s); }
  bool string(std::string &v) { return dom_.string(v); }
  bool binary(json::binary_t &v) { return dom_.binary(v); }
  bool start_object(std::size_t n) { return dom_.start_object(n); }
  bool key(std::string &v) { return dom_.key(v); }
  bool end_object() { return dom_.end_object(); }
  bool start_array(std::size_t n) { return dom_.start_array(n); }
  bool end_array() { return dom_.end_array(); }
  bool parse_error(std::size_t byte, const std::string & /*token*/, const json::exception &e) {
    error_byte = byte;
    error = e.what();
    return false;
  }

  std::size_t error_byte = 0;
  std::string error; ///< nlohmann's message; empty when the text parsed
private:
  nlohmann::detail::json_sax_dom_parser<json> dom_;
};

} // namespace

void load_bank_text(std::string_view text, const std::string &file, Bank &bank, std::vector<Diagnostic> &problems) {
  // Some editors start UTF-8 files with a byte-order mark; JSON has no use for it.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  auto at = [&](std::size_t offset, std::string message) {
    problems.push_back(Diagnostic{file, position_of(text, offset), std::move(message)});
  };
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    at(0, "file is empty; a bank is a JSON object: {\"format\": \"drill-bank\", \"version\": 1, \"role\": "
          "\"backend\", \"questions\": [...]}");
    return;
  }
  json doc;
  LocatingParser parser(doc);
  if (!json::sax_parse(text.begin(), text.end(), &parser) || !parser.error.empty()) {
    at(token_start(text, parser.error_byte), syntax_message(parser.error));
    return;
  }

  std::vector<Problem> found;
  auto top = [&](JsonPath path, std::string message, PathTarget target = PathTarget::value) {
    found.push_back(Problem{std::move(path), target, "", std::move(message)});
  };
  if (!doc.is_object()) {
    at(0, "a bank must be a JSON object with \"format\": \"drill-bank\", \"version\", \"role\" and \"questions\"");
    return;
  }
  for (const auto &item : doc.items())
    if (std::find(k_top_keys.begin(), k_top_keys.end(), item.key()) == k_top_keys.end())
      top({item.key()}, fmt::format("unknown key '{}'{}", item.key(), did_you_mean_suffix(item.key(), k_top_keys)),
          PathTarget::key);

  auto format = doc.find("format");
  if (format == doc.end()) top({}, "missing \"format\": \"drill-bank\"");
  else if (*format != "drill-bank") top({"format"}, "\"format\" must be \"drill-bank\"");

  auto version = doc.find("version");
  if (version == doc.end()) {
    top({}, fmt::format("missing \"version\": {}", k_bank_format_version));
  } else if (!version->is_number_integer() || version->get<long long>() < 1) {
    top({"version"}, "\"version\" must be a whole number, 1 or more");
  } else if (version->get<long long>() > k_bank_format_version) {
    // A newer format may mean anything: stop here rather than misread it.
    top({"version"}, fmt::format("this bank uses format version {}, but this drill understands only version {}; "
                                 "upgrade drill to read it",
                                 version->get<long long>(), k_bank_format_version));
    for (auto &p : found)
      at(locate(text, p.path, p.target), p.message);
    return;
  }

  std::string role;
  auto r = doc.find("role");
  if (r == doc.end()) top({}, "missing \"role\": the default role of its questions, e.g. \"backend\"");
  else if (!r->is_string() || !is_slug(r->get<std::string>()))
    top({"role"}, "\"role\" must be a slug of lowercase letters, digits and hyphens, e.g. \"backend\"");
  else role = r->get<std::string>();

  auto questions = doc.find("questions");
  if (questions == doc.end()) {
    top({}, "missing \"questions\": an array of question objects");
  } else if (!questions->is_array()) {
    top({"questions"}, "\"questions\" must be an array of question objects");
  } else {
    std::set<std::string> ids_here;
    for (std::size_t i = 0; i < questions->size(); ++i) {
      JsonPath base{"questions", std::to_string(i)};
      auto q = parse_question((*questions)[i], role.empty() ? "backend" : role, base, found);
      if (!q) continue;
      if (const Question *other = bank.find(q->id)) {
        std::string where = other->source;
        try {
          std::string other_text = other->source == file ? std::string(text) : read_file(other->source);
          auto pos = position_of(other_text,
                                 locate(other_text, {"questions", std::to_string(other->source_index), "id"}));
          where = fmt::format("{}:{}:{}", other->source, pos.line, pos.column);
        } catch (const Error &) {
        }
        JsonPath id_path = base;
        id_path.emplace_back("id");
        found.push_back(Problem{id_path, PathTarget::value, q->id,
                                fmt::format("duplicate id; it is already defined at {}", where)});
        continue;
      }
      q->source = file;
      q->source_index = i;
      bank.add(std::move(*q));
    }
  }

  for (auto &p : found) {
    std::string message = p.message;
    if (!p.question_id.empty()) message = fmt::format("question '{}': {}", p.question_id, p.message);
    else if (p.path.size() >= 2 && p.path[0] == "questions")
      message = fmt::format("question #{}: {}", std::stoul(p.path[1]) + 1, p.message);
    at(locate(text, p.path, p.target), std::move(message));
  }
}

void load_bank_file(const fs::path &file, Bank &bank, std::vector<Diagnostic> &problems) {
  std::string text = read_file(file);
  load_bank_text(text, file.string(), bank, problems);
}

} // namespace drill
