#include "session/batch.hpp"

#include "session/batch_line.hpp"
#include "util/input_file.hpp"
#include "util/json_locate.hpp"
#include "util/json_writer.hpp"
#include "util/suggest.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <istream>
#include <ostream>

namespace drill {

using nlohmann::json;

namespace {

std::string too_deep_message() {
  return fmt::format("nested deeper than {} levels; an answer line needs 5", k_max_json_depth);
}

std::string dump(const json &j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

const Question &bank_question(const Bank &bank, const std::string &id) {
  const Question *q = bank.find(id);
  if (!q)
    throw std::invalid_argument(fmt::format("unknown question id '{}'{}", id, did_you_mean_suffix(id, bank.ids())));
  return *q;
}

// Grades an answer whose line has been read, and appends the result to `out`.
void grade_answer(const Question &q, std::string_view answer, std::optional<double> elapsed, std::string_view key_json,
                  Scorer &scorer, std::string &out) {
  if (std::string why = answer_size_problem(answer.size()); !why.empty()) throw std::invalid_argument(why);
  Feedback fb = scorer.grade(q, answer, elapsed);
  JsonWriter writer(out);
  write_json(writer, fb, q.id, key_json);
  out += '\n';
}

// Grades one line and appends its result to `out`; throws (leaving `out` as
// it was) when the line cannot be graded.
void grade_line(const std::string &line, const Bank &bank, Scorer &scorer, std::string &out) {
  // The usual line ({"id", "answer", "key"?, "elapsed_s"?}) is read
  // directly; anything else goes through the full parser below.
  if (auto fields = read_batch_line(line)) {
    grade_answer(bank_question(bank, fields->id), fields->answer, fields->elapsed_s, fields->key_json, scorer, out);
    return;
  }
  if (excess_nesting(line) != std::string::npos) throw std::invalid_argument(too_deep_message());
  json in = json::parse(line); // throws parse_error, reported by the caller
  if (!in.is_object()) throw std::invalid_argument("each line must be a JSON object");
  std::string key_json;
  if (auto key = in.find("key"); key != in.end()) key_json = dump(*key);

  auto answer = in.find("answer");
  if (answer == in.end() || !answer->is_string())
    throw std::invalid_argument("needs \"answer\": the answer text as a string");
  std::optional<double> elapsed;
  if (auto e = in.find("elapsed_s"); e != in.end() && !e->is_null()) {
    if (!e->is_number() || e->get<double>() < 0)
      throw std::invalid_argument("\"elapsed_s\" must be a number of seconds, 0 or more");
    elapsed = e->get<double>();
  }

  std::optional<Question> inline_question;
  const Question *q = nullptr;
  auto id = in.find("id");
  auto inline_q = in.find("question");
  if (inline_q != in.end()) {
    std::vector<Problem> problems;
    inline_question = parse_question(*inline_q, "any", {"question"}, problems);
    if (!inline_question) {
      std::string message = "invalid question: ";
      for (std::size_t i = 0; i < problems.size() && i < 5; ++i)
        message += (i ? "; " : "") + problems[i].message;
      throw std::invalid_argument(message);
    }
    q = &*inline_question;
  } else if (id != in.end() && id->is_string()) {
    q = &bank_question(bank, id->get<std::string>());
  } else {
    throw std::invalid_argument("needs \"id\" (a bank question) or \"question\" (an inline question object)");
  }
  grade_answer(*q, answer->get_ref<const std::string &>(), elapsed, key_json, scorer, out);
}

} // namespace

ExitStatus grade_batch(std::istream &in, std::ostream &out, const Bank &bank, Scorer &scorer) {
  std::string line;
  std::string buffer; // results are written in blocks, not a line at a time
  std::size_t number = 0;
  bool failed = false;
  std::size_t length = 0;
  for (;;) {
    LineStatus status = read_bounded_line(in, line, k_max_line_bytes, k_max_line_bytes, length);
    if (status == LineStatus::end_of_input) break;
    ++number;
    if (status == LineStatus::too_long) {
      // A line this long is not an answer (a stream of zeros, a binary
      // file): reading stops, and every line before it has its result.
      buffer += dump(json{{"line", number},
                          {"error", fmt::format("the line runs past {} without ending; drill stopped reading here",
                                                human_size(k_max_line_bytes))}});
      buffer += '\n';
      failed = true;
      break;
    }
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue; // blank lines carry nothing
    if (buffer.size() > 64 * 1024) {
      out << buffer;
      buffer.clear();
      // Nobody reads any more (drill grade --input big.jsonl | head): stop
      // rather than grade the rest for nothing; the caller reports the closed output.
      if (!out) break;
    }
    json result;
    try {
      grade_line(line, bank, scorer, buffer);
      continue;
    } catch (const json::exception &e) {
      std::string what = e.what();
      auto at = what.find("] ");
      result = {{"line", number}, {"error", "invalid JSON: " + (at == std::string::npos ? what : what.substr(at + 2))}};
      failed = true;
    } catch (const std::invalid_argument &e) {
      result = {{"line", number}, {"error", e.what()}};
      try {
        if (excess_nesting(line) == std::string::npos)
          if (auto parsed = json::parse(line); parsed.is_object() && parsed.contains("key"))
            result["key"] = parsed["key"];
      } catch (const json::exception &) {
      }
      failed = true;
    }
    buffer += dump(result);
    buffer += '\n';
  }
  out << buffer;
  out.flush();
  return failed ? ExitStatus::data : ExitStatus::ok;
}

} // namespace drill
