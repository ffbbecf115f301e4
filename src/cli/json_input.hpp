// Reading entity records from JSON for the CLI: one object, an array of objects, or
// JSON Lines. Nested objects are flattened with dots (`score: {tc1_1: 8}` becomes
// `score.tc1_1`), arrays of objects become member lists.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hoctap/value.hpp"

namespace hoctap::cli {

struct InputRow {
  std::size_t row = 0;     // 0-based position in the input
  std::string id;          // the record's `id`, when it has one
  hoctap::Record record;
  std::string error;       // non-empty when the row could not be read
};

// Converts one JSON object; returns an error text, empty on success.
std::string to_record(const nlohmann::json& object, hoctap::Record& out);

// Reads every row of `in`. `jsonl` selects JSON Lines; otherwise the whole input is one
// JSON document (an object or an array of objects). Rows that cannot be read carry an
// error and do not stop the others.
std::vector<InputRow> read_rows(std::istream& in, bool jsonl);

}  // namespace hoctap::cli
