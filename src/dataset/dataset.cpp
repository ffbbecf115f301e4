// Evaluating a dataset folder bottom-up (docs/datasets.md): each kind's file read (a chunk
// at a time where nothing points at it), its members attached by their links, judged
// through the batch API, placed by commune and district, and every file's problems
// counted (evaluate_dataset). The kinds, dataset.yaml and the column checks are shared
// with the other files of src/dataset/ (dataset/folder.hpp), ids and links are ids.hpp.
#include "hoctap/dataset.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <future>
#include <map>
#include <algorithm>
#include <set>
#include <tuple>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "dataset/csv.hpp"
#include "dataset/folder.hpp"
#include "dataset/ids.hpp"
#include "dataset/issue_text.hpp"
#include "model/reads.hpp"
#include "util/messages.hpp"
#include "util/text.hpp"

namespace hoctap {
inline namespace v0 {
namespace {

namespace fs = std::filesystem;
using internal::CsvKind;
using internal::CsvTable;
using internal::Says;
using internal::says;
using internal::name_invisible;

using namespace internal::folder;  // the kinds, dataset.yaml, columns (folder.hpp), ids and links (ids.hpp)

// The rows of a kind's file and, once evaluated, its results.
struct Loaded {
  const KindSpec* spec = nullptr;
  std::string path;
  CsvTable ids;                      // id and link columns
  std::unordered_map<std::string, std::int64_t> row_of;  // id → row
  KindResults* results = nullptr;
};

// Resolves each row of a link column (read as CsvKind::id) through `lookup(text)` and
// hands the answer to `store(row, value)`; empty links are skipped. Consecutive rows with
// the same link (members listed family by family) are looked up once.
template <typename Lookup, typename Store>
void resolve_links(const internal::CsvColumn* link, std::size_t rows, Lookup lookup, Store store) {
  if (link == nullptr) return;
  std::string_view last;
  decltype(lookup(last)) value{};
  bool known = false;
  for (std::size_t r = 0; r < rows; ++r) {
    const std::string_view text = link->text(r);
    if (text.empty()) continue;
    if (!known || text != last) {
      value = lookup(text);
      last = text;
      known = true;
    }
    store(r, value);
  }
}

// Appends a chunk's results (rows, errors; totals, grades and levels only when `totals`)
// to `all`; its node columns, node-major within the chunk, are kept in `node_parts` for
// join_node_parts.
void append_rows(BatchResult& all, BatchResult& part, bool totals, std::vector<BatchResult>& node_parts) {
  if (all.rows == 0 && node_parts.empty()) {
    all.grades = part.grades;
    all.node_index = part.node_index;
  }
  for (std::size_t k = 0; k < part.error_rows.size(); ++k) {
    all.error_rows.push_back(static_cast<std::int64_t>(all.rows) + part.error_rows[k]);
    all.error_texts.push_back(std::move(part.error_texts[k]));
  }
  all.decision.insert(all.decision.end(), part.decision.begin(), part.decision.end());
  if (totals) all.total_units.insert(all.total_units.end(), part.total_units.begin(), part.total_units.end());
  if (totals && !part.grades.empty()) {  // else every row's is -1 and 0 (KindResults)
    all.grade.insert(all.grade.end(), part.grade.begin(), part.grade.end());
    all.level.insert(all.level.end(), part.level.begin(), part.level.end());
  }
  all.rows += part.rows;
  if (!part.node_index.empty()) node_parts.push_back(std::move(part));
}

// A streamed kind's per-row columns, sized once for the rows the file is estimated to
// hold (a little over): grown chunk by chunk they would double, each time into fresh
// memory the system zeroes.
void reserve_rows(KindResults& kr, const BatchResult& first, std::size_t rows, bool ids, bool totals) {
  kr.result.decision.reserve(rows);
  if (totals) {
    kr.result.total_units.reserve(rows);
    if (!first.grade.empty()) kr.result.grade.reserve(rows);  // the first chunk's: empty where the set fixes them (BatchResult)
    if (!first.level.empty()) kr.result.level.reserve(rows);
  }
  kr.commune.reserve(rows);
  kr.district.reserve(rows);
  if (ids) kr.ids.reserve(rows);
}

// Frees a result's totals, grades and levels (DatasetOptions::keep_totals).
void release_totals(BatchResult& r) {
  std::vector<std::int64_t>().swap(r.total_units);
  std::vector<std::int32_t>().swap(r.grade);
  std::vector<std::int32_t>().swap(r.level);
}

// Lays the chunks' node columns out node-major over all rows.
void join_node_parts(BatchResult& all, std::vector<BatchResult>& node_parts) {
  if (node_parts.empty()) return;
  const std::size_t nodes = all.node_index.size();
  all.node_points_units.resize(nodes * all.rows);
  all.node_status.resize(nodes * all.rows);
  std::size_t at = 0;
  for (BatchResult& p : node_parts) {
    for (std::size_t k = 0; k < nodes; ++k) {
      std::copy_n(p.node_points_units.begin() + static_cast<std::ptrdiff_t>(k * p.rows), p.rows,
                  all.node_points_units.begin() + static_cast<std::ptrdiff_t>(k * all.rows + at));
      std::copy_n(p.node_status.begin() + static_cast<std::ptrdiff_t>(k * p.rows), p.rows,
                  all.node_status.begin() + static_cast<std::ptrdiff_t>(k * all.rows + at));
    }
    at += p.rows;
  }
  node_parts.clear();
}

// Sizes a table gathered chunk by chunk for `rows` rows, so that it grows without copies.
void reserve_columns(CsvTable& t, const std::vector<std::pair<std::string, CsvKind>>& columns, std::size_t rows) {
  rows += rows / 50;  // the estimate's slack
  for (const auto& [name, kind] : columns) {
    t.columns.emplace_back();
    internal::CsvColumn& c = t.columns.back();
    c.name = name;
    c.kind = kind;
    c.present = false;  // until a chunk brings it (append_columns): the file may lack it
    c.reserve(rows);
  }
}

// The rows of a table that are unreadable lines (each has one line problem), ascending.
std::vector<std::size_t> unreadable_rows(const CsvTable& t) {
  std::vector<std::size_t> rows;
  for (const internal::CsvRowError& e : t.errors)
    if (!e.code.empty()) rows.push_back(e.row);
  return rows;
}

bool is_unreadable(const std::vector<std::size_t>& rows, std::size_t row) { return std::binary_search(rows.begin(), rows.end(), row); }

// Empty ids (D030) of a table's readable rows; `base`: the table's first data row.
void check_empty_ids(const CsvTable& t, const std::string& file, std::size_t base, const std::vector<std::size_t>& bad, Lang lang,
                     std::vector<RowIssue>& issues) {
  const internal::CsvColumn* idc = t.find("id");
  if (idc == nullptr) return;
  for (std::size_t r = 0; r < t.rows; ++r)
    if (idc->text(r).empty() && !is_unreadable(bad, r))
      issues.push_back({file, base + r + 1, "id", says(Says::empty_id, lang), "D030"});
}

// Adds one row to the count of `reason`.
void count_reason(std::vector<std::pair<std::string, std::size_t>>& reasons, const std::string& reason) {
  for (auto& [r, n] : reasons)
    if (r == reason) {
      ++n;
      return;
    }
  reasons.emplace_back(reason, 1);
}

// The members of one kind's batch, owned while it is evaluated: each list's table from the
// member kind's file, its rows pointed at parent rows, and for members judged by the
// list's title, their results as `result.recognized` and `result.total` columns.
struct Members {
  std::vector<CsvTable> tables;
  std::vector<std::vector<std::int64_t>> parents;
  std::vector<std::vector<std::uint8_t>> flags;  // per judged list: recognized, then valid
  std::vector<std::vector<double>> totals;

  // The batch's member table for `list`, read as `columns` (the first is the link).
  // `judged`: the members' own results, in file row order, or null. `result.total` is
  // given only when the set reads it (`reads`, internal::inputs_read): a double per member,
  // the largest of the table's columns; `result.recognized`, which a titled list is
  // expected to have, always.
  // A member whose link matches no parent row is listed in `issues` (against the member's
  // file, `member_file`): a link to a missing parent, or an empty link.
  MemberTable attach(const InputInfo& list, CsvTable read, const std::vector<std::pair<std::string, CsvKind>>& columns,
                     const std::string& link, const ParentIndex& parent_rows, const KindResults* judged, const std::set<std::string>& reads,
                     const std::string& member_file, LinkTarget& target, std::vector<RowIssue>& issues) {
    tables.push_back(std::move(read));
    const CsvTable& mt = tables.back();
    MemberTable m;
    m.list = list.name;
    m.rows = mt.rows;
    parents.emplace_back(mt.rows, -1);
    std::vector<std::int64_t>& parent = parents.back();
    const internal::CsvColumn* lc = mt.find(link);
    resolve_links(lc, mt.rows, [&, hint = std::int32_t{-1}](std::string_view id) mutable { return parent_rows.find(id, hint); },
                  [&](std::size_t r, std::int64_t row) { parent[r] = row; });
    const std::vector<std::size_t> bad = unreadable_rows(mt);
    for (std::size_t r = 0; r < mt.rows && lc != nullptr; ++r) {
      if (parent[r] >= 0 || is_unreadable(bad, r)) continue;
      const std::string_view text = lc->text(r);
      if (!text.empty()) issues.push_back(target.missing(member_file, r + 1, link, text));
      else if (!parent_link_optional(link))
        issues.push_back({member_file, r + 1, link, says(Says::empty_link_no_parent, target.lang, {link, target.file}), "D035"});
    }
    m.parent = parent.data();
    for (const auto& [name, kind] : columns)
      if (const internal::CsvColumn* c = name != link ? mt.find(name) : nullptr) m.columns.push_back(c->as_batch_column(name));
    if (judged == nullptr) return m;
    const BatchResult& br = judged->result;
    flags.emplace_back(2 * br.rows + 1);  // never a null buffer, even for no members
    std::uint8_t* recognized = flags.back().data();
    std::uint8_t* valid = recognized + br.rows;
    for (std::size_t r = 0; r < br.rows; ++r) {
      recognized[r] = br.decision[r] == static_cast<std::uint8_t>(Decision::recognized);
      valid[r] = br.decision[r] != static_cast<std::uint8_t>(Decision::not_assessable);
    }
    Column rec = Column::boolean("result.recognized", recognized);
    rec.valid = valid;
    m.columns.push_back(rec);
    if (reads.count(list.name + ".result.total")) {
      totals.emplace_back(br.rows + 1);
      for (std::size_t r = 0; r < br.rows; ++r) totals.back()[r] = Decimal::from_units(br.total_units[r]).to_double();
      m.columns.push_back(Column::float64("result.total", totals.back().data()));
    }
    return m;
  }

  // Frees the link columns' texts (members point at parents by row now).
  void drop_links(const std::string& link) {
    for (CsvTable& mt : tables)
      for (internal::CsvColumn& c : mt.columns)
        if (c.name == link) {
          std::string().swap(c.pool);
          std::vector<std::uint32_t>().swap(c.ends);
        }
  }
};

// A member's input as the evaluator names it in a data problem, `list[index].field`
// (index from 0, in the member table's order for the parent); `list` empty for an input
// of the row itself.
struct MemberInput {
  std::string list, field;
  std::size_t index = 0;
};
MemberInput member_input(const std::string& input) {
  const std::size_t open = input.find('['), close = input.find("].");
  if (open == std::string::npos || close == std::string::npos || close <= open + 1) return {};
  std::size_t index = 0;
  for (std::size_t i = open + 1; i < close; ++i) {
    if (input[i] < '0' || input[i] > '9') return {};
    index = index * 10 + static_cast<std::size_t>(input[i] - '0');
  }
  return {input.substr(0, open), input.substr(close + 2), index};
}

}  // namespace

DatasetResults evaluate_dataset(const Registry& registry, const std::string& directory, const DatasetOptions& options) {
  DatasetResults out;
  out.date = options.date;
  const fs::path dir(directory);
  // dataset.yaml: name, place, context.
  const Record context = read_dataset_yaml(dir / "dataset.yaml", registry, out, options.lang);
  // Every file's line accounting (the first complete read of each), and the problems of
  // rows that belong to no evaluated kind (districts, communes as places).
  std::map<std::string, internal::CsvStats> file_stats;
  auto record_stats = [&](const std::string& file, const internal::CsvStats& st) { file_stats.emplace(file, st); };
  std::vector<RowIssue> place_issues;
  internal::CsvLimits limits;  // line problems' reasons in the options' language
  limits.lang = options.lang;
  // Districts and communes: the places rates are counted in.
  std::unordered_map<std::string, std::int32_t> district_index;
  PlaceIndex commune_index;
  LinkTarget district_target{"districts.csv", {}, {}, false, options.lang};
  district_target.each_id = [&](const std::function<void(std::string_view)>& f) {
    for (const Area& a : out.districts) f(a.id);
  };
  {
    CsvTable d = internal::read_csv((dir / "districts.csv").string(), {{"id", CsvKind::id}, {"name", CsvKind::text}, {"area", CsvKind::text}}, limits);
    record_stats("districts.csv", d.stats);
    const std::vector<std::size_t> bad = unreadable_rows(d);
    for (const auto& e : d.errors) place_issues.push_back({"districts.csv", e.row + 1, e.field, e.reason, e.code.empty() ? "D020" : e.code});
    check_empty_ids(d, "districts.csv", 0, bad, options.lang, place_issues);
    for (std::size_t r = 0; r < d.rows; ++r) {
      Area a{text_of(d.find("id"), r), text_of(d.find("name"), r), text_of(d.find("area"), r), -1};
      auto [it, added] = district_index.emplace(a.id, static_cast<std::int32_t>(out.districts.size()));
      if (!added && !a.id.empty())
        place_issues.push_back({"districts.csv", r + 1, "id", says(Says::duplicate_district, options.lang, {name_invisible(a.id), std::to_string(it->second + 1)}), "D031"});
      out.districts.push_back(a);
    }
    CsvTable c = internal::read_csv((dir / "communes.csv").string(),
                                    {{"id", CsvKind::id}, {"name", CsvKind::text}, {"district_id", CsvKind::id}, {"area", CsvKind::text}}, limits);
    record_stats("communes.csv", c.stats);
    const std::vector<std::size_t> cbad = unreadable_rows(c);
    check_empty_ids(c, "communes.csv", 0, cbad, options.lang, place_issues);
    for (std::size_t r = 0; r < c.rows; ++r) {
      const std::string link = text_of(c.find("district_id"), r);
      auto it = district_index.find(link);
      if (it == district_index.end() && !is_unreadable(cbad, r))
        place_issues.push_back(link.empty() ? RowIssue{"communes.csv", r + 1, "district_id", says(Says::empty_district, options.lang), "D035"}
                                            : district_target.missing("communes.csv", r + 1, "district_id", link));
      Area a{text_of(c.find("id"), r), text_of(c.find("name"), r), text_of(c.find("area"), r), it == district_index.end() ? -1 : it->second};
      out.communes.push_back(a);
    }
    commune_index.build(std::move(c), [](std::size_t r) { return static_cast<std::int32_t>(r); });
    for (const auto& [row, first] : commune_index.index.duplicates)
      place_issues.push_back({"communes.csv", row + 1, "id", says(Says::duplicate_commune, options.lang, {name_invisible(out.communes[row].id), std::to_string(first + 1)}), "D031"});
  }
  LinkTarget commune_target{"communes.csv", {}, {}, false, options.lang};
  commune_target.each_id = [&](const std::function<void(std::string_view)>& f) {
    for (const Area& a : out.communes) f(a.id);
  };

  // id → commune for a kind, from its file's link column (and its own `via`); memoised.
  std::map<std::string, std::unique_ptr<PlaceIndex>> commune_memo;
  std::function<const PlaceIndex&(const std::string&)> communes_of = [&](const std::string& kind) -> const PlaceIndex& {
    auto found = commune_memo.find(kind);
    if (found != commune_memo.end()) return *found->second;
    PlaceIndex& index = *(commune_memo[kind] = std::make_unique<PlaceIndex>());
    const KindSpec* spec = &kind_named(kind);  // `kind` is a `via`: one of kKinds
    const fs::path path = dir / spec->file;
    if (*spec->commune_link == '\0' || !fs::exists(path)) return index;
    CsvTable t = internal::read_csv(path.string(), {{"id", CsvKind::id}, {spec->commune_link, CsvKind::id}});
    const PlaceIndex& next = *spec->via ? communes_of(spec->via) : commune_index;
    std::vector<std::int32_t> commune(t.rows, -1);
    resolve_links(t.find(spec->commune_link), t.rows, [&, hint = std::int32_t{-1}](std::string_view id) mutable { return next.find(id, hint); },
                  [&](std::size_t r, std::int32_t c) { commune[r] = c; });
    index.build(std::move(t), [&](std::size_t r) { return commune[r]; });
    return index;
  };

  auto set_for = [&](const KindSpec& spec) { return set_in_force(registry, options, spec, out.place); };
  // A kind read a chunk at a time that is also a later kind's members (adults: citizens,
  // and the households' adults) is read once: the members' columns are gathered from the
  // same chunks. By member kind: the (parent kind, list) tables to gather and their columns.
  struct Gathered {
    std::string parent_kind, list;
    std::vector<std::pair<std::string, CsvKind>> columns;
    CsvTable table;
  };
  std::map<std::string, std::vector<Gathered>> gathered;
  // The inputs each parent kind's set reads (internal::inputs_read), and the member kinds
  // whose totals one of them reads (`tre_em.result.total`): kept until the end whatever
  // keep_totals says.
  std::map<std::string, std::set<std::string>> reads_of;
  std::set<std::string> totals_read;
  for (const KindSpec& parent : kKinds) {
    if (*parent.title == '\0' || *parent.parent_link == '\0' || !fs::exists(dir / parent.file)) continue;
    const std::optional<CriteriaSet> set = set_for(parent);
    if (!set) continue;
    const std::set<std::string>& reads = reads_of[parent.kind] = internal::inputs_read(*set->compiled());
    for (const MemberSource& m : kMembers)
      if (reads.count(std::string(m.list) + ".result.total")) totals_read.insert(m.kind);
    for (const InputInfo& in : set->inputs())
      for (const MemberSource& m : kMembers)
        for (const KindSpec& member : kKinds)
          if (in.kind == "list" && in.name == m.list && member.kind == std::string(m.kind) && *member.parent_link == '\0' &&
              *member.title != '\0' && fs::exists(dir / member.file) &&
              (gathered[member.kind].empty() || gathered[member.kind].front().parent_kind == parent.kind))
            // only for the first kind to take them: members held until a later kind would
            // weigh on every kind in between
            gathered[member.kind].push_back({parent.kind, in.name, member_columns(parent, set->inputs(), in), {}});
  }

  check_links(dir, out.place, registry, options);
  // Inputs the files lack and columns no set reads: before any row is judged, so that
  // `strict` refuses the data without evaluating it.
  std::vector<RowIssue> column_issues = check_columns(dir, context, out.place, registry, options);
  if (options.strict && !column_issues.empty()) {
    // The reasons are in the options' language only (they are made once, for the report).
    internal::Text message = internal::tr("dataset.strict_columns");
    for (const RowIssue& i : column_issues) {
      const std::string line = "\n  " + i.file + " [" + i.code + "] " + i.reason;
      message.en += line;
      message.vi += line;
    }
    throw internal::error<RuntimeError>("E005", std::move(message), options.lang);
  }
  place_issues.insert(place_issues.end(), column_issues.begin(), column_issues.end());

  // The ids of members-only kinds (children), checked for repeats: what a check found.
  struct RepeatedMembers {
    internal::CsvStats stats;
    std::vector<RowIssue> issues;
  };
  std::vector<std::pair<std::string, std::future<RepeatedMembers>>> id_checks;  // by file, on another thread
  auto take_repeated = [&](const std::string& file, const RepeatedMembers& found) {
    record_stats(file, found.stats);
    place_issues.insert(place_issues.end(), found.issues.begin(), found.issues.end());
  };
  std::map<std::string, Loaded> loaded;
  std::set<std::tuple<std::string, std::size_t, std::string, std::string>> reported;  // file, row, field, reason
  out.kinds.reserve(std::size(kKinds));
  EvaluateOptions eval;
  eval.assessment_date = options.date;
  eval.outside_validity = true;  // sets in force on the date, or drafts given to weigh (use_sets)
  for (const KindSpec& spec : kKinds) {
    const fs::path path = dir / spec.file;
    if (!fs::exists(path)) continue;
    // Places by id for this kind were needed by its members only (evaluated before it,
    // through `via`): free them now.
    commune_memo.erase(spec.kind);
    Loaded& me = loaded[spec.kind];
    me.spec = &spec;
    me.path = path.string();
    if (*spec.title == '\0') {  // members only: read when a parent needs them; its ids checked here
      auto check = [file = std::string(spec.file), path = path.string(), chunk_rows = std::max<std::size_t>(options.chunk_rows, 1),
                    lang = options.lang] {
        RepeatedIds repeated;
        internal::CsvReader ids(path, {{"id", CsvKind::id}});
        CsvTable chunk;
        while (ids.next(chunk, chunk_rows)) repeated.add(chunk);
        RepeatedMembers found{ids.stats(), {}};
        for (const auto& [row, first, id] : repeated.find(path))
          found.issues.push_back({file, row + 1, "id", says(Says::duplicate_member, lang, {name_invisible(id), std::to_string(first + 1)}), "D031"});
        return found;
      };
      // With a second thread, beside the kinds that follow (its stats are the whole file's,
      // the same as its parent's read of it records).
      if (options.threads > 1) id_checks.emplace_back(spec.file, std::async(std::launch::async, check));
      else take_repeated(spec.file, check());
      continue;
    }
    const std::optional<CriteriaSet> set = set_for(spec);
    if (!set) continue;  // no version in force on the date: the kind is not judged
    // The places this kind reaches through `via` (the adults' families' villages' communes)
    // come from other files: with a second thread they are read while this kind's own
    // file is. Until get(), only that task touches commune_memo.
    std::future<const PlaceIndex*> via_places_ahead;
    if (*spec.via && options.threads > 1)
      via_places_ahead = std::async(std::launch::async, [&communes_of, via = std::string(spec.via)] { return &communes_of(via); });
    const PlaceIndex* via_places = nullptr;
    const auto& inputs = set->inputs();
    const std::set<std::string>& reads = reads_of[spec.kind];  // empty for a kind without members
    // The kind's own columns: id, links, and every top-level input.
    std::vector<std::pair<std::string, CsvKind>> wanted = {{"id", CsvKind::id}};
    for (const char* link : {spec.commune_link, spec.district_link})
      if (*link) wanted.emplace_back(link, CsvKind::id);
    for (const InputInfo& in : inputs)
      if (in.kind != "list" && !is_member_field(inputs, in.name)) wanted.emplace_back(in.name, csv_kind(in.kind));
    if (options.progress) options.progress(spec.kind, 0, 0);
    // A kind nobody points at and without members is read and judged a chunk of rows at a
    // time: memory holds one chunk's columns (a citizen row has ten score columns), not
    // the file's. Kinds with members are read whole (members are grouped by parent).
    const bool streamed = *spec.parent_link == '\0';  // members point at their parent: a kind none can point at has none
    const bool keep_totals = options.keep_totals || totals_read.count(spec.kind) != 0;
    BatchOptions bo;
    bo.assessment_date = options.date;
    bo.outside_validity = true;
    bo.context = &context;
    bo.threads = options.threads;
    bo.lang = options.lang;
    bo.nodes = options.nodes;
    bo.each_problem = true;  // each filed as its own issue, a member's in its own file
    KindResults kr;
    kr.kind = spec.kind;
    kr.file = spec.file;
    kr.title = spec.title;
    kr.set_id = set->id();
    kr.set_place = set->place();
    kr.name_vi = set->name_vi();
    kr.name_en = set->name_en();
    kr.instrument = set->legal_basis().instrument;
    std::vector<RowIssue> read_issues, data_issues;  // reported in this order, as for a whole file
    std::vector<BatchResult> node_parts;             // streamed chunks' node columns, joined at the end
    // The members' files: the columns each list needs, by the members' link to this kind.
    auto member_source = [&](const InputInfo& in) -> const MemberSource* {
      if (in.kind != "list" || *spec.parent_link == '\0') return nullptr;
      for (const MemberSource& m : kMembers)
        if (in.name == m.list && loaded.count(m.kind)) return &m;
      return nullptr;
    };
    // Members gathered while their own kind was read are ready; with more than one thread
    // allowed, the other members' files are read beside the kind's own file (households:
    // children, adults and the households themselves at once).
    std::map<std::string, std::future<CsvTable>> member_reads;  // by list name
    for (const InputInfo& in : inputs) {
      const MemberSource* src = member_source(in);
      if (src == nullptr) continue;
      CsvTable* ready = nullptr;
      for (Gathered& g : gathered[src->kind])
        if (g.parent_kind == spec.kind && g.list == in.name && g.table.rows + g.table.columns.size() > 0) ready = &g.table;
      if (ready != nullptr)
        member_reads[in.name] = std::async(std::launch::deferred, [t = std::move(*ready)]() mutable { return std::move(t); });
      else
        member_reads[in.name] = std::async(options.threads == 1 ? std::launch::deferred : std::launch::async,
                                           [file = loaded[src->kind].path, columns = member_columns(spec, inputs, in), limits] { return internal::read_csv(file, columns, limits); });
    }
    // This kind's own columns, and those later kinds want of it as members (read once).
    std::vector<Gathered*> gather;
    std::vector<std::pair<std::string, CsvKind>> read_columns = wanted;
    if (streamed)
      for (Gathered& g : gathered[spec.kind]) {
        bool mergeable = true;  // a name wanted twice must be wanted as the same kind
        for (const auto& [name, kind] : g.columns)
          for (const auto& [have, have_kind] : read_columns)
            if (name == have && kind != have_kind) mergeable = false;
        if (!mergeable) continue;
        gather.push_back(&g);
        for (const auto& column : g.columns)
          if (std::find(read_columns.begin(), read_columns.end(), column) == read_columns.end()) read_columns.push_back(column);
      }
    internal::CsvReader reader(path.string(), read_columns, limits);
    const std::size_t chunk_rows = streamed ? std::max<std::size_t>(options.chunk_rows, 1) : SIZE_MAX;
    CsvTable table, ahead;
    bool more = reader.next(table, chunk_rows);
    const std::size_t estimated_rows = reader.estimated_rows();
    // With a second thread, a streamed file's next chunk is read while this one is judged:
    // the reader is only touched by that one task at a time, and a chunk owns its columns
    // (its dictionary included), so nothing is shared between the two.
    const bool read_ahead = streamed && options.threads > 1;
    std::future<bool> next_chunk;
    auto advance = [&] {
      if (!read_ahead) return reader.next(table, chunk_rows);
      const bool got = next_chunk.get();
      std::swap(table, ahead);
      return got;
    };
    // Kinds nobody points at have no id index (communes: their ids were checked as places).
    const bool check_repeats = streamed && spec.kind != std::string("communes");
    RepeatedIds repeated;
    for (; more; more = advance()) {
      if (read_ahead) next_chunk = std::async(std::launch::async, [&reader, &ahead, chunk_rows] { return reader.next(ahead, chunk_rows); });
      const std::size_t base = table.first_row;
      for (const auto& e : table.errors)  // members' columns gathered here included: the file is read once
        read_issues.push_back({spec.file, base + e.row + 1, e.field, e.reason, e.code.empty() ? "D020" : e.code});
      const std::vector<std::size_t> bad = unreadable_rows(table);
      check_empty_ids(table, spec.file, base, bad, options.lang, read_issues);
      if (check_repeats) repeated.add(table);
      for (Gathered* g : gather) {
        if (base == 0) reserve_columns(g->table, g->columns, estimated_rows);
        std::vector<std::string> names;
        for (const auto& column : g->columns) names.push_back(column.first);
        internal::append_columns(g->table, table, names);
      }
      Batch batch;
      batch.rows = table.rows;
      for (const InputInfo& in : inputs)
        if (in.kind != "list" && !is_member_field(inputs, in.name))
          if (const internal::CsvColumn* c = table.find(in.name)) batch.columns.push_back(c->as_batch_column(in.name));
      // Members: every list input whose source kind has a file here, pointed at this
      // kind's rows by their ids.
      Members members;
      ParentIndex parent_rows;
      if (*spec.parent_link != '\0') parent_rows.build(table);
      for (const auto& [row, first] : parent_rows.duplicates)
        read_issues.push_back({spec.file, base + row + 1, "id", says(Says::duplicate_parent, options.lang, {name_invisible(std::string(table.find("id")->text(row))), std::to_string(first + 1)}), "D031"});
      const internal::CsvColumn* own_ids = table.find("id");
      LinkTarget self{spec.file, [&](const std::function<void(std::string_view)>& f) {
                        for (std::size_t r = 0; own_ids != nullptr && r < table.rows; ++r) f(own_ids->text(r));
                      }, {}, false, options.lang};
      for (const InputInfo& in : inputs) {
        const MemberSource* src = member_source(in);
        if (src == nullptr) continue;
        const KindResults* judged = loaded[src->kind].results;
        const std::string& member_file = loaded[src->kind].spec->file;
        CsvTable read = member_reads.at(in.name).get();
        if (read.stats.lines > 0) record_stats(member_file, read.stats);
        for (const auto& e : read.errors)  // children's rows have no kind of their own to report them
          read_issues.push_back({member_file, e.row + 1, e.field, e.reason, e.code.empty() ? "D020" : e.code});
        batch.members.push_back(members.attach(in, std::move(read), member_columns(spec, inputs, in), spec.parent_link, parent_rows,
                                               judged != nullptr && judged->title == in.title ? judged : nullptr, reads, member_file, self, read_issues));
        // Parents the data says have members, and that have none: a household without an
        // adult, a village or a clan without a household.
        const bool implied = std::any_of(std::begin(kImpliedMembers), std::end(kImpliedMembers),
                                         [&](const ImpliedMembers& i) { return in.name == i.list && std::string_view(spec.kind) == i.parent_kind; });
        if (implied) {
          std::vector<std::uint8_t> has(table.rows, 0);
          for (std::int64_t p : members.parents.back())
            if (p >= 0) has[static_cast<std::size_t>(p)] = 1;
          std::vector<std::uint8_t> duplicate(table.rows, 0);  // an empty or repeated id is its own problem
          for (const auto& d : parent_rows.duplicates) duplicate[d.first] = 1;
          for (std::size_t r = 0; r < table.rows; ++r)
            if (!has[r] && !duplicate[r] && !is_unreadable(bad, r) && own_ids != nullptr && !own_ids->text(r).empty())
              read_issues.push_back({spec.file, base + r + 1, "id",
                                     says(Says::no_members, options.lang, {member_file, name_invisible(std::string(own_ids ? own_ids->text(r) : "")), spec.parent_link, in.name}), "D034"});
        }
      }
      // Members now point at their parents by row: the ids that linked them are not needed
      // while evaluating (at 1M households: the family index and 3M member links, ~70 MB).
      parent_rows = ParentIndex();
      members.drop_links(spec.parent_link);
      BatchResult part = batch.rows > 0 ? evaluate_batch(*set, batch, bo) : BatchResult{};  // a header-only file: a kind with no rows
      // A member's bad value (input `tre_em[2].tuoi`) is its own row's problem, in its own file.
      std::vector<std::vector<std::size_t>> by_parent(batch.members.size());  // per list: member rows grouped by parent (CSR), built on demand
      std::vector<std::vector<std::size_t>> starts(batch.members.size());
      for (std::size_t k = 0; k < part.problems.size(); ++k) {
        const auto row = static_cast<std::size_t>(part.problem_rows[k]);
        const DataProblem& problem = part.problems[k];
        const std::string& text = options.lang == Lang::vi ? problem.vi : problem.en;
        const MemberInput named = member_input(problem.input);
        std::size_t list = batch.members.size();
        for (std::size_t m = 0; m < batch.members.size(); ++m)
          if (!named.list.empty() && batch.members[m].list == named.list) list = m;
        if (list < batch.members.size()) {
          if (starts[list].empty()) {
            const std::vector<std::int64_t>& parent = members.parents[list];
            starts[list].assign(table.rows + 1, 0);
            for (std::int64_t p : parent)
              if (p >= 0) ++starts[list][static_cast<std::size_t>(p) + 1];
            for (std::size_t r = 0; r < table.rows; ++r) starts[list][r + 1] += starts[list][r];
            by_parent[list].resize(starts[list][table.rows]);
            std::vector<std::size_t> fill(starts[list].begin(), starts[list].end() - 1);
            for (std::size_t r = 0; r < parent.size(); ++r)
              if (parent[r] >= 0) by_parent[list][fill[static_cast<std::size_t>(parent[r])]++] = r;
          }
          if (named.index < starts[list][row + 1] - starts[list][row]) {
            const std::size_t member = by_parent[list][starts[list][row] + named.index];
            std::string member_file;
            for (const InputInfo& in : inputs)
              if (in.name == batch.members[list].list)
                if (const MemberSource* src = member_source(in)) member_file = loaded[src->kind].spec->file;
            // In the member's own file the text names the field as its column does.
            const std::string quoted = "`" + problem.input + "`";
            const std::string own = text.compare(0, quoted.size(), quoted) == 0 ? "`" + named.field + "`" + text.substr(quoted.size()) : text;
            data_issues.push_back({member_file, member + 1, named.field, own + says(Says::member_of, options.lang, {spec.file, std::to_string(base + row + 1)}), "D021"});
            continue;
          }
        }
        data_issues.push_back({spec.file, base + row + 1, problem.input, text, "D021"});
      }
      // Filed above, one issue each; the kind's result keeps the rows' joined texts.
      std::vector<std::int64_t>().swap(part.problem_rows);
      std::vector<DataProblem>().swap(part.problems);
      if (streamed && base == 0) reserve_rows(kr, part, estimated_rows + estimated_rows / 16, options.keep_ids, keep_totals);
      if (!streamed) kr.result = std::move(part);
      else append_rows(kr.result, part, keep_totals, node_parts);
      const internal::CsvColumn* idc = table.find("id");
      if (options.keep_ids)
        for (std::size_t r = 0; r < table.rows; ++r) kr.ids.push_back(text_of(idc, r));
      // Places: a commune directly, or through the kind named in `via` (a family's
      // village's commune), resolved from the files' link columns.
      kr.commune.resize(base + table.rows, -1);
      kr.district.resize(base + table.rows, -1);
      std::int32_t* commune = kr.commune.data() + base;
      std::int32_t* district = kr.district.data() + base;
      const internal::CsvColumn* cl = *spec.commune_link ? table.find(spec.commune_link) : nullptr;
      const internal::CsvColumn* dl = *spec.district_link ? table.find(spec.district_link) : nullptr;
      if (*spec.via && via_places == nullptr) via_places = via_places_ahead.valid() ? via_places_ahead.get() : &communes_of(spec.via);
      const PlaceIndex& communes_by_link = *spec.via ? *via_places : commune_index;
      resolve_links(cl, table.rows, [&, hint = std::int32_t{-1}](std::string_view id) mutable { return communes_by_link.find(id, hint); },
                    [&](std::size_t r, std::int32_t c) { commune[r] = c; });
      const bool is_commune = spec.kind == std::string("communes");  // a commune is its own place (same file, same rows)
      if (is_commune)
        for (std::size_t r = 0; r < table.rows; ++r) commune[r] = static_cast<std::int32_t>(base + r);
      for (std::size_t r = 0; r < table.rows; ++r)
        if (commune[r] >= 0) district[r] = out.communes[static_cast<std::size_t>(commune[r])].district;
      if (!is_commune)
        resolve_links(dl, table.rows,
                      [&](std::string_view id) {
                        auto it = district_index.find(std::string(id));
                        return it == district_index.end() ? -1 : it->second;
                      },
                      [&](std::size_t r, std::int32_t d) {
                        if (d >= 0) district[r] = d;
                      });
      // Why a row has no place; a link that matches nothing is the row's problem. Links
      // through `via` (a family's village) are checked where the parent takes its members.
      const std::string via_file = *spec.via ? std::string(spec.via) + ".csv" : std::string();
      const bool via_file_present = !*spec.via || fs::exists(dir / via_file);  // absent: D039 says it once
      for (std::size_t r = 0; r < table.rows; ++r) {
        if (commune[r] >= 0 && district[r] >= 0) continue;
        std::string why;
        if (is_unreadable(bad, r)) {
          why = says(Says::unplaced_unreadable, options.lang);
        } else if (*spec.commune_link != '\0') {
          const std::string link = spec.commune_link;
          const std::string_view text = cl != nullptr ? cl->text(r) : std::string_view();
          if (cl == nullptr) why = says(Says::unplaced_no_column, options.lang, {link});
          else if (text.empty()) why = says(Says::unplaced_empty_link, options.lang, {link});
          else if (*spec.via && !communes_by_link.index.has(text)) {
            why = says(Says::unplaced_link_not_in, options.lang, {link, via_file});
            LinkTarget via{via_file, [&](const std::function<void(std::string_view)>& f) {
                             const internal::CsvColumn* ids = communes_by_link.table.find("id");
                             for (std::size_t k = 0; ids != nullptr && k < communes_by_link.table.rows; ++k) f(ids->text(k));
                           }, {}, false, options.lang};
            if (commune[r] < 0 && via_file_present) read_issues.push_back(via.missing(spec.file, base + r + 1, link, text));
          } else if (*spec.via) {
            const std::string via = spec.via;  // a kind's name, plural: `villages`, `families`
            const std::string one = via == "families" ? "family" : via.substr(0, via.size() - 1);
            why = says(Says::unplaced_parent_no_commune, options.lang, {via_file, one});
          }
          else if (commune[r] < 0) {
            why = says(Says::unplaced_link_not_in, options.lang, {link, "communes.csv"});
            read_issues.push_back(commune_target.missing(spec.file, base + r + 1, link, text));
          }
          if (cl != nullptr && text.empty() && !*spec.via) read_issues.push_back({spec.file, base + r + 1, link, says(Says::empty_link_no_place, options.lang, {link}), "D035"});
          if (why.empty()) why = says(Says::unplaced_no_district, options.lang);
        } else if (*spec.district_link != '\0') {
          const std::string link = spec.district_link;
          const std::string_view text = dl != nullptr ? dl->text(r) : std::string_view();
          if (commune[r] < 0 && !is_commune) count_reason(kr.unplaced_commune, says(Says::placed_by_district_only, options.lang));
          if (district[r] >= 0) continue;
          if (is_commune) why = says(Says::unplaced_no_district, options.lang);
          else if (dl == nullptr) why = says(Says::unplaced_no_column, options.lang, {link});
          else if (text.empty()) {
            why = says(Says::unplaced_empty_link, options.lang, {link});
            read_issues.push_back({spec.file, base + r + 1, link, says(Says::empty_link_no_place, options.lang, {link}), "D035"});
          } else {
            why = says(Says::unplaced_link_not_in, options.lang, {link, "districts.csv"});
            read_issues.push_back(district_target.missing(spec.file, base + r + 1, link, text));
          }
          count_reason(kr.unplaced_district, why);
          continue;
        }
        if (commune[r] < 0) count_reason(kr.unplaced_commune, why);
        if (district[r] < 0) count_reason(kr.unplaced_district, why);
      }
    }
    record_stats(spec.file, reader.stats());
    if (check_repeats)
      for (const auto& [row, first, id] : repeated.find(path.string()))
        read_issues.push_back({spec.file, row + 1, "id", says(Says::duplicate_entity, options.lang, {name_invisible(id), std::to_string(first + 1)}), "D031"});
    // A streamed kind's columns keep the capacity reserve_rows gave them: the part past
    // their rows was never written, so it holds no memory, where trimming it would copy
    // each column into fresh memory the system must zero.
    join_node_parts(kr.result, node_parts);
    if (!keep_totals) release_totals(kr.result);
    if (kr.result.grades.empty()) {  // every row's grade and level would be -1 and 0 (KindResults); append_rows kept none
      std::vector<std::int32_t>().swap(kr.result.grade);
      std::vector<std::int32_t>().swap(kr.result.level);
    }
    // A file read twice (adults: as citizens, and by agencies as members) reports a bad row once.
    for (const auto* issues : {&read_issues, &data_issues})
      for (const RowIssue& i : *issues)
        if (reported.insert({i.file, i.row, i.field, i.reason}).second) out.issues.push_back(i);
    if (options.progress) options.progress(spec.kind, kr.result.rows, kr.result.rows);
    out.kinds.push_back(std::move(kr));
    me.results = &out.kinds.back();
  }
  if (!options.keep_totals)  // those a parent's set read too, now that every kind is judged
    for (KindResults& kr : out.kinds) release_totals(kr.result);
  for (auto& [file, found] : id_checks) take_repeated(file, found.get());
  // The places' own problems first (their files come first), then each line's number.
  out.issues.insert(out.issues.begin(), place_issues.begin(), place_issues.end());
  for (RowIssue& i : out.issues) {
    auto st = file_stats.find(i.file);
    if (st != file_stats.end() && i.row > 0) i.line = st->second.line_of(i.row - 1);
  }
  std::vector<std::string> order = {"districts.csv", "communes.csv"};
  for (const KindSpec& k : kKinds)
    if (std::find(order.begin(), order.end(), k.file) == order.end()) order.push_back(k.file);
  // Problems in file order (places first, members before parents), then row order.
  auto file_rank = [&](const std::string& file) { return std::find(order.begin(), order.end(), file) - order.begin(); };
  std::stable_sort(out.issues.begin(), out.issues.end(), [&](const RowIssue& a, const RowIssue& b) {
    return std::make_pair(file_rank(a.file), a.row) < std::make_pair(file_rank(b.file), b.row);
  });
  for (const std::string& file : order) {
    auto st = file_stats.find(file);
    if (st == file_stats.end()) continue;
    const internal::CsvStats& c = st->second;
    out.files.push_back({file, c.lines, c.header_lines, c.rows_read, c.rows_unreadable, c.blank_lines, c.continued_lines});
    if (!c.balanced())  // never expected: the reader accounts for every line
      out.issues.push_back({file, 0, "", says(Says::lines_unaccounted, options.lang,
                                              {std::to_string(c.header_lines + c.rows_read + c.rows_unreadable + c.blank_lines + c.continued_lines),
                                               std::to_string(c.lines)}), "D019"});
  }
  return out;
}

}  // namespace v0
}  // namespace hoctap
