#pragma once

#include "bank/bank.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace drill {

/// What a command needs of its questions, so that one that never grades
/// starts sooner: `without_misconceptions` skips the wrong claims (`drill
/// job`, `drill bank search`); `outline` skips the concepts' phrasings too,
/// most of a snapshot's strings, keeping their names and weights (`drill
/// plan`, `drill bank list`).
enum class BankContents { all, without_misconceptions, outline };

/// Loads a bank file as load_bank_file does, but through a binary snapshot in
/// `cache_dir` when one exists for this file with its current path, size and
/// modification time; otherwise parses the JSON and, when it had no
/// problems, writes the snapshot for next time. The snapshot holds only
/// validated questions, so a stale, damaged or foreign one is ignored and the
/// JSON read instead; failing to write one is not an error.
void load_bank_file_cached(const std::filesystem::path &file, const std::filesystem::path &cache_dir, Bank &bank,
                           std::vector<Diagnostic> &problems, BankContents contents = BankContents::all);

/// The questions as the snapshot format stores them (for tests).
std::string encode_questions(const std::vector<Question> &questions, const std::string &key);
/// The questions back, or nothing when `data` is not a snapshot made with `key`.
std::optional<std::vector<Question>> decode_questions(std::string_view data, const std::string &key,
                                                      BankContents contents = BankContents::all);

} // namespace drill
