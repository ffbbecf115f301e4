// Result accessors and rendering: reasons, the explanation text and JSON. All text is
// built here, on demand, from the facts the evaluator recorded.
#include <sstream>

#include "evaluate/evaluate.hpp"
#include "evaluate/runtime.hpp"
#include "hoctap/hoctap.hpp"
#include "model/model.hpp"
#include "util/messages.hpp"
#include "util/result_json.hpp"
#include "util/text.hpp"

namespace hoctap {
inline namespace v0 {

using internal::CompiledSet;
namespace result_json = internal::result_json;

Result::Result() = default;
Result::~Result() = default;
Result::Result(const Result&) = default;
Result::Result(Result&&) noexcept = default;
Result& Result::operator=(const Result&) = default;
Result& Result::operator=(Result&&) noexcept = default;

namespace {

Label label_of(const std::string& id, const internal::Bilingual& name) { return Label{id, name.vi, name.en}; }

std::optional<Label> grade_label(const CompiledSet& s, int index) {
  if (s.levels_mode) {
    if (index >= 0 && index < static_cast<int>(s.levels.size()))
      return label_of(s.levels[static_cast<std::size_t>(index)].id, s.levels[static_cast<std::size_t>(index)].name);
    return std::nullopt;
  }
  if (index == -2 && s.otherwise) return label_of(s.otherwise->id, s.otherwise->name);
  if (index >= 0 && index < static_cast<int>(s.bands.size()))
    return label_of(s.bands[static_cast<std::size_t>(index)].id, s.bands[static_cast<std::size_t>(index)].name);
  return std::nullopt;
}

std::string input_name(const CompiledSet& s, std::int64_t code) {
  if (code < 0) return "?";
  const internal::Schema& top = s.schemas[0];
  if (code < internal::kMemberBase) {
    return static_cast<std::size_t>(code) < top.fields.size() ? top.fields[static_cast<std::size_t>(code)].name : "?";
  }
  std::int64_t rel = code - internal::kMemberBase;
  std::size_t list = static_cast<std::size_t>(rel / 1000), field = static_cast<std::size_t>(rel % 1000);
  if (list >= top.fields.size()) return "?";
  const internal::Field& lf = top.fields[list];
  const internal::Schema& ms = s.schemas[static_cast<std::size_t>(lf.type.schema)];
  std::string name = field < ms.fields.size() ? ms.fields[field].name
                     : (ms.result_base >= 0 && field - static_cast<std::size_t>(ms.result_base) < static_cast<std::size_t>(internal::Schema::kResults))
                         ? internal::Schema::kResultNames[field - static_cast<std::size_t>(ms.result_base)]
                         : "?";
  return lf.name + "[]." + name;
}

// Why a value is unknown when input `slot` is missing, in both languages.
internal::Text missing_why(const CompiledSet& s, std::int64_t slot) { return internal::tr("reason.why_missing", {input_name(s, slot)}); }

// Why a value is undefined (internal::kUndefined…), in both languages.
internal::Text undefined_why(std::int64_t code) {
  return internal::tr(code == internal::kUndefinedEmpty      ? "reason.why_no_member"
                      : code == internal::kUndefinedDivision ? "reason.why_division"
                                                             : "reason.why_overflow");
}

std::string pts(Decimal d) { return d.to_string(); }


// The value a bound slot holds, as a record value: what the evaluation read.
Value value_of(const CompiledSet& s, const internal::Field& f, const internal::Val& v) {
  using internal::VK;
  switch (v.kind) {
    case VK::boolean: return v.i != 0;
    case VK::number: {
      Decimal d = Decimal::from_units(v.i);
      if (f.type.kind == internal::Type::Kind::integer) return d.units() / Decimal::kOne;
      return d;
    }
    case VK::date: return Date::from_days(static_cast<std::int32_t>(v.i));
    case VK::category: return s.scales[f.type.scale].values[static_cast<std::size_t>(v.i)];
    case VK::text: return std::string(static_cast<const char*>(v.p), static_cast<std::size_t>(v.i));
    default: return std::monostate{};
  }
}

std::string value_text(const Value& v) {
  if (auto b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  if (auto i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (auto d = std::get_if<Decimal>(&v)) return d->to_string();
  if (auto d = std::get_if<Date>(&v)) return d->to_string();
  if (auto t = std::get_if<std::string>(&v)) return *t;
  return {};
}

// One line per local value: which value the evaluation used and where it came from.
internal::Text local_text(const LocalValue& l) {
  const std::string name(l.input);
  switch (l.source) {
    case LocalSource::record: return internal::tr("explain.local_record", {name, value_text(l.value)});
    case LocalSource::context: return internal::tr("explain.local_context", {name, value_text(l.value)});
    case LocalSource::missing: break;
  }
  return internal::tr("explain.local_missing", {name});
}

}  // namespace

std::string_view to_string(LocalSource source) {
  switch (source) {
    case LocalSource::record: return "record";
    case LocalSource::context: return "context";
    case LocalSource::missing: break;
  }
  return "missing";
}

namespace internal {

void Evaluator::note_locals(const CompiledSet& set, const Record& record, const Workspace& ws, Result& out) {
  out.locals_.clear();
  for (const Field& f : set.schemas[0].fields) {
    if (!f.local) continue;
    const Val& v = ws.vals[static_cast<std::size_t>(f.slot)];
    // The binder reads the record first and the context only for names the record lacks.
    LocalSource from = absent(v) ? LocalSource::missing : record.find(f.name) ? LocalSource::record : LocalSource::context;
    out.locals_.push_back(LocalValue{f.name, value_of(set, f, v), from});
  }
}

}  // namespace internal

std::optional<Label> Result::grade() const {
  if (!set_) return std::nullopt;
  return grade_label(*set_, grade_);
}

std::optional<Label> Result::next_grade() const {
  if (!set_ || next_grade_ < 0) return std::nullopt;
  return grade_label(*set_, next_grade_);
}

const NodeResult* Result::node(std::string_view id) const {
  for (const NodeResult& n : nodes_) if (n.id == id) return &n;
  return nullptr;
}

Audit Result::audit() const {
  Audit a;
  if (set_) {
    a.criteria_id = set_->id;
    a.criteria_version = set_->version;
    a.criteria_sha256 = set_->sha256;
  }
  a.assessment_date = date_;
  a.engine_version = HOCTAP_VERSION_STRING;
  return a;
}

std::vector<Reason> Result::reasons() const {
  std::vector<Reason> out;
  if (!set_) return out;
  const CompiledSet& s = *set_;
  using internal::Arg;
  using internal::Text;
  // Each sentence from the catalog (util/message_catalog.cpp, `reason.*`), in both languages.
  auto add = [&](const char* code, std::string_view id, std::initializer_list<Arg> args = {}) {
    Text t = internal::tr(id, args);
    out.push_back(Reason{code, std::move(t.vi), std::move(t.en)});
  };
  auto node_name = [&](int i) {
    const auto& n = s.nodes[static_cast<std::size_t>(i)];
    return Text{n.name.en, n.name.vi};
  };
  // A grade's or level's name, `absent` when there is none.
  auto label = [](const Label* l, const char* absent = "") { return l ? Text{std::string(l->en), std::string(l->vi)} : Text{absent, absent}; };
  const std::string total = pts(total_) + "/" + pts(max_total_);

  // The headline.
  auto g = grade();
  const Label* gl = g ? &*g : nullptr;
  switch (decision_) {
    case Decision::recognized:
      if (s.levels_mode) add("decision", "reason.recognized_at", {label(gl)});
      else if (g) add("decision", "reason.recognized_grade", {total, label(gl)});
      else add("decision", "reason.recognized", {total});
      break;
    case Decision::not_recognized:
      if (s.levels_mode) add("decision", "reason.not_recognized_level", {Text{s.levels[0].name.en, s.levels[0].name.vi}});
      else if (g) add("decision", "reason.not_recognized_grade", {total, label(gl)});
      else add("decision", "reason.not_recognized", {total});
      break;
    case Decision::not_assessable: add("decision", "reason.not_assessable"); break;
  }
  for (const DataProblem& p : problems_) add("data_problem", "reason.data_problem", {Text{p.en, p.vi}});
  for (const Fact& f : facts_) {
    switch (static_cast<internal::FactKind>(f.kind)) {
      case internal::fact_check_failed: {
        const auto& c = s.checks[static_cast<std::size_t>(f.subject)];
        add("inconsistent_data", "reason.inconsistent", {Text{c.message.en, c.message.vi}});
        break;
      }
      case internal::fact_knockout: {
        const auto& k = s.knockouts[static_cast<std::size_t>(f.subject)];
        add("knockout", "reason.knockout", {Text{k.name.en, k.name.vi}});
        break;
      }
      case internal::fact_knockout_unknown: {
        const auto& k = s.knockouts[static_cast<std::size_t>(f.subject)];
        add("knockout_unknown", "reason.knockout_unknown",
            {Text{k.name.en, k.name.vi}, f.slot < 0 ? undefined_why(internal::undefined_code(f.slot)) : missing_why(s, f.slot)});
        break;
      }
      case internal::fact_below_threshold: add("below_threshold", "reason.below_threshold", {total, pts(f.value)}); break;
      case internal::fact_threshold_met: add("threshold_met", "reason.threshold_met", {total, pts(f.value)}); break;
      case internal::fact_threshold_unknown:
        if (f.slot != -1)
          add("threshold_unknown", "reason.threshold_unknown_why",
              {f.slot < 0 ? undefined_why(internal::undefined_code(f.slot)) : missing_why(s, f.slot)});
        else add("threshold_unknown", "reason.threshold_unknown", {pts(f.value)});
        break;
      case internal::fact_indicator_below_min: {
        const NodeResult& nr = nodes_[static_cast<std::size_t>(f.subject)];
        add("indicator_below_minimum", "reason.indicator_below_minimum",
            {node_name(f.subject), pts(nr.points), pts(nr.max_points), pts(f.value)});
        break;
      }
      case internal::fact_node_below_pass: {
        const NodeResult& nr = nodes_[static_cast<std::size_t>(f.subject)];
        const Decimal need = *s.nodes[static_cast<std::size_t>(f.subject)].pass_at;
        add("node_below_minimum", "reason.node_below_minimum", {node_name(f.subject), pts(nr.points), pts(nr.max_points), pts(need)});
        break;
      }
      case internal::fact_node_missing: add("missing_input", "reason.node_missing", {node_name(f.subject), input_name(s, f.slot)}); break;
      case internal::fact_node_undefined: add("undefined", "reason.node_undefined", {node_name(f.subject), undefined_why(f.slot)}); break;
      case internal::fact_grade_not_recognized: {
        const auto b = grade_label(s, f.subject);
        add("grade_not_recognized", "reason.grade_not_recognized", {label(b ? &*b : nullptr, "?"), total});
        break;
      }
      case internal::fact_grade_unknown: {
        // The range of grades the missing data leaves open, lowest first.
        const auto lo = grade_label(s, f.subject), hi = grade_label(s, static_cast<int>(f.value.units() / Decimal::kOne));
        if (lo && hi) add("grade_unknown", "reason.grade_unknown_range", {label(&*lo), label(&*hi)});
        else add("grade_unknown", "reason.grade_unknown");
        break;
      }
      case internal::fact_level_blocked: {
        const auto next = grade_label(s, static_cast<int>(f.value.units() / Decimal::kOne) - 1);
        add("level_blocked", "reason.level_blocked", {node_name(f.subject), label(next ? &*next : nullptr)});
        break;
      }
    }
  }
  if (!s.levels_mode && next_grade_ >= 0 && decision_ != Decision::not_assessable) {
    const auto ng = grade_label(s, next_grade_);
    add("next_grade", "reason.next_grade", {pts(to_next_), label(ng ? &*ng : nullptr)});
  }
  return out;
}

std::string Result::explain(Lang lang) const {
  if (!set_) return {};
  const CompiledSet& s = *set_;
  const bool vi = lang == Lang::vi;
  std::ostringstream o;
  o << internal::text_in(lang, internal::tr("explain.heading", {internal::Text{s.name.en, s.name.vi}, s.legal.instrument, s.id, s.version}))
    << "\n";
  o << internal::text_in(lang, internal::tr("explain.date", {date_.to_string()})) << "\n";
  for (const LocalValue& l : locals_) o << internal::text_in(lang, local_text(l)) << "\n";
  for (const Reason& r : reasons()) o << (r.code == "decision" ? "" : "- ") << (vi ? r.vi : r.en) << "\n";
  for (const NodeResult& n : nodes_) {
    o << std::string(2 + 2 * static_cast<std::size_t>(n.depth), ' ') << (vi ? n.name_vi : n.name_en) << ": ";
    // An unknown maximum is shown as `?`: the source does not say what the node is out of.
    if (!s.levels_mode)
      o << internal::text_in(lang, internal::tr("explain.node_points", {n.points.to_string(), n.max_known ? n.max_points.to_string() : "?"})) << ", ";
    else if (n.level > 0 && n.status != Status::not_applicable) {
      auto l = grade_label(s, n.level - 1);
      o << (l ? (vi ? l->vi : l->en) : "") << ", ";
    }
    o << words(n.status, lang) << "\n";
  }
  return o.str();
}

namespace {

// A Result as the JSON writer's source (util/result_json.hpp).
struct RecordSource {
  const Result& r;
  bool points_set;    // a points set (a result without a set is written as levels)
  bool has_next;      // a next grade, whose points are written for points sets
  bool explain;
  Lang language;

  static constexpr bool kExplains = true;
  bool points() const { return points_set; }
  template <class Out>
  void decision(Out& o) const { result_json::decision(o, r.decision()); }
  Decimal total() const { return r.total(); }
  template <class Out>
  void max_total(Out& o) const { o.decimal(r.max_total()); }
  int level() const { return r.level(); }
  std::optional<std::string_view> grade() const { return id_of(r.grade()); }
  std::optional<std::string_view> next_grade() const { return id_of(r.next_grade()); }
  std::optional<Decimal> points_to_next() const { return has_next ? std::optional<Decimal>(r.points_to_next_grade()) : std::nullopt; }
  std::size_t nodes() const { return r.nodes().size(); }
  template <class Out>
  void node_open(Out& o, std::size_t k) const { result_json::node_open(o, r.nodes()[k].id); }
  Decimal node_points(std::size_t k) const { return r.nodes()[k].points; }
  template <class Out>
  void node_max(Out& o, std::size_t k) const { result_json::node_max(o, r.nodes()[k].max_points, r.nodes()[k].max_known); }
  int node_level(std::size_t k) const { return r.nodes()[k].level; }
  template <class Out>
  void node_close(Out& o, std::size_t k) const { result_json::node_close(o, r.nodes()[k].status); }
  const std::vector<DataProblem>& problems() const { return r.problems(); }
  const std::vector<InputWarning>& warnings() const { return r.warnings(); }
  Lang lang() const { return language; }
  std::size_t locals() const { return r.local_values().size(); }
  template <class Out>
  void local(Out& o, std::size_t k) const {
    const LocalValue& l = r.local_values()[k];
    result_json::local_open(o, l.input);
    result_json::local_value(o, l.value);
    result_json::local_close(o, l.source);
  }
  bool explained() const { return explain; }
  std::vector<Reason> reasons() const { return r.reasons(); }
  std::string explanation() const { return r.explain(language); }
  template <class Out>
  void audit(Out& o) const { result_json::audit(o, r.audit()); }

  static std::optional<std::string_view> id_of(const std::optional<Label>& label) {
    if (!label) return std::nullopt;
    return label->id;
  }
};

}  // namespace

std::string Result::to_json(bool explain_it, Lang lang) const {
  std::string o;
  o.reserve(512 + nodes_.size() * 96);
  result_json::JsonString out{o};
  const bool points = set_ && !set_->levels_mode;
  result_json::record(out, RecordSource{*this, points, next_grade_ >= 0, explain_it, lang});
  return o;
}

}  // namespace v0
}  // namespace hoctap
