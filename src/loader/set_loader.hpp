// Reading a criteria file into a CompiledSet, inside the loader (src/loader/): the reading
// context (Reader: the document, its diagnostics, typed scalars and expressions), the map
// walker that checks keys (MapWalk) and the set's reader (SetLoader), whose parts are read
// in loader.cpp (the file's top level: identity, legal basis, levels, checks, grades,
// recognition, the public views), inputs.cpp (the entity, scales, inputs and parameters),
// nodes.cpp (the criteria tree: criteria, indicators, points and marks) and cases.cpp (the
// test cases a set carries). Every reader reports what it finds into the diagnostics and
// goes on. Internal: included by those files only.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <optional>
#include <set>
#include <unordered_set>
#include <string>
#include <vector>

#include "expr/expr.hpp"
#include "loader/loader.hpp"
#include "util/messages.hpp"
#include "util/text.hpp"
#include "yaml/yaml_tree.hpp"

namespace hoctap::internal::loading {

using yaml::Node;

// The reading context: one document, its diagnostics, the set being built.
struct Reader {
  const yaml::Document& doc;
  std::vector<Diagnostic>& out;
  CompiledSet& set;
  // False for a set that declares its languages without `en` (`languages: [vi]`): its
  // labels need only Vietnamese, which then stands for English too.
  bool english_required = true;

  // Nothing is said of a node whose value is reported already (Node::reported).
  void error(const Node* n, const std::string& path, const char* code, Text message) {
    if (n != nullptr && n->reported) return;
    out.push_back(doc.at(n ? n->offset : 0, code, std::move(message), path));
  }
  void warning(const Node* n, const std::string& path, const char* code, Text message) {
    if (n != nullptr && n->reported) return;
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
    for (const auto& e : errs)
      if (!n->reported) out.push_back(doc.at(yaml::offset_in_scalar(doc, *n, e.pos), e.code, Text{e.message, e.message_vi}, path));
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
    if (v == nullptr && ok_ && !written_amiss(key)) r_.error(n_, path_, "H101", tr("key.missing", {key}));
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
  // True when an unknown key of the map is a misspelling of `key` (`maxx` for `max`),
  // which `finish` reports with "did you mean `key`?".
  bool misspelled(const std::string& key) const {
    if (!ok_) return false;
    for (const auto& [k, v] : n_->entries)
      if (k->is_scalar() && std::find(known_.begin(), known_.end(), k->text) == known_.end() && nearest_name(k->text, known_) == key) return true;
    return false;
  }
  // `key` is absent, but written in a way `finish` reports (slipped or misspelled): what
  // would follow from its absence (a missing key, a default, a sum) is not said again.
  bool written_amiss(const std::string& key) const { return slipped(key) || misspelled(key); }
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

inline std::string idx(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

// Bounds on what one set declares (H306..H308), so that nothing built per node, input or
// parameter (slots, result columns, documents) grows without bound.
inline constexpr std::size_t kMaxRuleNodes = 1000, kMaxParameters = 500, kMaxInputs = 2000;

// Reads one criteria file (and its sibling tests file) into `set`.
class SetLoader {
 public:
  SetLoader(const yaml::Document& doc, std::vector<Diagnostic>& out, CompiledSet& set, bool require_english)
      : r_{doc, out, set}, set_(set), require_english_(require_english) {}

  void load(const Node* root);

  // Reads the cases of a sibling tests file (its own document).
  void load_tests_file(const yaml::Document& tdoc, std::vector<Diagnostic>& out);

 private:
  Reader r_;
  CompiledSet& set_;
  std::set<std::string> node_ids_;
  bool require_english_;
  std::set<std::string> expected_problems_;  // the data problems the case being read expects
  bool too_many_nodes_ = false;
  // A value a parameter gives, where it is written: for the checks of what reads it (a
  // threshold out of reach, H305).
  struct WrittenValue {
    const Node* node;
    std::string path;
    Text whose;  // " for `area`", " (its `default`)", or empty for `value`
    std::int64_t units;
  };
  struct ParameterSource {
    bool declared = false;             // it writes its own `confidence`
    std::vector<WrittenValue> values;  // every value read without error
  };
  std::vector<ParameterSource> parameter_sources_;  // per set_.parameters
  // Some node, or some node's maximum, could not be read (and was reported): the maximum
  // total is then not known, and checks against it say nothing.
  bool maxima_failed_ = false;
  // Per node of set_.nodes: its maximum is missing or could not be read; the sum of its
  // parent's children is then not known.
  std::vector<bool> max_failed_;
  // The set says how an entity is recognized (`grades`, `recognition.min_total`), even
  // if what it says could not be read.
  bool recognition_written_ = false;
  int legal_line_ = 0;
  std::optional<Decimal> declared_max_total_;
  bool declared_total_unread_ = false;  // `max_total` written, but not a number

  void entity(const Node* v);

  void legal(const Node* v);

  void scales(const Node* v);

  // `languages: [vi]` or `[vi, en]`: the languages of the set's labels.
  void languages(const Node* v);

  int find_scale(const std::string& id) const;
  std::vector<std::string> scale_ids() const;

  std::optional<Type> type_of(const Node* n, const std::string& path, const MapWalk& m, int depth);

  void add_field(int schema, Field f);

  void inputs(const Node* v, const std::string& path, int schema);

  // Slot counts and members' result slots. Idempotent: run again after assessed
  // indicators add their score inputs.
  void finish_inputs();

  void parameters(const Node* v);

  void levels(const Node* v);

  Confidence set_confidence() const { return set_.legal.confidence; }

  // The `confidence` and `note` keys of the map `m` (the legal basis, a parameter, a node,
  // a block, a band, a points rule, a `{value, confidence, note}`): the place's own
  // confidence, else `inherited`. A place not confirmed says why (H101); a note without
  // `confidence` is a warning (H107), since the place would read as inherited. Every
  // place that carries provenance is read here, so that none escapes these checks.
  // `required`: the place must write its `confidence` (the legal basis); its absence is
  // H101 alone.
  void read_mark(MapWalk& m, const Node* v, const std::string& path, Mark& mark, Confidence inherited,
                 const char* what = "a place", bool required = false);

  // A value that may carry its own confidence: written plainly, or as
  // `{value: …, confidence: …, note: …}`. Returns the value's node (null when missing).
  const Node* marked(const Node* v, const std::string& path, Mark& mark, Confidence inherited);

  void criteria(const Node* v, const Node* declared_total);

  // The points an unknown maximum is capped by: the nearest known maximum above, or the
  // declared `max_total`; none when there is neither, or when the nearest was written but
  // not read (`unread`: reported where it is written, so the node says nothing of it).
  std::optional<Decimal> cap_above(int parent, bool& unread) const;
  // The languages a set declares (`languages`, read): whether it has Vietnamese and English.
  void read_languages(const Node* v, bool vi, bool en);

  // Reads a criterion or indicator; returns its index or -1.
  int rule_node(const Node* v, const std::string& path, int parent, int depth);

  void points(const Node* v, const std::string& path, int self);

  void requires(const Node* v, const std::string& path, int self);

  void checks(const Node* v);

  void grades(const Node* v);

  void recognition(const Node* v);

  // `min_total` and `every_indicator_at_least` against what can be scored (H305): each
  // value a threshold can take that is known when loading (a number, or each value of the
  // parameter it reads); a value given with the data is judged when evaluating.
  void check_min_total(const Node* at, const std::string& path);
  void check_floor(const Node* at, const std::string& path);

  // ---- test cases ----

  void tests(const Node* v, Reader& r);
  void context(Reader& r, const Node* v, const std::string& path, Record& out);
  bool record(Reader& r, const Node* v, const std::string& path, int schema, Record& out, const std::string& prefix = "");
  std::optional<Value> value(Reader& r, const Node* v, const std::string& path, const Field* field);
  void expectation(Reader& r, const Node* v, const std::string& path, Expectation& e);

  // ---- public views ----

  void infos();
};

}  // namespace hoctap::internal::loading
