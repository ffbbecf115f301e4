#include "util/text.hpp"

#include "util/messages.hpp"

#include <openssl/evp.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <vector>

namespace hoctap::internal {

std::optional<std::size_t> find_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t n = s.size(), i = 0;
  while (i < n) {
    unsigned c = p[i];
    if (c < 0x80) { ++i; continue; }
    std::size_t len;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
    else return i;
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      unsigned cc = p[i + k];
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return i;
    i += len;
  }
  return std::nullopt;
}

Utf8Prefix utf8_prefix(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return {text, false};
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  // The first byte left out continues a character when it is 10xxxxxx: back up to that
  // character's first byte (a character has at most three such bytes after it), and
  // leave the character out when its length reaches past the cut.
  std::size_t start = max_bytes;
  for (int k = 0; k < 3 && start > 0 && (byte(start) & 0xC0) == 0x80; ++k) --start;
  if (start < max_bytes) {
    const unsigned c = byte(start);
    const std::size_t len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 1;
    if (start + len > max_bytes) return {text.substr(0, start), true};
  }
  return {text.substr(0, max_bytes), true};
}

bool is_invisible(char32_t c) {
  // Unicode's format characters (Cf) and separators other than U+0020 (Zs, Zl, Zp), with
  // the blank-looking fillers and selectors that are neither.
  static constexpr std::pair<char32_t, char32_t> kRanges[] = {
      {0x0080, 0x00A0},    // C1 controls, no-break space
      {0x00AD, 0x00AD},    // soft hyphen
      {0x034F, 0x034F},    // combining grapheme joiner
      {0x061C, 0x061C},    // Arabic letter mark
      {0x115F, 0x1160},    // Hangul fillers
      {0x1680, 0x1680},    // Ogham space mark
      {0x17B4, 0x17B5},    // Khmer inherent vowels
      {0x180B, 0x180F},    // Mongolian selectors and vowel separator
      {0x2000, 0x200F},    // spaces of every width; zero-width space, ZWNJ, ZWJ, LRM, RLM
      {0x2028, 0x202F},    // line and paragraph separators, bidi embeddings, narrow no-break space
      {0x205F, 0x206F},    // medium mathematical space, word joiner, invisible operators, bidi isolates
      {0x2800, 0x2800},    // braille blank
      {0x3000, 0x3000},    // ideographic space
      {0x3164, 0x3164},    // Hangul filler
      {0xFE00, 0xFE0F},    // variation selectors
      {0xFEFF, 0xFEFF},    // byte order mark (zero-width no-break space)
      {0xFFA0, 0xFFA0},    // halfwidth Hangul filler
      {0xFFF9, 0xFFFB},    // interlinear annotation
      {0x1BCA0, 0x1BCA3},  // shorthand format controls
      {0x1D173, 0x1D17A},  // musical format controls
      {0xE0000, 0xE0FFF},  // tags, variation selectors supplement
  };
  for (const auto& [first, last] : kRanges)
    if (c >= first && c <= last) return true;
  return false;
}

std::string name_invisible(std::string text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n && p[i] < 0x80) ++i;
  if (i == n) return text;  // ASCII: the common case
  std::string out(text, 0, i);
  while (i < n) {
    const unsigned c = p[i];
    std::size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    bool whole = i + len <= n;
    for (std::size_t k = 1; whole && k < len; ++k) {
      whole = (p[i + k] & 0xC0) == 0x80;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if (!whole) len = 1;  // not UTF-8: kept as it is
    if (whole && len > 1 && is_invisible(cp)) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "<U+%04X>", static_cast<unsigned>(cp));
      out += buf;
    } else {
      out.append(text, i, len);
    }
    i += len;
  }
  return out;
}

std::optional<std::size_t> find_control_char(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) return i;
  }
  return std::nullopt;
}

namespace {
const icu::Normalizer2& nfc() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status) || n == nullptr) throw error<RuntimeError>("E012", "env.icu");
  return *n;
}
bool is_ascii(std::string_view s) {
  for (char c : s) if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}
}  // namespace

bool is_nfc(std::string_view text) {
  if (is_ascii(text)) return true;
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  bool ok = nfc().isNormalized(u, status);
  return U_SUCCESS(status) && ok;
}

std::string to_nfc(std::string_view text) {
  if (is_ascii(text)) return std::string(text);
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString out = nfc().normalize(u, status);
  if (U_FAILURE(status)) return std::string(text);
  std::string result;
  out.toUTF8String(result);
  return result;
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr) != 1)
    throw error<RuntimeError>("E012", "env.sha256");
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned i = 0; i < len; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

LineCol line_col_at(std::string_view text, std::size_t offset) {
  if (offset > text.size()) offset = text.size();
  int line = 1, col = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') { ++line; col = 1; }
    else if ((c & 0xC0) != 0x80) ++col;  // count code points, not bytes
  }
  return {line, col};
}

std::string_view line_text(std::string_view text, int line) {
  std::size_t start = 0;
  for (int l = 1; l < line; ++l) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return {};
    start = nl + 1;
  }
  std::size_t end = text.find('\n', start);
  if (end == std::string_view::npos) end = text.size();
  if (end > start && text[end - 1] == '\r') --end;
  return text.substr(start, end - start);
}

LineIndex::LineIndex(std::string_view text) : text_(text) {
  for (std::size_t nl = text.find('\n'); nl != std::string_view::npos; nl = text.find('\n', nl + 1)) starts_.push_back(nl + 1);
}

LineCol LineIndex::line_col(std::size_t offset) const {
  if (offset > text_.size()) offset = text_.size();
  // The last line starting at or before `offset`.
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset) - 1;
  LineCol lc = line_col_at(text_.substr(*it), offset - *it);
  lc.line = static_cast<int>(it - starts_.begin()) + 1;
  return lc;
}

std::string_view LineIndex::line_text(int line) const {
  if (line < 1 || static_cast<std::size_t>(line) > starts_.size()) return {};
  std::size_t start = starts_[static_cast<std::size_t>(line) - 1];
  return internal::line_text(text_.substr(start), 1);
}

}  // namespace hoctap::internal
