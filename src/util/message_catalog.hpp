// The message catalog's rows (util/message_catalog.cpp), for util/messages.cpp.
#pragma once

#include <cstddef>
#include <string_view>

#include "hoctap/version.hpp"  // the library's versioned namespace, which hoctap::internal is in

namespace hoctap::internal {

struct MessageRow {
  std::string_view id;
  std::string_view en;
  std::string_view vi;  // UTF-8, NFC
};

struct MessageRows {
  const MessageRow* rows;
  std::size_t count;
  const MessageRow* begin() const { return rows; }
  const MessageRow* end() const { return rows + count; }
};

// Every row, in the catalog's order.
MessageRows message_rows();

}  // namespace hoctap::internal
