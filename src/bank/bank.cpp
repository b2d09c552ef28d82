#include "bank/bank.hpp"

#include "bank/bank_reader.hpp"

#include "util/error.hpp"
#include "util/input_file.hpp"
#include "util/suggest.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <memory>
#include <set>
#include <sstream>

namespace drill {

namespace fs = std::filesystem;
using nlohmann::json;

std::string Diagnostic::to_string() const {
  return fmt::format("{}:{}:{}: {}", file, position.line, position.column, message);
}

void Bank::merge(Bank &&other) {
  if (questions_.empty()) {
    // The common case, one file's questions into an empty bank: no question
    // is moved and no id hashed again.
    *this = std::move(other);
    other = Bank();
    return;
  }
  questions_.reserve(questions_.size() + other.questions_.size());
  for (auto &q : other.questions_)
    add(std::move(q));
  other = Bank();
}

void Bank::add(Question q) {
  index_.emplace(q.id, questions_.size());
  questions_.push_back(std::move(q));
}

const Question *Bank::add_if_new(Question &q) {
  // One hash and one probe, where find() then add() would take two.
  auto [it, added] = index_.try_emplace(q.id, questions_.size());
  if (!added) return &questions_[it->second];
  questions_.push_back(std::move(q));
  return nullptr;
}

const Question *Bank::find(std::string_view id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &questions_[it->second];
}

Bank &lasting_bank() {
  static auto *banks = new std::vector<std::unique_ptr<Bank>>();
  return *banks->emplace_back(std::make_unique<Bank>());
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
  for (const auto &q : questions_)
    out.insert(q.topics.begin(), q.topics.end());
  return {out.begin(), out.end()};
}

std::vector<std::string> Bank::ids() const {
  std::vector<std::string> out;
  out.reserve(questions_.size());
  for (const auto &q : questions_)
    out.push_back(q.id);
  return out;
}

std::string read_file(const fs::path &file) {
  return InputFile(file, Accept::regular_only).read_all(k_max_bank_file_bytes, "bank files");
}

std::vector<fs::path> bank_files_if_any(const fs::path &dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return {};
  std::error_code entry_ec;
  for (const auto &entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".json" && entry.is_regular_file(entry_ec)) return bank_files({dir});
  return {};
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
      std::error_code entry_ec;
      for (const auto &entry : fs::directory_iterator(p, ec))
        // Only regular files (or links to them): a directory or a FIFO named
        // x.json is not a bank, and opening a FIFO would wait forever.
        if (entry.path().extension() == ".json" && entry.is_regular_file(entry_ec)) found.push_back(entry.path());
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

} // namespace

// nlohmann's messages start with "[json.exception.parse_error.101] parse error
// at line 3, column 5: "; the position is printed by us, so keep the rest.
std::string json_syntax_message(const std::string &what) {
  auto at = what.find(": ");
  auto column = what.find("column ");
  if (column != std::string::npos)
    at = what.find(": ", column);
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
std::size_t json_token_start(std::string_view text, std::size_t end) {
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
  while (i > 0 && word(text[i - 1]))
    --i;
  return i;
}

namespace {

// Streams a bank document: a plain DOM for everything but the elements of the
// top-level "questions" array, which are handed one at a time to `on_question`
// as soon as each is complete, once the header ("role" and "version") has been
// read. A 100,000-question bank then never exists as one DOM: the peak is the
// file text, the questions built so far, and one question's DOM. When the
// header comes after the questions, they are kept in the DOM and checked at
// the end, as before.
class BankSax {
public:
  using QuestionFn = std::function<void(const json &, std::size_t)>;
  explicit BankSax(QuestionFn on_question) : on_question_(std::move(on_question)) {}

  json doc;
  std::size_t error_at = 0;
  std::string error_what;

  bool null() { return put(json(nullptr)); }
  bool boolean(bool b) { return put(json(b)); }
  bool number_integer(json::number_integer_t n) { return put(json(n)); }
  bool number_unsigned(json::number_unsigned_t n) { return put(json(n)); }
  bool number_float(json::number_float_t n, const std::string &) { return put(json(n)); }
  bool string(std::string &s) { return put(json(std::move(s))); }
  bool binary(json::binary_t &b) { return put(json::binary(std::move(b))); }
  bool start_object(std::size_t) {
    json *at = put(json::object());
    stack_.push_back(at);
    return true;
  }
  bool key(std::string &k) {
    json &object = *stack_.back();
    if (stack_.size() == 1) streaming_ = k == "questions" && object.contains("role") && object.contains("version");
    pending_ = &object[std::move(k)];
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t) {
    json *at = put(json::array());
    stack_.push_back(at);
    return true;
  }
  bool end_array() { return close(); }
  bool parse_error(std::size_t position, const std::string &, const nlohmann::detail::exception &e) {
    error_at = position;
    error_what = e.what();
    return false;
  }

private:
  // True while inside the top-level "questions" array and streaming.
  [[nodiscard]] bool in_questions() const {
    return streaming_ && stack_.size() >= 2 && stack_[1]->is_array() && stack_[0]->is_object();
  }

  json *put(json value) {
    if (stack_.empty()) {
      doc = std::move(value);
      return &doc;
    }
    json &parent = *stack_.back();
    if (parent.is_array()) {
      if (stack_.size() == 2 && in_questions()) {
        // A question element: build it on its own, outside the document.
        current_ = std::move(value);
        if (!current_.is_structured()) finish_question();
        return &current_;
      }
      parent.push_back(std::move(value));
      return &parent.back();
    }
    *pending_ = std::move(value);
    return pending_;
  }

  bool close() {
    stack_.pop_back();
    if (stack_.size() == 2 && in_questions()) finish_question();
    if (stack_.size() == 1) streaming_ = false;
    return true;
  }

  void finish_question() {
    on_question_(current_, index_++);
    current_ = json();
  }

  QuestionFn on_question_;
  std::vector<json *> stack_;
  json *pending_ = nullptr;
  json current_;
  bool streaming_ = false;
  std::size_t index_ = 0;
};

} // namespace

namespace {

// Where the questions of one file gather until the whole file has been read:
// they join the bank only if it parses. Both readers feed it, so a question
// is checked and named as a duplicate the same way whichever read it.
class PendingQuestions {
public:
  PendingQuestions(std::string_view text, const std::string &file, const Bank &bank)
      : text_(text), file_(file), bank_(bank) {}

  // Checks one element of "questions" with parse_question and keeps it if valid.
  void check(const json &element, std::size_t i, std::string_view role) {
    auto q = parse_question(element, role.empty() ? std::string_view("backend") : role,
                            {"questions", std::to_string(i)}, problems);
    if (q) add(std::move(*q), i);
  }

  // Keeps a question already known to be valid, unless its id is taken.
  void add(Question q, std::size_t i) {
    q.source = file_;
    q.source_index = i;
    const Question *other = bank_.find(q.id);
    if (!other) other = questions.add_if_new(q);
    if (other) {
      std::string where = other->source;
      try {
        std::string other_text = other->source == file_ ? std::string(text_) : read_file(other->source);
        auto pos =
            position_of(other_text, locate(other_text, {"questions", std::to_string(other->source_index), "id"}));
        where = fmt::format("{}:{}:{}", other->source, pos.line, pos.column);
      } catch (const Error &) {
      }
      problems.push_back(Problem{{"questions", std::to_string(i), "id"},
                                 PathTarget::value,
                                 q.id,
                                 fmt::format("duplicate id; it is already defined at {}", where)});
    }
  }

  Bank questions;
  std::vector<Problem> problems;

private:
  std::string_view text_;
  const std::string &file_;
  const Bank &bank_;
};

// Turns problems found by path into positioned diagnostics, naming the question.
void report(std::string_view text, const std::string &file, const std::vector<Problem> &found,
            std::vector<Diagnostic> &problems) {
  for (const auto &p : found) {
    std::string message = p.message;
    if (!p.question_id.empty())
      message = fmt::format("question '{}': {}", p.question_id, p.message);
    else if (p.path.size() >= 2 && p.path[0] == "questions")
      message = fmt::format("question #{}: {}", std::stoul(p.path[1]) + 1, p.message);
    problems.push_back(Diagnostic{file, position_of(text, locate(text, p.path, p.target)), std::move(message)});
  }
}

// The fast path: read_bank_text, with parse_question for any element it
// leaves to it. False when the document needs the nlohmann path instead.
bool load_fast(std::string_view text, const std::string &file, Bank &bank, std::vector<Diagnostic> &problems) {
  PendingQuestions pending(text, file, bank);
  bool read = read_bank_text(text, [&](BankElement &element) {
    if (element.question) {
      pending.add(std::move(*element.question), element.index);
      return true;
    }
    json dom = json::parse(element.text, nullptr, false);
    if (dom.is_discarded()) return false;
    pending.check(dom, element.index, element.role);
    return true;
  });
  if (!read) return false;
  bank.merge(std::move(pending.questions));
  report(text, file, pending.problems, problems);
  return true;
}

// The nlohmann path: slower, but it is the one whose messages and positions
// users see for any document with a syntax or header problem.
void load_nlohmann(std::string_view text, const std::string &file, Bank &bank, std::vector<Diagnostic> &problems) {
  auto at = [&](std::size_t offset, std::string message) {
    problems.push_back(Diagnostic{file, position_of(text, offset), std::move(message)});
  };
  if (auto deep = excess_nesting(text); deep != std::string_view::npos) {
    at(deep, fmt::format("nested deeper than {} levels; a bank needs 5 (file, questions, question, concepts, "
                         "phrasings)",
                         k_max_json_depth));
    return;
  }
  // Questions are checked as they stream in, against the header read so
  // far; they join the bank only if the whole file parses.
  PendingQuestions pending(text, file, bank);
  std::string role;
  bool header_ok = true; // false once the version rules out reading the questions
  BankSax *parser = nullptr;
  BankSax sax([&](const json &element, std::size_t i) {
    if (i == 0) {
      // The header is complete: the handler streams only once it has both.
      const json &header = parser->doc;
      const json &v = header["version"];
      header_ok = !(v.is_number_integer() && v.get<long long>() > k_bank_format_version);
      const json &r = header["role"];
      if (r.is_string() && is_slug(r.get_ref<const std::string &>())) role = r.get<std::string>();
    }
    if (header_ok) pending.check(element, i, role);
  });
  parser = &sax;
  if (!json::sax_parse(text.begin(), text.end(), &sax)) {
    at(json_token_start(text, sax.error_at), json_syntax_message(sax.error_what));
    return;
  }
  json &doc = sax.doc;

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
  if (format == doc.end())
    top({}, "missing \"format\": \"drill-bank\"");
  else if (*format != "drill-bank")
    top({"format"}, "\"format\" must be \"drill-bank\"");

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

  auto r = doc.find("role");
  if (r == doc.end())
    top({}, "missing \"role\": the default role of its questions, e.g. \"backend\"");
  else if (!r->is_string() || !is_slug(r->get<std::string>()))
    top({"role"}, "\"role\" must be a slug of lowercase letters, digits and hyphens, e.g. \"backend\"");
  else
    role = r->get<std::string>();

  auto questions = doc.find("questions");
  if (questions == doc.end()) {
    top({}, "missing \"questions\": an array of question objects");
  } else if (!questions->is_array()) {
    top({"questions"}, "\"questions\" must be an array of question objects");
  } else {
    // Questions that came before the header were kept until now.
    for (std::size_t i = 0; i < questions->size(); ++i)
      pending.check((*questions)[i], i, role);
  }
  found.insert(found.end(), std::make_move_iterator(pending.problems.begin()),
               std::make_move_iterator(pending.problems.end()));
  bank.merge(std::move(pending.questions));
  report(text, file, found, problems);
}

} // namespace

void load_bank_text(std::string_view text, const std::string &file, Bank &bank, std::vector<Diagnostic> &problems,
                    BankParser parser) {
  // Some editors start UTF-8 files with a byte-order mark; JSON has no use for it.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    problems.push_back(Diagnostic{file, position_of(text, 0),
                                  "file is empty; a bank is a JSON object: {\"format\": \"drill-bank\", \"version\": "
                                  "1, \"role\": \"backend\", \"questions\": [...]}"});
    return;
  }
  if (parser == BankParser::fast && load_fast(text, file, bank, problems)) return;
  load_nlohmann(text, file, bank, problems);
}

void load_bank_file(const fs::path &file, Bank &bank, std::vector<Diagnostic> &problems) {
  std::string text = read_file(file);
  load_bank_text(text, file.string(), bank, problems);
}

} // namespace drill
