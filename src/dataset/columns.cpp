// The folder's files against the sets that read them (the contract of each function is in
// dataset/folder.hpp): the columns a kind's set in force reads and whether its file has
// them (D036), the columns no version reads (D037); and a file's rows bound to a set's
// inputs, as typed columns to read (columns_for) or as one record (row_record).
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "dataset/folder.hpp"
#include "dataset/issue_text.hpp"
#include "model/reads.hpp"
#include "util/messages.hpp"

namespace hoctap::internal::folder {

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

std::string text_of(const internal::CsvColumn* c, std::size_t row) {
  return c == nullptr ? std::string() : std::string(c->text(row));
}

std::vector<std::pair<std::string, CsvKind>> member_columns(const KindSpec& parent, const std::vector<InputInfo>& inputs,
                                                            const InputInfo& list) {
  std::vector<std::pair<std::string, CsvKind>> columns = {{parent.parent_link, CsvKind::id}};
  const std::string prefix = list.name + ".";
  for (const InputInfo& f : inputs)
    if (f.name.rfind(prefix, 0) == 0) columns.emplace_back(f.name.substr(prefix.size()), csv_kind(f.kind));
  return columns;
}

std::optional<CriteriaSet> set_in_force(const Registry& registry, const DatasetOptions& options, const KindSpec& spec,
                                        const std::string& place) {
  for (const CriteriaSet& s : options.use_sets)
    if (s.title() == spec.title) return s;
  return registry.find(spec.title, options.date, place);  // the place's own version first
}

std::vector<RowIssue> check_columns(const fs::path& dir, const Record& context, const std::string& place, const Registry& registry,
                                    const DatasetOptions& options) {
  const Lang lang = options.lang;
  auto set_for = [&](const KindSpec& spec) { return set_in_force(registry, options, spec, place); };
  auto versions_of = [&](const KindSpec& spec) {
    std::vector<CriteriaSet> all = registry.versions(spec.title);
    for (const CriteriaSet& s : options.use_sets)
      if (s.title() == spec.title) all.push_back(s);
    return all;
  };
  std::vector<std::string> meta = {"id", "name", "area"};
  for (const KindSpec& k : kKinds)
    for (const char* link : {k.parent_link, k.commune_link, k.district_link})
      if (*link && std::find(meta.begin(), meta.end(), link) == meta.end()) meta.emplace_back(link);
  std::map<std::string, std::optional<CriteriaSet>> sets;
  // What each set in force reads (internal::inputs_read), by kind: every check below asks.
  std::map<std::string, std::set<std::string>> reads_of;
  for (const KindSpec& k : kKinds)
    if (*k.title && fs::exists(dir / k.file))
      if (const std::optional<CriteriaSet>& set = sets[k.kind] = set_for(k)) reads_of[k.kind] = internal::inputs_read(*set->compiled());
  const std::set<std::string> reads_nothing;  // a version not in force: its declared names only
  std::vector<RowIssue> out;
  // Member kind `k` has no set in force on the date, so its rows have no results: a
  // parent's set in force that reads them (`nguoi_lon[].result.recognized`) finds them
  // missing for every member (D038, once per parent set), with the version nearest the date.
  // The title has versions (a registry refuses a set whose members' title it lacks, H401),
  // none in force: one starts after the date or the last has ended.
  auto members_not_judged = [&](const KindSpec& k, const std::vector<CriteriaSet>& versions, std::vector<RowIssue>& issues) {
    const Date date = options.date;
    const CriteriaSet* next = nullptr;
    const CriteriaSet* last = nullptr;
    for (const CriteriaSet& v : versions) {
      if (v.valid_from() > date && (next == nullptr || v.valid_from() < next->valid_from())) next = &v;
      if (v.valid_to() && *v.valid_to() < date && (last == nullptr || *v.valid_to() > *last->valid_to())) last = &v;
    }
    for (const KindSpec& parent : kKinds) {
      auto it = sets.find(parent.kind);
      if (it == sets.end() || !it->second) continue;
      const std::set<std::string>& reads = reads_of.at(parent.kind);
      for (const MemberSource& m : kMembers) {
        const std::string prefix = std::string(m.list) + ".result.";
        const auto first_read = reads.lower_bound(prefix);
        if (k.kind != std::string(m.kind) || first_read == reads.end() || first_read->rfind(prefix, 0) != 0) continue;
        const std::string result = first_read->substr(std::string(m.list).size() + 1);
        const std::string what = std::string(m.list) + "[]." + result;
        const std::string day = date.to_string();
        const std::string& set_id = it->second->id();
        if (next == nullptr && last == nullptr) continue;
        std::string reason =
            next != nullptr ? says(Says::members_not_judged_next, lang, {k.title, day, k.file, set_id, what, next->id(), next->valid_from().to_string()})
                            : says(Says::members_not_judged_last, lang, {k.title, day, k.file, set_id, what, last->id(), last->valid_to()->to_string()});
        issues.push_back({k.file, 0, result, std::move(reason), "D038", 1});
      }
    }
  };
  // Files the folder lacks that a file it has needs (D039, once each, at the header of the
  // file that needs them): the members a parent's set in force reads, and the rows a link
  // column goes through to place a row in its commune. Their rows' own problems (every
  // member missing, every link matching nothing) follow from it and are not listed.
  for (const KindSpec& parent : kKinds) {
    auto it = sets.find(parent.kind);
    if (it == sets.end() || !it->second) continue;
    const std::set<std::string>& reads = reads_of.at(parent.kind);
    for (const MemberSource& m : kMembers) {
      const KindSpec& member = kind_named(m.kind);
      const std::string list = m.list;
      const auto first_read = reads.lower_bound(list);
      const bool read = first_read != reads.end() && (*first_read == list || first_read->rfind(list + ".", 0) == 0);
      if (!read || fs::exists(dir / member.file)) continue;
      out.push_back({parent.file, 0, list, says(Says::members_file_absent, lang, {it->second->id(), list, member.file, parent.file}), "D039", 1});
    }
  }
  for (const KindSpec& k : kKinds)
    if (*k.via && fs::exists(dir / k.file) && !fs::exists(dir / kind_named(k.via).file))
      out.push_back({k.file, 0, k.commune_link, says(Says::link_file_absent, lang, {k.commune_link, k.file, kind_named(k.via).file}), "D039", 1});
  for (const KindSpec& k : kKinds) {
    const fs::path path = dir / k.file;
    if (!fs::exists(path)) continue;
    struct Wanted {
      std::string column, list, set_id;  // list: empty for the kind's own input
    };
    std::vector<std::string> known;
    std::vector<Wanted> wanted;
    bool read = false;
    auto own_inputs = [&](const CriteriaSet& set, bool in_force) {
      const auto& inputs = set.inputs();
      const std::set<std::string>& reads = in_force ? reads_of.at(k.kind) : reads_nothing;
      for (const InputInfo& in : inputs) {
        if (in.kind == "list" || is_member_field(inputs, in.name)) continue;
        known.push_back(in.name);
        if (in_force && reads.count(in.name) && context.find(in.name) == nullptr) wanted.push_back({in.name, "", set.id()});
      }
    };
    if (auto it = sets.find(k.kind); it != sets.end() && it->second) {
      read = true;
      own_inputs(*it->second, true);
    }
    if (*k.title)
      for (const CriteriaSet& v : versions_of(k)) own_inputs(v, false);
    for (const KindSpec& parent : kKinds) {
      if (*parent.title == '\0' || *parent.parent_link == '\0') continue;
      auto it = sets.find(parent.kind);
      auto list_fields = [&](const CriteriaSet& set, bool in_force) {
        const auto& inputs = set.inputs();
        const std::set<std::string>& reads = in_force ? reads_of.at(parent.kind) : reads_nothing;
        for (const InputInfo& in : inputs) {
          bool feeds = false;
          for (const MemberSource& m : kMembers) feeds = feeds || (in.kind == "list" && in.name == m.list && k.kind == std::string(m.kind));
          if (!feeds) continue;
          read = read || in_force;
          for (const auto& column : member_columns(parent, inputs, in)) {
            if (column.first == parent.parent_link || column.first.rfind("result.", 0) == 0) continue;
            known.push_back(column.first);
            if (in_force && reads.count(in.name + "." + column.first)) wanted.push_back({column.first, in.name, set.id()});
          }
        }
      };
      // A parent's versions name the fields its lists read even when its file is absent
      // (that is D039's, not the columns').
      if (it != sets.end() && it->second) list_fields(*it->second, true);
      for (const CriteriaSet& v : versions_of(parent)) list_fields(v, false);
    }
    if (auto own = sets.find(k.kind); own != sets.end() && !own->second) members_not_judged(k, versions_of(k), out);
    if (!read) continue;
    const internal::CsvReader reader(path.string(), {});
    const std::vector<std::string>& header = reader.header();
    std::set<std::string> missing;  // a field two sets read is one problem of the file
    for (const Wanted& w : wanted) {
      if (std::find(header.begin(), header.end(), w.column) != header.end() || !missing.insert(w.column).second) continue;
      out.push_back({k.file, 0, w.column,
                     w.list.empty() ? says(Says::input_not_a_column, lang, {w.column, w.set_id, k.file})
                                    : says(Says::member_field_not_a_column, lang, {w.column, w.list, w.set_id, k.file}),
                     "D036", 1});
    }
    for (const std::string& column : header) {
      if (column.empty() || std::find(meta.begin(), meta.end(), column) != meta.end() ||
          std::find(known.begin(), known.end(), column) != known.end())
        continue;
      const std::string near = internal::nearest_name(column, known);
      out.push_back({k.file, 0, column,
                     near.empty() ? says(Says::unknown_column, lang, {column, k.file}) : says(Says::unknown_column_near, lang, {column, k.file, near}),
                     "D037", 1});
    }
  }
  return out;
}

void check_links(const fs::path& dir, const std::string& place, const Registry& registry, const DatasetOptions& options) {
  std::map<std::string, std::vector<std::string>> headers;  // by file, read once
  CsvLimits limits;
  limits.lang = options.lang;
  auto header_of = [&](const char* file) -> const std::vector<std::string>& {
    auto it = headers.find(file);
    if (it == headers.end()) it = headers.emplace(file, internal::CsvReader((dir / file).string(), {}, limits).header()).first;
    return it->second;
  };
  auto has = [](const std::vector<std::string>& header, const std::string& column) { return std::find(header.begin(), header.end(), column) != header.end(); };
  std::vector<Text> missing;
  std::set<std::string> told;  // a column once, whichever lists need it
  for (const KindSpec& parent : kKinds) {
    if (*parent.title == '\0' || *parent.parent_link == '\0' || !fs::exists(dir / parent.file)) continue;
    const std::optional<CriteriaSet> set = set_in_force(registry, options, parent, place);
    if (!set) continue;
    for (const InputInfo& in : set->inputs()) {
      if (in.kind != "list") continue;
      for (const MemberSource& m : kMembers) {
        if (in.name != m.list) continue;
        const KindSpec* member = &kind_named(m.kind);
        if (!fs::exists(dir / member->file)) continue;
        const std::vector<std::string>& members = header_of(member->file);
        if (!has(members, parent.parent_link) && told.insert(std::string(member->file) + "/" + parent.parent_link).second)
          missing.push_back(with_suggestion(tr("dataset.no_link", {member->file, parent.parent_link, parent.file}), nearest_name(parent.parent_link, members)));
        const std::vector<std::string>& parents = header_of(parent.file);
        if (!has(parents, "id") && told.insert(std::string(parent.file) + "/id").second)
          missing.push_back(with_suggestion(tr("dataset.no_id", {parent.file, member->file}), nearest_name("id", parents)));
      }
    }
  }
  if (missing.empty()) return;
  Text message = tr("dataset.links");
  for (const Text& m : missing) {
    message.en += "\n  " + m.en;
    message.vi += "\n  " + m.vi;
  }
  throw internal::error<RuntimeError>("E008", std::move(message), options.lang);
}

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

}  // namespace hoctap::internal::folder

namespace hoctap {
inline namespace v0 {

std::vector<RowIssue> check_dataset_columns(const Registry& registry, const std::string& directory, const DatasetOptions& options) {
  DatasetResults meta;
  const Record context = internal::folder::read_dataset_yaml(internal::folder::fs::path(directory) / "dataset.yaml", registry, meta, options.lang);
  return internal::folder::check_columns(internal::folder::fs::path(directory), context, meta.place, registry, options);
}

}  // namespace v0
}  // namespace hoctap
