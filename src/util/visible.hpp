#pragma once

#include <string>
#include <string_view>

namespace drill {

/// Whether line breaks in the text are its own (an answer) or data (an id).
enum class Newlines { keep, show };

/// `text` made safe to print as text: the control characters a terminal
/// would act on (ESC, BEL, CR, backspace, DEL, the C1 controls) are shown
/// instead, as `ls` and git show them: C0 and DEL in caret notation (ESC is
/// ^[, CR is ^M, DEL is ^?), C1 as <U+009B>. Tabs stay, newlines stay or
/// become ^J by `newlines`. Everything else, invalid UTF-8 included, is
/// passed through. Returns `text` unchanged (no copy work) in the usual case.
std::string visible(std::string_view text, Newlines newlines = Newlines::show);

} // namespace drill
