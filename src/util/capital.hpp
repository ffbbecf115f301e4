// A text's first letter in capitals, for a page that starts a line with a word from the
// catalog (`được công nhận` → `Được công nhận`). Header-only: the server (src/serve/), a
// client of the public library, compiles it in.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "hoctap/version.hpp"  // the internal namespace

namespace hoctap::internal {

// The capital of `c` when it is a small letter of ASCII, of Latin-1 (à … þ) or of
// Vietnamese (ă đ ĩ ũ ơ ư, ạ … ỹ); any other character as it is. Each such capital is
// encoded in UTF-8 in as many bytes as its small letter.
constexpr char32_t capital_of(char32_t c) {
  if (c >= U'a' && c <= U'z') return c - 0x20;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 0x20;                  // Latin-1, not ÷
  if (c == 0x103 || c == 0x111 || c == 0x129 || c == 0x169) return c - 1;  // ă đ ĩ ũ
  if (c == 0x1A1 || c == 0x1B0) return c - 1;                               // ơ ư
  if (c >= 0x1EA1 && c <= 0x1EF9 && c % 2 == 1) return c - 1;               // ạ … ỹ
  return c;
}

// `text` (UTF-8) with its first character in capitals by capital_of. A first character
// that is not well-formed UTF-8 is left as it is.
inline std::string capitalized(std::string_view text) {
  std::string out(text);
  const auto byte = [&](std::size_t i) { return i < text.size() ? static_cast<unsigned char>(text[i]) : 0u; };
  const auto follows = [&](std::size_t i) { return (byte(i) & 0xC0u) == 0x80u; };
  char32_t c = byte(0);
  std::size_t n = 1;
  if (c >= 0xC2 && c < 0xE0 && follows(1)) {
    c = (c & 0x1Fu) << 6 | (byte(1) & 0x3Fu);
    n = 2;
  } else if (c >= 0xE0 && c < 0xF0 && follows(1) && follows(2)) {
    c = (c & 0x0Fu) << 12 | (byte(1) & 0x3Fu) << 6 | (byte(2) & 0x3Fu);
    if (c < 0x800) return out;  // an overlong form: not well-formed
    n = 3;
  } else if (c == 0 || c >= 0x80) {
    return out;  // empty, a character of four bytes (no letter capital_of changes), or not UTF-8
  }
  const char32_t u = capital_of(c);
  static constexpr unsigned kLead[] = {0x00, 0x00, 0xC0, 0xE0};
  out[0] = static_cast<char>(kLead[n] | (u >> (6 * (n - 1))));
  for (std::size_t i = 1; i < n; ++i) out[i] = static_cast<char>(0x80u | ((u >> (6 * (n - 1 - i))) & 0x3Fu));
  return out;
}

}  // namespace hoctap::internal
