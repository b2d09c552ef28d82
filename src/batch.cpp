#include "drill/batch.hpp"

#include "drill/json_locate.hpp"
#include "drill/json_writer.hpp"
#include "drill/suggest.hpp"

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

// Grades one line and appends its result to `out`; throws (leaving `out` as
// it was) when the line cannot be graded.
void grade_line(const std::string &line, const Bank &bank, Scorer &scorer, std::string &out) {
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
      for (std::size_t i = 0; i < problems.size() && i < 5; ++i) message += (i ? "; " : "") + problems[i].message;
      throw std::invalid_argument(message);
    }
    q = &*inline_question;
  } else if (id != in.end() && id->is_string()) {
    q = bank.find(id->get<std::string>());
    if (!q)
      throw std::invalid_argument(fmt::format("unknown question id '{}'{}", id->get<std::string>(),
                                              did_you_mean_suffix(id->get<std::string>(), bank.ids())));
  } else {
    throw std::invalid_argument("needs \"id\" (a bank question) or \"question\" (an inline question object)");
  }
  if (std::string why = answer_size_problem(answer->get_ref<const std::string &>().size()); !why.empty())
    throw std::invalid_argument(why);
  Feedback fb = scorer.grade(*q, answer->get_ref<const std::string &>(), elapsed);
  JsonWriter writer(out);
  write_json(writer, fb, q->id, key_json);
  out += '\n';
}

} // namespace

ExitStatus grade_batch(std::istream &in, std::ostream &out, const Bank &bank, Scorer &scorer) {
  std::string line;
  std::string buffer; // results are written in blocks, not a line at a time
  std::size_t number = 0;
  bool failed = false;
  while (std::getline(in, line)) {
    ++number;
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
