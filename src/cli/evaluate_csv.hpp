// `hoctap evaluate --input FILE.csv`: a CSV file of flat records judged through
// hoctap::evaluate_csv, results as CSV or JSON lines.
#pragma once

#include <string>

#include "hoctap/hoctap.hpp"

namespace hoctap::cli {

struct CsvCommand {
  std::string input;   // the CSV file
  std::string output;  // a file, or empty for stdout
  std::string format;  // csv or jsonl; empty: from the output's extension (`.jsonl`), else csv
  bool strict = false;
};

// True when `input` names a CSV file (`.csv`, any case).
bool is_csv_input(const std::string& input);

// Runs the command; returns the CLI's exit code (0, or 4 when the input cannot be read or
// some rows have problems; every row still has its line). Column warnings go to stderr.
int evaluate_csv_command(const CriteriaSet& set, const CsvCommand& command, const CsvEvaluateOptions& options);

}  // namespace hoctap::cli
