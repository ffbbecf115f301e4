// Escaping text into JSON strings and HTML: header-only, so that the library and its
// clients built beside it (the server, src/serve/) write one escape, not copies of it.
#pragma once

#include <string>
#include <string_view>

namespace hoctap::internal {

// Appends `text` to `out` as a JSON string literal, quotes included: `"` and `\` escaped,
// newline, return and tab as \n, \r, \t, other C0 controls as \u00XX; every other byte
// (UTF-8 included) as it is.
inline void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          const char u[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
          out.append(u, sizeof u);
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

// Which quotes an HTML escape covers. Element text and double-quoted attribute values
// need only `"`; a page that may put the text in a single-quoted attribute (the server's
// forms) asks for `'` as well.
enum class HtmlQuotes { double_only, single_too };

// `text` with &, <, > and " escaped for HTML (and ' as &#39; with HtmlQuotes::single_too).
inline std::string html_escape(std::string_view text, HtmlQuotes quotes = HtmlQuotes::double_only) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'':
        if (quotes == HtmlQuotes::single_too) out += "&#39;";
        else out += c;
        break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace hoctap::internal
