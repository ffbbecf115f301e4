// Evaluating a dataset folder bottom-up (docs/datasets.md).
#include "hoctap/dataset.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <fstream>
#include <future>
#include <map>
#include <algorithm>
#include <set>
#include <tuple>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include "dataset/csv.hpp"
#include "yaml/yaml_tree.hpp"

namespace hoctap {
inline namespace v0 {
namespace {

namespace fs = std::filesystem;
using internal::CsvKind;
using internal::CsvTable;

// Where each list input's members come from: the file, and the column of that file that
// holds the parent's id (by the parent kind).
struct MemberSource {
  const char* list;
  const char* kind;  // the member kind whose file and results feed it
};

struct KindSpec {
  const char* kind;
  const char* file;
  const char* title;           // empty: not evaluated (members only)
  const char* parent_link;     // the column members of this kind use to point at it
  const char* commune_link;    // column leading to the commune (or empty)
  const char* district_link;   // column leading to the district (or empty)
  const char* via;             // kind whose commune this kind inherits through `commune_link` (or empty)
};

// Evaluation order: members before parents.
const KindSpec kKinds[] = {
    {"children", "children.csv", "", "", "", "", ""},
    {"adults", "adults.csv", "cong_dan_hoc_tap", "", "family_id", "", "families"},
    {"families", "families.csv", "gia_dinh_hoc_tap", "family_id", "village_id", "", "villages"},
    {"clans", "clans.csv", "dong_ho_hoc_tap", "clan_id", "village_id", "", "villages"},
    {"villages", "villages.csv", "cong_dong_hoc_tap_thon", "village_id", "commune_id", "", ""},
    {"commune_units", "commune_units.csv", "don_vi_hoc_tap_xa", "", "commune_id", "", ""},
    {"agencies", "agencies.csv", "don_vi_hoc_tap_huyen_tinh", "unit_id", "", "district_id", ""},
    {"communes", "communes.csv", "cong_dong_hoc_tap_xa", "", "", "district_id", ""},
};

const MemberSource kMembers[] = {
    {"tre_em", "children"}, {"nguoi_lon", "adults"}, {"gia_dinh", "families"}, {"dong_ho", "clans"}, {"thanh_vien", "adults"},
};

// True when `name` is a field of one of the set's member lists (`tre_em.tuoi`).
bool is_member_field(const std::vector<InputInfo>& inputs, const std::string& name) {
  std::size_t dot = name.find('.');
  if (dot == std::string::npos) return false;
  const std::string list = name.substr(0, dot);
  for (const InputInfo& in : inputs)
    if (in.kind == "list" && in.name == list) return true;
  return false;
}

CsvKind csv_kind(const std::string& input_kind) {
  if (input_kind == "int" || input_kind == "decimal") return CsvKind::number;
  if (input_kind == "bool") return CsvKind::boolean;
  if (input_kind == "date") return CsvKind::date;
  return CsvKind::text;
}

// The rows of a kind's file and, once evaluated, its results.
struct Loaded {
  const KindSpec* spec = nullptr;
  std::string path;
  CsvTable ids;                      // id and link columns
  std::unordered_map<std::string, std::int64_t> row_of;  // id → row
  KindResults* results = nullptr;
};

std::string text_of(const internal::CsvColumn* c, std::size_t row) {
  return c == nullptr ? std::string() : std::string(c->text(row));
}

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

// Appends a chunk's results (rows, errors) to `all`; its node columns, node-major within
// the chunk, are kept in `node_parts` for join_node_parts.
void append_rows(BatchResult& all, BatchResult& part, std::vector<BatchResult>& node_parts) {
  if (all.rows == 0 && node_parts.empty()) {
    all.grades = part.grades;
    all.node_index = part.node_index;
  }
  for (std::size_t k = 0; k < part.error_rows.size(); ++k) {
    all.error_rows.push_back(static_cast<std::int64_t>(all.rows) + part.error_rows[k]);
    all.error_texts.push_back(std::move(part.error_texts[k]));
  }
  all.decision.insert(all.decision.end(), part.decision.begin(), part.decision.end());
  all.total_units.insert(all.total_units.end(), part.total_units.begin(), part.total_units.end());
  all.grade.insert(all.grade.end(), part.grade.begin(), part.grade.end());
  all.level.insert(all.level.end(), part.level.begin(), part.level.end());
  all.rows += part.rows;
  if (!part.node_index.empty()) node_parts.push_back(std::move(part));
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

// The columns a parent kind's list input needs from its members' file: the link to the
// parent, and the list's fields.
std::vector<std::pair<std::string, CsvKind>> member_columns(const KindSpec& parent, const std::vector<InputInfo>& inputs,
                                                            const InputInfo& list) {
  std::vector<std::pair<std::string, CsvKind>> columns = {{parent.parent_link, CsvKind::id}};
  const std::string prefix = list.name + ".";
  for (const InputInfo& f : inputs)
    if (f.name.rfind(prefix, 0) == 0) columns.emplace_back(f.name.substr(prefix.size()), csv_kind(f.kind));
  return columns;
}

// id → a value per distinct id (the first row with an id wins). Keys view the table's id
// texts: the table must outlive the index.
template <typename T>
struct IdIndex {
  internal::CodeTable ids;
  std::vector<T> value;  // per id code
  template <typename ValueOf>
  void build(const CsvTable& table, ValueOf value_of) {
    const internal::CsvColumn* idc = table.find("id");
    if (idc == nullptr) return;
    ids.reserve(table.rows);
    for (std::size_t r = 0; r < table.rows; ++r) {
      bool added = false;
      ids.code(idc->text(r), added);
      if (added) value.push_back(value_of(r));
    }
  }
  T find(std::string_view id) const {
    const std::int32_t code = ids.find(id);
    return code < 0 ? T(-1) : value[static_cast<std::size_t>(code)];
  }
};

// id → the row, for a kind whose members point at it.
struct ParentIndex : IdIndex<std::int64_t> {
  void build(const CsvTable& table) {
    IdIndex::build(table, [](std::size_t r) { return static_cast<std::int64_t>(r); });
  }
};

// id → place (a commune's index), with the table whose id texts it views: built in place
// and never moved.
struct PlaceIndex {
  CsvTable table;
  IdIndex<std::int32_t> index;
  std::int32_t find(std::string_view id) const { return index.find(id); }
  // Indexes `read`'s `id` column; `place_of(row)` gives each row's place.
  template <typename PlaceOf>
  void build(CsvTable read, PlaceOf place_of) {
    table = std::move(read);
    index.build(table, place_of);
  }
};

// The members of one kind's batch, owned while it is evaluated: each list's table from the
// member kind's file, its rows pointed at parent rows, and for members judged by the
// list's title, their results as `result.recognized` and `result.total` columns.
struct Members {
  std::vector<CsvTable> tables;
  std::vector<std::vector<std::int64_t>> parents;
  std::vector<std::vector<std::uint8_t>> flags;  // per judged list: recognized, then valid
  std::vector<std::vector<double>> totals;

  // The batch's member table for `list`, read as `columns` (the first is the link).
  // `judged`: the members' own results, in file row order, or null.
  MemberTable attach(const InputInfo& list, CsvTable read, const std::vector<std::pair<std::string, CsvKind>>& columns,
                     const std::string& link, const ParentIndex& parent_rows, const KindResults* judged) {
    tables.push_back(std::move(read));
    const CsvTable& mt = tables.back();
    MemberTable m;
    m.list = list.name;
    m.rows = mt.rows;
    parents.emplace_back(mt.rows, -1);
    std::vector<std::int64_t>& parent = parents.back();
    resolve_links(mt.find(link), mt.rows, [&](std::string_view id) { return parent_rows.find(id); },
                  [&](std::size_t r, std::int64_t row) { parent[r] = row; });
    m.parent = parent.data();
    for (const auto& [name, kind] : columns)
      if (const internal::CsvColumn* c = name != link ? mt.find(name) : nullptr) m.columns.push_back(c->as_batch_column(name));
    if (judged != nullptr) {
      const BatchResult& br = judged->result;
      flags.emplace_back(2 * br.rows);
      std::uint8_t* recognized = flags.back().data();
      std::uint8_t* valid = recognized + br.rows;
      totals.emplace_back(br.rows);
      for (std::size_t r = 0; r < br.rows; ++r) {
        recognized[r] = br.decision[r] == static_cast<std::uint8_t>(Decision::recognized);
        valid[r] = br.decision[r] != static_cast<std::uint8_t>(Decision::not_assessable);
        totals.back()[r] = static_cast<double>(br.total_units[r]) / Decimal::kOne;
      }
      Column rec = Column::boolean("result.recognized", recognized);
      rec.valid = valid;
      m.columns.push_back(rec);
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

Record read_context(const internal::yaml::Node* n, const std::string& file) {
  Record r;
  if (n == nullptr) return r;
  if (!n->is_map()) throw std::runtime_error(file + ": `context` is a map of input names to values");
  for (const auto& [k, v] : n->entries) {
    if (!v->is_scalar()) throw std::runtime_error(file + ": context `" + k->text + "` must be a single value");
    const std::string& t = v->text;
    if (v->style == internal::yaml::Node::Style::plain && (t == "true" || t == "false")) r.set(k->text, t == "true");
    else if (auto d = Decimal::parse(t); d && v->style == internal::yaml::Node::Style::plain) {
      if (t.find('.') == std::string::npos) r.set(k->text, d->units() / Decimal::kOne);
      else r.set(k->text, *d);
    } else if (auto day = Date::parse(t)) r.set(k->text, *day);
    else r.set(k->text, t);
  }
  return r;
}

}  // namespace

DatasetResults evaluate_dataset(const Registry& registry, const std::string& directory, const DatasetOptions& options) {
  DatasetResults out;
  out.date = options.date;
  const fs::path dir(directory);
  // dataset.yaml: name, place, context.
  Record context;
  {
    const fs::path meta = dir / "dataset.yaml";
    std::ifstream in(meta, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read `" + meta.string() + "`");
    std::ostringstream s;
    s << in.rdbuf();
    std::vector<Diagnostic> ds;
    auto doc = internal::yaml::Document::read(s.str(), meta.string(), {}, ds);
    if (doc->root() == nullptr || !doc->root()->is_map()) throw std::runtime_error(format(ds) + meta.string() + ": not a dataset description");
    for (const auto& [k, v] : doc->root()->entries) {
      if (k->text == "name" && v->is_scalar()) out.name = v->text;
      else if (k->text == "place" && v->is_scalar()) out.place = v->text;
      else if (k->text == "context") context = read_context(v, meta.string());
      else if (k->text != "hoctap_dataset")
        throw std::runtime_error(meta.string() + ": unknown key `" + k->text + "` (expected hoctap_dataset, name, place, context)");
    }
  }
  // Districts and communes: the places rates are counted in.
  std::unordered_map<std::string, std::int32_t> district_index;
  PlaceIndex commune_index;
  {
    CsvTable d = internal::read_csv((dir / "districts.csv").string(), {{"id", CsvKind::text}, {"name", CsvKind::text}, {"area", CsvKind::text}});
    for (std::size_t r = 0; r < d.rows; ++r) {
      Area a{text_of(d.find("id"), r), text_of(d.find("name"), r), text_of(d.find("area"), r), -1};
      district_index[a.id] = static_cast<std::int32_t>(out.districts.size());
      out.districts.push_back(a);
    }
    CsvTable c = internal::read_csv((dir / "communes.csv").string(),
                                    {{"id", CsvKind::id}, {"name", CsvKind::text}, {"district_id", CsvKind::text}, {"area", CsvKind::text}});
    for (std::size_t r = 0; r < c.rows; ++r) {
      auto it = district_index.find(text_of(c.find("district_id"), r));
      Area a{text_of(c.find("id"), r), text_of(c.find("name"), r), text_of(c.find("area"), r), it == district_index.end() ? -1 : it->second};
      out.communes.push_back(a);
    }
    commune_index.build(std::move(c), [](std::size_t r) { return static_cast<std::int32_t>(r); });
  }

  // id → commune for a kind, from its file's link column (and its own `via`); memoised.
  std::map<std::string, std::unique_ptr<PlaceIndex>> commune_memo;
  std::function<const PlaceIndex&(const std::string&)> communes_of = [&](const std::string& kind) -> const PlaceIndex& {
    auto found = commune_memo.find(kind);
    if (found != commune_memo.end()) return *found->second;
    PlaceIndex& index = *(commune_memo[kind] = std::make_unique<PlaceIndex>());
    const KindSpec* spec = nullptr;
    for (const KindSpec& k : kKinds)
      if (kind == k.kind) spec = &k;
    const fs::path path = dir / (spec ? spec->file : "");
    if (spec == nullptr || *spec->commune_link == '\0' || !fs::exists(path)) return index;
    CsvTable t = internal::read_csv(path.string(), {{"id", CsvKind::id}, {spec->commune_link, CsvKind::id}});
    const PlaceIndex& next = *spec->via ? communes_of(spec->via) : commune_index;
    std::vector<std::int32_t> commune(t.rows, -1);
    resolve_links(t.find(spec->commune_link), t.rows, [&](std::string_view id) { return next.find(id); },
                  [&](std::size_t r, std::int32_t c) { commune[r] = c; });
    index.build(std::move(t), [&](std::size_t r) { return commune[r]; });
    return index;
  };

  auto set_for = [&](const KindSpec& spec) -> std::optional<CriteriaSet> {
    for (const CriteriaSet& s : options.use_sets)
      if (s.title() == spec.title) return s;
    return registry.find(spec.title, options.date);
  };
  // A kind read a chunk at a time that is also a later kind's members (adults: citizens,
  // and the households' adults) is read once: the members' columns are gathered from the
  // same chunks. By member kind: the (parent kind, list) tables to gather and their columns.
  struct Gathered {
    std::string parent_kind, list;
    std::vector<std::pair<std::string, CsvKind>> columns;
    CsvTable table;
  };
  std::map<std::string, std::vector<Gathered>> gathered;
  for (const KindSpec& parent : kKinds) {
    if (*parent.title == '\0' || *parent.parent_link == '\0' || !fs::exists(dir / parent.file)) continue;
    const std::optional<CriteriaSet> set = set_for(parent);
    if (!set) continue;
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
    if (*spec.title == '\0') continue;  // members only: read when a parent needs them
    const std::optional<CriteriaSet> set = set_for(spec);
    if (!set) continue;  // no version in force on the date: the kind is not judged
    const auto& inputs = set->inputs();
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
    BatchOptions bo;
    bo.assessment_date = options.date;
    bo.outside_validity = true;
    bo.context = &context;
    bo.threads = options.threads;
    bo.lang = options.lang;
    bo.nodes = options.nodes;
    KindResults kr;
    kr.kind = spec.kind;
    kr.file = spec.file;
    kr.title = spec.title;
    kr.set_id = set->id();
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
                                           [file = loaded[src->kind].path, columns = member_columns(spec, inputs, in)] { return internal::read_csv(file, columns); });
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
    internal::CsvReader reader(path.string(), read_columns);
    CsvTable table;
    while (reader.next(table, streamed ? std::max<std::size_t>(options.chunk_rows, 1) : SIZE_MAX)) {
      const std::size_t base = table.first_row;
      for (const auto& e : table.errors)  // members' columns gathered here included: the file is read once
        read_issues.push_back({spec.file, base + e.row + 1, e.field, e.reason});
      for (Gathered* g : gather) {
        if (base == 0) reserve_columns(g->table, g->columns, reader.estimated_rows());
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
      for (const InputInfo& in : inputs) {
        const MemberSource* src = member_source(in);
        if (src == nullptr) continue;
        const KindResults* judged = loaded[src->kind].results;
        CsvTable read = member_reads.at(in.name).get();
        for (const auto& e : read.errors)  // children's rows have no kind of their own to report them
          read_issues.push_back({loaded[src->kind].spec->file, e.row + 1, e.field, e.reason});
        batch.members.push_back(members.attach(in, std::move(read), member_columns(spec, inputs, in), spec.parent_link,
                                               parent_rows, judged != nullptr && judged->title == in.title ? judged : nullptr));
      }
      // Members now point at their parents by row: the ids that linked them are not needed
      // while evaluating (at 1M households: the family index and 3M member links, ~70 MB).
      parent_rows = ParentIndex();
      members.drop_links(spec.parent_link);
      BatchResult part = evaluate_batch(*set, batch, bo);
      for (std::size_t k = 0; k < part.error_rows.size(); ++k)
        data_issues.push_back({spec.file, base + static_cast<std::size_t>(part.error_rows[k]) + 1, "", part.error_texts[k]});
      if (!streamed) kr.result = std::move(part);
      else append_rows(kr.result, part, node_parts);
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
      const PlaceIndex& communes_by_link = *spec.via ? communes_of(spec.via) : commune_index;
      resolve_links(cl, table.rows, [&](std::string_view id) { return communes_by_link.find(id); },
                    [&](std::size_t r, std::int32_t c) { commune[r] = c; });
      for (std::size_t r = 0; r < table.rows; ++r)
        if (commune[r] >= 0) district[r] = out.communes[static_cast<std::size_t>(commune[r])].district;
      resolve_links(dl, table.rows,
                    [&](std::string_view id) {
                      auto it = district_index.find(std::string(id));
                      return it == district_index.end() ? -1 : it->second;
                    },
                    [&](std::size_t r, std::int32_t d) {
                      if (d >= 0) district[r] = d;
                    });
    }
    join_node_parts(kr.result, node_parts);
    if (streamed) {  // grown chunk by chunk: give back the spare capacity before the next kind
      for (auto* v : {&kr.commune, &kr.district, &kr.result.grade, &kr.result.level}) v->shrink_to_fit();
      kr.result.decision.shrink_to_fit();
      kr.result.total_units.shrink_to_fit();
    }
    // A file read twice (adults: as citizens, and by agencies as members) reports a bad row once.
    for (const auto* issues : {&read_issues, &data_issues})
      for (const RowIssue& i : *issues)
        if (reported.insert({i.file, i.row, i.field, i.reason}).second) out.issues.push_back(i);
    if (options.progress) options.progress(spec.kind, kr.result.rows, kr.result.rows);
    out.kinds.push_back(std::move(kr));
    me.results = &out.kinds.back();
  }
  return out;
}

}  // namespace v0
}  // namespace hoctap

namespace hoctap {
inline namespace v0 {
namespace {

// One CSV row as a record, typed by the set's inputs (`prefix` selects a member list's fields).
Record row_record(const internal::CsvTable& t, std::size_t row, const std::vector<InputInfo>& inputs, const std::string& prefix) {
  Record r;
  for (const InputInfo& in : inputs) {
    if (in.kind == "list") continue;
    std::string name = in.name;
    if (!prefix.empty()) {
      if (name.rfind(prefix, 0) != 0) continue;
      name = name.substr(prefix.size());
    } else if (is_member_field(inputs, name)) {
      continue;
    }
    const internal::CsvColumn* c = t.find(name);
    if (c == nullptr) continue;
    switch (c->kind) {
      case CsvKind::number: {
        double x = c->numbers[row];
        if (std::isnan(x)) break;
        if (auto d = Decimal::from_double(x)) {
          if (in.kind == "int" && d->is_integer()) r.set(name, d->units() / Decimal::kOne);
          else r.set(name, *d);
        }
        break;
      }
      case CsvKind::boolean:
        if (c->valid[row]) r.set(name, c->flags[row] != 0);
        break;
      case CsvKind::date:
        if (c->valid[row]) r.set(name, Date::from_days(c->ints[row]));
        break;
      case CsvKind::text:
      case CsvKind::id:
        if (!c->text(row).empty()) r.set(name, std::string(c->text(row)));
        break;
    }
  }
  return r;
}

std::vector<std::pair<std::string, CsvKind>> columns_for(const std::vector<InputInfo>& inputs, const std::string& prefix,
                                                         std::vector<std::pair<std::string, CsvKind>> base) {
  for (const InputInfo& in : inputs) {
    if (in.kind == "list") continue;
    if (!prefix.empty() && in.name.rfind(prefix, 0) == 0) base.emplace_back(in.name.substr(prefix.size()), csv_kind(in.kind));
    else if (prefix.empty() && !is_member_field(inputs, in.name)) base.emplace_back(in.name, csv_kind(in.kind));
  }
  return base;
}

}  // namespace

std::string explain_entity(const Registry& registry, const std::string& directory, const std::string& title, const std::string& id,
                           const DatasetOptions& options) {
  const bool vi = options.lang == Lang::vi;
  DatasetResults all = evaluate_dataset(registry, directory, options);
  const KindResults* kind = nullptr;
  for (const KindResults& k : all.kinds)
    if (k.title == title) kind = &k;
  if (kind == nullptr) throw std::runtime_error("title `" + title + "` is not judged in this dataset on " + options.date.to_string());
  std::size_t row = kind->ids.size();
  for (std::size_t r = 0; r < kind->ids.size(); ++r)
    if (kind->ids[r] == id) row = r;
  if (row == kind->ids.size()) throw std::runtime_error("no `" + id + "` in " + kind->file);
  const KindSpec* spec = nullptr;
  for (const KindSpec& k : kKinds)
    if (kind->kind == k.kind) spec = &k;
  CriteriaSet set = *registry.find(title, options.date);
  for (const CriteriaSet& s : options.use_sets)
    if (s.title() == title) set = s;
  const fs::path dir(directory);
  internal::CsvTable own = internal::read_csv((dir / spec->file).string(), columns_for(set.inputs(), "", {{"id", CsvKind::text}}));
  Record record = row_record(own, row, set.inputs(), "");
  std::ostringstream rollup;
  // Members, with their results as the dataset judged them.
  for (const InputInfo& in : set.inputs()) {
    if (in.kind != "list") continue;
    const MemberSource* src = nullptr;
    for (const MemberSource& m : kMembers)
      if (in.name == m.list) src = &m;
    const KindSpec* member_spec = nullptr;
    for (const KindSpec& k : kKinds)
      if (src && src->kind == std::string(k.kind)) member_spec = &k;
    if (member_spec == nullptr || *spec->parent_link == '\0' || !fs::exists(dir / member_spec->file)) continue;
    const std::string prefix = in.name + ".";
    internal::CsvTable mt = internal::read_csv((dir / member_spec->file).string(),
                                               columns_for(set.inputs(), prefix, {{"id", CsvKind::text}, {spec->parent_link, CsvKind::text}}));
    const KindResults* member_results = nullptr;
    for (const KindResults& k : all.kinds)
      if (k.kind == member_spec->kind && !in.title.empty() && k.title == in.title) member_results = &k;
    std::unordered_map<std::string, std::size_t> member_row;
    if (member_results)
      for (std::size_t r = 0; r < member_results->ids.size(); ++r) member_row.emplace(member_results->ids[r], r);
    std::vector<Record> members;
    std::size_t recognized = 0, judged = 0;
    std::vector<std::string> failed;
    const internal::CsvColumn* link = mt.find(spec->parent_link);
    const internal::CsvColumn* mid = mt.find("id");
    for (std::size_t r = 0; r < mt.rows; ++r) {
      if (text_of(link, r) != id) continue;
      Record m = row_record(mt, r, set.inputs(), prefix);
      if (member_results) {
        auto it = member_row.find(text_of(mid, r));
        if (it != member_row.end()) {
          auto d = static_cast<Decision>(member_results->result.decision[it->second]);
          if (d != Decision::not_assessable) m.set("result.recognized", d == Decision::recognized);
          ++judged;
          if (d == Decision::recognized) {
            ++recognized;
          } else {
            // Why: the member's criteria that are not met or not assessable.
            const BatchResult& br = member_results->result;
            std::string why;
            auto member_set = registry.find(member_results->title, options.date);
            for (std::size_t k = 0; k < br.node_index.size() && member_set; ++k) {
              auto st = static_cast<Status>(br.node_status[k * br.rows + it->second]);
              if (st != Status::not_met && st != Status::not_assessable) continue;
              const NodeInfo& n = member_set->nodes()[static_cast<std::size_t>(br.node_index[k])];
              why += std::string(why.empty() ? "" : "; ") + (vi ? n.name_vi : n.name_en) + " (" +
                     (st == Status::not_met ? (vi ? "không đạt" : "not met") : (vi ? "không đánh giá được" : "not assessable")) + ")";
            }
            if (why.empty()) why = vi ? (d == Decision::not_assessable ? "thiếu dữ liệu" : "tổng điểm hoặc ngưỡng") : (d == Decision::not_assessable ? "missing data" : "total or threshold");
            failed.push_back(text_of(mid, r) + ": " + why);
          }
        }
      }
      members.push_back(std::move(m));
    }
    record.set(in.name, members);
    if (member_results) {
      char pct[16];
      std::snprintf(pct, sizeof pct, "%.1f%%", judged ? 100.0 * static_cast<double>(recognized) / static_cast<double>(judged) : 0.0);
      rollup << "- `" << in.name << "`: " << recognized << "/" << judged << (vi ? " thành viên đạt " : " members recognized as ")
             << (vi ? member_results->name_vi : member_results->name_en) << " = " << pct << "\n";
      std::size_t shown = 0;
      for (const std::string& f : failed) {
        if (++shown > 20) {
          rollup << "    … " << failed.size() - 20 << (vi ? " thành viên nữa" : " more") << "\n";
          break;
        }
        rollup << "    " << (vi ? "chưa đạt: " : "not recognized: ") << f << "\n";
      }
    }
  }
  Record context;
  {
    // The same context the dataset evaluation used (dataset.yaml).
    std::ifstream in(dir / "dataset.yaml", std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    std::vector<Diagnostic> ds;
    auto doc = internal::yaml::Document::read(s.str(), "dataset.yaml", {}, ds);
    if (doc->root())
      for (const auto& [k, v] : doc->root()->entries)
        if (k->text == "context") context = read_context(v, "dataset.yaml");
  }
  EvaluateOptions eo;
  eo.assessment_date = options.date;
  eo.outside_validity = true;
  eo.context = &context;
  Result result = registry.evaluate_with(set, record, eo);
  std::ostringstream o;
  o << (vi ? "Đối tượng " : "Entity ") << id << " (" << kind->file << ")\n" << result.explain(options.lang);
  const std::string r = rollup.str();
  if (!r.empty()) o << (vi ? "Thành viên:\n" : "Members:\n") << r;
  if (!context.fields().empty()) {
    o << (vi ? "Giá trị địa phương áp dụng (dataset.yaml):" : "Local values applied (dataset.yaml):");
    for (const auto& [k, v] : context.fields()) {
      o << " " << k << "=";
      if (auto d = std::get_if<Decimal>(&v)) o << d->to_string();
      else if (auto i = std::get_if<std::int64_t>(&v)) o << *i;
      else if (auto b = std::get_if<bool>(&v)) o << (*b ? "true" : "false");
      else if (auto t = std::get_if<std::string>(&v)) o << *t;
    }
    o << "\n";
  }
  return o.str();
}

}  // namespace v0
}  // namespace hoctap
