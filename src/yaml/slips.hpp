// The slips authors make in YAML, found and explained when yaml-cpp cannot read a file:
// a tab used for indentation, a line indented out of step with its block, a quote or a
// bracket that is never closed, a missing space after `:` (`max:10`) or after a list
// item's `-` (`-id: tc2`), a value holding `: ` unquoted (`article: Điều 3: khung`); and,
// on every read, an invisible character where a space belongs. Each slip names
// the mistake and the fix at its line and column; every line is scanned, so all slips
// are reported at once, and `mend` gives a text with the slips repaired (the same lines,
// so positions stay meaningful) from which the other problems of the file can be read.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "util/messages.hpp"

namespace hoctap::internal::yaml {

struct Slip {
  std::size_t offset;  // byte offset in the text of the character at fault
  Text message;
};

struct SlipScan {
  std::vector<Slip> slips;  // in text order
  std::string mended;       // the text with every slip repaired; the same number of lines
};

// End (exclusive) of a quoted text starting at `from` (the opening quote) in `s`, or npos
// when it does not close in `s` (a line, or the whole file). `''` is a quote inside '…',
// `\"` one inside "…".
std::size_t quote_end(std::string_view s, std::size_t from);

// Scans `text` line by line. Heuristic by nature: it recognises the common slips and
// says nothing of lines it cannot judge (the parser's own message is kept for those).
SlipScan scan_slips(std::string_view text);

// Invisible characters where YAML needs a space (a no-break space after the `:` of a key
// or after a list item's `-`): YAML reads them as text, so the file means something else
// than it shows, and the parser may well accept it. Scanned on every read. `mended` has
// each replaced by a space, one character for one, so that columns stay; it is empty when
// there is nothing to mend.
SlipScan scan_invisible_separators(std::string_view text);

}  // namespace hoctap::internal::yaml
