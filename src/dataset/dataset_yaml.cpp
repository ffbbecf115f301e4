// dataset.yaml (docs/datasets.md): read as strictly as a criteria file into the folder's
// name, place and context (read_dataset_yaml, dataset/folder.hpp); every problem is
// thrown at once, as diagnostics, in the reader's language.
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>

#include "dataset/folder.hpp"
#include "util/messages.hpp"
#include "util/places.hpp"
#include "yaml/yaml_tree.hpp"

namespace hoctap::internal::folder {

namespace {

// The known values of dataset.yaml: places the targets name, and inputs criteria read.
internal::Text listed(const std::set<std::string>& names, std::size_t most) {
  std::string s;
  std::size_t k = 0;
  for (const std::string& n : names) {
    if (k++ == most) return internal::tr("list.more", {s, std::to_string(names.size() - most)});
    s += (s.empty() ? "" : ", ") + n;
  }
  return s.empty() ? internal::tr("list.none") : internal::Text{s, s};
}

}  // namespace

std::map<std::string, std::string> context_inputs(const Registry& registry) {
  std::map<std::string, std::string> inputs;
  for (const CriteriaSet& set : registry.sets())
    for (const InputInfo& i : set.inputs()) {
      if (i.kind == "list" || is_member_field(set.inputs(), i.name)) continue;
      // A name the sets give different kinds is read as text, which every kind reads (a
      // number's, a truth's or a day's text as such), whatever order the sets come in.
      auto [at, added] = inputs.emplace(i.name, i.kind);
      if (!added && at->second != i.kind) at->second = at->second == "category" || i.kind == "category" ? "category" : "text";
    }
  return inputs;
}

InputWarning unknown_context_key(const std::string& key, const std::map<std::string, std::string>& inputs) {
  std::set<std::string> near;  // inputs sharing the key's first word, else all
  const std::string head = key.substr(0, key.find('_'));
  for (const auto& [name, kind] : inputs)
    if (name.rfind(head, 0) == 0 && name.rfind("score.", 0) != 0) near.insert(name);
  if (near.empty())
    for (const auto& [name, kind] : inputs)
      if (name.rfind("score.", 0) != 0) near.insert(name);
  std::vector<std::string> names;
  for (const auto& [name, kind] : inputs) names.push_back(name);
  std::string nearest = internal::nearest_name(key, names);
  internal::Text t = internal::with_suggestion(internal::tr("dataset.context_key", {key, listed(near, 25)}), nearest);
  return InputWarning{"unknown_context", key, std::move(nearest), std::move(t.vi), std::move(t.en)};
}

namespace {

// Context value `v` of input `key` read as the input's kind asks (`kind`; null when no set
// reads the key: then as its text reads) into `out`; false with the problem that keeps it
// from being one. The one reading of a context value: read_dataset_yaml checks by it,
// read_context reads by it.
bool context_value(const internal::yaml::Node* v, const std::string& key, const std::string* kind, Value& out, internal::Text& problem) {
  if (!v->is_scalar()) {
    problem = internal::tr("dataset.context_single", {key});
    return false;
  }
  const std::string& t = v->text;
  const bool plain = v->style == internal::yaml::Node::Style::plain;
  const bool truth = plain && (t == "true" || t == "false");
  const std::optional<Decimal> parsed = plain ? Decimal::parse(t) : std::nullopt;
  const bool number = parsed.has_value();
  const std::optional<Date> day = Date::parse(t);
  auto read_number = [&] {
    const Decimal d = parsed.value_or(Decimal());
    if (t.find('.') == std::string::npos) out = d.units() / Decimal::kOne;
    else out = d;
  };
  if (kind == nullptr) {
    if (truth) out = t == "true";
    else if (number) read_number();
    else if (day) out = *day;
    else out = t;
    return true;
  }
  if (*kind == "int" || *kind == "decimal") {
    if (!number) problem = internal::tr("dataset.context_number", {key, t});
    else read_number();
    return number;
  }
  if (*kind == "bool") {
    if (!truth) problem = internal::tr("dataset.context_bool", {key, t});
    else out = t == "true";
    return truth;
  }
  if (*kind == "date") {
    if (!day) problem = internal::tr("dataset.context_date", {key, t});
    else out = *day;
    return day.has_value();
  }
  out = t;  // text and category: as written
  return true;
}

}  // namespace

Record read_context(const internal::yaml::Node* n, const std::map<std::string, std::string>& kinds, const std::string& file, Lang lang) {
  Record r;
  if (n == nullptr) return r;
  auto stop = [&](internal::Text m) { return error<RuntimeError>("E008", {file + ": " + m.en, file + ": " + m.vi}, lang); };
  if (!n->is_map()) throw stop(internal::tr("dataset.context_map"));
  for (const auto& [k, v] : n->entries) {
    const auto kind = kinds.find(k->text);
    Value value;
    internal::Text problem;
    if (!context_value(v, k->text, kind == kinds.end() ? nullptr : &kind->second, value, problem)) throw stop(problem);
    r.set(k->text, std::move(value));
  }
  return r;
}

Record read_dataset_yaml(const fs::path& meta, const Registry& registry, DatasetResults& out, Lang lang) {
  // The diagnostics `ds` in both languages, then message `id` (E008).
  auto refuse = [&](const std::vector<Diagnostic>& ds, std::string_view id) {
    internal::Text m = internal::tr(id, {meta.string()});
    return error<RuntimeError>("E008", {format(ds, Lang::en) + m.en, format(ds, Lang::vi) + m.vi}, lang);
  };
  std::ifstream in(meta, std::ios::binary);
  if (!in) throw error<RuntimeError>("E007", "dataset.unreadable", {meta.string()}, lang);
  std::ostringstream text;
  text << in.rdbuf();
  std::vector<Diagnostic> ds;
  auto doc = internal::yaml::Document::read(text.str(), meta.string(), {}, ds);
  auto has_error = [&] {
    for (const Diagnostic& d : ds)
      if (d.severity == Severity::error) return true;
    return false;
  };
  if (doc->root() == nullptr || has_error())
    throw refuse(ds, "dataset.not_description");
  if (!doc->root()->is_map()) throw refuse({}, "dataset.not_map");
  std::set<std::string> places;
  for (const Target& t : registry.targets().all())
    if (!t.place.empty()) {
      places.insert(t.place);
      places.insert(t.place.substr(0, t.place.find('/')));
    }
  for (const CriteriaSet& s : registry.sets())
    if (!s.place().empty()) places.insert(s.place());
  const std::map<std::string, std::string> inputs = context_inputs(registry);
  Record context;
  const internal::yaml::Node* context_node = nullptr;
  for (const auto& [k, v] : doc->root()->entries) {
    const std::string path = k->text;
    if (k->text == "hoctap_dataset") {
      if (!v->is_scalar() || v->text != "1") ds.push_back(doc->at(v->offset, "H103", internal::tr("dataset.format_version"), path));
    } else if (k->text == "name") {
      if (!v->is_scalar()) ds.push_back(doc->at(v->offset, "H102", internal::tr("dataset.name"), path));
      else out.name = v->text;
    } else if (k->text == "place") {
      if (!v->is_scalar()) ds.push_back(doc->at(v->offset, "H102", internal::tr("dataset.place_id"), path));
      else if (!v->text.empty() && !places.count(v->text) && !internal::place_problem_text(v->text).en.empty())
        ds.push_back(doc->at(v->offset, "H103", internal::tr("dataset.unknown_place", {v->text, listed(places, 30)}), path));
      else out.place = v->text;
    } else if (k->text == "context") {
      if (!v->is_map()) {
        ds.push_back(doc->at(v->offset, "H102", internal::tr("dataset.context_map"), path));
        continue;
      }
      context_node = v;
      for (const auto& [ck, cv] : v->entries) {
        const std::string cpath = "context." + ck->text;
        auto it = inputs.find(ck->text);
        if (it == inputs.end()) {
          InputWarning w = unknown_context_key(ck->text, inputs);
          ds.push_back(doc->at(ck->offset, "H100", internal::Text{std::move(w.en), std::move(w.vi)}, cpath));
          continue;
        }
        Value value;
        internal::Text problem;
        if (!context_value(cv, ck->text, &it->second, value, problem)) ds.push_back(doc->at(cv->offset, "H102", std::move(problem), cpath));
      }
    } else {
      ds.push_back(doc->at(k->offset, "H100", internal::tr("dataset.unknown_key", {k->text}), path));
    }
  }
  if (has_error()) throw refuse(ds, "dataset.invalid");
  if (context_node != nullptr) context = read_context(context_node, inputs, meta.string(), lang);
  return context;
}

}  // namespace hoctap::internal::folder

namespace hoctap {
inline namespace v0 {

std::vector<InputWarning> check_dataset_context(const Registry& registry, const Record& context) {
  const std::map<std::string, std::string> inputs = internal::folder::context_inputs(registry);
  std::vector<InputWarning> out;
  for (const auto& field : context.fields())
    if (!inputs.count(field.first)) out.push_back(internal::folder::unknown_context_key(field.first, inputs));
  return out;
}

}  // namespace v0
}  // namespace hoctap
