// The entity a set judges and what it reads: `entity`, `scales`, `languages`, `inputs`
// (types, bounds, member lists, local inputs) and `parameters`, into the set's schemas,
// slots and parameter tables (SetLoader, loader/set_loader.hpp).
#include <algorithm>

#include "loader/set_loader.hpp"
#include "util/places.hpp"

namespace hoctap::internal::loading {

void SetLoader::entity(const Node* v) {
  static const char* kKinds[] = {"citizen", "family", "clan", "community", "unit", "commune", "district", "province"};
  auto t = r_.text(v, "entity");
  if (!t) return;
  for (const char* k : kKinds) if (*t == k) { set_.entity = *t; return; }
  r_.error(v, "entity", "H103", with_suggestion(tr("set.entity_kind", {*t}), nearest_name(*t, {std::begin(kKinds), std::end(kKinds)})));
}

void SetLoader::scales(const Node* v) {
  MapWalk m(r_, v, "scales", {});
  if (!m.ok()) return;
  for (const auto& [k, list] : v->entries) {
    std::string path = "scales." + k->text;
    Scale s;
    if (auto id = r_.identifier(k, path)) s.id = *id;
    if (!list->is_sequence() || list->items.empty()) {
      r_.error(list, path, "H102", tr("set.scale_list"));
      continue;
    }
    for (std::size_t i = 0; i < list->items.size(); ++i) {
      const Node* item = list->items[i];
      MapWalk vm(r_, item, idx(path, i), {"id", "vi", "en"});
      if (!vm.ok()) continue;
      std::string id;
      if (const Node* x = vm.require("id")) if (auto t = r_.identifier(x, vm.at("id"))) id = *t;
      Bilingual b;
      if (const Node* x = vm.require("vi")) if (auto t = r_.text(x, vm.at("vi"))) b.vi = *t;
      if (const Node* x = r_.english_required ? vm.require("en") : vm.get("en")) {
        if (auto t = r_.text(x, vm.at("en"))) b.en = *t;
      } else {
        b.en = b.vi;
      }
      vm.finish();
      if (std::find(s.values.begin(), s.values.end(), id) != s.values.end())
        r_.error(item, idx(path, i), "H104", tr("set.scale_duplicate", {id, s.id}));
      s.values.push_back(id);
      s.labels.push_back(b);
    }
    set_.scales.push_back(std::move(s));
  }
}

void SetLoader::languages(const Node* v) {
  // `languages: vi` or `languages: vi, en`: reported, and read as the list it stands for,
  // so that the labels are held to it rather than all reported again.
  if (v->is_scalar()) {
    std::vector<std::string> words;
    for (std::size_t p = 0; p < v->text.size();) {
      const std::size_t end = std::min(v->text.find_first_of(", ", p), v->text.size());
      if (end > p) words.push_back(v->text.substr(p, end - p));
      p = end + 1;
    }
    const bool languages = !words.empty() && std::all_of(words.begin(), words.end(), [](const std::string& w) { return w == "vi" || w == "en"; });
    if (!languages) {
      r_.error(v, "languages", "H102", tr("languages.value", {Reader::found(v)}));
      return;
    }
    std::string list;
    for (const std::string& w : words) list += (list.empty() ? "" : ", ") + w;
    r_.error(v, "languages", "H102", tr("languages.list", {list}));
    read_languages(v, std::find(words.begin(), words.end(), "vi") != words.end(), std::find(words.begin(), words.end(), "en") != words.end());
    return;
  }
  if (!v->is_sequence() || v->items.empty()) {
    r_.error(v, "languages", "H102", tr("languages.value", {Reader::kind_name(v)}));
    return;
  }
  bool vi = false, en = false;
  for (std::size_t i = 0; i < v->items.size(); ++i) {
    const Node* item = v->items[i];
    auto t = r_.text(item, idx("languages", i));
    if (!t) continue;
    if (*t == "vi") vi = true;
    else if (*t == "en") en = true;
    else r_.error(item, idx("languages", i), "H103", with_suggestion(tr("languages.value", {"`" + *t + "`"}), nearest_name(*t, {"vi", "en"})));
  }
  read_languages(v, vi, en);
}

void SetLoader::read_languages(const Node* v, bool vi, bool en) {
  if (!vi) r_.error(v, "languages", "H103", tr("languages.value", {tr("languages.no_vi")}));
  if (!en && require_english_) r_.error(v, "languages", "H105", tr("languages.bundled"));
  r_.english_required = en || require_english_;
}

int SetLoader::find_scale(const std::string& id) const {
  for (std::size_t i = 0; i < set_.scales.size(); ++i) if (set_.scales[i].id == id) return static_cast<int>(i);
  return -1;
}

std::vector<std::string> SetLoader::scale_ids() const {
  std::vector<std::string> ids;
  for (const Scale& s : set_.scales) ids.push_back(s.id);
  return ids;
}

std::optional<Type> SetLoader::type_of(const Node* n, const std::string& path, const MapWalk& m, int depth) {
  auto t = r_.text(n, path);
  if (!t) return std::nullopt;
  using K = Type::Kind;
  static const std::pair<const char*, K> kSimple[] = {{"int", K::integer}, {"decimal", K::decimal}, {"bool", K::boolean},
                                                      {"date", K::date}, {"text", K::text}};
  for (const auto& [name, kind] : kSimple) if (*t == name) return Type::of(kind);
  if (*t == "category") {
    const Node* s = m.get("scale");
    if (!s) { r_.error(n, path, "H101", tr("set.category_scale")); return std::nullopt; }
    auto sid = r_.text(s, m.at("scale"));
    if (!sid) return std::nullopt;
    int si = find_scale(*sid);
    if (si < 0) { r_.error(s, m.at("scale"), "H201", with_suggestion(tr("name.scale", {*sid}), nearest_name(*sid, scale_ids()))); return std::nullopt; }
    Type ty = Type::of(K::category);
    ty.scale = si;
    return ty;
  }
  if (*t == "list") {
    if (depth > 0) { r_.error(n, path, "H102", tr("set.nested_list")); return std::nullopt; }
    return Type::of(K::list);
  }
  r_.error(n, path, "H103", with_suggestion(tr("set.type_unknown", {*t}), nearest_name(*t, {"int", "decimal", "bool", "date", "text", "category", "list"})));
  return std::nullopt;
}

void SetLoader::add_field(int schema, Field f) {
  Schema& s = set_.schemas[schema];
  f.slot = static_cast<int>(s.fields.size());
  s.by_name[f.name] = static_cast<int>(s.fields.size());
  s.fields.push_back(std::move(f));
}

void SetLoader::inputs(const Node* v, const std::string& path, int schema) {
  MapWalk m(r_, v, path, {});
  if (!m.ok()) return;
  std::size_t declared = v->entries.size();
  for (const Schema& s : set_.schemas) declared += s.fields.size();
  if (declared > kMaxInputs) {
    r_.error(v, path, "H308", tr("set.too_many_inputs", {std::to_string(kMaxInputs)}));
    return;
  }
  for (const auto& [k, spec] : v->entries) {
    std::string fpath = path + "." + k->text;
    auto name = r_.identifier(k, fpath);
    if (!name) continue;
    MapWalk fm(r_, spec, fpath, {"type", "label", "min", "max", "scale", "fields", "title", "local"});
    if (!fm.ok()) continue;
    Field f;
    f.name = *name;
    std::optional<Type> type;
    if (const Node* t = fm.require("type")) type = type_of(t, fm.at("type"), fm, schema);
    if (const Node* l = fm.require("label")) f.label = r_.bilingual(l, fm.at("label"));
    if (const Node* x = fm.get("min")) f.min = r_.number(x, fm.at("min"));
    if (const Node* x = fm.get("max")) f.max = r_.number(x, fm.at("max"));
    if (const Node* x = fm.get("local")) if (auto b = r_.boolean(x, fm.at("local"))) f.local = *b;
    if (f.local && schema != 0) r_.error(fm.get("local"), fm.at("local"), "H103", tr("set.local_member"));
    if (type && (f.min || f.max) && !type->numeric())
      r_.error(spec, fpath, "H103", tr("set.min_max_numbers"));
    if (f.min && f.max && *f.min > *f.max) r_.error(spec, fpath, "H103", tr("set.min_above_max"));
    if (type && type->kind == Type::Kind::list) {
      int ms = static_cast<int>(set_.schemas.size());
      set_.schemas.emplace_back();
      set_.schemas[ms].name = *name;
      type->schema = ms;
      if (const Node* t = fm.get("title")) {
        if (auto title = r_.identifier(t, fm.at("title"))) {
          set_.schemas[ms].member_title = *title;
          if (std::find(set_.referenced_titles.begin(), set_.referenced_titles.end(), *title) == set_.referenced_titles.end())
            set_.referenced_titles.push_back(*title);
        }
      }
      if (const Node* fs = fm.get("fields")) inputs(fs, fm.at("fields"), ms);
      else if (set_.schemas[ms].member_title.empty())
        r_.error(spec, fpath, "H101", tr("set.list_fields"));
    } else if (fm.get("fields") || fm.get("title")) {
      r_.error(spec, fpath, "H103", tr("set.fields_lists"));
    }
    if (type && type->kind != Type::Kind::category && fm.get("scale"))
      r_.error(fm.get("scale"), fm.at("scale"), "H103", tr("set.scale_categories"));
    fm.finish();
    if (set_.schemas[schema].find(f.name)) {
      r_.error(k, fpath, "H104", tr("set.input_duplicate", {f.name}));
      continue;
    }
    if (type) {
      f.type = *type;
      add_field(schema, std::move(f));
    }
  }
}

void SetLoader::finish_inputs() {
  for (Schema& s : set_.schemas) {
    s.slot_count = static_cast<int>(s.fields.size());
    if (!s.member_title.empty()) {
      s.result_base = s.slot_count;
      s.slot_count += Schema::kResults;
    }
  }
}

void SetLoader::parameters(const Node* v) {
  MapWalk m(r_, v, "parameters", {});
  if (!m.ok()) return;
  if (v->entries.size() > kMaxParameters) {
    r_.error(v, "parameters", "H307", tr("set.too_many_parameters", {std::to_string(v->entries.size()), std::to_string(kMaxParameters)}));
    return;
  }
  for (const auto& [k, spec] : v->entries) {
    std::string path = "parameters." + k->text;
    auto name = r_.identifier(k, path);
    if (!name) continue;
    MapWalk pm(r_, spec, path, {"type", "label", "value", "by", "values", "default", "confidence", "note"});
    if (!pm.ok()) continue;
    Parameter p;
    p.name = *name;
    p.line = r_.doc.line(k->offset);
    if (const Node* l = pm.require("label")) p.label = r_.bilingual(l, pm.at("label"));
    std::string type = "int";
    if (const Node* t = pm.require("type")) if (auto s = r_.text(t, pm.at("type"))) type = *s;
    if (type == "int") p.type = Type::of(Type::Kind::integer);
    else if (type == "decimal") p.type = Type::of(Type::Kind::decimal);
    else if (type == "bool") p.type = Type::of(Type::Kind::boolean);
    else r_.error(pm.get("type"), pm.at("type"), "H103", tr("set.parameter_type", {type}));
    ParameterSource source;
    auto read_value = [&](const Node* x, const std::string& at, Text whose) -> std::optional<std::int64_t> {
      if (p.type.kind == Type::Kind::boolean) {
        auto b = r_.boolean(x, at);
        return b ? std::optional<std::int64_t>(*b ? 1 : 0) : std::nullopt;
      }
      auto d = r_.number(x, at);
      if (d && p.type.kind == Type::Kind::integer && !d->is_integer()) {
        r_.error(x, at, "H102", tr("set.parameter_whole", {d->to_string()}));
        return std::nullopt;
      }
      if (d) source.values.push_back({x, at, std::move(whose), d->units()});
      return d ? std::optional<std::int64_t>(d->units()) : std::nullopt;
    };
    const Node* value = pm.get("value");
    const Node* by = pm.get("by");
    if (value && by) r_.error(spec, path, "H103", tr("set.parameter_both"));
    if (value) {
      p.fallback = read_value(value, pm.at("value"), {});
    } else if (by) {
      auto by_name = r_.text(by, pm.at("by"));
      const Field* f = by_name ? set_.schemas[0].find(*by_name) : nullptr;
      if (by_name && !f) {
        std::vector<std::string> names;
        for (const Field& x : set_.schemas[0].fields) names.push_back(x.name);
        r_.error(by, pm.at("by"), "H201", with_suggestion(tr("set.by_unknown", {*by_name}), nearest_name(*by_name, names)));
      }
      else if (f && f->type.kind != Type::Kind::category)
        r_.error(by, pm.at("by"), "H202", tr("set.by_category", {*by_name}));
      else if (f) {
        p.by_slot = f->slot;
        p.by_scale = f->type.scale;
        const Scale& sc = set_.scales[p.by_scale];
        p.by_value.assign(sc.values.size(), std::nullopt);
        // The values written, read or not: one that is reported already (a value of the
        // wrong type, an area misspelled with "did you mean") is not also missing.
        std::vector<bool> written(sc.values.size(), false);
        const Node* vals = pm.require("values");
        if (vals) {
          MapWalk vm(r_, vals, pm.at("values"), {});
          if (vm.ok()) {
            for (const auto& [vk, vv] : vals->entries) {
              int ord = sc.find(vk->text);
              if (ord < 0) {
                const std::string near = nearest_name(vk->text, sc.values);
                r_.error(vk, vm.at(vk->text), "H204", with_suggestion(tr("set.by_value", {vk->text, sc.id}), near));
                if (!near.empty()) written[static_cast<std::size_t>(sc.find(near))] = true;
              } else {
                p.by_value[ord] = read_value(vv, vm.at(vk->text), tr("parameter.for", {vk->text}));
                written[static_cast<std::size_t>(ord)] = true;
              }
            }
          }
        }
        const Node* fallback = pm.get("default");
        if (fallback) p.fallback = read_value(fallback, pm.at("default"), tr("parameter.default"));
        for (std::size_t i = 0; vals && vals->is_map() && !fallback && i < p.by_value.size(); ++i)
          if (!written[i]) r_.error(spec, path, "H101", tr("set.by_missing", {sc.values[i]}));
      }
    } else {
      r_.error(spec, path, "H101", tr("set.parameter_value"));
    }
    // A parameter without its own `confidence` inherits the legal basis's, as a top-level
    // criterion does.
    Mark mark;
    read_mark(pm, spec, path, mark, set_confidence(), "a parameter");
    p.confidence = mark.confidence;
    p.note = mark.note;
    pm.finish();
    if (set_.parameter_index.count(p.name) || set_.schemas[0].find(p.name)) {
      r_.error(k, path, "H104", tr("set.parameter_duplicate", {p.name}));
      continue;
    }
    set_.parameter_index[p.name] = static_cast<int>(set_.parameters.size());
    set_.parameters.push_back(std::move(p));
    source.declared = mark.declared;
    parameter_sources_.push_back(std::move(source));
  }
}

}  // namespace hoctap::internal::loading
