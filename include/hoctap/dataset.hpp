// hoctap/dataset.hpp: a province's entities in one folder, evaluated bottom-up.
//
//   auto reg = hoctap::Registry::load_directory("criteria");
//   hoctap::DatasetOptions opts;
//   opts.date = *hoctap::Date::parse("2022-12-31");
//   hoctap::DatasetResults r = hoctap::evaluate_dataset(*reg.registry, "examples/province", opts);
//
// The folder layout is in docs/datasets.md: one CSV file per entity kind (adults,
// children, families, clans, villages, commune units, agencies, communes, districts)
// with id and membership columns, and dataset.yaml (name, place, the locality's
// values). Each kind is evaluated with the version of its title in force on the date —
// the place's own version where the registry has one (Registry::find with a place);
// members first, so that parents aggregate their members' results. Rows that cannot be
// read keep their place, with their errors; nothing is dropped.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "hoctap/batch.hpp"
#include "hoctap/registry.hpp"
#include "hoctap/version.hpp"

HOCTAP_NAMESPACE_BEGIN

struct DatasetOptions {
  Date date;                  // the assessment date
  unsigned threads = 1;       // 0: one per core
  Lang lang = Lang::vi;
  // Called as each kind starts and ends (kind, rows done, rows in all); may be empty.
  std::function<void(const std::string&, std::size_t, std::size_t)> progress;
  // Sets to use for their titles instead of the registry's version in force (to weigh a
  // draft against the version in force, as `hoctap diff --dataset` does).
  std::vector<CriteriaSet> use_sets;
  // What each kind keeps per row beyond its decision and places: the nodes' points and
  // status (`none` when only rates are wanted), the ids, and the total, grade and level
  // (`keep_totals`; without it, each kind's `result.total_units`, `grade` and `level` are
  // empty). A report on a province needs none of them; explaining or diffing entities
  // needs them all. A set that reads its members' `result.total` has them whatever
  // `keep_totals` says.
  NodeOutput nodes = NodeOutput::criteria;
  bool keep_ids = true;
  bool keep_totals = true;
  // Kinds that nothing points at and that have no members (citizens) are read and judged
  // this many rows at a time, so that memory holds one chunk of their columns.
  std::size_t chunk_rows = std::size_t{1} << 18;
  // Inputs a kind's set reads that its file has no column for (and the context does not
  // give: D036), columns no set reads (D037, with a "did you mean"), and members whose
  // results a parent's set reads while no set of their title is in force (D038) are data
  // problems listed once per file. With `strict` they are errors: evaluate_dataset throws
  // std::runtime_error listing them, before judging any row.
  bool strict = false;
};

// A place entities are counted in: a district or a commune.
struct Area {
  std::string id;
  std::string name;
  std::string area_class;  // e.g. `kho_khan` (difficult areas); empty for general areas
  std::int32_t district = -1;  // communes: their district's index
};

// A problem of one row (or line) of a dataset file. Codes are in docs/diagnostics.md
// (D0xx): the line could not be read, a value could not, an id or a link is wrong.
struct RowIssue {
  std::string file;
  std::size_t row = 0;   // 1-based data row; 0 for a problem of the file's header (D036, D037)
  std::string field;
  std::string reason;
  std::string code;      // e.g. `D032`
  std::size_t line = 0;  // 1-based line of the file where the row starts
};

// Where every line of a file went; lines == header_lines + rows_read + rows_unreadable +
// blank_lines + continued_lines, `lines` counted from the bytes apart from the reader.
struct FileStats {
  std::string file;
  std::size_t lines = 0, header_lines = 0, rows_read = 0, rows_unreadable = 0, blank_lines = 0, continued_lines = 0;
};

// The results of one entity kind.
struct KindResults {
  std::string kind;     // `families`, …
  std::string file;     // e.g. `families.csv`
  std::string title;    // e.g. `gia_dinh_hoc_tap`
  std::string set_id;   // the version used
  std::string set_place;  // its place when it is the dataset's place's own version (CriteriaSet::place); empty: national
  std::string name_vi, name_en, instrument;
  std::vector<std::string> ids;        // per row (empty without DatasetOptions::keep_ids)
  std::vector<std::int32_t> commune;   // per row: index into DatasetResults::communes, or -1
  std::vector<std::int32_t> district;  // per row: index into DatasetResults::districts, or -1
  // As every BatchResult, its `grade` is empty when the set has no grades (`grades` empty:
  // no bands and no levels), where every row's would be -1, and its `level` unless the set
  // is a levels set, where every row's would be 0; `total_units`, `grade` and `level` are
  // empty without DatasetOptions::keep_totals.
  BatchResult result;
  // Why rows have no commune / no district: (reason, rows).
  std::vector<std::pair<std::string, std::size_t>> unplaced_commune, unplaced_district;
};

struct DatasetResults {
  std::string name;
  std::string place;                   // for targets: a province id
  Date date;
  std::vector<Area> districts;
  std::vector<Area> communes;
  std::vector<KindResults> kinds;      // in evaluation order; kinds without a file are absent
  std::vector<RowIssue> issues;        // rows that could not be read, or with data problems
  std::vector<FileStats> files;        // every CSV file read, districts.csv first
};

// Reads and evaluates the dataset in `directory`. Throws std::runtime_error when the
// folder or a required file cannot be read (or is not a regular file), a file's header
// repeats a column, or dataset.yaml is invalid (read as strictly as criteria files: its
// diagnostics in the message), or, with options.strict, its columns do not match the
// sets' inputs. Problems of rows, ids, links and columns are `issues`.
HOCTAP_API DatasetResults evaluate_dataset(const Registry& registry, const std::string& directory, const DatasetOptions& options);

// The keys of a dataset's `context` (dataset.yaml's, or a caller's for data in memory) that
// no set of the registry reads (`unknown_context`, in the words evaluate_dataset refuses
// dataset.yaml's with): one context serves every title of a dataset, so a key is known
// when any set has that input.
HOCTAP_API std::vector<InputWarning> check_dataset_context(const Registry& registry, const Record& context);

// The problems of the dataset's columns alone (D036, D037; see DatasetOptions::strict),
// from dataset.yaml and the files' headers, without judging a row: what `strict` refuses.
// Throws as evaluate_dataset does for an unreadable folder, file or dataset.yaml.
HOCTAP_API std::vector<RowIssue> check_dataset_columns(const Registry& registry, const std::string& directory, const DatasetOptions& options);

// Why one entity of the dataset has its result: the explanation of its evaluation and,
// for each of its member lists judged by a title, the roll-up ("28/40 … = 70.0%") with
// the members that are not recognized and why. Throws std::runtime_error, its message in
// `options.lang`, when the title is not judged in the dataset or the id is not found.
HOCTAP_API std::string explain_entity(const Registry& registry, const std::string& directory, const std::string& title,
                                      const std::string& id, const DatasetOptions& options);

HOCTAP_NAMESPACE_END
