// The library's JSON reading layer (public face: hoctap/json.hpp). The only code that
// sees nlohmann/json's parser for records: its SAX events build records directly, one at
// a time, with every limit checked as events arrive.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "hoctap/value.hpp"
#include "util/messages.hpp"

namespace hoctap::internal {

// A JSON scalar as the parser read it. Numbers keep their text as written (nlohmann's
// number_float passes it; integers are written back exactly), so a decimal can be read
// from the text and never through the double.
struct JsonScalar {
  enum class Kind { null, boolean, integer, unsigned_integer, floating, string };
  Kind kind = Kind::null;
  bool boolean = false;
  std::int64_t integer = 0;
  std::uint64_t unsigned_integer = 0;
  double floating = 0;    // the parser's double, for floating
  std::string_view text;  // a string's contents, or a number's text
};

// The one place a JSON scalar becomes a record's Value. `name` is the field's full name
// (with the member list it sits in), for the message. Returns an error message naming the
// field in both languages, empty when converted.
Text json_scalar_value(const JsonScalar& scalar, std::string_view name, Value& out);

}  // namespace hoctap::internal
