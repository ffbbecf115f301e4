// The library's JSON reading layer (public face: hoctap/json.hpp). The only code that
// parses records' JSON text: its own parser hands events straight to a record builder,
// one record at a time, with every limit checked as events arrive. It is its own because
// the record format needs what general parsers do not give: every number kept as its
// text (a double cannot hold 1e309, nor 7.9999999 exactly), a NUL byte refused like any
// other byte out of place, and the line and character of each fault.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "hoctap/value.hpp"
#include "util/messages.hpp"

namespace hoctap::internal {

// A JSON scalar as the parser read it. A number is its text as written, so a value is
// read from the text and never through a binary double.
struct JsonScalar {
  enum class Kind { null, boolean, number, string };
  Kind kind = Kind::null;
  bool boolean = false;
  std::string_view text;  // a string's contents, or a number's text
};

// The one place a JSON scalar becomes a record's Value. `name` is the field's full name
// (with the member list it sits in), for the message. Returns an error message naming the
// field in both languages, empty when converted.
Text json_scalar_value(const JsonScalar& scalar, std::string_view name, Value& out);

}  // namespace hoctap::internal
