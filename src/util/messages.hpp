// The catalog of diagnostic messages: each message once, in English and in Vietnamese,
// as a template with numbered arguments `{0}`, `{1}`, …. Call sites name a message by
// its id and pass the arguments; the code (H…) stays at the call site.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "hoctap/diagnostic.hpp"
#include "hoctap/error.hpp"
#include "hoctap/result.hpp"
#include "hoctap/version.hpp"
#include "util/text.hpp"

namespace hoctap::internal {

// A text in both languages.
struct Text {
  std::string en;
  std::string vi;
};

// An argument of a message: text from the file (the same in both languages) or a
// phrase of its own in each language. Invisible characters in it are named (`<U+200B>`,
// name_invisible): a message never quotes text that looks like a correct one.
struct Arg {
  std::string en, vi;
  Arg(std::string s) : en(name_invisible(std::move(s))), vi(en) {}                           // NOLINT: implicit on purpose
  Arg(const char* s) : Arg(std::string(s)) {}                                                // NOLINT
  Arg(Text t) : en(name_invisible(std::move(t.en))), vi(name_invisible(std::move(t.vi))) {}  // NOLINT
};

// The text of `m` in `lang`.
inline const std::string& text_in(Lang lang, const Text& m) { return lang == Lang::vi ? m.vi : m.en; }

// hoctap::words of a decision or status given by its id (`recognized`, `not_met`: the
// ids results carry in JSON, frames and the C API), for the hosts that hold ids, not
// enums; empty for any other text. Static text, NUL-terminated.
std::string_view words_of_id(std::string_view id, Lang lang);

// Message `id` with its arguments filled in. An id missing from the catalog is a defect
// (a test checks every id the source uses); it renders as the id itself.
Text tr(std::string_view id, std::initializer_list<Arg> args = {});
// The same with arguments from the input only (the Python package's messages).
Text tr_list(std::string_view id, const std::vector<std::string>& args);
// The error `E` (InvalidArgument, OutOfRange, RuntimeError) with stable `code` (E0xx,
// docs/diagnostics.md) and message `id` in both languages; what() in `what_lang`.
template <class E>
E error(const char* code, std::string_view id, std::initializer_list<Arg> args = {}, Lang what_lang = Lang::en) {
  Text t = tr(id, args);
  return E(code, std::move(t.en), std::move(t.vi), what_lang);
}
template <class E>
E error(const char* code, Text t, Lang what_lang = Lang::en) {
  return E(code, std::move(t.en), std::move(t.vi), what_lang);
}
// Why the system refused a file or folder, in both languages: the common causes (it
// does not exist, permission denied, not a folder) in the catalog's words, any other in
// the system's own (English) words, marked as the system's in Vietnamese.
Text system_reason(const std::error_code& ec);
// True when the catalog has `id`.
bool has_message(std::string_view id);
// Every id in the catalog.
std::vector<std::string_view> message_ids();

// `text` followed by "; did you mean `near`?" in both languages, when `near` is not empty.
Text with_suggestion(Text text, const std::string& near);

// Levenshtein distance of `a` and `b` over bytes, ASCII case folded; any value above
// `limit` is returned as `limit + 1` (the count stops there).
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit);
// The name among `names` nearest to `name` by `edit_distance`, when near enough to be a
// likely slip (at most max(2, size/4) edits, and fewer than half the letters); else empty.
// `name` itself is never suggested.
std::string nearest_name(std::string_view name, const std::vector<std::string>& names);

}  // namespace hoctap::internal
