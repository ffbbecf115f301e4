// evaluate_csv: the dataset CSV reader feeding evaluate_batch a chunk at a time, and the
// results written as CSV or JSON lines.
//
// Every input column is read as text codes, whatever its type: the batch binds each
// distinct text of a column once through the input contract (evaluate/input.cpp), so a
// cell means exactly what the same text means in a JSON record, and a refused cell gets
// the contract's wording, in the options' language. The reader itself only splits lines.
#include "hoctap/csv.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <string_view>

#include "dataset/csv.hpp"
#include "hoctap/batch.hpp"
#include "util/messages.hpp"
#include "util/text.hpp"

namespace hoctap {
inline namespace v0 {
namespace {

using internal::CsvKind;

// A field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break.
void put_csv(std::string& out, std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += v;
    return;
  }
  out += '"';
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// A Decimal's text (Decimal::to_string), whole numbers written in place.
void put_units(std::string& out, std::int64_t units) {
  if (units % Decimal::kOne != 0) {
    out += Decimal::from_units(units).to_string();
    return;
  }
  char digits[24];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, units / Decimal::kOne).ptr);
}

// The problems of one row: lines the reader could not read, then the batch's data problems.
struct RowProblems {
  std::vector<std::pair<std::size_t, std::string>> items;  // (row in chunk, text), ascending rows
  std::size_t next = 0;
  void collect(const internal::CsvTable& chunk, const internal::CsvStats& stats, const BatchResult& r, Lang lang) {
    items.clear();
    next = 0;
    for (const auto& e : chunk.errors)
      items.emplace_back(e.row, internal::text_in(lang, internal::tr("csv.line", {std::to_string(stats.line_of(chunk.first_row + e.row)),
                                                                                 e.field.empty() ? e.reason : "`" + e.field + "`: " + e.reason})));
    for (std::size_t k = 0; k < r.error_rows.size(); ++k)
      items.emplace_back(static_cast<std::size_t>(r.error_rows[k]), r.error_texts[k]);
    std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  // The texts of `row` (rows asked in ascending order).
  template <typename F>
  bool each(std::size_t row, F&& f) {
    bool any = false;
    for (; next < items.size() && items[next].first == row; ++next, any = true) f(items[next].second, any);
    return any;
  }
};

}  // namespace

CsvEvaluateSummary evaluate_csv(const CriteriaSet& set, const std::string& path, std::ostream& out, const CsvEvaluateOptions& options) {
  if (!options.assessment_date) throw internal::error<InvalidArgument>("E001", "csv.no_date", {}, options.lang);
  const Date date = *options.assessment_date;
  if (!options.outside_validity && (date < set.valid_from() || (set.valid_to() && date > *set.valid_to())))
    throw internal::error<InvalidArgument>("E002", "csv.outside_validity",
                                           {date.to_string(), set.id(), set.valid_from().to_string(), set.valid_to() ? set.valid_to()->to_string() : ""},
                                           options.lang);
  // The set's flat inputs, all read as text (see above); list inputs have no column.
  std::vector<std::pair<std::string, CsvKind>> wanted = {{"id", CsvKind::id}};
  std::vector<std::string> lists;
  for (const InputInfo& in : set.inputs())
    if (in.kind == "list") lists.push_back(in.name + ".");
  for (const InputInfo& in : set.inputs()) {
    const bool member = std::any_of(lists.begin(), lists.end(), [&](const std::string& l) { return in.name.rfind(l, 0) == 0; });
    if (in.kind != "list" && !member) wanted.emplace_back(in.name, CsvKind::text);
  }
  internal::CsvLimits limits;
  limits.lang = options.lang;  // the unreadable lines' reasons, as the rest of the row's problems
  internal::CsvReader reader(path, wanted, limits);
  CsvEvaluateSummary summary;
  std::vector<std::string> names;
  for (const std::string& h : reader.header())
    if (h != "id") names.push_back(h);
  summary.warnings = set.check_inputs(names, "", options.context);
  if (options.strict && !summary.warnings.empty()) {
    internal::Text text{"`" + path + "`: ", "`" + path + "`: "};
    for (std::size_t k = 0; k < summary.warnings.size(); ++k) {
      text.en += (k ? "; " : "") + summary.warnings[k].en;
      text.vi += (k ? "; " : "") + summary.warnings[k].vi;
    }
    throw internal::error<InvalidArgument>("E005", std::move(text), options.lang);
  }

  BatchOptions bo;
  bo.assessment_date = date;
  bo.context = options.context;
  bo.threads = options.threads;
  bo.lang = options.lang;
  bo.nodes = NodeOutput::criteria;
  bo.outside_validity = options.outside_validity;
  const bool csv = options.format == CsvOutputFormat::csv;
  const auto& nodes = set.nodes();
  std::vector<std::string> criteria;  // top-level criteria, as the batch reports them
  for (const NodeInfo& n : nodes)
    if (n.parent < 0) criteria.push_back(n.id);
  std::string buf;
  if (csv) {
    buf = "id,decision,recognized,total,grade";
    for (const std::string& c : criteria) {
      buf += ',';
      put_csv(buf, c + ".points");
      buf += ',';
      put_csv(buf, c + ".status");
    }
    buf += ",problems\n";
  }
  // JSON keys, escaped once.
  std::vector<std::string> points_keys, status_keys;
  for (const std::string& c : criteria) {
    std::string k;
    internal::append_json_string(k, c + ".points");
    points_keys.push_back(",\"" + k.substr(1, k.size() - 2) + "\":");
    k.clear();
    internal::append_json_string(k, c + ".status");
    status_keys.push_back(",\"" + k.substr(1, k.size() - 2) + "\":\"");
  }

  internal::CsvTable chunk;
  BatchResult r;
  RowProblems problems;
  const std::size_t chunk_rows = std::max<std::size_t>(options.chunk_rows, 1);
  while (reader.next(chunk, chunk_rows)) {
    const std::size_t rows = chunk.rows;
    if (rows == 0) continue;
    Batch batch;
    batch.rows = rows;
    for (std::size_t w = 1; w < wanted.size(); ++w)
      if (const internal::CsvColumn* c = chunk.find(wanted[w].first); c != nullptr && c->present)
        batch.columns.push_back(c->as_batch_column(wanted[w].first));
    evaluate_batch(set, batch, bo, r);
    problems.collect(chunk, reader.stats(), r, options.lang);
    const internal::CsvColumn* ids = chunk.find("id");
    if (ids != nullptr && !ids->present) ids = nullptr;
    const std::size_t k_count = r.node_index.size();
    buf.reserve(buf.size() + rows * (48 + 24 * k_count));
    for (std::size_t row = 0; row < rows; ++row) {
      const std::string_view id = ids != nullptr ? ids->text(row) : std::string_view();
      const auto decision = static_cast<Decision>(r.decision[row]);
      const std::int32_t g = r.grade.empty() ? -1 : r.grade[row];  // empty: the set has no grades
      const std::string_view grade = g >= 0 ? std::string_view(r.grades[static_cast<std::size_t>(g)]) : std::string_view();
      if (csv) {
        put_csv(buf, id);
        buf += ',';
        buf += to_string(decision);
        buf += decision == Decision::recognized ? ",true," : ",false,";
        put_units(buf, r.total_units[row]);
        buf += ',';
        put_csv(buf, grade);
        for (std::size_t k = 0; k < k_count; ++k) {
          buf += ',';
          put_units(buf, r.node_points_units[k * rows + row]);
          buf += ',';
          buf += to_string(static_cast<Status>(r.node_status[k * rows + row]));
        }
        buf += ',';
        std::string joined;
        if (problems.each(row, [&](const std::string& t, bool more) { joined += (more ? "; " : "") + t; })) ++summary.rows_with_problems;
        put_csv(buf, joined);
        buf += '\n';
      } else {
        buf += "{\"id\":";
        internal::append_json_string(buf, id);
        buf += ",\"decision\":\"";
        buf += to_string(decision);
        buf += decision == Decision::recognized ? "\",\"recognized\":true,\"total\":" : "\",\"recognized\":false,\"total\":";
        put_units(buf, r.total_units[row]);
        buf += ",\"grade\":";
        if (g >= 0) internal::append_json_string(buf, grade);
        else buf += "null";
        for (std::size_t k = 0; k < k_count; ++k) {
          buf += points_keys[k];
          put_units(buf, r.node_points_units[k * rows + row]);
          buf += status_keys[k];
          buf += to_string(static_cast<Status>(r.node_status[k * rows + row]));
          buf += '"';
        }
        buf += ",\"problems\":[";
        if (problems.each(row, [&](const std::string& t, bool more) {
              if (more) buf += ',';
              internal::append_json_string(buf, t);
            }))
          ++summary.rows_with_problems;
        buf += "]}\n";
      }
    }
    summary.rows += rows;
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    buf.clear();
    if (!out) throw internal::error<RuntimeError>("E007", "csv.write", {}, options.lang);
  }
  summary.rows_unreadable = reader.stats().rows_unreadable;
  if (!buf.empty()) out.write(buf.data(), static_cast<std::streamsize>(buf.size()));  // a file without data rows: the header
  out.flush();
  if (!out) throw internal::error<RuntimeError>("E007", "csv.write", {}, options.lang);
  return summary;
}

}  // namespace v0
}  // namespace hoctap
