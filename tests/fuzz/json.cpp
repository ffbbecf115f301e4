// The JSON input (src/json: JSON lines, arrays read element by element, one object) on
// arbitrary bytes; every record read is evaluated with the citizen set, as the CLI does.
#include <cstdint>
#include <sstream>
#include <stdexcept>
#include <string>

#include "fuzz.hpp"
#include "hoctap/hoctap.hpp"

namespace {

const hoctap::CriteriaSet& citizen_set() {
  static const hoctap::CriteriaSet set = hoctap::CriteriaSet::load(hoctap_fuzz::source_path("criteria/cong-dan-hoc-tap/244-2022.yaml"));
  return set;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const hoctap::CriteriaSet& set = citizen_set();
  std::string text(reinterpret_cast<const char*>(data), size);
  hoctap::EvaluateOptions options;
  options.assessment_date = *hoctap::Date::parse("2023-06-01");
  hoctap::Result result;
  // Small limits, so that the fuzzer reaches them with short inputs.
  hoctap::JsonLimits limits;
  limits.max_depth = 8;
  limits.max_keys = 16;
  limits.max_members = 4;
  limits.max_record_bytes = 512;
  std::size_t expected_row = 0;
  for (auto format : {hoctap::JsonFormat::detect, hoctap::JsonFormat::lines, hoctap::JsonFormat::document}) {
    std::istringstream in(text);
    expected_row = 0;
    hoctap::read_json_rows(in, format, [&](hoctap::JsonRow& row) {
      if (row.row != expected_row++) __builtin_trap();  // rows are numbered in order
      if (row.code.empty() != row.error.empty()) __builtin_trap();
      if (row.code.empty()) set.evaluate(row.record, options, result);
    }, limits);
  }
  hoctap::JsonRow one = hoctap::read_json_record(text);
  if (one.code.empty()) set.evaluate(one.record, options, result);
  return 0;
}
