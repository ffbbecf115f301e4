// hoctap/report.hpp: counts and rates per title and area, against the targets in force.
//
//   hoctap::Report report = hoctap::make_report(results, registry.targets(), hoctap::ReportBy::district);
//   std::cout << hoctap::render_report(report, hoctap::ReportFormat::text, hoctap::Lang::vi);
//
// Rates are recognized entities over ALL entities of the kind (as the national targets
// are stated), with the not-assessable counted apart. Each title is compared with the
// targets of its indicator: the latest target year not after the assessment year and
// the first one not before it, for the dataset's place (a place's own target wins over
// the national one) and, per district, its area class (difficult areas have lower
// targets where the instrument gives them).
#pragma once

#include <string>
#include <vector>

#include "hoctap/dataset.hpp"
#include "hoctap/targets.hpp"
#include "hoctap/version.hpp"

HOCTAP_NAMESPACE_BEGIN

enum class ReportBy { province, district, commune };
enum class ReportFormat { text, csv, json, html };

struct TargetCheck {
  std::string indicator;
  int year = 0;
  Decimal share;
  std::string instrument;
  Confidence confidence = Confidence::confirmed;
  std::string place;   // empty: national
  bool met = false;
};

struct RateRow {
  std::string area_id;      // empty for the whole province
  std::string area_name;
  std::string area_class;
  std::size_t entities = 0;
  std::size_t recognized = 0;
  std::size_t not_recognized = 0;
  std::size_t not_assessable = 0;
  double rate() const { return entities ? static_cast<double>(recognized) / static_cast<double>(entities) : 0.0; }
  std::vector<TargetCheck> targets;  // none for an area without entities: no rate to compare
  std::vector<std::pair<std::string, std::size_t>> unplaced_why;  // the unplaced row: why, and how many rows
};

struct TitleReport {
  std::string kind, title, set_id, name_vi, name_en, instrument;
  std::string set_place;  // the place whose own set judged the title (KindResults::set_place); empty: the national set
  RateRow total;
  std::vector<RateRow> areas;  // by district or commune, when asked
};

struct Report {
  std::string name, place;
  Date date;
  ReportBy by = ReportBy::province;
  std::vector<TitleReport> titles;
  std::vector<RowIssue> issues;
  std::vector<FileStats> files;                              // lines and rows of every file read
  std::vector<std::pair<std::string, std::size_t>> problem_counts;  // issues by code, in code order
};

// What a data-problem code (D0xx, docs/diagnostics.md) means, in a few words.
HOCTAP_API std::string problem_meaning(const std::string& code, Lang lang);

HOCTAP_API Report make_report(const DatasetResults& results, const Targets& targets, ReportBy by);
// Text is a terminal table; CSV one row per title and area; JSON the whole report; HTML
// one self-contained page with inline SVG charts.
HOCTAP_API std::string render_report(const Report& report, ReportFormat format, Lang lang);

HOCTAP_NAMESPACE_END
