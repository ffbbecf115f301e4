// Small helpers shared by the unit tests.
#pragma once

#include <algorithm>
#include <cstring>
#include <exception>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "hoctap/hoctap.hpp"
#include "scratch.hpp"

// Printers so that Boost.Test can show values in failed checks.
namespace hoctap {
inline namespace v0 {
inline std::ostream& operator<<(std::ostream& o, const Date& d) { return o << d.to_string(); }
inline std::ostream& operator<<(std::ostream& o, const Decimal& d) { return o << d.to_string(); }
inline std::ostream& operator<<(std::ostream& o, Status s) { return o << to_string(s); }
inline std::ostream& operator<<(std::ostream& o, Decision d) { return o << to_string(d); }
inline std::ostream& operator<<(std::ostream& o, Confidence c) { return o << to_string(c); }
}  // namespace v0
}  // namespace hoctap

namespace hoctap_test {

// Entries of `doubles` (a result of `set` with BatchOptions::float64) that are not, bit
// for bit, Decimal::to_double of the same entry of `units` (the same batch without
// float64), or that differ from it in any other column; 0 when all agree. Both leave
// grade empty for a set without grades and level for a set without levels (BatchResult).
inline std::size_t float64_mismatches(const hoctap::CriteriaSet& set, const hoctap::BatchResult& units, const hoctap::BatchResult& doubles) {
  std::size_t bad = doubles.total.size() != units.total_units.size() || doubles.node_points.size() != units.node_points_units.size() ||
                    !doubles.total_units.empty() || !doubles.node_points_units.empty() || !units.total.empty() || !units.node_points.empty();
  bad += units.grade.size() != (set.grades().empty() ? 0 : units.rows) || doubles.grade != units.grade;
  bad += units.level.size() != (set.uses_levels() ? units.rows : 0) || doubles.level != units.level;
  bad += doubles.decision != units.decision || doubles.grades != units.grades || doubles.node_status != units.node_status ||
         doubles.error_rows != units.error_rows || doubles.error_texts != units.error_texts;
  auto same = [](double d, std::int64_t u) {
    const double want = hoctap::Decimal::from_units(u).to_double();
    return std::memcmp(&d, &want, sizeof d) == 0;
  };
  for (std::size_t i = 0; i < doubles.total.size() && i < units.total_units.size(); ++i) bad += !same(doubles.total[i], units.total_units[i]);
  for (std::size_t i = 0; i < doubles.node_points.size() && i < units.node_points_units.size(); ++i)
    bad += !same(doubles.node_points[i], units.node_points_units[i]);
  return bad;
}

inline std::string source_path(const std::string& relative) { return std::string(HOCTAP_SOURCE_DIR) + "/" + relative; }

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The codes of a load's diagnostics, joined by spaces.
inline std::string codes(const std::vector<hoctap::Diagnostic>& ds) {
  std::string out;
  for (const auto& d : ds) out += (out.empty() ? "" : " ") + d.code;
  return out;
}

// A minimal valid set; `extra` is spliced in at the top level, `criteria` replaces the tree,
// `recognition` the recognition block.
inline std::string minimal_set(const std::string& inputs, const std::string& criteria, const std::string& extra = "",
                               const std::string& recognition = "recognition: {min_total: 5}\n") {
  return "hoctap: 1\n"
         "id: t/minimal\n"
         "title: minimal\n"
         "name: {vi: Bộ tối thiểu, en: Minimal set}\n"
         "entity: family\n"
         "version: \"1\"\n"
         "valid_from: 2020-01-01\n"
         "legal_basis: {instrument: none, source: unit test, confidence: confirmed}\n"
         "inputs:\n" + inputs +
         "criteria:\n" + criteria +
         recognition + extra;
}

inline hoctap::Date day(const char* text) { return *hoctap::Date::parse(text); }

// What `run` throws (`what()`), or "ran" when it returns.
template <typename Run>
std::string thrown(Run&& run) {
  try {
    run();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "ran";
}

}  // namespace hoctap_test
