// The CSV tokenizer: a record split into fields (RFC 4180 quoting, UTF-8 checked, control
// characters refused). The reader (csv.cpp) turns its fields into columns and its
// problems into messages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "hoctap/version.hpp"  // the internal namespace

namespace hoctap::internal {

// What is wrong with a line, as the tokenizer finds it.
enum class LineError : std::uint8_t { none, unterminated_quote, after_quote, quote_in_field, control, utf8, too_long };

struct Split {
  LineError error = LineError::none;
  std::size_t at = 0;        // byte offset of the problem
  std::size_t fields = 0;    // fields found (more than are stored when over `keep`)
  std::size_t newlines = 0;  // line feeds inside quoted fields
  std::size_t crossed = std::string_view::npos;  // the opening quote of the first field that ran past the line
};

// Splits one record starting at `pos` into at most `keep` fields (views into the text,
// or into `scratch` for quoted fields with doubled quotes; the fields past `keep` are
// counted, not stored) and advances `pos` past its line end. On a problem the fields are
// cleared and `pos` moves past the line the record started on. A record of plain
// printable ASCII (no quote, no control character but a tab, ending in LF or CRLF) whose
// line end lies at least 64 bytes before the end of the text or `max_line` is split 64
// bytes a step from bit masks of its separators; any other goes to split_scalar.
Split split(std::string_view text, std::size_t& pos, std::vector<std::string_view>& fields, std::deque<std::string>& scratch,
            std::size_t keep, std::size_t max_line);

// The same, a byte at a time: the same answer as split for every text (the tokenizer's
// differential test compares them).
Split split_scalar(std::string_view text, std::size_t& pos, std::vector<std::string_view>& fields, std::deque<std::string>& scratch,
                   std::size_t keep, std::size_t max_line);

}  // namespace hoctap::internal
