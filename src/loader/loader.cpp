// Reading a criteria file into a CompiledSet (load_set): the file's top level, in order
// (identity, legal basis, languages, then the parts read in inputs.cpp and nodes.cpp, then
// levels, checks, grades and recognition, and the public views), the sibling tests file,
// and the diagnostics sorted in file order, with the test cases' problems set aside.
#include "loader/loader.hpp"

#include <algorithm>
#include <functional>
#include <set>
#include <unordered_set>

#include "expr/expr.hpp"
#include "loader/set_loader.hpp"
#include "util/places.hpp"
#include "util/messages.hpp"
#include "util/text.hpp"
#include "yaml/yaml_tree.hpp"

namespace hoctap::internal {
namespace loading {

Bilingual Reader::bilingual(const Node* n, const std::string& path) {
  Bilingual b;
  if (n->is_scalar()) {
    if (english_required) {
      error(n, path, "H105", tr("label.both"));
      b.vi = n->text;
    } else if (auto t = text(n, path)) {
      b.vi = *t;  // a set in Vietnamese only may write a label as plain text
    }
    b.en = b.vi;
    return b;
  }
  MapWalk m(*this, n, path, {"vi", "en"});
  if (!m.ok()) return b;
  const Node* vi = m.get("vi");
  const Node* en = m.get("en");
  if (!vi && !m.written_amiss("vi")) error(n, path, "H105", tr("label.no_vi"));
  if (!en && english_required && !m.written_amiss("en")) error(n, path, "H105", tr("label.no_en"));
  if (vi) if (auto t = text(vi, m.at("vi"))) b.vi = *t;
  if (en) if (auto t = text(en, m.at("en"))) b.en = *t;
  if (vi && b.vi.empty()) error(vi, m.at("vi"), "H105", tr("label.empty_vi"));
  if (en && b.en.empty()) error(en, m.at("en"), "H105", tr("label.empty_en"));
  if (!en && !english_required) b.en = b.vi;
  m.finish();
  return b;
}

void SetLoader::load(const Node* root) {
  MapWalk top(r_, root, "", {"hoctap", "id", "title", "name", "entity", "version", "valid_from", "valid_to",
                             "supersedes", "place", "legal_basis", "scales", "inputs", "parameters", "checks", "scoring",
                             "levels", "max_total", "criteria", "grades", "recognition", "tests",
                             "languages"});
  if (!top.ok()) return;
  // The languages first: they decide which labels are required.
  if (const Node* v = top.get("languages")) languages(v);
  if (const Node* v = top.require("hoctap")) {
    auto f = r_.integer(v, "hoctap");
    if (f && *f != 1) r_.error(v, "hoctap", "H103", tr("set.format_version", {std::to_string(*f)}));
  }
  if (const Node* v = top.require("id")) if (auto t = r_.text(v, "id")) set_.id = *t;
  if (const Node* v = top.require("title")) if (auto t = r_.identifier(v, "title")) set_.title = *t;
  if (const Node* v = top.require("name")) set_.name = r_.bilingual(v, "name");
  if (const Node* v = top.require("entity")) entity(v);
  if (const Node* v = top.require("version")) if (auto t = r_.text(v, "version")) set_.version = *t;
  // The legal basis first: dates, the declared total and the blocks inherit its confidence.
  if (const Node* v = top.require("legal_basis")) {
    legal(v);
    legal_line_ = r_.doc.line(v->offset);
  }
  const Node* vf = top.require("valid_from");
  if (vf) vf = marked(vf, "valid_from", set_.valid_from_mark, set_confidence());
  if (vf) if (auto d = r_.date(vf, "valid_from")) set_.valid_from = *d;
  const Node* vt = top.get("valid_to");
  if (vt) vt = marked(vt, "valid_to", set_.valid_to_mark, set_confidence());
  // `{value: ~, confidence: …, note: …}`: open-ended, and the open end is a choice.
  if (vt && vt->is_null() && set_.valid_to_mark.declared) vt = nullptr;
  if (const Node* v = vt) {
    if (auto d = r_.date(v, "valid_to")) {
      set_.valid_to = *d;
      if (vf && *d < set_.valid_from)
        r_.error(v, "valid_to", "H304", tr("set.valid_to_before", {d->to_string(), set_.valid_from.to_string()}));
    }
  }
  if (const Node* v = top.get("supersedes")) if (auto t = r_.text(v, "supersedes")) set_.supersedes = *t;
  if (const Node* v = top.get("place")) if (auto t = r_.text(v, "place")) {
    switch (check_place(*t)) {
      case PlaceCheck::ok: set_.place = *t; break;
      case PlaceCheck::bad_district: r_.error(v, "place", "H103", tr("place.bad_district", {*t})); break;
      case PlaceCheck::unknown_province: r_.error(v, "place", "H103", tr("place.unknown", {*t, known_provinces()})); break;
    }
  }
  if (const Node* v = top.get("scales")) scales(v);
  set_.schemas.emplace_back();  // the entity
  if (const Node* v = top.get("inputs")) inputs(v, "inputs", 0);  // a set of assessed scores needs none
  finish_inputs();  // members' result slots, before expressions refer to them
  if (const Node* v = top.get("parameters")) parameters(v);
  const Node* scoring = top.get("scoring");
  if (scoring) {
    auto t = r_.text(scoring, "scoring");
    if (t && *t == "levels") set_.levels_mode = true;
    else if (t && *t != "points")
      r_.error(scoring, "scoring", "H103", with_suggestion(tr("set.scoring_value", {*t}), nearest_name(*t, {"points", "levels"})));
    // Not read: read on in the mode the file's own `levels` show (written so, or reported
    // misspelt), so that its levels and requirements are not all reported as out of place.
    if (!t || (*t != "points" && *t != "levels")) set_.levels_mode = top.get("levels") != nullptr || top.written_amiss("levels");
  }
  if (const Node* v = top.get("levels")) levels(v);
  if (set_.levels_mode && !top.get("levels") && !top.written_amiss("levels"))  // an empty list is reported by levels(), a misspelt key as unknown
    r_.error(root, "levels", "H101", tr("set.levels_missing"));
  if (!set_.levels_mode && top.get("levels")) r_.error(top.get("levels"), "levels", "H103", tr("set.levels_needs"));
  const Node* declared_total = top.get("max_total");
  if (declared_total) declared_total = marked(declared_total, "max_total", set_.max_total_mark, set_confidence());
  if (declared_total) declared_max_total_ = r_.number(declared_total, "max_total");
  declared_total_unread_ = declared_total && !declared_max_total_;
  // Assessed indicators add inputs, so read the tree before expressions that use inputs.
  if (const Node* v = top.require("criteria")) criteria(v, declared_total);
  else maxima_failed_ = true;
  if (const Node* v = top.get("checks")) checks(v);
  finish_inputs();
  if (const Node* v = top.get("grades")) grades(v);
  if (const Node* v = top.get("recognition")) recognition(v);
  recognition_written_ = recognition_written_ || top.get("grades") || top.written_amiss("grades") || top.written_amiss("recognition");
  if (!set_.levels_mode && !recognition_written_)
    r_.error(root, "", "H101", tr("set.no_recognition"));
  if (const Node* v = top.get("tests")) tests(v, r_);
  top.finish();
  infos();
}

void SetLoader::legal(const Node* v) {
  MapWalk m(r_, v, "legal_basis", {"instrument", "issuer", "signed", "article", "source", "confidence", "note"});
  if (!m.ok()) return;
  LegalBasis& l = set_.legal;
  // The instrument and its source are the provenance of everything below: an empty one
  // is as missing as an absent one.
  auto required_text = [&](const char* key, std::string& into) {
    if (const Node* x = m.require(key)) if (auto t = r_.text(x, m.at(key))) {
      into = *t;
      if (t->find_first_not_of(" \t") == std::string::npos) r_.error(x, m.at(key), "H101", tr("set.legal_empty", {key}));
    }
  };
  required_text("instrument", l.instrument);
  if (const Node* x = m.get("issuer")) if (auto t = r_.text(x, m.at("issuer"))) l.issuer = *t;
  if (const Node* x = m.get("signed")) l.signed_on = r_.date(x, m.at("signed"));
  if (const Node* x = m.get("article")) if (auto t = r_.text(x, m.at("article"))) l.article = *t;
  required_text("source", l.source);
  Mark mark;
  read_mark(m, v, "legal_basis", mark, Confidence::confirmed, "a legal basis", true);
  l.confidence = mark.confidence;
  l.note = mark.note;
  m.finish();
}

void SetLoader::levels(const Node* v) {
  if (!v->is_sequence() || v->items.empty()) {
    r_.error(v, "levels", "H102", tr("set.levels_list"));
    return;
  }
  for (std::size_t i = 0; i < v->items.size(); ++i) {
    MapWalk m(r_, v->items[i], idx("levels", i), {"id", "name"});
    if (!m.ok()) continue;
    Level l;
    if (const Node* x = m.require("id")) if (auto t = r_.identifier(x, m.at("id"))) l.id = *t;
    if (const Node* x = m.require("name")) l.name = r_.bilingual(x, m.at("name"));
    m.finish();
    for (const Level& o : set_.levels)
      if (o.id == l.id) r_.error(v->items[i], idx("levels", i), "H104", tr("set.level_duplicate", {l.id}));
    set_.levels.push_back(std::move(l));
  }
}

void SetLoader::checks(const Node* v) {
  if (!v->is_sequence()) { r_.error(v, "checks", "H102", tr("set.checks_list")); return; }
  for (std::size_t i = 0; i < v->items.size(); ++i) {
    MapWalk m(r_, v->items[i], idx("checks", i), {"id", "holds", "message"});
    if (!m.ok()) continue;
    Check c;
    if (const Node* x = m.require("id")) if (auto t = r_.identifier(x, m.at("id"))) c.id = *t;
    if (const Node* x = m.require("holds")) c.holds = r_.expression(x, m.at("holds"), Type::Kind::boolean);
    if (const Node* x = m.require("message")) c.message = r_.bilingual(x, m.at("message"));
    m.finish();
    set_.checks.push_back(std::move(c));
  }
}

void SetLoader::grades(const Node* v) {
  if (set_.levels_mode) { r_.error(v, "grades", "H103", tr("set.grades_needs_points")); return; }
  MapWalk m(r_, v, "grades", {"bands", "otherwise", "confidence", "note"});
  if (!m.ok()) return;
  read_mark(m, v, "grades", set_.grades_mark, set_confidence(), "a block");
  std::set<std::string> ids;
  auto band = [&](const Node* b, const std::string& path, bool is_otherwise) -> std::optional<Band> {
    MapWalk bm(r_, b, path, is_otherwise ? std::vector<std::string>{"id", "name"}
                                         : std::vector<std::string>{"id", "name", "min", "below", "recognized", "confidence", "note"});
    if (!bm.ok()) return std::nullopt;
    Band out;
    read_mark(bm, b, path, out.mark, set_.grades_mark.confidence);
    if (const Node* x = bm.require("id")) if (auto t = r_.identifier(x, bm.at("id"))) {
      out.id = *t;
      if (!ids.insert(*t).second) r_.error(x, bm.at("id"), "H104", tr("set.grade_duplicate", {*t}));
    }
    if (const Node* x = bm.require("name")) out.name = r_.bilingual(x, bm.at("name"));
    if (!is_otherwise) {
      if (const Node* x = bm.require("min")) if (auto d = r_.number(x, bm.at("min"))) out.min = *d;
      if (const Node* x = bm.get("below")) out.below = r_.number(x, bm.at("below"));
      if (const Node* x = bm.get("recognized")) if (auto f = r_.boolean(x, bm.at("recognized"))) out.recognized = *f;
    } else {
      out.recognized = false;
    }
    bm.finish();
    return out;
  };
  const Node* bands = m.require("bands");
  std::vector<const Node*> band_nodes;
  if (bands && (!bands->is_sequence() || bands->items.empty())) r_.error(bands, m.at("bands"), "H102", tr("set.bands_list"));
  else if (bands) for (std::size_t i = 0; i < bands->items.size(); ++i) {
    if (auto b = band(bands->items[i], idx(m.at("bands"), i), false)) {
      set_.bands.push_back(std::move(*b));
      band_nodes.push_back(bands->items[i]);
    }
  }
  if (const Node* o = m.get("otherwise")) set_.otherwise = band(o, m.at("otherwise"), true);
  m.finish();
  // Order by `min` and check the bands tile [lowest min, max_total].
  std::vector<std::size_t> order(set_.bands.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return set_.bands[a].min < set_.bands[b].min; });
  std::vector<Band> sorted;
  // The most a total can be: the maxima's sum, or where they were not all read (and are
  // reported) the declared total, if there is one.
  const std::optional<Decimal> most = !maxima_failed_ ? std::optional<Decimal>(set_.max_total) : declared_max_total_;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const Band& b = set_.bands[order[k]];
    const Node* at = band_nodes[order[k]];
    std::string path = idx(m.at("bands"), order[k]);
    if (b.below && *b.below <= b.min) r_.error(at, path, "H302", tr("set.band_empty", {b.id}));
    if (most && b.min > *most) r_.error(at, path, "H303", tr("set.band_unreachable", {b.id, b.min.to_string(), most->to_string()}));
    if (k + 1 < order.size()) {
      const Band& next = set_.bands[order[k + 1]];
      if (!b.below) r_.error(at, path, "H302", tr("set.band_no_below", {b.id, next.id}));
      else if (*b.below < next.min)
        r_.error(at, path, "H301", tr("set.band_gap", {b.id, b.below->to_string(), next.id, next.min.to_string()}));
      else if (*b.below > next.min)
        r_.error(at, path, "H302", tr("set.band_overlap", {b.id, b.below->to_string(), next.id, next.min.to_string()}));
    } else if (b.below && *b.below <= set_.max_total) {
      r_.error(at, path, "H301", tr("set.band_top", {b.id, b.below->to_string(), set_.max_total.to_string()}));
    }
    sorted.push_back(b);
  }
  set_.bands = std::move(sorted);
  if (!set_.bands.empty() && set_.bands.front().min > Decimal() && !set_.otherwise)
    r_.error(v, "grades", "H301", tr("set.band_bottom", {set_.bands.front().min.to_string()}));
}

void SetLoader::recognition(const Node* v) {
  MapWalk m(r_, v, "recognition", {"min_total", "every_indicator_at_least", "knockouts", "confidence", "note"});
  if (!m.ok()) return;
  read_mark(m, v, "recognition", set_.recognition_mark, set_confidence(), "a block");
  recognition_written_ = m.get("min_total") || m.written_amiss("min_total");
  if (const Node* x = m.get("min_total")) {
    if (set_.levels_mode) r_.error(x, m.at("min_total"), "H103", tr("set.min_total_needs_points"));
    set_.min_total = r_.expression(x, m.at("min_total"), Type::Kind::decimal);
    check_min_total(x, m.at("min_total"));
  }
  if (const Node* x = m.get("every_indicator_at_least")) {
    if (set_.levels_mode) r_.error(x, m.at("every_indicator_at_least"), "H103", tr("set.floor_needs_points"));
    set_.every_indicator_at_least = r_.number(x, m.at("every_indicator_at_least"));
    check_floor(x, m.at("every_indicator_at_least"));
  }
  if (const Node* k = m.get("knockouts")) {
    if (!k->is_sequence()) r_.error(k, m.at("knockouts"), "H102", tr("set.knockouts_list"));
    else for (std::size_t i = 0; i < k->items.size(); ++i) {
      MapWalk km(r_, k->items[i], idx(m.at("knockouts"), i), {"id", "name", "when"});
      if (!km.ok()) continue;
      Knockout ko;
      if (const Node* x = km.require("id")) if (auto t = r_.identifier(x, km.at("id"))) ko.id = *t;
      if (const Node* x = km.require("name")) ko.name = r_.bilingual(x, km.at("name"));
      if (const Node* x = km.require("when")) ko.when = r_.expression(x, km.at("when"), Type::Kind::boolean, true);
      km.finish();
      set_.knockouts.push_back(std::move(ko));
    }
  }
  m.finish();
}

namespace {

// The value of an expression made of a number and signs only (`80`, `-5`), in units.
std::optional<std::int64_t> constant_units(const Expr& e) {
  if (e.op == Op::literal && e.lit.kind == Literal::Kind::number) return e.lit.i;
  if (e.op == Op::neg && e.args.size() == 1 && e.args[0]) {
    if (auto x = constant_units(*e.args[0])) return -*x;
  }
  return std::nullopt;
}

}  // namespace

void SetLoader::check_min_total(const Node* at, const std::string& path) {
  if (!set_.min_total || set_.levels_mode || maxima_failed_) return;
  const std::int64_t top = set_.max_total.units();
  const std::string max_total = set_.max_total.to_string();
  const Expr& e = *set_.min_total.root;
  if (auto k = constant_units(e)) {
    const std::string value = Decimal::from_units(*k).to_string();
    if (*k > top) r_.error(at, path, "H305", tr("set.min_total_above", {value, max_total}));
    else if (*k < 0) r_.error(at, path, "H305", tr("set.min_total_below", {value}));
    return;
  }
  // A parameter: each value it gives, at the place it is written. An input (a value the
  // locality gives with the data) is not known here.
  if (e.op != Op::param) return;
  const std::string& name = set_.parameters[static_cast<std::size_t>(e.slot)].name;
  for (const WrittenValue& w : parameter_sources_[static_cast<std::size_t>(e.slot)].values) {
    const std::string value = Decimal::from_units(w.units).to_string();
    if (w.units > top) r_.error(w.node, w.path, "H305", tr("set.min_total_param_above", {name, value, w.whose, max_total}));
    else if (w.units < 0) r_.error(w.node, w.path, "H305", tr("set.min_total_param_below", {name, value, w.whose}));
  }
}

void SetLoader::check_floor(const Node* at, const std::string& path) {
  if (!set_.every_indicator_at_least || set_.levels_mode || maxima_failed_) return;
  const Decimal floor = *set_.every_indicator_at_least;
  if (floor < Decimal()) {
    r_.error(at, path, "H305", tr("set.floor_below", {floor.to_string()}));
    return;
  }
  // The indicators that can never reach the floor, the lowest maximum first.
  std::vector<int> short_of;
  for (int i : set_.indicators)
    if (set_.nodes[static_cast<std::size_t>(i)].max < floor) short_of.push_back(i);
  if (short_of.empty()) return;
  const RuleNode& lowest = set_.nodes[static_cast<std::size_t>(*std::min_element(
      short_of.begin(), short_of.end(), [&](int a, int b) { return set_.nodes[static_cast<std::size_t>(a)].max < set_.nodes[static_cast<std::size_t>(b)].max; }))];
  if (short_of.size() == 1)
    r_.error(at, path, "H305", tr("set.floor_above", {floor.to_string(), lowest.max.to_string(), lowest.id}));
  else
    r_.error(at, path, "H305", tr("set.floor_above_many", {floor.to_string(), std::to_string(short_of.size()), lowest.id, lowest.max.to_string()}));
}

void SetLoader::infos() {
  for (const RuleNode& n : set_.nodes) {
    NodeInfo i;
    i.id = n.id;
    i.name_vi = n.name.vi;
    i.name_en = n.name.en;
    i.parent = n.parent;
    i.depth = n.depth;
    i.is_indicator = n.indicator;
    i.max_points = n.max;
    i.max_known = n.max_known;
    i.pass_at = n.pass_at;
    i.confidence = n.confidence;
    i.source = n.source;
    set_.node_infos.push_back(std::move(i));
  }
  for (const Schema& s : set_.schemas) {
    for (const Field& f : s.fields) {
      InputInfo i;
      i.name = s.name.empty() ? f.name : s.name + "." + f.name;
      i.type = type_name(f.type, set_);
      i.label_vi = f.label.vi;
      i.label_en = f.label.en;
      static const char* kKinds[] = {"error", "bool", "int", "decimal", "date", "text", "category", "list"};
      i.kind = kKinds[static_cast<int>(f.type.kind)];
      if (f.type.kind == Type::Kind::list) i.title = set_.schemas[static_cast<std::size_t>(f.type.schema)].member_title;
      if (f.type.kind == Type::Kind::category) i.values = set_.scales[static_cast<std::size_t>(f.type.scale)].values;
      i.local = f.local;
      set_.input_infos.push_back(std::move(i));
    }
  }
  // Every place, in file order. Listed by `validate --strict` when not confirmed: the
  // legal basis, parameters and nodes always (a node inherits its parent's
  // confidence); the other places when they declare their own confidence (one that
  // inherits a doubt is covered by the line it inherits from).
  auto& P = set_.places;
  P.push_back({"legal_basis", Mark{set_.legal.confidence, set_.legal.note, true, legal_line_}, true});
  if (set_.valid_from_mark.line) P.push_back({"valid_from", set_.valid_from_mark, set_.valid_from_mark.declared});
  if (set_.valid_to_mark.line) P.push_back({"valid_to", set_.valid_to_mark, set_.valid_to_mark.declared});
  if (set_.max_total_mark.line) P.push_back({"max_total", set_.max_total_mark, set_.max_total_mark.declared});
  for (std::size_t i = 0; i < set_.parameters.size(); ++i) {
    const Parameter& p = set_.parameters[i];
    P.push_back({"parameters." + p.name, Mark{p.confidence, p.note, parameter_sources_[i].declared, p.line}, true});
  }
  for (const RuleNode& n : set_.nodes) {
    const std::string at = n.yaml_path + " (" + n.id + ")";
    P.push_back({at, Mark{n.confidence, n.note, n.confidence_declared, n.line}, true});
    if (n.indicator && !set_.levels_mode) P.push_back({n.yaml_path + ".points (" + n.id + ")", n.scoring_mark, n.scoring_mark.declared});
    if (n.applies_when) P.push_back({n.yaml_path + ".applies_when (" + n.id + ")", n.applicability_mark, n.applicability_mark.declared});
  }
  if (set_.grades_mark.line) P.push_back({"grades", set_.grades_mark, set_.grades_mark.declared});
  for (const Band& b : set_.bands) P.push_back({"grades.bands (" + b.id + ")", b.mark, b.mark.declared});
  if (set_.recognition_mark.line) P.push_back({"recognition", set_.recognition_mark, set_.recognition_mark.declared});
  std::stable_sort(P.begin(), P.end(), [](const Place& a, const Place& b) { return a.mark.line < b.mark.line; });
  for (const Place& p : P)
    if (p.listed && p.mark.confidence != Confidence::confirmed)
      set_.unconfirmed.push_back({p.mark.line, p.place, p.mark.confidence, p.mark.note});
    else if (p.mark.declared && p.mark.confidence == Confidence::confirmed && !p.mark.note.empty())
      set_.confirmed_notes.push_back({p.mark.line, p.place, p.mark.confidence, p.mark.note});
}

}  // namespace loading

void set_aside_case_problems(CompiledSet& set, std::vector<Diagnostic>& diagnostics, std::size_t first,
                             const std::string& tests_file) {
  std::set<std::string> files;
  for (std::size_t i = first; i < diagnostics.size(); ++i) {
    Diagnostic& d = diagnostics[i];
    const std::string& p = d.yaml_path;
    bool about_cases = (!tests_file.empty() && d.file == tests_file) || p == "tests" || p.rfind("tests[", 0) == 0;
    if (!about_cases || d.severity != Severity::error) continue;
    set.test_problems.push_back(d);
    files.insert(d.file);
    d.severity = Severity::warning;
  }
  set.tests.erase(std::remove_if(set.tests.begin(), set.tests.end(), [&](const TestCase& c) { return files.count(c.file) > 0; }),
                  set.tests.end());
}

std::shared_ptr<CompiledSet> load_set(std::string text, const std::string& file, const std::string& tests_text,
                                      const std::string& tests_file, const LoadOptions& options,
                                      std::vector<Diagnostic>& diagnostics) {
  yaml::Limits limits{options.max_file_bytes, options.max_yaml_nodes, options.max_depth};
  auto set = std::make_shared<CompiledSet>();
  std::size_t first = diagnostics.size();
  set->sha256 = sha256_hex(text);
  auto doc = yaml::Document::read(std::move(text), file, limits, diagnostics);
  if (doc->root() == nullptr) return nullptr;
  set->source_path = file;
  set->source_text = doc->source();
  loading::SetLoader loader(*doc, diagnostics, *set, options.require_english);
  loader.load(doc->root());
  if (!tests_text.empty()) {
    auto tdoc = yaml::Document::read(tests_text, tests_file, limits, diagnostics);
    if (tdoc->root() != nullptr) loader.load_tests_file(*tdoc, diagnostics);
  }
  // Report in file order, as a compiler does (checks run in reading order, which puts a
  // parent's sum check after its children).
  std::stable_sort(diagnostics.begin() + static_cast<long>(first), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.file != b.file) return false;
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  set_aside_case_problems(*set, diagnostics, first, tests_file);
  std::vector<Diagnostic> mine(diagnostics.begin() + static_cast<long>(first), diagnostics.end());
  if (has_errors(mine)) return nullptr;
  number_shapes(*set);
  return set;
}

}  // namespace hoctap::internal
