// The registry: versions by validity window, cross-title references, member-first
// evaluation.
#include "hoctap/registry.hpp"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include "evaluate/evaluate.hpp"
#include "model/model.hpp"
#include "util/messages.hpp"
#include "util/places.hpp"
#include "util/text.hpp"

namespace hoctap {
inline namespace v0 {

struct Registry::Impl {
  std::vector<CriteriaSet> sets;                        // by title, then valid_from
  std::map<std::string, std::vector<std::size_t>, std::less<>> by_title;
  Targets targets;
};

Registry::Registry(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

namespace {

// A diagnostic on the line of `key:` at the top of a set's file, if the key is there.
Diagnostic at_key(const CriteriaSet& s, const std::string& key, const char* code, internal::Text message) {
  const std::string& src = s.compiled()->source_text;
  Diagnostic d;
  d.code = code;
  d.message = std::move(message.en);
  d.message_vi = std::move(message.vi);
  d.file = s.source_path();
  std::size_t pos = src.rfind(key + ":", 0) == 0 ? 0 : src.find("\n" + key + ":");
  if (pos != std::string::npos) {
    if (pos != 0) ++pos;
    internal::LineCol lc = internal::line_col_at(src, pos);
    d.line = lc.line;
    d.column = lc.column;
    d.source_line = std::string(internal::line_text(src, lc.line));
    d.yaml_path = key;
  }
  return d;
}

std::string window(const CriteriaSet& s) {
  return s.valid_from().to_string() + ".." + (s.valid_to() ? s.valid_to()->to_string() : "");
}

bool overlaps(const CriteriaSet& a, const CriteriaSet& b) {
  // Windows are inclusive; an open end runs forever.
  bool a_before_b = a.valid_to() && *a.valid_to() < b.valid_from();
  bool b_before_a = b.valid_to() && *b.valid_to() < a.valid_from();
  return !a_before_b && !b_before_a;
}

bool in_force(const CriteriaSet& s, Date d) { return s.valid_from() <= d && (!s.valid_to() || d <= *s.valid_to()); }

}  // namespace

RegistryLoadResult Registry::from_sets(std::vector<CriteriaSet> sets) {
  RegistryLoadResult out;
  std::stable_sort(sets.begin(), sets.end(), [](const CriteriaSet& a, const CriteriaSet& b) {
    return a.title() != b.title() ? a.title() < b.title() : a.valid_from() < b.valid_from();
  });
  auto impl = std::make_shared<Impl>();
  std::map<std::string, const CriteriaSet*> ids;
  for (std::size_t i = 0; i < sets.size(); ++i) {
    const CriteriaSet& s = sets[i];
    auto [it, fresh] = ids.emplace(s.id(), &s);
    if (!fresh)
      out.diagnostics.push_back(at_key(s, "id", "H104", internal::tr("registry.duplicate_id", {s.id(), it->second->source_path()})));
    impl->by_title[s.title()].push_back(i);
  }
  for (const auto& [title, idx] : impl->by_title) {
    for (std::size_t a = 0; a < idx.size(); ++a) {
      for (std::size_t b = a + 1; b < idx.size(); ++b) {
        const CriteriaSet& x = sets[idx[a]];
        const CriteriaSet& y = sets[idx[b]];
        if (x.place() == y.place() && overlaps(x, y))
          out.diagnostics.push_back(at_key(y, "valid_from", "H400",
                                           x.place().empty()
                                               ? internal::tr("registry.overlap", {window(y), y.id(), window(x), x.id(), x.source_path(), title})
                                               : internal::tr("registry.overlap_place",
                                                              {window(y), y.id(), window(x), x.id(), x.source_path(), title, x.place()})));
      }
    }
  }
  for (const CriteriaSet& s : sets) {
    for (const std::string& t : s.referenced_titles())
      if (!impl->by_title.count(t))
        out.diagnostics.push_back(at_key(s, "inputs", "H401", internal::tr("registry.unknown_member_title", {t})));
    if (!s.supersedes().empty() && !ids.count(s.supersedes()))
      out.diagnostics.push_back(at_key(s, "supersedes", "H401", internal::tr("registry.unknown_supersedes", {s.supersedes()})));
  }
  // Cycles between titles (a title whose members are, eventually, itself).
  std::map<std::string, std::set<std::string>> edges;
  for (const CriteriaSet& s : sets)
    for (const std::string& t : s.referenced_titles()) edges[s.title()].insert(t);
  std::map<std::string, int> state;  // 0 new, 1 on stack, 2 done
  std::vector<std::string> stack;
  std::set<std::string> reported;
  std::function<void(const std::string&)> visit = [&](const std::string& t) {
    state[t] = 1;
    stack.push_back(t);
    for (const std::string& u : edges[t]) {
      if (state[u] == 1) {
        auto from = std::find(stack.begin(), stack.end(), u);
        std::string cycle;
        for (auto it = from; it != stack.end(); ++it) cycle += *it + " → ";
        cycle += u;
        if (reported.insert(u).second) {
          const CriteriaSet& s = sets[impl->by_title[t].front()];
          out.diagnostics.push_back(at_key(s, "inputs", "H402", internal::tr("registry.cycle", {cycle})));
        }
      } else if (state[u] == 0) {
        visit(u);
      }
    }
    stack.pop_back();
    state[t] = 2;
  };
  for (const auto& [t, _] : edges) if (state[t] == 0) visit(t);

  impl->sets = std::move(sets);
  if (!has_errors(out.diagnostics)) out.registry = Registry(std::move(impl));
  return out;
}

RegistryLoadResult Registry::load_directory(const std::string& directory, const LoadOptions& options) {
  return load_directories({directory}, options);
}

RegistryLoadResult Registry::load_directories(const std::vector<std::string>& directories, const LoadOptions& options) {
  namespace fs = std::filesystem;
  RegistryLoadResult out;
  std::vector<std::string> files;
  std::optional<Targets> targets;
  bool bad_targets = false;
  for (const std::string& directory : directories) {
    std::vector<std::string> here;
    std::error_code ec;
    fs::recursive_directory_iterator it(directory, ec), end;
    if (ec) {
      internal::Text message = internal::tr("folder.unreadable", {directory, internal::system_reason(ec)});
      Diagnostic d;
      d.code = "H001";
      d.message = std::move(message.en);
      d.message_vi = std::move(message.vi);
      d.file = directory;
      out.diagnostics.push_back(std::move(d));
      return out;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) break;
      const fs::path& p = it->path();
      std::string name = p.filename().string();
      if (!it->is_regular_file() || p.extension() != ".yaml") continue;
      if (name.size() > 11 && name.compare(name.size() - 11, 11, ".tests.yaml") == 0) continue;
      if (name == "targets.yaml") continue;
      here.push_back(p.string());
    }
    std::sort(here.begin(), here.end());
    files.insert(files.end(), here.begin(), here.end());
    // The first folder with a targets file gives the registry's targets.
    const fs::path targets_path = fs::path(directory) / "targets.yaml";
    if (!targets && fs::exists(targets_path, ec)) {
      TargetsLoadResult t = Targets::load_file(targets_path.string(), options);
      out.diagnostics.insert(out.diagnostics.end(), t.diagnostics.begin(), t.diagnostics.end());
      bad_targets = !t.ok();
      targets = std::move(t.targets);
    }
  }
  std::vector<CriteriaSet> sets;
  bool bad = false;
  for (const std::string& f : files) {
    LoadResult r = load_criteria_file(f, options);
    out.diagnostics.insert(out.diagnostics.end(), r.diagnostics.begin(), r.diagnostics.end());
    if (r.ok()) sets.push_back(*r.set);
    else bad = true;
  }
  RegistryLoadResult built = from_sets(std::move(sets));
  out.diagnostics.insert(out.diagnostics.end(), built.diagnostics.begin(), built.diagnostics.end());
  if (!bad && !bad_targets && built.registry) {
    auto impl = std::make_shared<Impl>(*built.registry->impl_);
    if (targets) impl->targets = std::move(*targets);
    out.registry = Registry(std::move(impl));
  }
  return out;
}

std::vector<std::string> Registry::titles() const {
  std::vector<std::string> out;
  for (const auto& [t, _] : impl_->by_title) out.push_back(t);
  return out;
}

std::vector<CriteriaSet> Registry::versions(std::string_view title) const {
  std::vector<CriteriaSet> out;
  auto it = impl_->by_title.find(title);
  if (it != impl_->by_title.end())
    for (std::size_t i : it->second) out.push_back(impl_->sets[i]);
  return out;
}

std::optional<CriteriaSet> Registry::find(std::string_view title, Date date) const { return find(title, date, ""); }

std::optional<CriteriaSet> Registry::find(std::string_view title, Date date, std::string_view place) const {
  auto it = impl_->by_title.find(title);
  if (it == impl_->by_title.end()) return std::nullopt;
  // The district's own version, then the province's, then the national one.
  std::vector<std::string_view> tiers;
  if (!place.empty()) tiers.push_back(place);
  if (place.find('/') != std::string_view::npos) tiers.push_back(internal::province_of(place));
  tiers.push_back("");
  for (std::string_view tier : tiers)
    for (std::size_t i : it->second)
      if (impl_->sets[i].place() == tier && in_force(impl_->sets[i], date)) return impl_->sets[i];
  return std::nullopt;
}

const std::vector<CriteriaSet>& Registry::sets() const { return impl_->sets; }
const Targets& Registry::targets() const { return impl_->targets; }

Result Registry::evaluate(std::string_view title, const Record& record, const EvaluateOptions& options) const {
  // what() in English, as every message EvaluateOptions' callers catch (see internal::assessment_date).
  if (!options.assessment_date) throw internal::error<InvalidArgument>("E001", "evaluate.no_date", {std::string(title)});
  const Date date = *options.assessment_date;
  if (!options.place.empty())
    if (internal::Text why = internal::place_problem_text(options.place); !why.en.empty()) throw internal::error<InvalidArgument>("E004", why);
  auto set = find(title, date, options.place);
  if (!set) throw internal::error<OutOfRange>("E003", "registry.not_in_force", {std::string(title), date.to_string()});
  return evaluate_with(*set, record, options);
}

std::vector<InputWarning> Registry::check_context(const CriteriaSet& set, const Record& context, Date date, std::string_view place) const {
  std::vector<std::string> known;
  // Titles do not cycle (H401), so the walk ends.
  std::function<void(const internal::CompiledSet&)> add = [&](const internal::CompiledSet& cs) {
    internal::add_context_inputs(cs, known);
    for (const internal::Field& f : cs.schemas[0].fields) {
      if (f.type.kind != internal::Type::Kind::list) continue;
      const std::string& title = cs.schemas[static_cast<std::size_t>(f.type.schema)].member_title;
      if (title.empty()) continue;
      if (auto members = find(title, date, place)) add(*members->compiled());
    }
  };
  add(*set.compiled());
  return internal::unknown_context(context, known, set.id(), true);
}

std::string place_problem(std::string_view place, Lang lang) { return internal::text_in(lang, internal::place_problem_text(place)); }
std::string place_problem(std::string_view place) { return place_problem(place, Lang::en); }

Result Registry::evaluate_with(const CriteriaSet& set, const Record& record, const EvaluateOptions& options) const {
  const Date date = internal::assessment_date(set, options.assessment_date, options.outside_validity);
  EvaluateOptions dated = options;
  dated.outside_validity = false;  // members: each with its title's version in force on the date
  dated.strict = false;            // members' names are checked against the parent's list
  const internal::CompiledSet& cs = *set.compiled();
  const internal::Schema& top = cs.schemas[0];
  internal::MemberResults members;
  std::vector<std::vector<Result>> storage(top.fields.size());
  members.by_slot.assign(top.fields.size(), nullptr);
  members.judged_by.assign(top.fields.size(), nullptr);
  for (const internal::Field& f : top.fields) {
    if (f.type.kind != internal::Type::Kind::list) continue;
    const std::string& title = cs.schemas[static_cast<std::size_t>(f.type.schema)].member_title;
    if (title.empty()) continue;
    auto member_set = find(title, date, options.place);
    const Value* v = record.find(f.name);
    const auto* items = v ? std::get_if<std::vector<Record>>(v) : nullptr;
    if (!member_set || !items) continue;
    auto& results = storage[static_cast<std::size_t>(f.slot)];
    results.reserve(items->size());
    for (const Record& m : *items)
      results.push_back(m.find("result.recognized") ? Result() : evaluate_with(*member_set, m, dated));
    members.by_slot[static_cast<std::size_t>(f.slot)] = &results;
    members.judged_by[static_cast<std::size_t>(f.slot)] = member_set->compiled().get();
  }
  Result out;
  internal::Evaluator::run(set.compiled(), record, date, options.context, &members, out);
  // A member's data problems are its parent's too, under its place in the list
  // (`nguoi_lon[0].score.tc1_1`): they are why its result, which the parent reads, is missing.
  std::vector<DataProblem>& problems = internal::Evaluator::problems(out);
  for (const internal::Field& f : top.fields) {
    const auto* judged = members.by_slot[static_cast<std::size_t>(f.slot)];
    for (std::size_t i = 0; judged != nullptr && i < judged->size(); ++i)
      for (const DataProblem& p : (*judged)[i].problems()) {
        const std::string where = f.name + "[" + std::to_string(i) + "]." + p.input;
        auto placed = [&](const std::string& text) {
          const std::string head = "`" + p.input + "`";
          return text.rfind(head, 0) == 0 ? "`" + where + "`" + text.substr(head.size()) : "`" + where + "`: " + text;
        };
        problems.push_back(DataProblem{where, p.code, placed(p.vi), placed(p.en)});
      }
  }
  if (options.strict && !out.warnings().empty()) throw InputError(out.warnings());
  return out;
}

}  // namespace v0
}  // namespace hoctap
