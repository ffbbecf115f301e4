// The test cases a set carries, under `tests:` or in its sibling `*.tests.yaml`: each
// case's record, context and expectation, typed by the set's inputs, into set.tests
// (SetLoader, loader/set_loader.hpp). An error in them never stops the set from loading
// (set_aside_case_problems, loader.cpp).
#include "loader/set_loader.hpp"

namespace hoctap::internal::loading {

void SetLoader::load_tests_file(const yaml::Document& tdoc, std::vector<Diagnostic>& out) {
  Reader tr{tdoc, out, set_};
  MapWalk top(tr, tdoc.root(), "", {"tests"});
  if (const Node* v = top.require("tests")) tests(v, tr);
  top.finish();
}

std::optional<Value> SetLoader::value(Reader& r, const Node* v, const std::string& path, const Field* field) {
  using K = Type::Kind;
  if (v->is_null()) return Value{std::monostate{}};
  if (field != nullptr && field->type.kind == K::list) {
    if (!v->is_sequence()) { r.error(v, path, "H500", tr("case.list_of_members", {field->name})); return std::nullopt; }
    std::vector<Record> members;
    for (std::size_t i = 0; i < v->items.size(); ++i) {
      Record m;
      if (!record(r, v->items[i], idx(path, i), field->type.schema, m)) return std::nullopt;
      members.push_back(std::move(m));
    }
    return Value{std::move(members)};
  }
  if (v->is_sequence()) {  // untyped members (fields read by another title)
    if (field != nullptr) { r.error(v, path, "H500", tr("case.not_list", {field->name})); return std::nullopt; }
    std::vector<Record> members;
    for (std::size_t i = 0; i < v->items.size(); ++i) {
      Record m;
      if (!record(r, v->items[i], idx(path, i), -1, m)) return std::nullopt;
      members.push_back(std::move(m));
    }
    return Value{std::move(members)};
  }
  if (!v->is_scalar()) { r.error(v, path, "H500", tr("case.value")); return std::nullopt; }
  const std::string& t = v->text;
  bool plain = v->style == Node::Style::plain;
  // What the author wrote for a category or a date is checked here, where a slip can be
  // named, unless the case expects that very data problem; other wrong types are left for
  // the evaluator to report (tests may use them).
  const bool bad_data_expected = expected_problems_.count("unknown_category") + expected_problems_.count("wrong_type") > 0;
  if (field != nullptr && field->type.kind == K::category && !bad_data_expected) {
    const Scale& sc = set_.scales[static_cast<std::size_t>(field->type.scale)];
    if (sc.find(to_nfc(t)) < 0) {
      std::string values;
      for (std::size_t i = 0; i < sc.values.size(); ++i) values += (i ? ", " : "") + sc.values[i];
      r.error(v, path, "H502", with_suggestion(tr("case.category", {t, sc.id, field->name, values}), nearest_name(t, sc.values)));
      return std::nullopt;
    }
  }
  if (field != nullptr && field->type.kind == K::date && !bad_data_expected && !Date::parse(t)) {
    r.error(v, path, "H503", tr("case.date", {t, field->name}));
    return std::nullopt;
  }
  // Values are written as they would arrive from data: the declared type only checks
  // them here (a wrong type is a data problem the evaluator reports, so tests may use it).
  if (plain && (t == "true" || t == "false")) return Value{t == "true"};
  if (plain) {
    if (auto d = Decimal::parse(t)) {
      if (t.find('.') == std::string::npos && (field == nullptr || field->type.kind != K::decimal))
        return Value{d->units() / Decimal::kOne};
      return Value{*d};
    }
    if (auto d = Date::parse(t)) return Value{*d};
  }
  return Value{to_nfc(t)};
}

bool SetLoader::record(Reader& r, const Node* v, const std::string& path, int schema, Record& out, const std::string& prefix) {
  if (!v->is_map()) { r.error(v, path, "H500", tr("case.record")); return false; }
  const Schema* s = schema >= 0 ? &set_.schemas[schema] : nullptr;
  bool ok = true;
  for (const auto& [k, val] : v->entries) {
    std::string key = prefix + k->text;
    std::string kpath = path + "." + k->text;
    if (val->is_map()) {  // nested maps flatten with dots, as in JSON: score: {tc1_1: 8} ≡ score.tc1_1: 8
      ok = record(r, val, kpath, schema, out, key + ".") && ok;
      continue;
    }
    const Field* f = s ? s->find(key) : nullptr;
    bool free_form = s == nullptr || !s->member_title.empty() || key.rfind("result.", 0) == 0;
    if (!f && !free_form) {
      std::vector<std::string> names;
      for (const Field& x : s->fields) names.push_back(x.name);
      r.error(k, kpath, "H500", with_suggestion(tr("case.unknown_input", {key}), nearest_name(key, names)));
      ok = false;
      continue;
    }
    if (auto x = value(r, val, kpath, f)) out.set(key, std::move(*x)); else ok = false;
  }
  return ok;
}

void SetLoader::expectation(Reader& r, const Node* v, const std::string& path, Expectation& e) {
  MapWalk m(r, v, path, {"decision", "recognized", "total", "grade", "level", "points_to_next_grade", "nodes", "problems",
                         "explain_contains", "explain_contains_en"});
  if (!m.ok()) return;
  if (const Node* x = m.get("decision")) {
    auto t = r.text(x, m.at("decision"));
    if (t && *t == "recognized") e.decision = Decision::recognized;
    else if (t && *t == "not_recognized") e.decision = Decision::not_recognized;
    else if (t && *t == "not_assessable") e.decision = Decision::not_assessable;
    else if (t) r.error(x, m.at("decision"), "H500", with_suggestion(tr("case.decision"), nearest_name(*t, {"recognized", "not_recognized", "not_assessable"})));
  }
  if (const Node* x = m.get("recognized")) {
    if (auto b = r.boolean(x, m.at("recognized"))) e.decision = *b ? Decision::recognized : Decision::not_recognized;
  }
  if (const Node* x = m.get("total")) e.total = r.number(x, m.at("total"));
  if (const Node* x = m.get("grade")) {
    if (x->is_null()) e.grade = std::string();
    else if (auto t = r.text(x, m.at("grade"))) e.grade = *t;
  }
  if (const Node* x = m.get("level")) if (auto i = r.integer(x, m.at("level"))) e.level = static_cast<int>(*i);
  if (const Node* x = m.get("points_to_next_grade")) e.points_to_next = r.number(x, m.at("points_to_next_grade"));
  if (const Node* x = m.get("nodes")) {
    MapWalk nm(r, x, m.at("nodes"), {});
    if (nm.ok()) for (const auto& [k, spec] : x->entries) {
      Expectation::NodeExpect ne;
      ne.id = k->text;
      if (!node_ids_.count(ne.id))
        r.error(k, nm.at(ne.id), "H500", with_suggestion(tr("case.node", {ne.id}), nearest_name(ne.id, {node_ids_.begin(), node_ids_.end()})));
      MapWalk sm(r, spec, nm.at(ne.id), {"points", "status", "level"});
      if (!sm.ok()) continue;
      if (const Node* p = sm.get("points")) ne.points = r.number(p, sm.at("points"));
      if (const Node* s = sm.get("status")) {
        auto t = r.text(s, sm.at("status"));
        static const std::pair<const char*, Status> kStatus[] = {{"met", Status::met}, {"not_met", Status::not_met},
                                                                 {"not_applicable", Status::not_applicable},
                                                                 {"not_assessable", Status::not_assessable}};
        for (const auto& [n, st] : kStatus) if (t && *t == n) ne.status = st;
        if (t && !ne.status) {
          std::vector<std::string> names;
          for (const auto& [n, st] : kStatus) names.push_back(n);
          r.error(s, sm.at("status"), "H500", with_suggestion(tr("case.status"), nearest_name(*t, names)));
        }
      }
      if (const Node* l = sm.get("level")) if (auto i = r.integer(l, sm.at("level"))) ne.level = static_cast<int>(*i);
      sm.finish();
      e.nodes.push_back(std::move(ne));
    }
  }
  auto strings = [&](const char* key, std::vector<std::string>& into) {
    const Node* x = m.get(key);
    if (!x) return;
    if (!x->is_sequence()) { r.error(x, m.at(key), "H500", tr("case.texts", {key})); return; }
    for (std::size_t i = 0; i < x->items.size(); ++i) if (auto t = r.text(x->items[i], idx(m.at(key), i))) into.push_back(*t);
  };
  strings("problems", e.problems);
  strings("explain_contains", e.explain_vi);
  strings("explain_contains_en", e.explain_en);
  m.finish();
}

// Context is the locality's settings, shared with members judged by other titles. A key
// that is an input of this set is read as that input (its category or date checked); any
// other is unknown (H501) when no member list names a title, since nothing could read it,
// and also when it is a near miss of one of this set's inputs.
void SetLoader::context(Reader& r, const Node* v, const std::string& path, Record& out) {
  if (!v->is_map()) { r.error(v, path, "H500", tr("case.record")); return; }
  const Schema& top = set_.schemas[0];
  std::vector<std::string> names;
  for (const Field& f : top.fields) names.push_back(f.name);
  for (const auto& [k, val] : v->entries) {
    const std::string key = k->text;
    const std::string kpath = path + "." + key;
    const Field* f = top.find(key);
    if (f == nullptr && val->is_map()) {  // nested maps flatten with dots, as in `input`
      record(r, val, kpath, -1, out, key + ".");
      continue;
    }
    if (f == nullptr) {
      const std::string near = nearest_name(key, names);
      if (set_.referenced_titles.empty() || !near.empty()) {
        r.error(k, kpath, "H501", with_suggestion(tr("case.context_key", {key}), near));
        continue;
      }
    }
    if (auto x = value(r, val, kpath, f)) out.set(key, std::move(*x));
  }
}

void SetLoader::tests(const Node* v, Reader& r) {
  if (!v->is_sequence()) { r.error(v, "tests", "H102", tr("case.list")); return; }
  std::set<std::string> names;
  for (std::size_t i = 0; i < v->items.size(); ++i) {
    std::string path = idx("tests", i);
    MapWalk m(r, v->items[i], path, {"name", "date", "input", "context", "expect"});
    if (!m.ok()) continue;
    TestCase c;
    c.file = r.doc.file();
    c.line = r.doc.line(v->items[i]->offset);
    if (const Node* x = m.require("name")) if (auto t = r.text(x, m.at("name"))) c.name = *t;
    if (!names.insert(c.name).second) r.error(v->items[i], path, "H104", tr("case.duplicate", {c.name}));
    if (const Node* x = m.require("date")) {
      if (auto d = r.date(x, m.at("date"))) {
        c.date = *d;
        // A case runs with this very set, so its date must be one the set is in force on.
        if (*d < set_.valid_from || (set_.valid_to && *d > *set_.valid_to))
          r.error(x, m.at("date"), "H500", tr("case.date_outside", {d->to_string(), set_.valid_from.to_string(),
                                                                     set_.valid_to ? set_.valid_to->to_string() : ""}));
      }
    }
    expected_problems_.clear();
    if (const Node* e = m.get("expect"); e && e->is_map())
      for (const auto& [ek, ev] : e->entries)
        if (ek->text == "problems" && ev->is_sequence())
          for (const Node* p : ev->items) expected_problems_.insert(p->text);
    if (const Node* x = m.require("input")) record(r, x, m.at("input"), 0, c.input);
    if (const Node* x = m.get("context")) context(r, x, m.at("context"), c.context);
    if (const Node* x = m.require("expect")) expectation(r, x, m.at("expect"), c.expect);
    m.finish();
    set_.tests.push_back(std::move(c));
  }
}

}  // namespace hoctap::internal::loading
