#include "session/job_posting.hpp"

#include "scoring/tokens.hpp"
#include "util/error.hpp"
#include "util/utf8.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>
#include <unordered_map>

namespace drill {

namespace {

// ---- Cleaning pasted HTML -------------------------------------------------

bool ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool ascii_alnum(char c) { return ascii_alpha(c) || (c >= '0' && c <= '9'); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// Tags after which a browser starts a new line: their text is a new list item.
bool block_tag(std::string_view name) {
  static constexpr std::array<std::string_view, 20> k_block{"p",     "div",     "li", "ul", "ol", "br",     "h1",
                                                            "h2",    "h3",      "h4", "h5", "h6", "tr",     "td",
                                                            "table", "section", "dt", "dd", "hr", "article"};
  return std::find(k_block.begin(), k_block.end(), name) != k_block.end();
}

// The length of a tag at `i` ("<li class=x>", "</p>", "<!-- -->"), or 0 when
// the '<' is text ("a < b", "<5 ms").
std::size_t tag_length(std::string_view s, std::size_t i) {
  if (i + 1 >= s.size()) return 0;
  char next = s[i + 1];
  if (!ascii_alpha(next) && next != '/' && next != '!') return 0;
  constexpr std::size_t k_longest_tag = 512;
  for (std::size_t j = i + 1; j < s.size() && j - i < k_longest_tag; ++j) {
    if (s[j] == '<') return 0;
    if (s[j] == '>') return j - i + 1;
  }
  return 0;
}

struct Entity {
  std::string_view name;
  char32_t cp;
};
constexpr Entity k_entities[] = {
    {"amp", U'&'},         {"lt", U'<'},         {"gt", U'>'},         {"quot", U'"'},       {"apos", U'\''},
    {"nbsp", U'\u00A0'},   {"ndash", U'\u2013'}, {"mdash", U'\u2014'}, {"bull", U'\u2022'},  {"middot", U'\u00B7'},
    {"hellip", U'\u2026'}, {"lsquo", U'\u2018'}, {"rsquo", U'\u2019'}, {"ldquo", U'\u201C'}, {"rdquo", U'\u201D'},
    {"copy", U'\u00A9'},   {"reg", U'\u00AE'},   {"trade", U'\u2122'}, {"euro", U'\u20AC'},  {"pound", U'\u00A3'},
    {"eacute", U'\u00E9'}, {"uuml", U'\u00FC'},  {"ouml", U'\u00F6'},  {"auml", U'\u00E4'},  {"shy", U'\u00AD'},
};

// Decodes the entity at `s[i]` (which is '&') into `out`; its length, or 0.
std::size_t decode_entity(std::string_view s, std::size_t i, std::string &out) {
  auto semi = s.find(';', i);
  constexpr std::size_t k_longest_entity = 10;
  if (semi == std::string_view::npos || semi - i > k_longest_entity || semi == i + 1) return 0;
  std::string_view body = s.substr(i + 1, semi - i - 1);
  char32_t cp = 0;
  if (body[0] == '#') {
    bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    std::uint32_t value = 0;
    for (char c : digits) {
      int d = c >= '0' && c <= '9'          ? c - '0'
              : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
              : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                            : -1;
      if (d < 0) return 0;
      value = value * (hex ? 16U : 10U) + static_cast<std::uint32_t>(d);
      if (value > 0x10FFFF) return 0;
    }
    if (value == 0 || (value >= 0xD800 && value <= 0xDFFF)) return 0;
    cp = static_cast<char32_t>(value);
  } else {
    auto it =
        std::find_if(std::begin(k_entities), std::end(k_entities), [&](const Entity &e) { return e.name == body; });
    if (it == std::end(k_entities)) return 0;
    cp = it->cp;
  }
  utf8_append(out, cp);
  return semi - i + 1;
}

// ---- Words ----------------------------------------------------------------

// Code points that separate words: spaces, dashes, bullets, quotes, arrows
// and shapes that postings use as list marks.
bool separator(char32_t cp) {
  return cp <= 0xBF || (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x2190 && cp <= 0x21FF) ||
         (cp >= 0x2500 && cp <= 0x27BF) || cp == 0xFEFF || cp == 0x3000;
}

struct Word {
  std::string text; ///< lower case
  std::string key;  ///< its stem, through the lexicon's groups
  std::size_t begin = 0, end = 0;
  bool capital = false;
};

// Word characters are letters, digits, '+' and '#' ("c++", "c#", "n+1"), and
// a '.' followed by a letter or digit ("node.js", ".net"); everything else
// separates, so "CI/CD" is two words and "front-end" is "front end".
std::vector<Word> split_words(std::string_view s) {
  std::vector<Word> words;
  Word w;
  bool has_alnum = false;
  auto finish = [&](std::size_t at) {
    if (!w.text.empty() && has_alnum) {
      w.end = at;
      words.push_back(std::move(w));
    }
    w = Word{};
    has_alnum = false;
  };
  for (std::size_t i = 0; i < s.size();) {
    char c = s[i];
    if (static_cast<unsigned char>(c) >= 0x80) {
      char32_t cp = 0;
      std::size_t n = utf8_decode(s, i, cp);
      if (n == 0 || separator(cp)) {
        finish(i);
        i += n == 0 ? 1 : n;
        continue;
      }
      if (w.text.empty()) w.begin = i;
      w.text.append(s.substr(i, n));
      has_alnum = true;
      i += n;
      continue;
    }
    bool word_char = ascii_alnum(c) || c == '+' || c == '#' || (c == '.' && i + 1 < s.size() && ascii_alnum(s[i + 1]));
    if (!word_char) {
      finish(i);
      ++i;
      continue;
    }
    if (w.text.empty()) {
      w.begin = i;
      w.capital = c >= 'A' && c <= 'Z';
    }
    has_alnum = has_alnum || ascii_alnum(c);
    w.text.push_back(lower(c));
    ++i;
  }
  finish(s.size());
  return words;
}

// Stems, with the lexicon's groups folded into one key each, so that a
// stemmed spelling also matches the words that mean the same.
class Keys {
public:
  explicit Keys(const Lexicon *lexicon) {
    if (lexicon == nullptr) return;
    for (std::size_t g = 0; g < lexicon->groups.size(); ++g)
      for (const auto &word : lexicon->groups[g].words)
        group_.emplace(std::string(stemmer_.stem(word)), fmt::format("~{}", g));
  }
  std::string key(const std::string &word) {
    std::string stem(stemmer_.stem(word));
    auto it = group_.find(stem);
    return it == group_.end() ? stem : it->second;
  }

private:
  Stemmer stemmer_;
  std::unordered_map<std::string, std::string> group_;
};

struct Pattern {
  std::vector<std::string> words; ///< exact lower-case words, or keys when `stem`
  bool stem = false;
  bool needs_list = false;
  std::size_t entry = 0; ///< what it counts for
};

struct Match {
  std::size_t entry = 0;
  std::size_t first = 0, last = 0; ///< word indices, inclusive
};

// A skill's spelling that is also an everyday word ("Go", "React") counts
// only when written with a capital, and then either in the middle of a
// sentence ("services in Go") or in a list of technologies: after a bullet
// or list mark, before a comma or line end, or beside "and"/"or". So "Go
// live in May" at the start of a sentence and "we react fast" do not count.
bool stands_as_name(std::string_view text, const std::vector<Word> &words, const Match &m) {
  const Word &first = words[m.first];
  if (!first.capital) return false;
  auto prev = first.begin;
  while (prev > 0 && (text[prev - 1] == ' ' || text[prev - 1] == '\t'))
    --prev;
  char before = prev == 0 ? '\n' : text[prev - 1];
  if (std::string_view(",/(|:;&-*+").find(before) != std::string_view::npos) return true;
  if (static_cast<unsigned char>(before) >= 0x80) return true; // a bullet, a dash
  auto next = words[m.last].end;
  while (next < text.size() && (text[next] == ' ' || text[next] == '\t' || text[next] == '\r'))
    ++next;
  if (next == text.size() || std::string_view(",/)|;&\n").find(text[next]) != std::string_view::npos) return true;
  auto joins = [&](std::size_t i) { return words[i].text == "and" || words[i].text == "or"; };
  if ((m.first > 0 && joins(m.first - 1)) || (m.last + 1 < words.size() && joins(m.last + 1))) return true;
  return std::string_view("\n.!?\"").find(before) == std::string_view::npos;
}

// Finds every match, leftmost first and then longest, each word in one match.
class Matcher {
public:
  explicit Matcher(std::vector<Pattern> patterns) : patterns_(std::move(patterns)) {
    for (std::size_t p = 0; p < patterns_.size(); ++p)
      if (!patterns_[p].words.empty())
        (patterns_[p].stem ? by_key_ : by_word_)[patterns_[p].words.front()].push_back(p);
  }

  std::vector<Match> run(std::string_view text, const std::vector<Word> &words) const {
    std::vector<Match> out;
    for (std::size_t i = 0; i < words.size();) {
      // The longest pattern, and among equals the first: the curated list
      // comes before the topic names.
      std::size_t best = k_none;
      auto consider = [&](const std::unordered_map<std::string, std::vector<std::size_t>> &index,
                          const std::string &first) {
        auto it = index.find(first);
        if (it == index.end()) return;
        for (std::size_t p : it->second) {
          const Pattern &pattern = patterns_[p];
          std::size_t n = pattern.words.size();
          if (best != k_none && (n < patterns_[best].words.size() || (n == patterns_[best].words.size() && p > best)))
            continue;
          if (i + n > words.size()) continue;
          bool same = true;
          for (std::size_t k = 0; k < n && same; ++k)
            same = pattern.words[k] == (pattern.stem ? words[i + k].key : words[i + k].text);
          if (!same) continue;
          if (pattern.needs_list && !stands_as_name(text, words, {pattern.entry, i, i + n - 1})) continue;
          best = p;
        }
      };
      consider(by_word_, words[i].text);
      consider(by_key_, words[i].key);
      if (best == k_none) {
        ++i;
        continue;
      }
      const Pattern &found = patterns_[best];
      out.push_back({found.entry, i, i + found.words.size() - 1});
      i += found.words.size();
    }
    return out;
  }

private:
  static constexpr std::size_t k_none = static_cast<std::size_t>(-1);
  std::vector<Pattern> patterns_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_word_, by_key_;
};

// The words of a spelling as the posting's words are split, keyed for `stem`.
Pattern make_pattern(std::string_view spelling, bool stem, bool needs_list, std::size_t entry, Keys &keys) {
  Pattern p{{}, stem, needs_list, entry};
  for (auto &w : split_words(spelling))
    p.words.push_back(stem ? keys.key(w.text) : w.text);
  return p;
}

std::vector<Word> posting_words(std::string_view posting, Keys &keys) {
  auto words = split_words(posting);
  for (auto &w : words)
    w.key = keys.key(w.text);
  return words;
}

// What the posting wrote, with runs of spaces and line breaks as one space.
std::string written(std::string_view text, const std::vector<Word> &words, const Match &m) {
  std::string out;
  bool space = false;
  for (char c : text.substr(words[m.first].begin, words[m.last].end - words[m.first].begin)) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::size_t questions_on(const Bank &bank, const std::vector<std::string> &topics, const std::string &role) {
  std::size_t n = 0;
  for (const auto &q : bank.questions()) {
    if (!role.empty() && !q.for_role(role)) continue;
    if (std::any_of(q.topics.begin(), q.topics.end(),
                    [&](const std::string &t) { return std::find(topics.begin(), topics.end(), t) != topics.end(); }))
      ++n;
  }
  return n;
}

} // namespace

std::string clean_posting(std::string_view raw) {
  std::string untagged;
  untagged.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size();) {
    std::size_t n = raw[i] == '<' ? tag_length(raw, i) : 0;
    if (n == 0) {
      untagged.push_back(raw[i++]);
      continue;
    }
    std::size_t name_start = i + (raw[i + 1] == '/' ? 2 : 1), name_end = name_start;
    while (name_end < i + n && ascii_alnum(raw[name_end]))
      ++name_end;
    std::string name;
    for (char c : raw.substr(name_start, name_end - name_start))
      name.push_back(lower(c));
    untagged.push_back(block_tag(name) ? '\n' : ' ');
    i += n;
  }
  std::string out;
  out.reserve(untagged.size());
  for (std::size_t i = 0; i < untagged.size();) {
    std::size_t n = untagged[i] == '&' ? decode_entity(untagged, i, out) : 0;
    if (n == 0)
      out.push_back(untagged[i++]);
    else
      i += n;
  }
  return out;
}

void check_posting_text(std::string_view raw, const std::string &name) {
  if (auto nul = raw.find('\0'); nul != std::string_view::npos)
    throw Error(ExitStatus::data, fmt::format("{}: not a text file: it holds a NUL byte at offset {}; give the "
                                              "posting as plain text or Markdown",
                                              name, nul));
  std::size_t invalid = 0;
  for (std::size_t i = 0; i < raw.size();) {
    char32_t cp = 0;
    std::size_t n = static_cast<unsigned char>(raw[i]) < 0x80 ? 1 : utf8_decode(raw, i, cp);
    if (n == 0) {
      ++invalid;
      n = 1;
    }
    i += n;
  }
  // A stray byte or two from a copy and paste is read as a space; text
  // that is mostly not UTF-8 is another encoding or not text at all.
  if (invalid * 10 > raw.size())
    throw Error(ExitStatus::data, fmt::format("{}: not UTF-8 text: {} of its {} bytes are not valid UTF-8; save "
                                              "the posting as UTF-8",
                                              name, invalid, raw.size()));
}

std::string guess_posting_role(std::string_view posting, const SkillList &skills) {
  Keys keys(nullptr);
  std::vector<std::string> roles;
  std::vector<Pattern> patterns;
  for (const auto &[role, phrases] : skills.roles) {
    for (const auto &phrase : phrases)
      patterns.push_back(make_pattern(phrase, true, false, roles.size(), keys));
    roles.push_back(role);
  }
  std::vector<std::size_t> counts(roles.size());
  auto words = posting_words(posting, keys);
  for (const auto &m : Matcher(std::move(patterns)).run(posting, words))
    ++counts[m.entry];
  auto top = std::max_element(counts.begin(), counts.end());
  if (top == counts.end() || *top == 0 || std::count(counts.begin(), counts.end(), *top) > 1) return {};
  return roles[static_cast<std::size_t>(top - counts.begin())];
}

PostingAnalysis analyse_posting(std::string_view posting, const SkillList &skills, const Bank &bank,
                                const Lexicon *lexicon, std::string role, GuessRole guess) {
  PostingAnalysis out;
  if (role.empty() && guess == GuessRole::yes) {
    auto roles = bank.roles();
    std::string guessed = guess_posting_role(posting, skills);
    if (std::find(roles.begin(), roles.end(), guessed) != roles.end()) {
      role = guessed;
      out.role_guessed = true;
    }
  }
  out.role = role;

  // Entries are the curated skills, then the topics that match by name.
  struct Entry {
    std::string name;
    std::vector<std::string> topics;
    std::size_t mentions = 0;
    std::size_t first = 0;
    std::string written;
  };
  std::vector<Entry> entries;
  Keys keys(lexicon);
  std::vector<Pattern> patterns;
  for (const auto &s : skills.skills) {
    for (const auto &spelling : s.spellings) {
      bool needs_list = std::find(s.needs_list.begin(), s.needs_list.end(), spelling) != s.needs_list.end();
      patterns.push_back(make_pattern(spelling, s.stem, needs_list, entries.size(), keys));
    }
    entries.push_back({s.name, s.topics, 0, 0, {}});
  }
  // A name the curated list spells already is its to match, with its rules.
  std::set<std::string> spelled;
  for (const auto &p : patterns)
    if (p.words.size() == 1 && !p.stem) spelled.insert(p.words.front());
  for (const auto &topic : bank.topics()) {
    const auto &skip = skills.names_not_topics;
    if (std::find(skip.begin(), skip.end(), topic) != skip.end() || spelled.count(topic) > 0) continue;
    // A one-word topic compares exactly ("react" is not "reacting"); a
    // phrase by stems ("rate limits" is "rate-limiting").
    Pattern p = make_pattern(topic, true, false, entries.size(), keys);
    if (p.words.size() == 1) p = make_pattern(topic, false, false, entries.size(), keys);
    if (p.words.empty()) continue;
    patterns.push_back(std::move(p));
    entries.push_back({topic, {topic}, 0, 0, {}});
  }
  // Longest first, and among equals the curated list before the topic names.
  std::stable_sort(patterns.begin(), patterns.end(),
                   [](const Pattern &a, const Pattern &b) { return a.words.size() > b.words.size(); });

  auto words = posting_words(posting, keys);
  for (const auto &m : Matcher(std::move(patterns)).run(posting, words)) {
    Entry &e = entries[m.entry];
    if (e.mentions++ == 0) {
      e.first = m.first;
      e.written = written(posting, words, m);
    }
  }

  std::vector<const Entry *> found;
  for (const auto &e : entries)
    if (e.mentions > 0) found.push_back(&e);
  std::stable_sort(found.begin(), found.end(), [](const Entry *a, const Entry *b) {
    return a->mentions != b->mentions ? a->mentions > b->mentions : a->first < b->first;
  });
  for (const Entry *e : found) {
    PostingSkill skill{e->written, e->name, e->topics, e->mentions, questions_on(bank, e->topics, role)};
    if (skill.questions == 0) {
      out.uncovered.push_back(std::move(skill));
      continue;
    }
    for (const auto &t : skill.topics)
      out.topic_weights[t] += skill.mentions;
    out.covered.push_back(std::move(skill));
  }
  std::stable_sort(out.uncovered.begin(), out.uncovered.end(),
                   [](const PostingSkill &a, const PostingSkill &b) { return a.mentions > b.mentions; });
  return out;
}

std::vector<std::uint64_t> posting_weights(const std::vector<const Question *> &pool, const PostingAnalysis &analysis) {
  std::vector<std::uint64_t> weights;
  weights.reserve(pool.size());
  for (const auto *q : pool) {
    std::uint64_t w = 0;
    for (const auto &t : q->topics)
      if (auto it = analysis.topic_weights.find(t); it != analysis.topic_weights.end()) w += it->second;
    weights.push_back(w);
  }
  return weights;
}

} // namespace drill
