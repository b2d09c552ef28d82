#include "render/render.hpp"

#include <fmt/format.h>

namespace drill {

std::string render_score(int score, const Style &style) {
  std::string text = fmt::format("{}/100", score);
  if (score >= 70) return style.bold(style.green(text));
  if (score >= 40) return style.bold(style.yellow(text));
  return style.bold(style.red(text));
}

std::string render_feedback(const Question &q, const Feedback &fb, const Style &s, std::size_t width) {
  std::string out = fmt::format("Score: {}  ({:.0f}% of the key points", render_score(fb.score, s), fb.coverage * 100);
  out += fb.star ? fmt::format(", STAR {}/4)\n", fb.star->count()) : std::string(")\n");
  if (fb.derived_concepts)
    out += s.dim("  (key points derived from the model answer: this question lists none)") + "\n";

  std::string covered, missed;
  for (const auto &c : fb.concepts) {
    if (c.hit) {
      covered += wrap_text(fmt::format("{} {}", s.green("+"), c.name), width, "  ");
      if (!c.evidence.empty()) covered += s.dim(wrap_text(fmt::format("\"{}\"", c.evidence), width, "      "));
    } else {
      std::string why = c.negated ? " (you mentioned it, but to rule it out)" : "";
      missed += wrap_text(fmt::format("{} {}{}", s.red("-"), c.name, why), width, "  ");
    }
  }
  if (!covered.empty()) out += "\n" + s.bold("Covered") + "\n" + covered;
  if (!missed.empty()) out += "\n" + s.bold("Missed") + "\n" + missed;

  if (fb.star) {
    out += "\n" + s.bold("STAR") + "\n";
    for (auto p : {StarPart::situation, StarPart::task, StarPart::action, StarPart::result}) {
      auto i = static_cast<std::size_t>(p);
      std::string name(to_string(p));
      name[0] = static_cast<char>(name[0] - 'a' + 'A');
      if (fb.star->present[i]) {
        out += wrap_text(fmt::format("{} {:<9} \"{}\"", s.green("+"), name, fb.star->evidence[i]), width, "  ");
      } else {
        out += wrap_text(fmt::format("{} {:<9} not heard", s.red("-"), name), width, "  ");
      }
    }
  }
  if (!fb.notes.empty()) {
    out += "\n" + s.bold("Delivery") + "\n";
    for (const auto &n : fb.notes) out += wrap_text("- " + n, width, "  ");
  }
  (void)q;
  return out;
}

} // namespace drill
