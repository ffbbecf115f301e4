// Reading CSV files straight into typed columns for the batch evaluator: one pass over
// the file's bytes, only the columns asked for, numbers parsed in place, text kept as
// codes into a dictionary (no string per field). Rows that cannot be read keep their
// place and get an error; nothing is dropped.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "hoctap/batch.hpp"

namespace hoctap::internal {

enum class CsvKind : std::uint8_t { number, boolean, date, text };

struct CsvColumn {
  std::string name;
  CsvKind kind = CsvKind::text;
  bool present = false;             // the file has this column
  std::vector<double> numbers;      // number: NaN when empty or unreadable
  std::vector<std::uint8_t> flags;  // boolean: 0/1
  std::vector<std::int32_t> ints;   // date: days; text: codes (-1 when empty)
  std::vector<std::uint8_t> valid;  // boolean, date: 0 when empty or unreadable
  std::vector<std::string> labels;  // text: the dictionary
  // The column as the batch evaluator reads it (borrows this object's buffers).
  Column as_batch_column(const std::string& input_name) const;
};

struct CsvRowError {
  std::size_t row = 0;  // 0-based data row
  std::string field;    // empty for the whole row
  std::string reason;
};

struct CsvTable {
  std::string path;
  std::size_t rows = 0;
  std::vector<CsvColumn> columns;
  std::vector<CsvRowError> errors;
  const CsvColumn* find(const std::string& name) const;
};

// Reads `path`, keeping the columns in `wanted` (name, kind) that the file has. Throws
// std::runtime_error when the file cannot be read or has no header.
CsvTable read_csv(const std::string& path, const std::vector<std::pair<std::string, CsvKind>>& wanted);

}  // namespace hoctap::internal
