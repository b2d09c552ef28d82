#include "bank/worksheet.hpp"

#include "util/error.hpp"
#include "util/suggest.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace drill {

namespace {

constexpr std::string_view k_answer_heading = "### Answer";
constexpr std::string_view k_answer_hint = "<!-- Write your answer below. Leave it empty to skip. -->";
constexpr std::string_view k_follow_up_heading = "#### Follow-up: ";
constexpr std::string_view k_follow_up_hint = "<!-- The interviewer asks this after your answer. Answer below, "
                                              "or leave it empty. -->";

std::string_view trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// "## Q12 [db.n-plus-one]" -> {12, "db.n-plus-one"}; false for anything else.
bool parse_heading(std::string_view line, std::size_t &number, std::string &id) {
  line = trim(line);
  if (line.substr(0, 4) != "## Q") return false;
  std::size_t pos = 4;
  std::size_t n = 0;
  std::size_t digits = 0;
  while (pos < line.size() && line[pos] >= '0' && line[pos] <= '9' && digits < 9) {
    n = n * 10 + static_cast<std::size_t>(line[pos] - '0');
    ++pos;
    ++digits;
  }
  if (digits == 0 || pos + 2 >= line.size() || line[pos] != ' ' || line[pos + 1] != '[' || line.back() != ']')
    return false;
  std::string_view inside = line.substr(pos + 2, line.size() - pos - 3);
  if (!is_question_id(inside)) return false;
  number = n;
  id = std::string(inside);
  return true;
}

} // namespace

std::string render_worksheet(const std::vector<const Question *> &questions, std::string_view role, std::uint64_t seed,
                             std::size_t follow_ups) {
  std::string out = fmt::format("# drill worksheet: {}\n\n", role);
  out += fmt::format("<!-- drill-worksheet v1 role={} seed={} -->\n\n", role, seed);
  out += "Write each answer under its **Answer** heading, as you would say it in the\n"
         "interview, then grade the sheet with `drill grade --worksheet FILE`.\n";
  std::size_t n = 0;
  for (const auto *q : questions) {
    ++n;
    out += fmt::format("\n## Q{} [{}]\n\n", n, q->id);
    std::string meta =
        fmt::format("{} · {} · {} min", to_string(q->category), to_string(q->difficulty), (q->time_limit_s + 59) / 60);
    if (!q->topics.empty()) meta += " · " + join(q->topics);
    out += fmt::format("*{}*\n\n", meta);
    std::string_view prompt = q->prompt;
    std::size_t start = 0;
    while (start <= prompt.size()) {
      auto end = prompt.find('\n', start);
      if (end == std::string_view::npos) end = prompt.size();
      auto line = prompt.substr(start, end - start);
      out += line.empty() ? ">\n" : fmt::format("> {}\n", line);
      if (end == prompt.size()) break;
      start = end + 1;
    }
    out += fmt::format("\n{}\n\n{}\n\n", k_answer_heading, k_answer_hint);
    for (std::size_t k = 0; k < std::min(follow_ups, q->follow_ups.size()); ++k) {
      // One line: the heading holds the whole question.
      std::string asked = q->follow_ups[k];
      for (char &c : asked)
        if (c == '\n' || c == '\r') c = ' ';
      out += fmt::format("{}{}\n\n{}\n\n", k_follow_up_heading, asked, k_follow_up_hint);
    }
  }
  return out;
}

std::vector<WorksheetEntry> parse_worksheet(std::string_view text, std::string_view file) {
  std::vector<WorksheetEntry> entries;
  bool in_answer = false;
  std::string answer;
  // The text read goes to the answer, or to the entry's last follow-up once one has begun.
  auto keep = [&] {
    if (entries.empty()) return;
    WorksheetEntry &e = entries.back();
    (e.follow_ups.empty() ? e.answer : e.follow_ups.back().answer) = std::string(trim(answer));
    answer.clear();
  };
  auto finish = [&] {
    keep();
    in_answer = false;
  };
  std::size_t line_no = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_no;
    start = end + 1;

    std::size_t number = 0;
    std::string id;
    if (parse_heading(line, number, id)) {
      finish();
      entries.push_back(WorksheetEntry{number, id, "", line_no, {}});
      continue;
    }
    if (entries.empty()) continue;
    if (!in_answer) {
      if (trim(line) == k_answer_heading) in_answer = true;
      continue;
    }
    if (trim(line) == k_answer_hint || trim(line) == k_follow_up_hint) continue;
    if (std::string_view t = trim(line); t.substr(0, k_follow_up_heading.size()) == k_follow_up_heading) {
      keep();
      entries.back().follow_ups.push_back(
          WorksheetFollowUp{std::string(trim(t.substr(k_follow_up_heading.size()))), ""});
      continue;
    }
    answer += line;
    answer += '\n';
  }
  finish();
  if (entries.empty())
    throw Error(ExitStatus::data, fmt::format("{}: no questions found; a worksheet has headings like "
                                              "'## Q1 [db.n-plus-one]' (make one with drill plan --format "
                                              "markdown)",
                                              file));
  return entries;
}

} // namespace drill
