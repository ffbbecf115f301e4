// hoctap/csv.hpp: evaluating a CSV file of flat records into a CSV or JSON-lines file.
//
//   auto set = registry.find("cong_dan_hoc_tap", *hoctap::Date::parse("2024-06-30"));
//   hoctap::CsvEvaluateOptions o;
//   o.assessment_date = hoctap::Date::parse("2024-06-30");
//   std::ofstream out("results.csv", std::ios::binary);
//   hoctap::CsvEvaluateSummary s = hoctap::evaluate_csv(*set, "citizens.csv", out, o);
//   // s.rows, s.rows_with_problems, s.warnings …
//
// The input's header names the set's inputs as the dataset layout does (docs/datasets.md):
// `vung`, `score.tc1_1`; an `id` column is echoed. Every cell is read by the input
// contract (docs/input-contract.md), exactly as the same text in a JSON record would be;
// a cell it refuses, or a line the CSV reader cannot read, is a problem of that row, which
// keeps its place in the output. Rows are read and judged a chunk at a time through
// evaluate_batch, so memory holds one chunk, not the file.
//
// Output columns, one row per data row, in input order: `id`, `decision`, `recognized`,
// `total`, `grade`, then `<criterion>.points` and `<criterion>.status` for each top-level
// criterion, then `problems` (the row's problems, "; "-joined; empty when none). JSON
// lines carry the same fields, `problems` as an array.
#pragma once

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "hoctap/criteria.hpp"
#include "hoctap/export.hpp"
#include "hoctap/result.hpp"
#include "hoctap/value.hpp"
#include "hoctap/version.hpp"

HOCTAP_NAMESPACE_BEGIN

enum class CsvOutputFormat { csv, jsonl };

struct CsvEvaluateOptions {
  std::optional<Date> assessment_date;  // required (see EvaluateOptions)
  const Record* context = nullptr;      // values for inputs no column gives
  Lang lang = Lang::vi;                 // language of the problems
  bool outside_validity = false;        // see EvaluateOptions
  // Columns the set does not read, and inputs no column gives, refuse the file
  // (std::invalid_argument, before anything is written) instead of being warnings.
  bool strict = false;
  CsvOutputFormat format = CsvOutputFormat::csv;
  std::size_t chunk_rows = 65536;       // rows read and judged at a time (0 is taken as 1)
  unsigned threads = 1;                 // see BatchOptions
};

struct CsvEvaluateSummary {
  std::size_t rows = 0;                 // data rows written (every data row of the file)
  std::size_t rows_with_problems = 0;   // rows whose `problems` is not empty
  std::size_t rows_unreadable = 0;      // of those, lines that could not be read (their values all missing)
  std::vector<InputWarning> warnings;   // header names the set does not read, inputs not given
};

// Evaluates every data row of the CSV file at `path` by `set`, writing one output row per
// input row to `out` (a header first in CSV). Throws std::runtime_error when the file
// cannot be read or its header is not a line of distinct names (see the dataset reader),
// or `out` fails; std::invalid_argument when the date is missing or outside the set's
// validity, or, with `strict`, the header has warnings. Data problems never throw.
// Thread-safe for distinct outputs.
HOCTAP_API CsvEvaluateSummary evaluate_csv(const CriteriaSet& set, const std::string& path, std::ostream& out,
                                           const CsvEvaluateOptions& options);

HOCTAP_NAMESPACE_END
