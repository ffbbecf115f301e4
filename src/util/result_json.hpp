// The JSON text of one judged entity (Result::to_json's format), written once for every
// path that writes it: Result::to_json from a Result (src/evaluate/result.cpp), and the
// server's JSON-lines fast path from a row of BatchResult columns (src/serve/lines.cpp),
// whose answers must be byte for byte the record path's. Header-only templates, so that
// the server, a client of the shared library, compiles the same writer over its own
// buffer.
//
// Key order, number formatting and escaping are fixed here and only here. The writer is
// parameterised twice:
//
// `Out`, where the bytes go:
//   put(std::string_view)          bytes as they are
//   lit("…")                       a literal
//   integer(std::int64_t)          as std::to_string writes it
//   decimal(Decimal)               as Decimal::to_string writes it
//   string(std::string_view)       a JSON string literal, quotes included (JsonString
//                                  escapes; an `Out` may skip escaping for text it knows
//                                  needs none)
//
// `Src`, where the values come from (one entity):
//   decision(out)                  its members: `"decision":…,"recognized":…`
//   bool points()                  a points set: totals and node points (else levels)
//   Decimal total()   max_total(out)   the set's maximum   int level()
//   std::optional<std::string_view> grade(), next_grade()   grade ids
//   std::optional<Decimal> points_to_next()                 written for points sets only
//   std::size_t nodes()            node_open(out, k)   Decimal node_points(k)   node_max(out, k)
//                                  int node_level(k)   node_close(out, k)   its status and `}`
//   const std::vector<DataProblem>& problems()   Lang lang()
//   const std::vector<InputWarning>& warnings()  names the set does not read, inputs not given
//   std::size_t locals()           local(out, k)   the whole entry
//   static constexpr bool kExplains; when true: bool explained(), std::vector<Reason> reasons(),
//                                  std::string explanation()
//   audit(out)                     the audit member and the record's closing brace
// The Src hooks that take `out` write a part: the record source writes it with the part
// writers below, a source that caches writes the bytes it made with them once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "hoctap/result.hpp"
#include "util/escape.hpp"

namespace hoctap::internal::result_json {

// A std::string as `Out`, every string escaped.
struct JsonString {
  std::string& out;
  void put(std::string_view s) { out += s; }
  template <std::size_t N>
  void lit(const char (&s)[N]) { out.append(s, N - 1); }
  void integer(std::int64_t v) { out += std::to_string(v); }
  void decimal(Decimal d) { out += d.to_string(); }
  void string(std::string_view s) { append_json_string(out, s); }
};

// The decision's members, `"decision":"recognized","recognized":true`.
template <class Out>
void decision(Out& o, Decision d) {
  o.lit("\"decision\":");
  o.string(to_string(d));
  o.lit(",\"recognized\":");
  if (d == Decision::recognized) o.lit("true");
  else o.lit("false");
}

// A node's status and its closing brace: `,"status":"met"}`.
template <class Out>
void node_close(Out& o, Status st) {
  o.lit(",\"status\":");
  o.string(to_string(st));
  o.lit("}");
}

// A node's opening, up to its first value: `{"id":"tc1"`.
template <class Out>
void node_open(Out& o, std::string_view id) {
  o.lit("{\"id\":");
  o.string(id);
}

// A points node's maximum: `,"max":10`, and `,"max_known":false` when the source does
// not give it.
template <class Out>
void node_max(Out& o, Decimal max, bool known) {
  o.lit(",\"max\":");
  o.decimal(max);
  if (!known) o.lit(",\"max_known\":false");
}

// A local value's entry, in three parts: its opening up to the value, the value, and
// the rest (`,"source":…}`).
template <class Out>
void local_open(Out& o, std::string_view input) {
  o.lit("{\"input\":");
  o.string(input);
  o.lit(",\"value\":");
}
template <class Out>
void local_value(Out& o, bool v) {
  if (v) o.lit("true");
  else o.lit("false");
}
template <class Out>
void local_value(Out& o, std::int64_t v) { o.integer(v); }
template <class Out>
void local_value(Out& o, Decimal v) { o.decimal(v); }
template <class Out>
void local_value(Out& o, const Value& v) {
  if (std::holds_alternative<std::monostate>(v)) o.lit("null");
  else if (auto b = std::get_if<bool>(&v)) local_value(o, *b);
  else if (auto i = std::get_if<std::int64_t>(&v)) local_value(o, *i);
  else if (auto d = std::get_if<Decimal>(&v)) local_value(o, *d);
  else if (auto t = std::get_if<Date>(&v)) o.string(t->to_string());
  else if (auto s = std::get_if<std::string>(&v)) o.string(*s);
  else o.string({});  // a list: no value of its own
}
template <class Out>
void local_close(Out& o, LocalSource source) {
  o.lit(",\"source\":");
  o.string(to_string(source));
  o.lit("}");
}

// The audit member and the record's closing brace.
template <class Out>
void audit(Out& o, const Audit& a) {
  o.lit(",\"audit\":{\"criteria_id\":");
  o.string(a.criteria_id);
  o.lit(",\"criteria_version\":");
  o.string(a.criteria_version);
  o.lit(",\"criteria_sha256\":");
  o.string(a.criteria_sha256);
  o.lit(",\"assessment_date\":");
  o.string(a.assessment_date.to_string());
  o.lit(",\"engine_version\":");
  o.string(a.engine_version);
  o.lit("}}");
}

// The record's members, `"decision":…` through its closing brace (without the opening
// one, so that a caller may put members of its own first, as `{"row":3,` does).
template <class Out, class Src>
void members(Out& o, const Src& s) {
  const bool points = s.points();
  s.decision(o);
  if (points) {
    o.lit(",\"total\":");
    o.decimal(s.total());
    o.lit(",\"max_total\":");
    s.max_total(o);
  } else {
    o.lit(",\"level\":");
    o.integer(s.level());
  }
  o.lit(",\"grade\":");
  if (auto g = s.grade()) o.string(*g);
  else o.lit("null");
  o.lit(",\"next_grade\":");
  if (auto g = s.next_grade()) o.string(*g);
  else o.lit("null");
  if (points)
    if (auto to_next = s.points_to_next()) {
      o.lit(",\"points_to_next_grade\":");
      o.decimal(*to_next);
    }
  o.lit(",\"nodes\":[");
  const std::size_t nodes = s.nodes();
  for (std::size_t k = 0; k < nodes; ++k) {
    if (k) o.lit(",");
    s.node_open(o, k);
    if (points) {
      o.lit(",\"points\":");
      o.decimal(s.node_points(k));
      s.node_max(o, k);
    } else {
      o.lit(",\"level\":");
      o.integer(s.node_level(k));
    }
    s.node_close(o, k);
  }
  o.lit("],\"problems\":[");
  const auto& problems = s.problems();
  for (std::size_t i = 0; i < problems.size(); ++i) {
    const DataProblem& p = problems[i];
    if (i) o.lit(",");
    o.lit("{\"input\":");
    o.string(p.input);
    o.lit(",\"code\":");
    o.string(p.code);
    o.lit(",\"message\":");
    o.string(s.lang() == Lang::vi ? p.vi : p.en);
    o.lit("}");
  }
  o.lit("]");
  // Names the record gives that the set does not read and inputs it lacks: written when
  // there are any, so that a client that cannot see stderr is told.
  if (const auto& warnings = s.warnings(); !warnings.empty()) {
    o.lit(",\"warnings\":[");
    for (std::size_t i = 0; i < warnings.size(); ++i) {
      const InputWarning& w = warnings[i];
      if (i) o.lit(",");
      o.lit("{\"code\":");
      o.string(w.code);
      o.lit(",\"name\":");
      o.string(w.name);
      o.lit(",\"message\":");
      o.string(s.lang() == Lang::vi ? w.vi : w.en);
      o.lit("}");
    }
    o.lit("]");
  }
  if (const std::size_t locals = s.locals()) {
    o.lit(",\"local_values\":[");
    for (std::size_t k = 0; k < locals; ++k) {
      if (k) o.lit(",");
      s.local(o, k);
    }
    o.lit("]");
  }
  if constexpr (Src::kExplains) {
    if (s.explained()) {
      o.lit(",\"reasons\":[");
      const auto reasons = s.reasons();
      for (std::size_t i = 0; i < reasons.size(); ++i) {
        if (i) o.lit(",");
        o.lit("{\"code\":");
        o.string(reasons[i].code);
        o.lit(",\"text\":");
        o.string(s.lang() == Lang::vi ? reasons[i].vi : reasons[i].en);
        o.lit("}");
      }
      o.lit("],\"explanation\":");
      o.string(s.explanation());
    }
  }
  s.audit(o);
}

// The whole record: `{` and its members.
template <class Out, class Src>
void record(Out& o, const Src& s) {
  o.lit("{");
  members(o, s);
}

}  // namespace hoctap::internal::result_json
