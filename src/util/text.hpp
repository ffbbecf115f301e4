// Text helpers: UTF-8 validation, Unicode NFC, SHA-256, line positions; JSON and HTML
// escaping (util/escape.hpp, header-only).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hoctap/version.hpp"
#include "util/escape.hpp"  // append_json_string, html_escape

namespace hoctap::internal {

// Offset of the first byte that is not part of well-formed UTF-8 (overlong forms,
// surrogates and code points above U+10FFFF are ill-formed), or empty when all is well.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);
// A prefix of a text, for quoting user text in a message.
struct Utf8Prefix {
  std::string_view text;
  bool cut = false;  // shorter than the whole text: the message says so (`…`)
};
// The longest prefix of `text` of at most `max_bytes` bytes that does not cut a UTF-8
// character in two: a character that would not fit whole is left out, so that a message
// never holds a byte that is not UTF-8 of its own making. Bytes that are no well-formed
// character are cut where they fall.
Utf8Prefix utf8_prefix(std::string_view text, std::size_t max_bytes);
// Offset of the first NUL or C0/DEL control character other than tab, LF and CR.
std::optional<std::size_t> find_control_char(std::string_view text);
// True when `text` (valid UTF-8) is in Unicode Normalization Form C.
bool is_nfc(std::string_view text);
// `text` (valid UTF-8) in NFC.
std::string to_nfc(std::string_view text);
// Lower-case hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

// True for a character a reader cannot see, or cannot tell from an ordinary space: the
// no-break space U+00A0 and the other Unicode spaces (U+2000..U+200A, U+202F, U+3000, …),
// the zero-width space U+200B, joiners and direction marks (U+200C..U+200F,
// U+2060..U+206F), the byte order mark U+FEFF, the soft hyphen, variation selectors,
// fillers, tags and C1 controls.
bool is_invisible(char32_t c);
// `text` with each character `is_invisible` holds written as its code point, `<U+200B>`:
// for messages that quote a user's text, which would otherwise show text identical to a
// correct one. Bytes that are not UTF-8 are kept as they are; text without such
// characters is returned unchanged. Every message argument goes through it (util/messages.hpp).
std::string name_invisible(std::string text);

// 1-based line and column (in code points) of byte `offset` in `text`.
struct LineCol { int line; int column; };
LineCol line_col_at(std::string_view text, std::size_t offset);
// The text of 1-based line `line`, without its end of line.
std::string_view line_text(std::string_view text, int line);

// Where each line of a text starts, found once, so that placing many offsets (every
// diagnostic, every node's line) costs a binary search and a walk along one line instead
// of a walk from the start of the text. The text must outlive the index.
class LineIndex {
 public:
  LineIndex() = default;
  explicit LineIndex(std::string_view text);
  // The same as line_col_at(text, offset).
  LineCol line_col(std::size_t offset) const;
  // The same as line_text(text, line).
  std::string_view line_text(int line) const;

 private:
  std::string_view text_;
  std::vector<std::size_t> starts_{0};  // byte offset of each line's first byte
};

}  // namespace hoctap::internal
