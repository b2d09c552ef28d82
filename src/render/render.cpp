#include "render/render.hpp"

#include "util/visible.hpp"

#include <fmt/format.h>

namespace drill {

std::string render_score(int score, const Style &style) {
  std::string text = fmt::format("{}/100", score);
  if (score >= 70) return style.bold(style.green(text));
  if (score >= 40) return style.bold(style.yellow(text));
  return style.bold(style.red(text));
}

std::string render_feedback(const Question &q, const Feedback &fb, const Style &s, std::size_t width) {
  // Each number is labelled for what it is: the score is not the share of
  // key points, and the header says both.
  std::size_t made = 0;
  for (const auto &c : fb.concepts)
    made += c.hit ? 1 : 0;
  std::string out =
      fmt::format("Score: {}  (key points made: {} of {}", render_score(fb.score, s), made, fb.concepts.size());
  if (fb.star) out += fmt::format(", STAR {}/4", fb.star->count());
  if (!fb.misconceptions.empty())
    out += fmt::format(", {} wrong claim{}", fb.misconceptions.size(), fb.misconceptions.size() == 1 ? "" : "s");
  if (fb.before_follow_ups) out += fmt::format("; your answer alone: {}", *fb.before_follow_ups);
  out += ")\n";
  if (fb.derived_concepts)
    out += s.dim("  (key points derived from the model answer: this question lists none)") + "\n";

  std::string covered, missed;
  for (const auto &c : fb.concepts) {
    if (c.hit) {
      covered += wrap_text(fmt::format("{} {}{}", s.green("+"), visible(c.name), c.prompted ? " (when asked)" : ""),
                           width, "  ");
      if (!c.evidence.empty())
        covered += s.dim(wrap_text(fmt::format("\"{}\"", visible(c.evidence, Newlines::keep)), width, "      "));
    } else {
      std::string why = c.negated ? " (you mentioned it, but to rule it out)" : "";
      missed += wrap_text(fmt::format("{} {}{}", s.red("-"), visible(c.name), why), width, "  ");
    }
  }
  if (!covered.empty()) out += "\n" + s.bold("Covered") + "\n" + covered;
  if (!missed.empty()) out += "\n" + s.bold("Missed") + "\n" + missed;
  if (!fb.misconceptions.empty()) {
    out += "\n" + s.bold("Not right") + "\n";
    for (const auto &m : fb.misconceptions) {
      out += wrap_text(fmt::format("{} {}", s.red("!"), visible(m.correction, Newlines::keep)), width, "  ");
      out += s.dim(wrap_text(fmt::format("you said: \"{}\"", visible(m.evidence, Newlines::keep)), width, "      "));
    }
  }

  if (fb.star) {
    out += "\n" + s.bold("STAR") + "\n";
    for (auto p : {StarPart::situation, StarPart::task, StarPart::action, StarPart::result}) {
      auto i = static_cast<std::size_t>(p);
      std::string name(to_string(p));
      name[0] = static_cast<char>(name[0] - 'a' + 'A');
      if (fb.star->present[i]) {
        out +=
            wrap_text(fmt::format("{} {:<9} \"{}\"", s.green("+"), name, visible(fb.star->evidence[i], Newlines::keep)),
                      width, "  ");
      } else {
        out += wrap_text(fmt::format("{} {:<9} not heard", s.red("-"), name), width, "  ");
      }
    }
  }
  if (!fb.notes.empty()) {
    out += "\n" + s.bold("Delivery") + "\n";
    for (const auto &n : fb.notes)
      out += wrap_text("- " + n, width, "  ");
  }
  (void)q;
  return out;
}

} // namespace drill
