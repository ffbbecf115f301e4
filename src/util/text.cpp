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
