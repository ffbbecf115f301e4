// One JSON text read as one record: the parser and the record builder (parse.cpp), as the
// readers of inputs (read.cpp: JSON lines, an array element by element, one document)
// use them. Private to src/json.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "hoctap/json.hpp"
#include "util/messages.hpp"

namespace hoctap::internal::json {

constexpr std::size_t kShown = 24;  // bytes of the input a message quotes, at most

inline bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// 1-based place of a byte in the input: its line, and its character (code point) in it.
struct Place {
  std::size_t line = 1, column = 1;
};

// What stands at byte `i` of `t`, in words: `}`, `bad`, control character U+0000; `end`
// when `i` is past the text.
Text found_at(std::string_view t, std::size_t i, const Text& end);

// Where a text sits in the input, for the words of its errors.
struct Ends {
  Text want;   // what must follow the record's value: "the end of the line"
  Text found;  // what the end of the text is: "the end of the line", "`,`"
};

Ends line_ends();
Ends input_ends();
// An array's element, ended by `end` (`,`, `]`, or the end of the input when 0).
Ends element_ends(char end);

// One record's text read: its row (without its row number), and for a syntax error the
// byte it is at.
struct ReadText {
  JsonRow row;
  Text reason;  // a syntax error's, in words
  std::optional<std::size_t> syntax_at;
  bool incomplete = false;
};

// Reads `text`, which starts at `start` in the input, as one record.
ReadText read_text(std::string_view text, Place start, const Ends& ends, const JsonLimits& limits);

}  // namespace hoctap::internal::json
