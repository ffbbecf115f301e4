#include "serve/lines.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <unordered_map>

#include "util/result_json.hpp"

namespace hoctap::serve {

namespace result_json = internal::result_json;

namespace {

enum class Kind : std::uint8_t { integer, decimal, boolean, text };

// A column being filled: one entry per fast row (or member row), `valid` 0 when absent.
struct Col {
  std::string name;
  Kind kind = Kind::integer;
  std::vector<std::int64_t> i;  // integer: the value; decimal: its units (Decimal::kOne)
  std::vector<double> f;        // decimal: the value
  std::vector<std::uint8_t> b;  // boolean
  std::vector<std::int32_t> c;  // text: a code into labels
  std::vector<std::uint8_t> valid;
  std::unordered_map<std::string_view, std::int32_t> codes;
  std::vector<std::string> labels;

  // Only the buffers of the column's kind are kept.
  void push() {
    valid.push_back(0);
    switch (kind) {
      case Kind::decimal: f.push_back(0); [[fallthrough]];
      case Kind::integer: i.push_back(0); break;
      case Kind::boolean: b.push_back(0); break;
      case Kind::text: c.push_back(-1); break;
    }
  }
  void truncate(std::size_t n) {
    valid.resize(n);
    switch (kind) {
      case Kind::decimal: f.resize(n); [[fallthrough]];
      case Kind::integer: i.resize(n); break;
      case Kind::boolean: b.resize(n); break;
      case Kind::text: c.resize(n); break;
    }
  }
  void clear() {
    truncate(0);
    codes.clear();
    labels.clear();
  }
  Column column() const {
    // evaluate_batch refuses a column without a buffer, even an empty one.
    static const std::int64_t kNone[1] = {0};
    auto buffer = [](const auto& v) -> const void* { return v.empty() ? static_cast<const void*>(kNone) : v.data(); };
    Column col;
    col.name = name;
    col.valid = valid.empty() ? reinterpret_cast<const std::uint8_t*>(kNone) : valid.data();
    switch (kind) {
      case Kind::integer: col.type = Column::Type::int64, col.data = buffer(i); break;
      case Kind::decimal: col.type = Column::Type::float64, col.data = buffer(f); break;
      case Kind::boolean: col.type = Column::Type::boolean, col.data = buffer(b); break;
      case Kind::text: col.type = Column::Type::codes, col.data = buffer(c), col.labels = labels; break;
    }
    return col;
  }
};

struct ListDef {
  std::string name;
  bool titled = false;                 // members judged by another title: only an empty list is fast
  std::vector<Col> fields;             // the template of the member columns
};

struct FieldDef {
  std::string name;
  Kind kind = Kind::integer;
  int list = -1;                       // index into lists for a list input
  bool in_context = false;             // the request's context gives it
  int local = -1;                      // index into the plan's locals
};

Kind kind_of(const std::string& kind, bool& ok) {
  if (kind == "int") return Kind::integer;
  if (kind == "decimal") return Kind::decimal;
  if (kind == "bool") return Kind::boolean;
  if (kind == "text" || kind == "date" || kind == "category") return Kind::text;
  ok = false;
  return Kind::text;
}

// Names the writer copies into JSON between quotes unescaped (Cursor::string).
bool plain(std::string_view s) {
  for (char ch : s) {
    auto u = static_cast<unsigned char>(ch);
    if (u < 0x20 || u >= 0x7f || ch == '"' || ch == '\\') return false;
  }
  return true;
}

}  // namespace

struct LinePlan::Impl {
  explicit Impl(const CriteriaSet& s) : set(s) {}
  CriteriaSet set;
  BatchOptions batch;
  std::vector<FieldDef> fields;
  std::unordered_map<std::string_view, int> by_name;  // views into `fields`
  std::vector<ListDef> lists;
  bool levels = false;
  std::vector<std::string> grades;                    // ids, as BatchResult::grades
  std::string max_total;                              // the set's maximum, as Out::decimal writes it
  // The constant parts of every answer, written once by util/result_json.hpp's writers.
  std::vector<std::string> node_head;                 // per node: `{"id":"tc1"`
  std::vector<std::string> node_max;                  // points: `,"max":10[,"max_known":false]`
  struct Local {
    std::string head;     // `{"input":"name","value":`
    int field = -1;       // index into fields
    std::string fallback; // without the record's value: `null,"source":"missing"}` or the context's
  };
  std::vector<Local> locals;
  std::string from_record;                            // a local value's end: `,"source":"record"}`
  std::string decisions[3];                           // per Decision: `"decision":…,"recognized":…`
  std::string node_tails[4];                          // per Status: `,"status":"met"}`
  std::string tail;                                   // `,"audit":{…}}`
  std::size_t bound = 0;                              // bytes an answer takes at most, without its id
};

LinePlan::LinePlan(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LinePlan::~LinePlan() = default;

std::unique_ptr<LinePlan> LinePlan::make(const CriteriaSet& set, const EvaluateOptions& options, const Record& context,
                                         bool explain, bool strict) {
  if (explain || strict || options.outside_validity || !options.place.empty()) return nullptr;
  auto p = std::make_unique<Impl>(set);
  p->levels = set.uses_levels();
  bool ok = true;
  for (const InputInfo& in : set.inputs()) {
    // A member list's field (`tre_em.tuoi`); other dotted names are top-level inputs
    // (`score.tc1_1`), which a record gives flat or nested (nested takes the row path).
    std::size_t dot = in.name.find('.');
    ListDef* list = nullptr;
    for (ListDef& l : p->lists)
      if (dot != std::string::npos && in.name.compare(0, dot, l.name) == 0 && l.name.size() == dot) list = &l;
    if (list != nullptr) {
      Col c;
      c.name = in.name.substr(dot + 1);
      c.kind = kind_of(in.kind, ok);
      list->fields.push_back(std::move(c));
      continue;
    }
    if (in.name == "id") ok = false;  // the record's identifier is read as such, not as a column
    FieldDef f;
    f.name = in.name;
    f.in_context = context.find(in.name) != nullptr;
    if (in.kind == "list") {
      f.list = static_cast<int>(p->lists.size());
      ListDef l;
      l.name = in.name;
      l.titled = !in.title.empty();
      p->lists.push_back(std::move(l));
    } else {
      f.kind = kind_of(in.kind, ok);
    }
    if (in.local) {
      if (f.kind == Kind::text || f.list >= 0) ok = false;  // written from the value: numbers and booleans only
      f.local = static_cast<int>(p->locals.size());
      Impl::Local l;
      result_json::JsonString head{l.head};
      result_json::local_open(head, in.name);
      l.field = static_cast<int>(p->fields.size());
      p->locals.push_back(std::move(l));
      ok = ok && plain(in.name);
    }
    p->fields.push_back(std::move(f));
  }
  for (ListDef& l : p->lists)
    if (l.titled) {  // an empty list of judged members still names the result the set reads
      Col c;
      c.name = "result.recognized";
      c.kind = Kind::boolean;
      l.fields.push_back(std::move(c));
    }
  for (const FieldDef& f : p->fields) p->by_name.emplace(f.name, static_cast<int>(&f - p->fields.data()));
  std::vector<GradeInfo> grades = set.grades();
  for (const GradeInfo& g : grades) {
    ok = ok && plain(g.id);
    p->grades.push_back(g.id);
  }
  // A levels set's node levels are not in the batch result; with one level they follow
  // from the status (met or not applicable: 1, else 0).
  if (p->levels && grades.size() != 1) ok = false;
  for (const NodeInfo& n : set.nodes()) {
    ok = ok && plain(n.id) && !(p->levels && n.pass_at);
    std::string head, max;
    result_json::JsonString h{head}, m{max};
    result_json::node_open(h, n.id);
    result_json::node_max(m, n.max_points, n.max_known);
    p->node_head.push_back(std::move(head));
    p->node_max.push_back(std::move(max));
  }
  if (!ok) return nullptr;
  p->batch.assessment_date = options.assessment_date;
  p->batch.context = &context;
  p->batch.threads = 1;
  // The constant parts of every answer, from the row path's own result for a record
  // that gives nothing: the audit block, the maximum, and the context's local values.
  EvaluateOptions probe_options = options;
  probe_options.context = &context;
  Result probe;
  set.evaluate(Record(), probe_options, probe);
  result_json::JsonString tail{p->tail}, from_record{p->from_record};
  result_json::audit(tail, probe.audit());
  result_json::local_close(from_record, LocalSource::record);
  result_json::JsonString max_total{p->max_total};
  max_total.decimal(probe.max_total());
  for (int d = 0; d < 3; ++d) {
    result_json::JsonString text{p->decisions[d]};
    result_json::decision(text, static_cast<Decision>(d));
  }
  for (int st = 0; st < 4; ++st) {
    result_json::JsonString text{p->node_tails[st]};
    result_json::node_close(text, static_cast<Status>(st));
  }
  // Every part of an answer, at its longest; a number takes at most 24 characters.
  p->bound = 320 + p->max_total.size() + p->tail.size();
  for (const std::string& g : p->grades) p->bound += 2 * g.size() + 4;
  for (std::size_t k = 0; k < p->node_head.size(); ++k) p->bound += p->node_head[k].size() + p->node_max[k].size() + 80;
  if (probe.local_values().size() != p->locals.size()) return nullptr;
  for (std::size_t k = 0; k < p->locals.size(); ++k) {
    const LocalValue& l = probe.local_values()[k];
    if (l.input != p->fields[static_cast<std::size_t>(p->locals[k].field)].name) return nullptr;
    if (!std::holds_alternative<std::monostate>(l.value) && !std::holds_alternative<bool>(l.value) &&
        !std::holds_alternative<std::int64_t>(l.value) && !std::holds_alternative<Decimal>(l.value))
      return nullptr;
    result_json::JsonString fallback{p->locals[k].fallback};
    result_json::local_value(fallback, l.value);
    result_json::local_close(fallback, l.source);
    p->bound += p->locals[k].head.size() + std::max<std::size_t>(p->locals[k].fallback.size(), 48) + 2;
  }
  return std::make_unique<LinePlan>(std::move(p));
}

namespace {

// A cursor over one line. Every reader returns false on anything the fast path does not
// take; the line then goes to the row path whole.
struct Reader {
  const char* p;
  const char* end;

  void ws() {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) ++p;
  }
  bool eat(char ch) {
    ws();
    if (p < end && *p == ch) return ++p, true;
    return false;
  }
  // A string without escapes, control characters or bytes past ASCII.
  bool string(std::string_view& s) {
    ws();
    if (p >= end || *p != '"') return false;
    const char* start = ++p;
    while (p < end) {
      auto u = static_cast<unsigned char>(*p);
      if (u == '"') break;
      if (u < 0x20 || u >= 0x7f || u == '\\') return false;
      ++p;
    }
    if (p >= end) return false;
    s = std::string_view(start, static_cast<std::size_t>(p - start));
    ++p;
    return true;
  }
  // A number as JSON writes it, without exponent: its units (six decimals at most) and
  // whether it had a fraction. At most nine digits before the point, so the units fit a
  // double exactly and the double is the one the text parses to.
  bool number(std::int64_t& units, bool& fraction) {
    ws();
    bool negative = p < end && *p == '-';
    if (negative) ++p;
    const char* digits = p;
    std::int64_t whole = 0;
    while (p < end && *p >= '0' && *p <= '9') whole = whole * 10 + (*p++ - '0');
    std::size_t n = static_cast<std::size_t>(p - digits);
    if (n == 0 || n > 9 || (n > 1 && *digits == '0')) return false;
    std::int64_t frac = 0;
    fraction = p < end && *p == '.';
    if (fraction) {
      ++p;
      const char* f = p;
      while (p < end && *p >= '0' && *p <= '9') frac = frac * 10 + (*p++ - '0');
      std::size_t m = static_cast<std::size_t>(p - f);
      if (m == 0 || m > 6) return false;
      for (std::size_t k = m; k < 6; ++k) frac *= 10;
    }
    if (p < end && (*p == 'e' || *p == 'E')) return false;
    units = whole * Decimal::kOne + frac;
    if (negative) units = -units;
    return true;
  }
  bool word(const char* w, std::size_t n) {
    if (static_cast<std::size_t>(end - p) < n || std::memcmp(p, w, n) != 0) return false;
    p += n;
    return true;
  }
  // A scalar into entry `at` of `c`, read as the column's kind.
  bool value(Col& c, std::size_t at) {
    ws();
    if (p >= end) return false;
    switch (c.kind) {
      case Kind::boolean:
        if (word("true", 4)) c.b[at] = 1;
        else if (word("false", 5)) c.b[at] = 0;
        else return false;
        break;
      case Kind::integer:
      case Kind::decimal: {
        std::int64_t units;
        bool fraction;
        if (!number(units, fraction)) return false;
        if (c.kind == Kind::integer) {
          if (fraction) return false;
          c.i[at] = units / Decimal::kOne;
        } else {
          c.i[at] = units;
          c.f[at] = static_cast<double>(units) / static_cast<double>(Decimal::kOne);
        }
        break;
      }
      case Kind::text: {
        std::string_view s;
        if (!string(s)) return false;
        auto [it, added] = c.codes.emplace(s, static_cast<std::int32_t>(c.labels.size()));
        if (added) c.labels.emplace_back(s);
        c.c[at] = it->second;
        break;
      }
    }
    if (c.valid[at]) return false;  // given twice
    c.valid[at] = 1;
    return true;
  }
};

}  // namespace

struct LineJudge::State {
  const LinePlan::Impl& plan;
  std::vector<Col> top;                        // per field (lists: unused)
  struct Table {
    std::vector<std::int64_t> parent;
    std::vector<Col> cols;
    std::vector<std::size_t> order;            // per key position: the column found there last
  };
  std::vector<int> order;                      // per key position of a record: the field found there last

  // The field named `key`, the `position`-th key of its record, or -1. Records usually
  // give their keys in one order: the field at this position last time is tried first.
  int field_at(std::size_t position, std::string_view key) {
    if (position < order.size()) {
      const int k = order[position];
      if (k >= 0 && plan.fields[static_cast<std::size_t>(k)].name == key) return k;
    }
    auto it = plan.by_name.find(key);
    if (it == plan.by_name.end()) return -1;
    if (position >= order.size()) order.resize(position + 1, -1);
    order[position] = it->second;
    return it->second;
  }
  std::vector<Table> tables;                   // per list
  std::vector<std::string_view> ids;           // per fast row
  std::vector<std::size_t> rows;               // per fast row: its row number
  std::vector<std::uint8_t> redo;              // per fast row: judged by the row path after all
  struct Line {
    std::string_view text;
    std::size_t row;
    std::int64_t fast;                         // index of the fast row, or -1
  };
  std::vector<Line> lines;
  std::vector<std::size_t> marks;              // per list: its table's size before the row
  BatchResult result;

  explicit State(const LinePlan::Impl& p) : plan(p) {
    top.resize(p.fields.size());
    for (std::size_t k = 0; k < p.fields.size(); ++k) top[k].name = p.fields[k].name, top[k].kind = p.fields[k].kind;
    for (const ListDef& l : p.lists) {
      Table t;
      t.parent.reserve(64);
      t.cols = l.fields;
      tables.push_back(std::move(t));
    }
  }

  // One member list's array into its table, for fast row `r`.
  bool members(Reader& in, const ListDef& l, Table& t, std::size_t r) {
    if (!in.eat('[')) return false;
    if (in.eat(']')) return true;
    if (l.titled) return false;
    for (;;) {
      if (!in.eat('{')) return false;
      const std::size_t at = t.parent.size();
      std::size_t position = 0;
      t.parent.push_back(static_cast<std::int64_t>(r));
      for (Col& c : t.cols) c.push();
      if (!in.eat('}')) {
        for (;;) {
          std::string_view key;
          if (!in.string(key) || !in.eat(':')) return false;
          Col* col = nullptr;
          // Members usually name their fields in one order: the field at this position
          // last time is tried first.
          const std::size_t guess = position < t.order.size() ? t.order[position] : 0;
          if (guess < t.cols.size() && t.cols[guess].name == key) col = &t.cols[guess];
          for (std::size_t c = 0; col == nullptr && c < t.cols.size(); ++c)
            if (t.cols[c].name == key) {
              col = &t.cols[c];
              if (position >= t.order.size()) t.order.resize(position + 1);
              t.order[position] = c;
            }
          ++position;
          if (col == nullptr || !in.value(*col, at)) return false;
          if (in.eat(',')) continue;
          if (in.eat('}')) break;
          return false;
        }
      }
      if (in.eat(',')) continue;
      if (in.eat(']')) return true;
      return false;
    }
  }

  // One line into the columns as fast row `r`; false (nothing kept) when it is not plain.
  bool record(std::string_view text, std::size_t r, std::string_view& id) {
    Reader in{text.data(), text.data() + text.size()};
    if (text.size() > JsonLimits().max_record_bytes) return false;
    marks.resize(tables.size());
    for (std::size_t t = 0; t < tables.size(); ++t) marks[t] = tables[t].parent.size();
    for (std::size_t k = 0; k < top.size(); ++k)
      if (plan.fields[k].list < 0) top[k].push();
    std::uint64_t given_lists = 0;
    bool has_id = false;
    std::size_t position = 0;
    auto undo = [&] {
      for (std::size_t k = 0; k < top.size(); ++k)
        if (plan.fields[k].list < 0) top[k].truncate(r);
      for (std::size_t t = 0; t < tables.size(); ++t) {
        tables[t].parent.resize(marks[t]);
        for (Col& c : tables[t].cols) c.truncate(marks[t]);
      }
      return false;
    };
    if (!in.eat('{')) return undo();
    if (!in.eat('}')) {
      for (;;) {
        std::string_view key;
        if (!in.string(key) || !in.eat(':')) return undo();
        if (key == "id") {
          if (has_id || !in.string(id)) return undo();
          has_id = true;
        } else {
          const int k = field_at(position++, key);
          if (k < 0) return undo();
          const FieldDef& f = plan.fields[static_cast<std::size_t>(k)];
          if (f.list >= 0) {
            std::uint64_t bit = std::uint64_t{1} << (f.list % 64);
            if (f.list >= 64 || (given_lists & bit)) return undo();
            given_lists |= bit;
            auto l = static_cast<std::size_t>(f.list);
            if (!members(in, plan.lists[l], tables[l], r)) return undo();
            if (tables[l].parent.size() - marks[l] > JsonLimits().max_members) return undo();
          } else if (!in.value(top[static_cast<std::size_t>(k)], r)) {
            return undo();
          }
        }
        if (in.eat(',')) continue;
        if (in.eat('}')) break;
        return undo();
      }
    }
    in.ws();
    if (in.p != in.end) return undo();
    // A list the record does not give is missing, which a member table cannot say.
    if (plan.lists.size() > 64 || given_lists != (plan.lists.size() == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << plan.lists.size()) - 1))
      return undo();
    if (!has_id) id = {};
    return true;
  }

  void clear() {
    for (std::size_t k = 0; k < top.size(); ++k) top[k].clear();
    for (Table& t : tables) {
      t.parent.clear();
      for (Col& c : t.cols) c.clear();
    }
    ids.clear();
    rows.clear();
    redo.clear();
    lines.clear();
  }

  // util/result_json.hpp's `Out` over a buffer with room for `LinePlan::Impl::bound`
  // bytes and the id. Its strings are written unescaped: every one it is given is plain
  // (ids as Reader::string takes them, names and grades as LinePlan::make checks them,
  // the library's names of decisions and statuses).
  struct Cursor {
    char* p;
    void put(const char* s, std::size_t n) {
      std::memcpy(p, s, n);
      p += n;
    }
    void put(std::string_view s) { put(s.data(), s.size()); }
    template <std::size_t N>
    void lit(const char (&s)[N]) { put(s, N - 1); }
    void integer(std::int64_t v) { p = std::to_chars(p, p + 24, v).ptr; }
    void decimal(Decimal d) {  // as Decimal::to_string writes it
      if (d.units() % Decimal::kOne == 0) return integer(d.units() / Decimal::kOne);
      put(d.to_string());
    }
    void string(std::string_view s) {
      *p++ = '"';
      put(s);
      *p++ = '"';
    }
  };

  // Fast row r of the batch result as the JSON writer's source (util/result_json.hpp).
  struct RowSource {
    const State& state;
    std::size_t r;
    hoctap::NextGrade ahead;  // the library's rule, as Result has it

    static constexpr bool kExplains = false;
    const LinePlan::Impl& plan() const { return state.plan; }
    const BatchResult& res() const { return state.result; }
    std::uint8_t status(std::size_t k) const { return res().node_status[k * res().rows + r]; }

    void decision(Cursor& o) const { o.put(plan().decisions[res().decision[r]]); }
    bool points() const { return !plan().levels; }
    Decimal total() const { return Decimal::from_units(res().total_units[r]); }
    void max_total(Cursor& o) const { o.put(plan().max_total); }
    int level() const { return res().level.empty() ? 0 : res().level[r]; }  // empty: not a levels set
    std::optional<std::string_view> grade_id(std::int32_t g) const {
      if (g < 0) return std::nullopt;
      return plan().grades[static_cast<std::size_t>(g)];
    }
    std::optional<std::string_view> grade() const { return grade_id(res().grade.empty() ? -1 : res().grade[r]); }  // empty: no grades
    std::optional<std::string_view> next_grade() const { return grade_id(ahead.grade); }
    std::optional<Decimal> points_to_next() const {
      if (ahead.grade < 0) return std::nullopt;
      return Decimal::from_units(ahead.points_units);
    }
    std::size_t nodes() const { return plan().node_head.size(); }
    void node_open(Cursor& o, std::size_t k) const { o.put(plan().node_head[k]); }
    Decimal node_points(std::size_t k) const { return Decimal::from_units(res().node_points_units[k * res().rows + r]); }
    void node_max(Cursor& o, std::size_t k) const { o.put(plan().node_max[k]); }
    // A one-level set's node level follows from its status (LinePlan::make).
    int node_level(std::size_t k) const { return status(k) == 0 || status(k) == 2 ? 1 : 0; }
    void node_close(Cursor& o, std::size_t k) const { o.put(plan().node_tails[status(k)]); }
    const std::vector<DataProblem>& problems() const {
      static const std::vector<DataProblem> kNone;  // rows with problems take the row path
      return kNone;
    }
    const std::vector<InputWarning>& warnings() const {
      static const std::vector<InputWarning> kNone;  // rows lacking an input take the row path
      return kNone;
    }
    Lang lang() const { return Lang::vi; }
    std::size_t locals() const { return plan().locals.size(); }
    void local(Cursor& o, std::size_t k) const {
      const LinePlan::Impl::Local& l = plan().locals[k];
      const Col& c = state.top[static_cast<std::size_t>(l.field)];
      o.put(l.head);
      if (c.valid.empty() || !c.valid[r]) return o.put(l.fallback);
      if (c.kind == Kind::boolean) result_json::local_value(o, c.b[r] != 0);
      else if (c.kind == Kind::integer) result_json::local_value(o, c.i[r]);
      else result_json::local_value(o, Decimal::from_units(c.i[r]));
      o.put(plan().from_record);
    }
    void audit(Cursor& o) const { o.put(plan().tail); }
  };

  // The answer of fast row r and its end of line, as RowJudge writes it, at `at`.
  char* write(std::size_t r, char* at) const {
    Cursor o{at};
    o.lit("{\"row\":");
    o.integer(static_cast<std::int64_t>(rows[r]));
    if (!ids[r].empty()) {
      o.lit(",\"id\":");
      o.string(ids[r]);
    }
    o.lit(",");
    result_json::members(o, RowSource{*this, r, hoctap::next_grade(plan.set, result, r)});
    *o.p++ = '\n';
    return o.p;
  }
};

LineJudge::LineJudge(const LinePlan& plan) : state_(std::make_unique<State>(plan.impl())) {}
LineJudge::~LineJudge() = default;

void LineJudge::judge(std::string_view text, std::size_t first_row, std::string& out, const SlowLine& slow,
                      std::array<std::uint64_t, 3>& decisions) {
  State& s = *state_;
  const LinePlan::Impl& plan = s.plan;
  s.clear();
  std::size_t row = first_row;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t eol = text.find('\n', at);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(at, eol - at);
    at = eol + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;  // not a row
    std::string_view id;
    const std::size_t r = s.rows.size();
    if (s.record(line, r, id)) {
      s.ids.push_back(id);
      s.rows.push_back(row);
      s.redo.push_back(0);
      s.lines.push_back({line, row, static_cast<std::int64_t>(r)});
    } else {
      s.lines.push_back({line, row, -1});
    }
    ++row;
  }
  const std::size_t fast = s.rows.size();
  if (fast > 0) {
    Batch batch;
    batch.rows = fast;
    for (std::size_t k = 0; k < plan.fields.size(); ++k) {
      const FieldDef& f = plan.fields[k];
      if (f.list >= 0) continue;
      const Col& c = s.top[k];
      if (f.in_context) {
        // The context gives what a record lacks; a column cannot say "absent" for one row
        // and the context's value for the next: rows without it take the row path.
        bool any = false;
        for (std::size_t r = 0; r < fast && !any; ++r) any = c.valid[r] != 0;
        if (!any) continue;
        for (std::size_t r = 0; r < fast; ++r)
          if (!c.valid[r]) s.redo[r] = 1;
      }
      batch.columns.push_back(c.column());
    }
    for (std::size_t l = 0; l < plan.lists.size(); ++l) {
      MemberTable m;
      m.list = plan.lists[l].name;
      m.rows = s.tables[l].parent.size();
      m.parent = s.tables[l].parent.data();
      for (const Col& c : s.tables[l].cols) m.columns.push_back(c.column());
      batch.members.push_back(std::move(m));
    }
    // A record that lacks an input, or has a member that lacks a field, has warnings the
    // row path words (Result::warnings): it takes the row path.
    for (std::size_t k = 0; k < plan.fields.size(); ++k)
      if (plan.fields[k].list < 0 && !plan.fields[k].in_context)
        for (std::size_t r = 0; r < fast; ++r)
          if (!s.top[k].valid[r]) s.redo[r] = 1;
    for (std::size_t l = 0; l < plan.lists.size(); ++l)
      for (const Col& c : s.tables[l].cols)
        for (std::size_t m = 0; m < c.valid.size(); ++m)
          if (!c.valid[m]) s.redo[static_cast<std::size_t>(s.tables[l].parent[m])] = 1;
    try {
      evaluate_batch(plan.set, batch, plan.batch, s.result);
      for (std::int64_t r : s.result.error_rows) s.redo[static_cast<std::size_t>(r)] = 1;  // its problems in the row path's words
    } catch (const std::exception&) {
      // The batch refused the columns (a broken invariant here, never the data): the row
      // path judges every line, and says what it finds.
      std::fill(s.redo.begin(), s.redo.end(), 1);
    }
  }
  // Answers are written in place: `out` is grown ahead (room for every remaining line at
  // the largest answer), written through a pointer, and cut to what was written before a
  // line of the row path appends to it, and at the end.
  std::size_t at = out.size();
  for (std::size_t k = 0; k < s.lines.size(); ++k) {
    const State::Line& l = s.lines[k];
    if (l.fast < 0 || s.redo[static_cast<std::size_t>(l.fast)]) {
      out.resize(at);
      slow(l.text, l.row, out);
      at = out.size();
      continue;
    }
    const auto r = static_cast<std::size_t>(l.fast);
    const std::size_t need = plan.bound + s.ids[r].size();
    if (out.size() < at + need) out.resize(at + need * (s.lines.size() - k));
    at = static_cast<std::size_t>(s.write(r, out.data() + at) - out.data());
    ++decisions[s.result.decision[r]];
  }
  out.resize(at);
}

}  // namespace hoctap::serve
