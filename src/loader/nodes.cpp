// The criteria tree: `criteria`, each criterion and indicator (rule_node), an indicator's
// points and what it requires, and the confidence and notes marking each place
// (read_mark, marked), into the set's nodes (SetLoader, loader/set_loader.hpp).
#include <algorithm>
#include <functional>

#include "loader/set_loader.hpp"

namespace hoctap::internal::loading {

void SetLoader::read_mark(MapWalk& m, const Node* v, const std::string& path, Mark& mark, Confidence inherited,
                          const char* what, bool required) {
  mark.confidence = inherited;
  mark.line = r_.doc.line(v->offset);
  const Node* c = required ? m.require("confidence") : m.get("confidence");
  if (c) if (auto cc = r_.confidence(c, m.at("confidence"))) { mark.confidence = *cc; mark.declared = true; }
  const Node* x = m.get("note");
  bool note_read = x == nullptr;  // a note that is not text is reported as such, not as missing
  if (x) if (auto t = r_.text(x, m.at("note"))) { mark.note = *t; note_read = true; }
  if (mark.declared && mark.confidence != Confidence::confirmed && mark.note.empty() && note_read)
    r_.error(v, path, "H101", tr("note.unconfirmed", {tr(std::string("what.") + what)}));
  if (!c && !required && !m.written_amiss("confidence") && !mark.note.empty())
    r_.warning(x, m.at("note"), "H107", tr("note.inherits", {std::string(to_string(inherited))}));
}

const Node* SetLoader::marked(const Node* v, const std::string& path, Mark& mark, Confidence inherited) {
  mark.confidence = inherited;
  mark.line = r_.doc.line(v->offset);
  if (!v->is_map()) return v;
  MapWalk m(r_, v, path, {"value", "confidence", "note"});
  const Node* value = m.require("value");
  read_mark(m, v, path, mark, inherited);
  m.finish();
  return value;
}

void SetLoader::criteria(const Node* v, const Node* declared_total) {
  if (!v->is_sequence() || v->items.empty()) {
    r_.error(v, "criteria", "H102", tr("set.criteria_list"));
    maxima_failed_ = true;
    return;
  }
  Decimal sum;
  bool all_known = true, all_read = true;
  for (std::size_t i = 0; i < v->items.size(); ++i) {
    int n = rule_node(v->items[i], idx("criteria", i), -1, 0);
    all_read = all_read && n >= 0 && !max_failed_[static_cast<std::size_t>(n)];
    if (n >= 0) {
      set_.roots.push_back(n);
      sum = sum + (set_.nodes[n].max_known ? set_.nodes[n].max : Decimal());
      all_known = all_known && set_.nodes[n].max_known;
    }
  }
  set_.max_total = (all_known && all_read) || !declared_max_total_ ? sum : *declared_max_total_;
  // A criterion, or its maximum, that could not be read leaves the sum unknown.
  if (set_.levels_mode || !declared_max_total_ || !all_read) return;
  if (all_known && sum != *declared_max_total_)
    r_.error(declared_total, "max_total", "H300", tr("set.criteria_sum", {sum.to_string(), declared_max_total_->to_string()}));
  else if (!all_known && sum > *declared_max_total_)
    r_.error(declared_total, "max_total", "H300", tr("set.criteria_sum_known", {sum.to_string(), declared_max_total_->to_string()}));
}

std::optional<Decimal> SetLoader::cap_above(int parent, bool& unread) const {
  for (int p = parent; p >= 0; p = set_.nodes[p].parent) {
    unread = max_failed_[static_cast<std::size_t>(p)];
    if (unread) return std::nullopt;
    if (set_.nodes[p].max_known) return set_.nodes[p].max;
  }
  unread = declared_total_unread_;
  return declared_max_total_;
}

int SetLoader::rule_node(const Node* v, const std::string& path, int parent, int depth) {
  MapWalk m(r_, v, path, {"id", "name", "max", "pass_at", "confidence", "note", "source", "indicators", "points",
                          "applies_when", "if_not_applicable", "requires"});
  maxima_failed_ = maxima_failed_ || !m.ok() || depth > 4 || set_.nodes.size() >= kMaxRuleNodes;
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
  max_failed_.push_back(false);
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
    bool max_read = false;
    if (!max) {
      if (!m.written_amiss("max")) r_.error(v, path, "H101", tr("set.max_missing"));
    }
    else if (max->is_scalar() && max->style == Node::Style::plain && max->text == "unknown") {
      // The source gives no maximum: the node keeps its place in the tree and is
      // evaluated from entered scores, capped by the nearest known maximum above.
      node().max_known = false;
      if (node().confidence != Confidence::unknown)
        r_.error(max, m.at("max"), "H103", tr("set.max_unknown_conf"));
      bool unread = false;  // the nearest maximum above is reported where it is written: nothing to cap by
      if (auto cap = cap_above(parent, unread)) { node().max = *cap; max_read = true; }
      else if (!unread) r_.error(max, m.at("max"), "H101", tr("set.max_unknown_above"));
    } else if (auto d = r_.number(max, m.at("max"))) {
      if (*d < Decimal()) r_.error(max, m.at("max"), "H103", tr("set.max_negative"));
      else max_read = true;
      node().max = *d;
    }
    maxima_failed_ = maxima_failed_ || !max_read;
    max_failed_[static_cast<std::size_t>(self)] = !max_read;
    if (const Node* x = m.get("pass_at")) {
      if (auto d = r_.number(x, m.at("pass_at"))) {
        if ((max_read && *d > node().max) || *d < Decimal())  // a maximum not read is reported, not compared with
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
      bool all_known = true, all_read = true;
      for (std::size_t i = 0; i < kids->items.size(); ++i) {
        int c = rule_node(kids->items[i], idx(m.at("indicators"), i), self, depth + 1);
        all_read = all_read && c >= 0 && !max_failed_[static_cast<std::size_t>(c)];
        if (c >= 0 && set_.nodes[c].max_known) sum = sum + set_.nodes[c].max;
        else if (c >= 0) all_known = false;
      }
      // Checked only when this node's maximum and its children's could all be read.
      const bool sum_known = !set_.levels_mode && max && node().max_known && all_read && !max_failed_[static_cast<std::size_t>(self)];
      if (sum_known && all_known && sum != node().max)
        r_.error(max, m.at("max"), "H300", tr("set.indicators_sum", {sum.to_string(), node().max.to_string()}));
      if (sum_known && !all_known && sum > node().max)
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

void SetLoader::points(const Node* v, const std::string& path, int self) {
  MapWalk m(r_, v, path, {"conditions", "otherwise", "formula", "rounding", "digits", "assessed", "confidence", "note"});
  if (!m.ok()) return;
  read_mark(m, v, path, set_.nodes[self].scoring_mark, set_.nodes[self].confidence);
  PointsRule& p = set_.nodes[self].points;
  const Decimal max = set_.nodes[self].max;
  const bool max_read = !max_failed_[static_cast<std::size_t>(self)];  // else reported, not compared with
  int kinds = (m.get("conditions") ? 1 : 0) + (m.get("formula") ? 1 : 0) + (m.get("assessed") ? 1 : 0);
  if (kinds != 1) r_.error(v, path, "H103", tr("set.points_kinds"));
  auto in_range = [&](const Node* at, const std::string& apath, Decimal d) {
    if (d < Decimal() || (max_read && d > max))
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

void SetLoader::requires(const Node* v, const std::string& path, int self) {
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
      std::vector<std::string> ids;
      for (const Level& l : set_.levels) ids.push_back(l.id);
      r_.error(k, m.at(k->text), "H103", with_suggestion(tr("set.level_unknown", {k->text}), nearest_name(k->text, ids)));
      continue;
    }
    set_.nodes[self].requires[li] = r_.expression(e, m.at(k->text), Type::Kind::boolean);
  }
  if (!set_.nodes[self].requires.empty() && !set_.nodes[self].requires[0] && !m.get(set_.levels[0].id))
    r_.error(v, path, "H101", tr("set.requires_first", {set_.levels[0].id}));
}

}  // namespace hoctap::internal::loading
