#include "loader/loader.hpp"

#include <algorithm>
#include <functional>
#include <set>
#include <unordered_set>

#include "expr/expr.hpp"
#include "util/places.hpp"
#include "util/messages.hpp"
#include "util/text.hpp"
#include "yaml/yaml_tree.hpp"

namespace hoctap::internal {
namespace {

using yaml::Node;

// The reading context: one document, its diagnostics, the set being built.
struct Reader {
  const yaml::Document& doc;
  std::vector<Diagnostic>& out;
  CompiledSet& set;
  // False for a set that declares its languages without `en` (`languages: [vi]`): its
  // labels need only Vietnamese, which then stands for English too.
  bool english_required = true;

  void error(const Node* n, const std::string& path, const char* code, Text message) {
    out.push_back(doc.at(n ? n->offset : 0, code, std::move(message), path));
  }
  void warning(const Node* n, const std::string& path, const char* code, Text message) {
    out.push_back(doc.at(n ? n->offset : 0, code, std::move(message), path, Severity::warning));
  }

  // ---- scalars ----

  static Text kind_name(const Node* n) {
    switch (n->kind) {
      case Node::Kind::null: return tr("kind.null");
      case Node::Kind::scalar: return tr("kind.scalar");
      case Node::Kind::sequence: return tr("kind.sequence");
      case Node::Kind::map: return tr("kind.map");
    }
    return {"?", "?"};
  }
  // What was found where a value was expected: the text of a scalar, or its kind.
  static Text found(const Node* n) { return n->is_scalar() ? tr("kind.text", {n->text}) : kind_name(n); }

  std::optional<std::string> text(const Node* n, const std::string& path) {
    if (!n->is_scalar()) {
      error(n, path, "H102", tr("expected.text", {kind_name(n)}));
      return std::nullopt;
    }
    if (!is_nfc(n->text)) {
      warning(n, path, "H106", tr("text.not_nfc"));
      return to_nfc(n->text);
    }
    return n->text;
  }

  std::optional<std::string> identifier(const Node* n, const std::string& path) {
    auto t = text(n, path);
    if (!t) return t;
    bool ok = !t->empty() && (std::isalpha(static_cast<unsigned char>((*t)[0])) || (*t)[0] == '_');
    for (char c : *t) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
    if (!ok) {
      error(n, path, "H103", tr("id.invalid", {*t}));
      return std::nullopt;
    }
    return t;
  }

  std::optional<Decimal> number(const Node* n, const std::string& path) {
    if (!n->is_scalar() || n->style != Node::Style::plain) {
      error(n, path, "H102", tr("expected.number", {found(n)}));
      return std::nullopt;
    }
    auto d = Decimal::parse(n->text);
    if (!d) error(n, path, "H102", tr("expected.decimal", {n->text}));
    return d;
  }

  std::optional<std::int64_t> integer(const Node* n, const std::string& path) {
    auto d = number(n, path);
    if (!d) return std::nullopt;
    if (!d->is_integer()) {
      error(n, path, "H102", tr("expected.whole", {n->text}));
      return std::nullopt;
    }
    return d->units() / Decimal::kOne;
  }

  std::optional<bool> boolean(const Node* n, const std::string& path) {
    if (n->is_scalar() && n->style == Node::Style::plain && (n->text == "true" || n->text == "false"))
      return n->text == "true";
    error(n, path, "H102", tr("expected.boolean", {n->is_scalar() ? Arg("`" + n->text + "`") : Arg(kind_name(n))}));
    return std::nullopt;
  }

  std::optional<Date> date(const Node* n, const std::string& path) {
    if (n->is_scalar()) {
      if (auto d = Date::parse(n->text)) return d;
    }
    error(n, path, "H102", tr("expected.date", {n->is_scalar() ? Arg("`" + n->text + "`") : Arg(kind_name(n))}));
    return std::nullopt;
  }

  std::optional<Confidence> confidence(const Node* n, const std::string& path) {
    auto t = text(n, path);
    if (!t) return std::nullopt;
    if (*t == "confirmed") return Confidence::confirmed;
    if (*t == "inferred") return Confidence::inferred;
    if (*t == "unknown") return Confidence::unknown;
    error(n, path, "H103", tr("confidence.value", {*t}));
    return std::nullopt;
  }

  // {vi: …, en: …}; both languages are required.
  Bilingual bilingual(const Node* n, const std::string& path);

  // ---- expressions ----

  Formula expression(const Node* n, const std::string& path, Type::Kind want, bool allow_total = false) {
    Formula f;
    std::string src;
    if (n->is_scalar()) {
      src = n->text;
    } else {
      error(n, path, "H102", tr("expected.expression", {kind_name(n)}));
      return f;
    }
    std::vector<ExprError> errs;
    ExprContext ctx{&set, allow_total};
    f = compile_expression(src, ctx, errs);
    for (const auto& e : errs) {
      out.push_back(doc.at(yaml::offset_in_scalar(doc, *n, e.pos), e.code, Text{e.message, e.message_vi}, path));
    }
    if (!f) return f;
    const Type& t = f.root->type;
    bool ok = want == Type::Kind::error || t.kind == want ||
              (want == Type::Kind::decimal && t.numeric());
    if (!ok) {
      error(n, path, "H202", tr("expression.kind", {tr(want == Type::Kind::boolean ? "want.boolean" : "want.number"), type_name(t, set)}));
      f.root.reset();
    }
    return f;
  }
};

// Walks a map's keys once, checking each against the known ones.
class MapWalk {
 public:
  MapWalk(Reader& r, const Node* n, std::string path, std::vector<std::string> known)
      : r_(r), n_(n), path_(std::move(path)), known_(std::move(known)) {
    ok_ = n->is_map();
    if (!ok_) r.error(n, path_, "H102", tr("expected.map", {Reader::kind_name(n)}));
  }
  bool ok() const { return ok_; }
  // The value of `key`, or null.
  const Node* get(const std::string& key) const {
    if (!ok_) return nullptr;
    for (const auto& [k, v] : n_->entries)
      if (k->is_scalar() && k->text == key) return v;
    return nullptr;
  }
  const Node* require(const std::string& key) {
    const Node* v = get(key);
    if (v == nullptr && ok_ && !slipped(key)) r_.error(n_, path_, "H101", tr("key.missing", {key}));
    return v;
  }
  // True when `key` is there but glued to its value (`{key:value}`), which `finish`
  // reports as the slip it is; the key is then not reported missing as well.
  bool slipped(const std::string& key) const {
    if (!ok_) return false;
    for (const auto& [k, v] : n_->entries)
      if (k->is_scalar() && v->is_null() && k->text.size() > key.size() && k->text.compare(0, key.size() + 1, key + ":") == 0) return true;
    return false;
  }
  std::string at(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  // Reports every key that is not known.
  void finish() {
    if (!ok_) return;
    for (const auto& [k, v] : n_->entries) {
      std::string key = k->is_scalar() ? k->text : "";
      if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
      // `{max:10}` reads as the key `max:10` with no value: the space after `:` is missing.
      if (const std::size_t colon = key.find(':'); colon != std::string::npos && v->is_null() &&
          std::find(known_.begin(), known_.end(), key.substr(0, colon)) != known_.end()) {
        r_.error(k, at(key), "H005", tr("slip.colon_space", {key, key.substr(0, colon + 1) + " " + key.substr(colon + 1)}));
        continue;
      }
      std::string list;
      for (std::size_t i = 0; i < known_.size(); ++i) list += (i ? ", " : "") + known_[i];
      const bool comma = key.find(' ') != std::string::npos && r_.doc.source().find('{') != std::string::npos;
      r_.error(k, at(key), "H100", with_suggestion(tr(comma ? "key.unknown_comma" : "key.unknown", {key, list}), nearest_name(key, known_)));
    }
  }

 private:
  Reader& r_;
  const Node* n_;
  std::string path_;
  std::vector<std::string> known_;
  bool ok_;
};

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
  if (!vi && !m.slipped("vi")) error(n, path, "H105", tr("label.no_vi"));
  if (!en && english_required && !m.slipped("en")) error(n, path, "H105", tr("label.no_en"));
  if (vi) if (auto t = text(vi, m.at("vi"))) b.vi = *t;
  if (en) if (auto t = text(en, m.at("en"))) b.en = *t;
  if (vi && b.vi.empty()) error(vi, m.at("vi"), "H105", tr("label.empty_vi"));
  if (en && b.en.empty()) error(en, m.at("en"), "H105", tr("label.empty_en"));
  if (!en && !english_required) b.en = b.vi;
  m.finish();
  return b;
}

std::string idx(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

// Bounds on what one set declares (H306..H308), so that nothing built per node, input or
// parameter (slots, result columns, generated kernels, documents) grows without bound.
constexpr std::size_t kMaxRuleNodes = 1000, kMaxParameters = 500, kMaxInputs = 2000;

// ---- the file -----------------------------------------------------------------------

class SetLoader {
 public:
  SetLoader(const yaml::Document& doc, std::vector<Diagnostic>& out, CompiledSet& set, bool require_english)
      : r_{doc, out, set}, set_(set), require_english_(require_english) {}

  void load(const Node* root) {
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
      else if (t && *t != "points") r_.error(scoring, "scoring", "H103", with_suggestion(tr("set.scoring_value", {*t}), nearest_name(*t, {"points", "levels"})));
    }
    if (const Node* v = top.get("levels")) levels(v);
    if (set_.levels_mode && set_.levels.empty()) r_.error(root, "levels", "H101", tr("set.levels_missing"));
    if (!set_.levels_mode && top.get("levels")) r_.error(top.get("levels"), "levels", "H103", tr("set.levels_needs"));
    const Node* declared_total = top.get("max_total");
    if (declared_total) declared_total = marked(declared_total, "max_total", set_.max_total_mark, set_confidence());
    if (declared_total) declared_max_total_ = r_.number(declared_total, "max_total");
    // Assessed indicators add inputs, so read the tree before expressions that use inputs.
    if (const Node* v = top.require("criteria")) criteria(v, declared_total);
    if (const Node* v = top.get("checks")) checks(v);
    finish_inputs();
    if (const Node* v = top.get("grades")) grades(v);
    if (const Node* v = top.get("recognition")) recognition(v);
    if (!set_.levels_mode && set_.bands.empty() && !set_.min_total)
      r_.error(root, "", "H101", tr("set.no_recognition"));
    if (const Node* v = top.get("tests")) tests(v, r_);
    top.finish();
    infos();
  }

  // Reads the cases of a sibling tests file (its own document).
  void load_tests_file(const yaml::Document& tdoc, std::vector<Diagnostic>& out) {
    Reader tr{tdoc, out, set_};
    MapWalk top(tr, tdoc.root(), "", {"tests"});
    if (const Node* v = top.require("tests")) tests(v, tr);
    top.finish();
  }

 private:
  Reader r_;
  CompiledSet& set_;
  std::set<std::string> node_ids_;
  bool require_english_;
  std::set<std::string> expected_problems_;  // the data problems the case being read expects
  bool too_many_nodes_ = false;
  int legal_line_ = 0;
  std::optional<Decimal> declared_max_total_;

  void entity(const Node* v) {
    static const char* kKinds[] = {"citizen", "family", "clan", "community", "unit", "commune", "district", "province"};
    auto t = r_.text(v, "entity");
    if (!t) return;
    for (const char* k : kKinds) if (*t == k) { set_.entity = *t; return; }
    r_.error(v, "entity", "H103", with_suggestion(tr("set.entity_kind", {*t}), nearest_name(*t, {std::begin(kKinds), std::end(kKinds)})));
  }

  void legal(const Node* v) {
    MapWalk m(r_, v, "legal_basis", {"instrument", "issuer", "signed", "article", "source", "confidence", "note"});
    if (!m.ok()) return;
    LegalBasis& l = set_.legal;
    if (const Node* x = m.require("instrument")) if (auto t = r_.text(x, m.at("instrument"))) l.instrument = *t;
    if (const Node* x = m.get("issuer")) if (auto t = r_.text(x, m.at("issuer"))) l.issuer = *t;
    if (const Node* x = m.get("signed")) l.signed_on = r_.date(x, m.at("signed"));
    if (const Node* x = m.get("article")) if (auto t = r_.text(x, m.at("article"))) l.article = *t;
    if (const Node* x = m.require("source")) if (auto t = r_.text(x, m.at("source"))) l.source = *t;
    if (const Node* x = m.require("confidence")) if (auto c = r_.confidence(x, m.at("confidence"))) l.confidence = *c;
    if (const Node* x = m.get("note")) if (auto t = r_.text(x, m.at("note"))) l.note = *t;
    if (l.confidence != Confidence::confirmed && l.note.empty())
      r_.error(v, "legal_basis", "H101", tr("set.legal_note"));
    m.finish();
  }

  void scales(const Node* v) {
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

  // `languages: [vi]` or `[vi, en]`: the languages of the set's labels.
  void languages(const Node* v) {
    if (!v->is_sequence() || v->items.empty()) {
      r_.error(v, "languages", "H102", tr("languages.value", {Reader::kind_name(v)}));
      return;
    }
    bool vi = false, en = false;
    for (std::size_t i = 0; i < v->items.size(); ++i) {
      auto t = r_.text(v->items[i], idx("languages", i));
      if (!t) continue;
      if (*t == "vi") vi = true;
      else if (*t == "en") en = true;
      else r_.error(v->items[i], idx("languages", i), "H103", with_suggestion(tr("languages.value", {"`" + *t + "`"}), nearest_name(*t, {"vi", "en"})));
    }
    if (!vi) r_.error(v, "languages", "H103", tr("languages.value", {tr("languages.no_vi")}));
    if (!en && require_english_) r_.error(v, "languages", "H105", tr("languages.bundled"));
    r_.english_required = en || require_english_;
  }

  int find_scale(const std::string& id) const {
    for (std::size_t i = 0; i < set_.scales.size(); ++i) if (set_.scales[i].id == id) return static_cast<int>(i);
    return -1;
  }
  std::vector<std::string> scale_ids() const {
    std::vector<std::string> ids;
    for (const Scale& s : set_.scales) ids.push_back(s.id);
    return ids;
  }

  std::optional<Type> type_of(const Node* n, const std::string& path, const MapWalk& m, int depth) {
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

  void add_field(int schema, Field f) {
    Schema& s = set_.schemas[schema];
    f.slot = static_cast<int>(s.fields.size());
    s.by_name[f.name] = static_cast<int>(s.fields.size());
    s.fields.push_back(std::move(f));
  }

  void inputs(const Node* v, const std::string& path, int schema) {
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

  // Slot counts and members' result slots. Idempotent: run again after assessed
  // indicators add their score inputs.
  void finish_inputs() {
    for (Schema& s : set_.schemas) {
      s.slot_count = static_cast<int>(s.fields.size());
      if (!s.member_title.empty()) {
        s.result_base = s.slot_count;
        s.slot_count += 4;
      }
    }
  }

  void parameters(const Node* v) {
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
      auto read_value = [&](const Node* x, const std::string& at) -> std::optional<std::int64_t> {
        if (p.type.kind == Type::Kind::boolean) {
          auto b = r_.boolean(x, at);
          return b ? std::optional<std::int64_t>(*b ? 1 : 0) : std::nullopt;
        }
        auto d = r_.number(x, at);
        if (d && p.type.kind == Type::Kind::integer && !d->is_integer()) {
          r_.error(x, at, "H102", tr("set.parameter_whole", {d->to_string()}));
          return std::nullopt;
        }
        return d ? std::optional<std::int64_t>(d->units()) : std::nullopt;
      };
      const Node* value = pm.get("value");
      const Node* by = pm.get("by");
      if (value && by) r_.error(spec, path, "H103", tr("set.parameter_both"));
      if (value) {
        p.fallback = read_value(value, pm.at("value"));
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
          if (const Node* vals = pm.require("values")) {
            MapWalk vm(r_, vals, pm.at("values"), {});
            if (vm.ok()) {
              for (const auto& [vk, vv] : vals->entries) {
                int ord = sc.find(vk->text);
                if (ord < 0) r_.error(vk, vm.at(vk->text), "H204", with_suggestion(tr("set.by_value", {vk->text, sc.id}), nearest_name(vk->text, sc.values)));
                else p.by_value[ord] = read_value(vv, vm.at(vk->text));
              }
            }
          }
          if (const Node* d = pm.get("default")) p.fallback = read_value(d, pm.at("default"));
          for (std::size_t i = 0; i < p.by_value.size(); ++i)
            if (!p.by_value[i] && !p.fallback)
              r_.error(spec, path, "H101", tr("set.by_missing", {sc.values[i]}));
        }
      } else {
        r_.error(spec, path, "H101", tr("set.parameter_value"));
      }
      if (const Node* c = pm.get("confidence")) if (auto cc = r_.confidence(c, pm.at("confidence"))) p.confidence = *cc;
      if (const Node* n = pm.get("note")) if (auto t = r_.text(n, pm.at("note"))) p.note = *t;
      pm.finish();
      if (set_.parameter_index.count(p.name) || set_.schemas[0].find(p.name)) {
        r_.error(k, path, "H104", tr("set.parameter_duplicate", {p.name}));
        continue;
      }
      set_.parameter_index[p.name] = static_cast<int>(set_.parameters.size());
      set_.parameters.push_back(std::move(p));
    }
  }

  void levels(const Node* v) {
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

  Confidence set_confidence() const { return set_.legal.confidence; }

  // The `confidence` and `note` keys of the map `m` (a block, a band, a points rule, a
  // node): the place's own confidence, else `inherited`. A place not confirmed says why;
  // a note without `confidence` is a warning, since the place would read as inherited.
  void read_mark(const MapWalk& m, const Node* v, const std::string& path, Mark& mark, Confidence inherited,
                 const char* what = "a place") {
    mark.confidence = inherited;
    mark.line = r_.doc.line(v->offset);
    const Node* c = m.get("confidence");
    if (c) if (auto cc = r_.confidence(c, m.at("confidence"))) { mark.confidence = *cc; mark.declared = true; }
    if (const Node* x = m.get("note")) if (auto t = r_.text(x, m.at("note"))) mark.note = *t;
    if (mark.declared && mark.confidence != Confidence::confirmed && mark.note.empty())
      r_.error(v, path, "H101", tr("note.unconfirmed", {tr(std::string("what.") + what)}));
    if (!c && !mark.note.empty())
      r_.warning(m.get("note"), m.at("note"), "H107", tr("note.inherits", {std::string(to_string(inherited))}));
  }

  // A value that may carry its own confidence: written plainly, or as
  // `{value: …, confidence: …, note: …}`. Returns the value's node (null when missing).
  const Node* marked(const Node* v, const std::string& path, Mark& mark, Confidence inherited) {
    mark.confidence = inherited;
    mark.line = r_.doc.line(v->offset);
    if (!v->is_map()) return v;
    MapWalk m(r_, v, path, {"value", "confidence", "note"});
    const Node* value = m.require("value");
    read_mark(m, v, path, mark, inherited);
    m.finish();
    return value;
  }

  void criteria(const Node* v, const Node* declared_total) {
    if (!v->is_sequence() || v->items.empty()) {
      r_.error(v, "criteria", "H102", tr("set.criteria_list"));
      return;
    }
    Decimal sum;
    bool all_known = true;
    for (std::size_t i = 0; i < v->items.size(); ++i) {
      int n = rule_node(v->items[i], idx("criteria", i), -1, 0);
      if (n >= 0) {
        set_.roots.push_back(n);
        sum = sum + (set_.nodes[n].max_known ? set_.nodes[n].max : Decimal());
        all_known = all_known && set_.nodes[n].max_known;
      }
    }
    set_.max_total = all_known || !declared_max_total_ ? sum : *declared_max_total_;
    if (set_.levels_mode || !declared_max_total_) return;
    if (all_known && sum != *declared_max_total_)
      r_.error(declared_total, "max_total", "H300", tr("set.criteria_sum", {sum.to_string(), declared_max_total_->to_string()}));
    else if (!all_known && sum > *declared_max_total_)
      r_.error(declared_total, "max_total", "H300", tr("set.criteria_sum_known", {sum.to_string(), declared_max_total_->to_string()}));
  }

  // The points an unknown maximum is capped by: the nearest known maximum above, or the
  // declared `max_total`.
  std::optional<Decimal> cap_above(int parent) const {
    for (int p = parent; p >= 0; p = set_.nodes[p].parent)
      if (set_.nodes[p].max_known) return set_.nodes[p].max;
    return declared_max_total_;
  }

  // Reads a criterion or indicator; returns its index or -1.
  int rule_node(const Node* v, const std::string& path, int parent, int depth) {
    MapWalk m(r_, v, path, {"id", "name", "max", "pass_at", "confidence", "note", "source", "indicators", "points",
                            "applies_when", "if_not_applicable", "requires"});
    if (!m.ok()) return -1;
    if (depth > 4) {
      r_.error(v, path, "H102", tr("set.criteria_depth"));
      return -1;
    }
    if (set_.nodes.size() >= kMaxRuleNodes) {
      if (!too_many_nodes_)
        r_.error(v, path, "H306", tr("set.too_many_nodes", {std::to_string(kMaxRuleNodes)}));
      too_many_nodes_ = true;
      return -1;
    }
    int self = static_cast<int>(set_.nodes.size());
    set_.nodes.emplace_back();
    auto node = [&]() -> RuleNode& { return set_.nodes[self]; };
    node().parent = parent;
    node().depth = depth;
    node().yaml_path = path;
    node().line = r_.doc.line(v->offset);
    node().confidence = parent >= 0 ? set_.nodes[parent].confidence : set_confidence();
    if (const Node* x = m.require("id")) {
      if (auto t = r_.identifier(x, m.at("id"))) {
        node().id = *t;
        if (!node_ids_.insert(*t).second) r_.error(x, m.at("id"), "H104", tr("set.id_duplicate", {*t}));
      }
    }
    if (const Node* x = m.require("name")) node().name = r_.bilingual(x, m.at("name"));
    {
      Mark own;
      read_mark(m, v, path, own, node().confidence, "a node");
      node().confidence = own.confidence;
      node().note = own.note;
      node().confidence_declared = own.declared;
    }
    node().scoring_mark.confidence = node().applicability_mark.confidence = node().confidence;
    node().scoring_mark.line = node().applicability_mark.line = node().line;
    if (const Node* x = m.get("source")) if (auto t = r_.text(x, m.at("source"))) node().source = *t;
    const Node* max = m.get("max");
    if (!set_.levels_mode) {
      if (!max) r_.error(v, path, "H101", tr("set.max_missing"));
      else if (max->is_scalar() && max->style == Node::Style::plain && max->text == "unknown") {
        // The source gives no maximum: the node keeps its place in the tree and is
        // evaluated from entered scores, capped by the nearest known maximum above.
        node().max_known = false;
        if (node().confidence != Confidence::unknown)
          r_.error(max, m.at("max"), "H103", tr("set.max_unknown_conf"));
        if (auto cap = cap_above(parent)) node().max = *cap;
        else r_.error(max, m.at("max"), "H101", tr("set.max_unknown_above"));
      } else if (auto d = r_.number(max, m.at("max"))) {
        if (*d < Decimal()) r_.error(max, m.at("max"), "H103", tr("set.max_negative"));
        node().max = *d;
      }
      if (const Node* x = m.get("pass_at")) {
        if (auto d = r_.number(x, m.at("pass_at"))) {
          if (*d > node().max || *d < Decimal())
            r_.error(x, m.at("pass_at"), "H305", tr("set.pass_at_range", {d->to_string(), node().max.to_string()}));
          node().pass_at = *d;
        }
      }
    } else {
      if (max) r_.error(max, m.at("max"), "H103", tr("set.max_needs_points"));
      if (m.get("pass_at")) r_.error(m.get("pass_at"), m.at("pass_at"), "H103", tr("set.pass_at_needs_points"));
    }
    if (parent >= 0) set_.nodes[parent].children.push_back(self);
    const Node* kids = m.get("indicators");
    if (kids) {
      if (m.get("points") || m.get("requires"))
        r_.error(v, path, "H103", tr("set.node_both"));
      if (!kids->is_sequence() || kids->items.empty()) {
        r_.error(kids, m.at("indicators"), "H102", tr("set.indicators_list"));
      } else {
        Decimal sum;
        bool all_known = true;
        for (std::size_t i = 0; i < kids->items.size(); ++i) {
          int c = rule_node(kids->items[i], idx(m.at("indicators"), i), self, depth + 1);
          if (c >= 0 && set_.nodes[c].max_known) sum = sum + set_.nodes[c].max;
          else if (c >= 0) all_known = false;
        }
        if (!set_.levels_mode && max && node().max_known && all_known && sum != node().max)
          r_.error(max, m.at("max"), "H300", tr("set.indicators_sum", {sum.to_string(), node().max.to_string()}));
        if (!set_.levels_mode && max && node().max_known && !all_known && sum > node().max)
          r_.error(max, m.at("max"), "H300", tr("set.indicators_sum_known", {sum.to_string(), node().max.to_string()}));
      }
    } else {
      node().indicator = true;
      set_.indicators.push_back(self);
      if (set_.levels_mode) {
        if (const Node* x = m.require("requires")) requires(x, m.at("requires"), self);
        if (m.get("points")) r_.error(m.get("points"), m.at("points"), "H103", tr("set.points_needs_points"));
      } else {
        if (const Node* x = m.require("points")) points(x, m.at("points"), self);
        if (m.get("requires")) r_.error(m.get("requires"), m.at("requires"), "H103", tr("set.requires_needs_levels"));
      }
    }
    const Node* applies = m.get("applies_when");
    const Node* if_na = m.get("if_not_applicable");
    // Either may carry the applicability's confidence (`{value: …, confidence: …}`).
    if (applies) applies = marked(applies, m.at("applies_when"), node().applicability_mark, node().confidence);
    if (if_na) {
      Mark mk;
      if_na = marked(if_na, m.at("if_not_applicable"), mk, node().confidence);
      if (mk.declared || !node().applicability_mark.declared) node().applicability_mark = mk;
    }
    if (applies) {
      Formula f = r_.expression(applies, m.at("applies_when"), Type::Kind::boolean);
      node().applies_when = std::move(f);
      if (!if_na) r_.error(applies, m.at("applies_when"), "H101", tr("set.if_na_missing"));
    }
    if (if_na) {
      auto t = r_.text(if_na, m.at("if_not_applicable"));
      if (t && *t == "full_points") node().not_applicable_full = true;
      else if (t && *t != "no_points")
        r_.error(if_na, m.at("if_not_applicable"), "H103", tr("set.if_na_value", {*t}));
      if (!applies) r_.error(if_na, m.at("if_not_applicable"), "H103", tr("set.if_na_needs"));
    }
    m.finish();
    return self;
  }

  void points(const Node* v, const std::string& path, int self) {
    MapWalk m(r_, v, path, {"conditions", "otherwise", "formula", "rounding", "digits", "assessed", "confidence", "note"});
    if (!m.ok()) return;
    read_mark(m, v, path, set_.nodes[self].scoring_mark, set_.nodes[self].confidence);
    PointsRule& p = set_.nodes[self].points;
    const Decimal max = set_.nodes[self].max;
    int kinds = (m.get("conditions") ? 1 : 0) + (m.get("formula") ? 1 : 0) + (m.get("assessed") ? 1 : 0);
    if (kinds != 1) r_.error(v, path, "H103", tr("set.points_kinds"));
    auto in_range = [&](const Node* at, const std::string& apath, Decimal d) {
      if (d < Decimal() || d > max)
        r_.error(at, apath, "H305", tr("set.points_range", {d.to_string(), max.to_string()}));
    };
    if (const Node* c = m.get("conditions")) {
      p.kind = PointsRule::Kind::conditions;
      if (!c->is_sequence() || c->items.empty()) r_.error(c, m.at("conditions"), "H102", tr("set.conditions_list"));
      else for (std::size_t i = 0; i < c->items.size(); ++i) {
        std::string cpath = idx(m.at("conditions"), i);
        MapWalk cm(r_, c->items[i], cpath, {"when", "points"});
        if (!cm.ok()) continue;
        PointsRule::Case pc;
        if (const Node* w = cm.require("when")) pc.when = r_.expression(w, cm.at("when"), Type::Kind::boolean);
        if (const Node* x = cm.require("points")) if (auto d = r_.number(x, cm.at("points"))) { pc.points = *d; in_range(x, cm.at("points"), *d); }
        cm.finish();
        p.cases.push_back(std::move(pc));
      }
      if (const Node* o = m.get("otherwise")) if (auto d = r_.number(o, m.at("otherwise"))) { p.otherwise = *d; in_range(o, m.at("otherwise"), *d); }
      if (!m.get("otherwise")) r_.error(v, path, "H101", tr("set.otherwise_missing"));
    } else if (m.get("otherwise")) {
      r_.error(m.get("otherwise"), m.at("otherwise"), "H103", tr("set.otherwise_with"));
    }
    if (const Node* f = m.get("formula")) {
      p.kind = PointsRule::Kind::formula;
      p.formula = r_.expression(f, m.at("formula"), Type::Kind::decimal);
      if (const Node* x = m.require("rounding")) {
        auto t = r_.text(x, m.at("rounding"));
        static const std::pair<const char*, Rounding> kModes[] = {{"half_up", Rounding::half_up}, {"half_even", Rounding::half_even},
                                                                  {"floor", Rounding::floor}, {"ceil", Rounding::ceil}};
        bool found = false;
        for (const auto& [n, mode] : kModes) if (t && *t == n) { p.rounding = mode; found = true; }
        if (t && !found) r_.error(x, m.at("rounding"), "H103", with_suggestion(tr("set.rounding_value", {*t}), nearest_name(*t, {"half_up", "half_even", "floor", "ceil"})));
      }
      if (const Node* x = m.get("digits")) {
        auto d = r_.integer(x, m.at("digits"));
        if (d && (*d < 0 || *d > 6)) r_.error(x, m.at("digits"), "H103", tr("set.digits_range"));
        else if (d) p.digits = static_cast<int>(*d);
      }
    } else if (m.get("rounding") || m.get("digits")) {
      r_.error(v, path, "H103", tr("set.rounding_with"));
    }
    if (const Node* a = m.get("assessed")) {
      auto b = r_.boolean(a, m.at("assessed"));
      if (b && !*b) r_.error(a, m.at("assessed"), "H103", tr("set.assessed_true"));
      p.kind = PointsRule::Kind::assessed;
      Field f;
      f.name = "score." + set_.nodes[self].id;
      f.type = Type::of(Type::Kind::decimal);
      f.label = {"Điểm do người đánh giá chấm: " + set_.nodes[self].name.vi,
                 "Points entered by the assessor: " + set_.nodes[self].name.en};
      f.min = Decimal();
      f.max = max;
      if (!set_.schemas[0].find(f.name)) {
        p.assessed_slot = static_cast<int>(set_.schemas[0].fields.size());
        add_field(0, std::move(f));
      }
    }
    m.finish();
  }

  void requires(const Node* v, const std::string& path, int self) {
    RuleNode& n = set_.nodes[self];
    n.requires.resize(set_.levels.size());
    if (v->is_scalar()) {
      if (!n.requires.empty()) n.requires[0] = r_.expression(v, path, Type::Kind::boolean);
      return;
    }
    MapWalk m(r_, v, path, {});
    if (!m.ok()) return;
    for (const auto& [k, e] : v->entries) {
      int li = -1;
      for (std::size_t i = 0; i < set_.levels.size(); ++i) if (set_.levels[i].id == k->text) li = static_cast<int>(i);
      if (li < 0) {
        r_.error(k, m.at(k->text), "H103", tr("set.level_unknown", {k->text}));
        continue;
      }
      set_.nodes[self].requires[li] = r_.expression(e, m.at(k->text), Type::Kind::boolean);
    }
    if (!set_.nodes[self].requires.empty() && !set_.nodes[self].requires[0] && !m.get(set_.levels[0].id))
      r_.error(v, path, "H101", tr("set.requires_first", {set_.levels[0].id}));
  }

  void checks(const Node* v) {
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

  void grades(const Node* v) {
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
    for (std::size_t k = 0; k < order.size(); ++k) {
      const Band& b = set_.bands[order[k]];
      const Node* at = band_nodes[order[k]];
      std::string path = idx(m.at("bands"), order[k]);
      if (b.below && *b.below <= b.min) r_.error(at, path, "H302", tr("set.band_empty", {b.id}));
      if (b.min > set_.max_total)
        r_.error(at, path, "H303", tr("set.band_unreachable", {b.id, b.min.to_string(), set_.max_total.to_string()}));
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

  void recognition(const Node* v) {
    MapWalk m(r_, v, "recognition", {"min_total", "every_indicator_at_least", "knockouts", "confidence", "note"});
    if (!m.ok()) return;
    read_mark(m, v, "recognition", set_.recognition_mark, set_confidence(), "a block");
    if (const Node* x = m.get("min_total")) {
      if (set_.levels_mode) r_.error(x, m.at("min_total"), "H103", tr("set.min_total_needs_points"));
      set_.min_total = r_.expression(x, m.at("min_total"), Type::Kind::decimal);
    }
    if (const Node* x = m.get("every_indicator_at_least")) {
      if (set_.levels_mode) r_.error(x, m.at("every_indicator_at_least"), "H103", tr("set.floor_needs_points"));
      set_.every_indicator_at_least = r_.number(x, m.at("every_indicator_at_least"));
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

  // ---- test cases ----

  void tests(const Node* v, Reader& r);
  void context(Reader& r, const Node* v, const std::string& path, Record& out);
  bool record(Reader& r, const Node* v, const std::string& path, int schema, Record& out, const std::string& prefix = "");
  std::optional<Value> value(Reader& r, const Node* v, const std::string& path, const Field* field);
  void expectation(Reader& r, const Node* v, const std::string& path, Expectation& e);

  // ---- public views ----

  void infos() {
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
    for (const Parameter& p : set_.parameters) P.push_back({"parameters." + p.name, Mark{p.confidence, p.note, true, p.line}, true});
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
};

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
        if (t && !ne.status) r.error(s, sm.at("status"), "H500", tr("case.status"));
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

}  // namespace

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
  SetLoader loader(*doc, diagnostics, *set, options.require_english);
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
