// One entity of a dataset folder explained after the folder is judged (explain_entity),
// and rows of a file as the records a set reads (dataset_rows, dataset/rows.hpp): both read
// the entity's file again, bound to the set's inputs as columns.cpp binds them.
#include <cstdio>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include "dataset/folder.hpp"
#include "dataset/rows.hpp"
#include "util/messages.hpp"

namespace hoctap {
inline namespace v0 {
namespace {

namespace fs = std::filesystem;
using internal::CsvKind;
using namespace internal::folder;  // the kinds, dataset.yaml, columns (folder.hpp)

}  // namespace

std::string explain_entity(const Registry& registry, const std::string& directory, const std::string& title, const std::string& id,
                           const DatasetOptions& options) {
  const bool vi = options.lang == Lang::vi;
  // A sentence from the catalog (util/message_catalog.cpp, `explain.*`) in the options' language.
  auto say = [&](std::string_view message, std::initializer_list<internal::Arg> args = {}) {
    return internal::text_in(options.lang, internal::tr(message, args));
  };
  DatasetResults all = evaluate_dataset(registry, directory, options);
  const KindResults* kind = nullptr;
  for (const KindResults& k : all.kinds)
    if (k.title == title) kind = &k;
  if (kind == nullptr) {
    std::vector<std::string> titles;
    for (const KindResults& k : all.kinds) titles.push_back(k.title);
    internal::Text m = internal::with_suggestion(internal::tr("dataset.title", {title, options.date.to_string()}), internal::nearest_name(title, titles));
    throw internal::error<RuntimeError>("E009", std::move(m), options.lang);
  }
  std::size_t row = kind->ids.size();
  for (std::size_t r = 0; r < kind->ids.size(); ++r)
    if (kind->ids[r] == id) row = r;
  if (row == kind->ids.size()) throw internal::error<RuntimeError>("E009", "dataset.no_entity", {id, kind->file}, options.lang);
  const KindSpec* spec = &kind_named(kind->kind);
  CriteriaSet set = *registry.find(title, options.date, all.place);
  for (const CriteriaSet& s : options.use_sets)
    if (s.title() == title) set = s;
  const fs::path dir(directory);
  internal::CsvLimits limits;
  limits.lang = options.lang;
  internal::CsvTable own = internal::read_csv((dir / spec->file).string(), columns_for(set.inputs(), "", {{"id", CsvKind::text}}), limits);
  Record record = row_record(own, row, set.inputs(), "");
  std::ostringstream rollup;
  // Members, with their results as the dataset judged them.
  for (const InputInfo& in : set.inputs()) {
    if (in.kind != "list") continue;
    const MemberSource* src = nullptr;
    for (const MemberSource& m : kMembers)
      if (in.name == m.list) src = &m;
    const KindSpec* member_spec = src != nullptr ? &kind_named(src->kind) : nullptr;
    if (member_spec == nullptr || *spec->parent_link == '\0' || !fs::exists(dir / member_spec->file)) continue;
    const std::string prefix = in.name + ".";
    internal::CsvTable mt = internal::read_csv((dir / member_spec->file).string(),
                                               columns_for(set.inputs(), prefix, {{"id", CsvKind::text}, {spec->parent_link, CsvKind::text}}), limits);
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
            auto member_set = registry.find(member_results->title, options.date, all.place);
            for (std::size_t k = 0; k < br.node_index.size() && member_set; ++k) {
              auto st = static_cast<Status>(br.node_status[k * br.rows + it->second]);
              if (st != Status::not_met && st != Status::not_assessable) continue;
              const NodeInfo& n = member_set->nodes()[static_cast<std::size_t>(br.node_index[k])];
              why += std::string(why.empty() ? "" : "; ") + (vi ? n.name_vi : n.name_en) + " (" +
                     std::string(words(st, options.lang)) + ")";
            }
            if (why.empty()) why = say(d == Decision::not_assessable ? "explain.member_missing_data" : "explain.member_total");
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
      rollup << "- " << say("explain.members_recognized", {in.name, std::to_string(recognized), std::to_string(judged),
                                                          internal::Text{member_results->name_en, member_results->name_vi}, pct})
             << "\n";
      std::size_t shown = 0;
      for (const std::string& f : failed) {
        if (++shown > 20) {
          rollup << "    " << say("explain.members_more", {std::to_string(failed.size() - 20)}) << "\n";
          break;
        }
        rollup << "    " << say("explain.member_not_recognized", {f}) << "\n";
      }
    }
  }
  // The same context the dataset evaluation used (dataset.yaml).
  DatasetResults ignored;
  const Record context = read_dataset_yaml(dir / "dataset.yaml", registry, ignored, options.lang);
  EvaluateOptions eo;
  eo.assessment_date = options.date;
  eo.outside_validity = true;
  eo.context = &context;
  Result result = registry.evaluate_with(set, record, eo);
  std::ostringstream o;
  o << say("explain.entity", {id, kind->file}) << "\n" << result.explain(options.lang);
  const std::string r = rollup.str();
  if (!r.empty()) o << say("explain.members") << "\n" << r;
  if (!context.fields().empty()) {
    o << say("explain.context");
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

namespace hoctap::internal {

std::vector<Record> dataset_rows(const Registry& registry, const std::string& directory, const std::string& kind, const CriteriaSet& set,
                                 const std::vector<std::size_t>& rows, Lang lang) {
  using namespace folder;  // the kinds, dataset.yaml and the binding
  const KindSpec* spec = nullptr;
  for (const KindSpec& k : kKinds)
    if (kind == k.kind) spec = &k;
  if (spec == nullptr) throw error<RuntimeError>("E009", "dataset.no_kind", {kind}, lang);
  const fs::path dir(directory);
  DatasetResults ignored;
  const Record context = read_dataset_yaml(dir / "dataset.yaml", registry, ignored, lang);
  CsvLimits limits;
  limits.lang = lang;
  CsvTable own = read_csv((dir / spec->file).string(), columns_for(set.inputs(), "", {{"id", CsvKind::text}}), limits);
  std::vector<Record> out;
  for (std::size_t row : rows) {
    if (row >= own.rows) throw error<RuntimeError>("E009", "dataset.no_row", {std::to_string(row + 1), spec->file}, lang);
    Record r = context;
    const Record fields = row_record(own, row, set.inputs(), "");
    for (const auto& [name, value] : fields.fields()) r.set(name, value);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace hoctap::internal
