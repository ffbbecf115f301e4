// The routes: the JSON API under /v1, health, metrics, the OpenAPI document, the forms.
// No route reads or writes a file: paths and bodies only name sets already loaded.
#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <cctype>
#include <cstring>
#include <istream>
#include <streambuf>

#include <nlohmann/json.hpp>

#include "cli/records.hpp"
#include "serve/app.hpp"
#include "serve/lines.hpp"

namespace hoctap::serve {

using httplib::Request;
using httplib::Response;
using json = nlohmann::json;

void error(Response& res, int status, const std::string& code, const std::string& en, const std::string& vi) {
  res.status = status;
  res.set_content(json{{"code", code}, {"error", en}, {"error_vi", vi}}.dump(), "application/json");
}

namespace {

void send_json(Response& res, const json& body) { res.set_content(body.dump(), "application/json"); }

void unknown_title(Response& res, const std::string& title) {
  error(res, 404, "unknown_title", "no criteria set judges the title `" + title + "`", "không có bộ tiêu chí nào xét danh hiệu `" + title + "`");
}

void body_too_large(Response& res, std::size_t max_body) {
  error(res, 413, "body_too_large", "a request body holds at most " + std::to_string(max_body) + " bytes",
        "thân yêu cầu dài tối đa " + std::to_string(max_body) + " byte");
}

json date_or_null(const std::optional<Date>& d) { return d ? json(d->to_string()) : json(nullptr); }

json set_summary(const CriteriaSet& s) {
  return {{"id", s.id()},           {"title", s.title()},
          {"version", s.version()}, {"name", {{"vi", s.name_vi()}, {"en", s.name_en()}}},
          {"entity", s.entity()},   {"valid_from", s.valid_from().to_string()},
          {"valid_to", date_or_null(s.valid_to())}, {"supersedes", s.supersedes().empty() ? json(nullptr) : json(s.supersedes())},
          {"sha256", s.sha256()}};
}

json set_json(const CriteriaSet& s) {
  json out = set_summary(s);
  const LegalBasis& lb = s.legal_basis();
  out["legal_basis"] = {{"instrument", lb.instrument}, {"issuer", lb.issuer}, {"signed_on", date_or_null(lb.signed_on)},
                        {"article", lb.article},       {"source", lb.source}, {"confidence", std::string(to_string(lb.confidence))},
                        {"note", lb.note}};
  out["uses_levels"] = s.uses_levels();
  json inputs = json::array();
  for (const InputInfo& in : s.inputs()) {
    json i = {{"name", in.name}, {"type", in.type}, {"kind", in.kind}, {"label", {{"vi", in.label_vi}, {"en", in.label_en}}}, {"local", in.local}};
    if (!in.title.empty()) i["title"] = in.title;
    if (in.kind == "category") i["values"] = in.values;
    inputs.push_back(std::move(i));
  }
  out["inputs"] = std::move(inputs);
  json nodes = json::array();
  for (const NodeInfo& n : s.nodes()) {
    json j = {{"id", n.id},
              {"name", {{"vi", n.name_vi}, {"en", n.name_en}}},
              {"parent", n.parent < 0 ? json(nullptr) : json(s.nodes()[static_cast<std::size_t>(n.parent)].id)},
              {"depth", n.depth},
              {"is_indicator", n.is_indicator},
              {"confidence", std::string(to_string(n.confidence))}};
    if (!s.uses_levels()) {
      j["max_points"] = n.max_known ? json::parse(n.max_points.to_string()) : json(nullptr);
      j["pass_at"] = n.pass_at ? json::parse(n.pass_at->to_string()) : json(nullptr);
    }
    if (!n.source.empty()) j["source"] = n.source;
    nodes.push_back(std::move(j));
  }
  out["nodes"] = std::move(nodes);
  json grades = json::array();
  for (const GradeInfo& g : s.grades()) {
    json j = {{"id", g.id}, {"name", {{"vi", g.name_vi}, {"en", g.name_en}}}, {"recognized", g.recognized}};
    if (!s.uses_levels()) {
      j["min"] = g.min ? json::parse(g.min->to_string()) : json(nullptr);
      j["below"] = g.below ? json::parse(g.below->to_string()) : json(nullptr);
    }
    grades.push_back(std::move(j));
  }
  out["grades"] = std::move(grades);
  out["referenced_titles"] = s.referenced_titles();
  return out;
}

// The body as an input stream, without copying it.
class BodyBuf : public std::streambuf {
 public:
  explicit BodyBuf(const std::string& s) : BodyBuf(s.data(), s.size()) {}
  BodyBuf(const char* data, std::size_t size) {
    char* p = const_cast<char*>(data);
    setg(p, p, p + size);
  }
};

struct TooManyRecords {};

// One evaluate request: its set, options and context, and the counts it adds to /metrics.
// Held by shared_ptr: a streamed response outlives the handler.
struct Evaluation {
  std::shared_ptr<const Catalog> catalog;
  CriteriaSet set;
  Record context;        // from the query
  Record row_context;    // the query's, with a record's own `context` fields over it
  EvaluateOptions options;
  cli::JudgeOptions judge;
  std::array<std::uint64_t, 3> decisions{};
  std::uint64_t errors = 0;

  Evaluation(std::shared_ptr<const Catalog> c, CriteriaSet s) : catalog(std::move(c)), set(std::move(s)) {}

  // Judges one row into `out`: a record's `context` object (flattened to `context.NAME`)
  // gives context values for that record alone.
  bool judge_row(cli::RowJudge& judge, JsonRow& row, std::string& out) {
    options.context = &context;
    if (row.code.empty()) {
      bool has = false;
      for (const auto& f : row.record.fields()) has = has || f.first.rfind("context.", 0) == 0;
      if (has) {
        std::vector<std::pair<std::string, Value>> kept;
        row_context = context;
        for (auto& f : row.record.fields()) {
          if (f.first.rfind("context.", 0) == 0) row_context.set(f.first.substr(8), f.second);
          else kept.push_back(f);
        }
        row.record = Record::from_fields(std::move(kept));
        options.context = &row_context;
        // A key of the record's own context no set judging it reads: that record's error.
        if (std::vector<InputWarning> unknown = catalog->registry.check_context(set, row_context, *options.assessment_date); !unknown.empty()) {
          const InputError refused(std::move(unknown));
          row.code = "unknown_context";
          row.error = refused.message(Lang::en);
          row.error_vi = refused.message(Lang::vi);
          row.column = 0;
        }
      }
    }
    cli::Judged j = judge.judge(row, out);
    if (j.error) ++errors;
    else ++decisions[static_cast<std::size_t>(j.decision)];
    return !j.error;
  }
};

constexpr std::size_t kPieceBytes = 256u << 10;
constexpr std::size_t kAhead = 6;  // pieces judged ahead of the one being written

// Judges a JSON-lines body on every core: the body is cut at line ends into pieces, each
// piece judged by one thread (its rows numbered from the piece's first row, counted as
// the reader counts them: blank lines are not rows), and the pieces' lines written in
// order as they are done. Adds the counts to `totals`. Returns false when the body holds
// more than `max_records` rows (nothing is written then) or the client went away.
bool judge_lines_in_parallel(const Evaluation& ev, const std::string& body, std::size_t max_records, unsigned threads,
                             Evaluation& totals, bool& too_many) {
  struct Piece {
    std::size_t begin, end, first_row, lines_before;  // lines_before: the body's lines before it
  };
  const Evaluation base = ev;  // copied before any thread adds to `totals`, which may be `ev`
  std::vector<Piece> pieces;
  std::size_t rows = 0, lines_before = 0;
  for (std::size_t at = 0; at < body.size();) {
    std::size_t end = body.find('\n', std::min(body.size(), at + kPieceBytes));
    end = end == std::string::npos ? body.size() : end + 1;
    Piece piece{at, end, rows, lines_before};
    for (std::size_t line = at; line < end;) {
      std::size_t eol = body.find('\n', line);
      if (eol == std::string::npos || eol > end) eol = end;
      if (eol < end) ++lines_before;
      for (std::size_t i = line; i < eol; ++i)
        if (body[i] != ' ' && body[i] != '\t' && body[i] != '\r') {
          ++rows;
          break;
        }
      line = eol + 1;
    }
    pieces.push_back(piece);
    at = end;
  }
  too_many = rows > max_records;
  if (too_many) return false;
  std::vector<std::string> outputs(pieces.size());
  std::vector<char> done(pieces.size(), 0);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> abort{false};
  std::size_t written = 0;          // pieces written to the client
  std::vector<std::string> spare;  // written outputs, kept for the next pieces (no fresh pages each time)
  std::mutex mutex;
  std::condition_variable cv;
  // Plain records by columns (serve/lines.hpp); every other line by the row path.
  std::unique_ptr<LinePlan> plan;
  try {
    plan = LinePlan::make(base.set, base.options, base.context, base.judge.explain, base.options.strict);
  } catch (const std::exception&) {
    // Whatever the plan cannot take, the row path judges and words.
  }
  auto work = [&] {
    Evaluation local = base;
    cli::RowJudge judge(local.set, &local.catalog->registry, local.options, local.judge);
    std::unique_ptr<LineJudge> lines;
    if (plan) lines = std::make_unique<LineJudge>(*plan);
    // Rows and lines counted from `data`, after `first_row` rows and `lines_before` lines of the body.
    // The reader skips a byte order mark at the start of its input, which only the body's
    // start is: a piece or a line after it is read from the `\n` before it (a blank line,
    // no row), so that a mark there is refused as the CLI refuses it mid-input.
    auto rows = [&](const char* data, std::size_t size, std::size_t first_row, std::size_t lines_before, std::string& out) {
      const std::size_t inside = data != body.data() ? 1 : 0;  // then data[-1] is the `\n` that ends the line before
      BodyBuf buf(data - inside, size + inside);
      std::istream in(&buf);
      read_json_rows(in, JsonFormat::lines, [&](JsonRow& row) {
        row.row += first_row;
        if (row.line != 0) row.line += lines_before - inside;
        local.judge_row(judge, row, out);
        out += '\n';
      });
    };
    // The body's lines before each line the fast path hands back, counted on from the last.
    const char* counted = nullptr;
    std::size_t counted_lines = 0;
    const SlowLine slow = [&](std::string_view line, std::size_t row, std::string& out) {
      counted_lines += static_cast<std::size_t>(std::count(counted, line.data(), '\n'));
      counted = line.data();
      rows(line.data(), line.size(), row, counted_lines, out);
    };
    for (std::size_t i; !abort && (i = next++) < pieces.size();) {
      const char* data = body.data() + pieces[i].begin;
      const std::size_t size = pieces[i].end - pieces[i].begin;
      std::string& out = outputs[i];
      {
        // At most kAhead pieces judged and not yet written: memory stays bounded, and
        // their buffers come back for the next pieces.
        std::unique_lock<std::mutex> lock(mutex);
        cv.wait(lock, [&] { return abort || i < written + kAhead; });
        if (!spare.empty()) {
          out.swap(spare.back());
          spare.pop_back();
        }
      }
      counted = data;
      counted_lines = pieces[i].lines_before;
      if (lines) lines->judge(std::string_view(data, size), pieces[i].first_row, out, slow, local.decisions);
      else rows(data, size, pieces[i].first_row, pieces[i].lines_before, out);
      std::lock_guard<std::mutex> lock(mutex);
      done[i] = 1;
      cv.notify_all();
    }
    std::lock_guard<std::mutex> lock(mutex);
    for (std::size_t d = 0; d < 3; ++d) totals.decisions[d] += local.decisions[d];
    totals.errors += local.errors;
  };
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads && t < pieces.size(); ++t) workers.emplace_back(work);
  bool ok = true;
  for (std::size_t i = 0; i < pieces.size() && ok; ++i) {
    std::string out;
    {
      std::unique_lock<std::mutex> lock(mutex);
      cv.wait(lock, [&] { return done[i] != 0; });
      out.swap(outputs[i]);
    }
    if (!out.empty()) ok = write_chunk(out.data(), out.size());
    out.clear();
    std::lock_guard<std::mutex> lock(mutex);
    spare.push_back(std::move(out));
    written = i + 1;
    cv.notify_all();
  }
  {
    std::lock_guard<std::mutex> lock(mutex);
    abort = true;
    cv.notify_all();
  }
  for (auto& w : workers) w.join();
  return ok;
}

// The query's flag `name` (`explain`, `strict`): `1` or `true` on, `0`, `false` or absent
// off; anything else is an error response, as a bad `lang` is.
bool flag_param(const Request& req, Response& res, const std::string& name, bool& on) {
  on = false;
  if (!req.has_param(name.c_str())) return true;
  std::string v = req.get_param_value(name.c_str());
  if (v == "1" || v == "true" || v == "0" || v == "false") {
    on = v == "1" || v == "true";
    return true;
  }
  error(res, 400, "bad_" + name, name + " must be `1` or `0` (or `true`, `false`), not `" + v + "`",
        name + " phải là `1` hoặc `0` (hoặc `true`, `false`), không phải `" + v + "`");
  return false;
}

bool is_json_lines(const Request& req) {
  std::string type = req.get_header_value("Content-Type");
  return type.rfind("application/x-ndjson", 0) == 0 || type.rfind("application/jsonl", 0) == 0 ||
         type.rfind("application/json-lines", 0) == 0;
}

// The query's lang, or an error response.
bool lang_param(const Request& req, Response& res, Lang& lang) {
  if (!req.has_param("lang")) return true;
  std::string v = req.get_param_value("lang");
  if (v == "vi" || v == "en") {
    lang = v == "en" ? Lang::en : Lang::vi;
    return true;
  }
  error(res, 400, "bad_lang", "lang must be `vi` or `en`, not `" + v + "`", "lang phải là `vi` hoặc `en`, không phải `" + v + "`");
  return false;
}

// The query's date (`required`: or today), or an error response.
bool date_param(const Request& req, Response& res, bool required, Date& date) {
  if (!req.has_param("date")) {
    if (required) {
      error(res, 400, "missing_date", "the query needs date=YYYY-MM-DD, the assessment date",
            "truy vấn cần date=YYYY-MM-DD, ngày đánh giá");
      return false;
    }
    date = Date::today();
    return true;
  }
  std::string v = req.get_param_value("date");
  auto d = Date::parse(v);
  if (!d) {
    error(res, 400, "bad_date", "date must be a day written YYYY-MM-DD, not `" + v + "`",
          "date phải là một ngày viết dạng YYYY-MM-DD, không phải `" + v + "`");
    return false;
  }
  date = *d;
  return true;
}

// The version of `title` in force on `date`, or an error response.
std::optional<CriteriaSet> set_in_force(const Catalog& catalog, const std::string& title, Date date, Response& res) {
  auto set = catalog.registry.find(title, date);
  if (set) return set;
  if (catalog.registry.versions(title).empty()) unknown_title(res, title);
  else
    error(res, 404, "not_in_force", "no criteria set for the title `" + title + "` is in force on " + date.to_string(),
          "không có bộ tiêu chí nào cho danh hiệu `" + title + "` có hiệu lực vào ngày " + date.to_string());
  return std::nullopt;
}

// `body` is the request's body, read by the route (never parsed as parameters); a
// streamed answer holds it until the last line is written.
void evaluate(App& app, const Request& req, Response& res, std::shared_ptr<const std::string> body) {
  Date date;
  Lang lang = Lang::vi;
  bool explain = false, strict = false;
  if (!date_param(req, res, true, date) || !lang_param(req, res, lang) || !flag_param(req, res, "explain", explain) ||
      !flag_param(req, res, "strict", strict))
    return;
  auto catalog = app.criteria.get();
  auto set = set_in_force(*catalog, req.matches[1], date, res);
  if (!set) return;
  auto ev = std::make_shared<Evaluation>(catalog, *set);
  // Context values come as `context.NAME=VALUE`, read as the input's type.
  for (const auto& [key, value] : req.params) {
    if (key.rfind("context.", 0) == 0 && key.size() > 8) ev->context.set(key.substr(8), value);
    else if (key.rfind("context", 0) == 0) return error(res, 400, "bad_context", "a context value is given as context.NAME=VALUE",
                                                                    "giá trị ngữ cảnh được truyền dạng context.NAME=VALUE");
  }
  // A query's context key no set judging the records reads would be ignored: refused.
  if (std::vector<InputWarning> unknown = catalog->registry.check_context(*set, ev->context, date); !unknown.empty()) {
    const InputError refused(std::move(unknown));  // its texts, "; "-joined in each language
    return error(res, 400, "unknown_context", refused.message(Lang::en), refused.message(Lang::vi));
  }
  ev->options.assessment_date = date;
  ev->options.context = &ev->context;
  ev->judge = {explain, lang};
  ev->judge.both_languages = true;
  ev->options.strict = strict;
  // A byte order mark is skipped before an array as the reader skips it before a record.
  std::size_t start = body->find_first_not_of(" \t\r\n", body->rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0);
  if (start == std::string::npos) return error(res, 400, "empty_body", "the body holds no record", "thân yêu cầu không chứa bản ghi nào");
  const std::size_t max_records = app.options.max_records;
  Metrics& metrics = app.metrics;

  if (is_json_lines(req)) {
    // Streamed: the results of each piece of the body are written as it is judged, in chunks.
    res.set_chunked_content_provider("application/x-ndjson", [ev, body, max_records, &metrics](std::size_t, httplib::DataSink& sink) {
      const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
      bool too_many = false;
      bool judged = judge_lines_in_parallel(*ev, *body, max_records, threads, *ev, too_many);
      if (!too_many) {
        metrics.evaluations(ev->set.title(), ev->decisions, ev->errors);
        if (judged) sink.done();
        return judged;
      }
      // Past the record limit: the sequential path judges up to it and says so.
      cli::RowJudge judge(ev->set, &ev->catalog->registry, ev->options, ev->judge);
      BodyBuf buf(*body);
      std::istream in(&buf);
      std::string out;
      bool ok = true;
      std::size_t rows = 0;
      try {
        read_json_rows(in, JsonFormat::lines, [&](JsonRow& row) {
          if (++rows > max_records) throw TooManyRecords{};
          ev->judge_row(judge, row, out);
          out += '\n';
          if (out.size() >= 32768) {
            ok = sink.write(out.data(), out.size());
            out.clear();
            if (!ok) throw TooManyRecords{};
          }
        });
      } catch (const TooManyRecords&) {
        if (ok)
          out += json{{"code", "too_many_records"},
                      {"error", "a request holds at most " + std::to_string(max_records) + " records; the rest were not read"},
                      {"error_vi", "mỗi yêu cầu chứa tối đa " + std::to_string(max_records) + " bản ghi; phần còn lại không được đọc"}}
                     .dump() +
                 "\n";
      }
      if (ok && !out.empty()) ok = sink.write(out.data(), out.size());
      metrics.evaluations(ev->set.title(), ev->decisions, ev->errors);
      if (ok) sink.done();
      return ok;
    });
    return;
  }

  cli::RowJudge judge(ev->set, &ev->catalog->registry, ev->options, ev->judge);
  std::string out;
  if ((*body)[start] == '[') {
    BodyBuf buf(*body);
    std::istream in(&buf);
    out += '[';
    std::size_t rows = 0;
    try {
      read_json_rows(in, JsonFormat::document, [&](JsonRow& row) {
        if (++rows > max_records) throw TooManyRecords{};
        if (rows > 1) out += ',';
        ev->judge_row(judge, row, out);
      });
    } catch (const TooManyRecords&) {
      return error(res, 413, "too_many_records", "a request holds at most " + std::to_string(max_records) + " records",
                   "mỗi yêu cầu chứa tối đa " + std::to_string(max_records) + " bản ghi");
    }
    out += ']';
  } else {
    JsonRow row = read_json_record(*body);
    if (!row.code.empty()) return error(res, 400, row.code, row.error, row.error_vi);
    if (!ev->judge_row(judge, row, out)) {
      res.status = 422;  // strict: the record's names do not match the set's inputs
    }
  }
  metrics.evaluations(ev->set.title(), ev->decisions, ev->errors);
  res.set_content(std::move(out), "application/json");
}

void validate(const Request& req, Response& res, const std::string& body) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) return error(res, 400, "empty_body", "the body holds no criteria file", "thân yêu cầu không chứa tệp tiêu chí nào");
  std::string name = req.has_param("name") ? req.get_param_value("name") : "request.yaml";
  LoadOptions options;
  options.load_sibling_tests = false;  // a request's text is never joined with files
  LoadResult loaded = load_criteria_string(body, name, options);
  std::size_t errors = 0, warnings = 0;
  json diags = json::array();
  for (const Diagnostic& d : loaded.diagnostics) {
    (d.severity == Severity::error ? errors : warnings) += 1;
    diags.push_back(cli::diagnostic_json(d));
  }
  json out = {{"valid", loaded.ok()}, {"errors", errors}, {"warnings", warnings}, {"diagnostics", diags}};
  if (loaded.set) out["set"] = set_summary(*loaded.set);
  send_json(res, out);
}

bool authorized(const std::string& token, const Request& req) {
  std::string got = req.get_header_value("Authorization");
  std::string want = "Bearer " + token;
  // Compared in time independent of where they differ.
  unsigned char diff = got.size() == want.size() ? 0 : 1;
  for (std::size_t i = 0; i < want.size(); ++i) diff |= static_cast<unsigned char>(want[i] ^ (i < got.size() ? got[i] : 0));
  return diff == 0;
}

bool has_body(const Request& req) {
  std::string length = req.get_header_value("Content-Length");
  return (!length.empty() && length != "0") || req.has_header("Transfer-Encoding");
}

// The methods whose body the library reads; any other request's body is left unread.
bool reads_body(const Request& req) {
  return req.method == "POST" || req.method == "PUT" || req.method == "PATCH" || req.method == "DELETE";
}

bool ieq(const std::string& a, const char* b) {
  std::size_t n = std::strlen(b);
  if (a.size() != n) return false;
  for (std::size_t i = 0; i < n; ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  return true;
}

struct Texts {
  std::string en, vi;
};

// Why the body's framing cannot be trusted (RFC 9112 §6: a length that is not a number,
// two different lengths, a length beside chunks, a transfer coding other than chunked), or
// an empty text. Reading such a body would leave the next request's start in doubt.
Texts framing_problem(const Request& req) {
  const std::size_t lengths = req.get_header_value_count("Content-Length");
  std::string first;  // the first length, without leading zeros
  for (std::size_t i = 0; i < lengths; ++i) {
    std::string v = req.get_header_value("Content-Length", i);
    if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos)
      return {"Content-Length must be a number of bytes, not `" + v + "`", "Content-Length phải là một số byte, không phải `" + v + "`"};
    std::string digits = v.substr(std::min(v.find_first_not_of('0'), v.size() - 1));
    if (i == 0) first = digits;
    else if (digits != first)
      return {"the request gives Content-Length twice, with different values", "yêu cầu nêu Content-Length hai lần, với hai giá trị khác nhau"};
  }
  const std::size_t codings = req.get_header_value_count("Transfer-Encoding");
  if (codings > 0 && lengths > 0)
    return {"the request gives both Content-Length and Transfer-Encoding", "yêu cầu nêu cả Content-Length lẫn Transfer-Encoding"};
  if (codings > 1 || (codings == 1 && !ieq(req.get_header_value("Transfer-Encoding"), "chunked"))) {
    std::string v = req.get_header_value("Transfer-Encoding");
    return {"Transfer-Encoding must be `chunked`, not `" + v + "`", "Transfer-Encoding phải là `chunked`, không phải `" + v + "`"};
  }
  return {};
}

// What the headers alone decide, before any byte of the body is read and before `100
// Continue` invites it: overload, the body's framing, the token, the body's size and
// kind. True when `res` holds the answer; the connection then ends if a body was coming.
bool refused_from_headers(const App& app, const Request& req, Response& res) {
  if (rejecting_thread()) {
    res.set_header("Retry-After", "1");
    error(res, 503, "overloaded", "every worker is busy and the queue is full; try again",
          "mọi luồng xử lý đều bận và hàng đợi đã đầy; hãy thử lại");
    return true;
  }
  Texts framing = framing_problem(req);
  if (!framing.en.empty()) {
    close_after_response();
    error(res, 400, "bad_request", framing.en, framing.vi);
    return true;
  }
  // A body no route reads (a GET's) would be taken for the next request.
  if (has_body(req) && !reads_body(req)) close_after_response();
  if (!app.token.empty() && req.path != "/healthz" && !authorized(app.token, req)) {
    if (has_body(req)) close_after_response();
    res.set_header("WWW-Authenticate", "Bearer");
    error(res, 401, "unauthorized", "this server needs an `Authorization: Bearer` token", "máy chủ này cần mã `Authorization: Bearer`");
    return true;
  }
  std::string length = req.get_header_value("Content-Length");
  if (!length.empty() && (length.size() > 15 || std::stoull(length) > app.options.max_body)) {
    close_after_response();
    body_too_large(res, app.options.max_body);
    return true;
  }
  if (has_body(req) && req.is_multipart_form_data()) {
    close_after_response();
    error(res, 415, "unsupported_media_type", "the body is sent as it is (JSON, JSON lines or a criteria file), not as multipart form data",
          "thân yêu cầu được gửi nguyên dạng (JSON, JSON lines hoặc một tệp tiêu chí), không phải dạng multipart form data");
    return true;
  }
  return false;
}

// Reads the request's body into `body`, whatever its Content-Type says: a body is never
// parameters, and --max-body is its only bound (a chunked one is counted as it comes).
// False when `res` holds the refusal; the connection then ends, the body partly unread.
bool read_body(const App& app, const Request& req, Response& res, const httplib::ContentReader& reader, std::string& body) {
  if (!has_body(req)) return true;
  std::string length = req.get_header_value("Content-Length");
  if (!length.empty()) body.reserve(static_cast<std::size_t>(std::stoull(length)));  // within --max-body (checked)
  bool over = false;
  bool read = reader([&](const char* data, std::size_t size) {
    if (size > app.options.max_body - body.size()) {
      over = true;
      return false;
    }
    body.append(data, size);
    return true;
  });
  if (read) return true;
  close_after_response();
  if (over || body_over_limit()) body_too_large(res, app.options.max_body);
  else
    error(res, 400, "bad_request", "the request body could not be read whole (cut short, or its chunks are malformed)",
          "không đọc được trọn thân yêu cầu (bị cắt ngắn, hoặc các khúc (chunk) của nó sai dạng)");
  return false;
}

}  // namespace

void add_routes(httplib::Server& server, App& app) {
  using R = httplib::Server::HandlerResponse;
  server.set_expect_100_continue_handler([&app](const Request& req, Response& res) {
    return refused_from_headers(app, req, res) ? res.status : 100;
  });
  server.set_pre_routing_handler([&app](const Request& req, Response& res) {
    return refused_from_headers(app, req, res) ? R::Handled : R::Unhandled;
  });
  server.set_error_handler(httplib::Server::HandlerWithResponse([&app](const Request& req, Response& res) {
    if (!res.body.empty()) return R::Unhandled;
    if (res.status == 404) {
      // No route: the request was read whole (a body too), the connection goes on.
      error(res, 404, "not_found", "no such route", "không có đường dẫn này");
      return R::Handled;
    }
    // The library's own refusals: the request may be partly unread, so the connection ends.
    close_after_response();
    if (body_over_limit()) {
      body_too_large(res, app.options.max_body);
      return R::Handled;
    }
    switch (res.status) {
      case 413: error(res, 413, "body_too_large", "the request body is too large", "thân yêu cầu quá lớn"); break;
      case 414: error(res, 414, "uri_too_long", "the request target is too long", "đích của yêu cầu quá dài"); break;
      case 400: error(res, 400, "bad_request", "the request is not valid HTTP", "yêu cầu không phải HTTP hợp lệ"); break;
      case 416:
        // A Range header the library cannot parse stops it before routing. The ranges it
        // did parse would cut this answer: they go (the request is the library's own
        // object, handed here as const).
        const_cast<Request&>(req).ranges.clear();
        error(res, 400, "bad_request", "the Range header is not valid (the API always sends whole answers: leave it out)",
              "header Range không hợp lệ (API luôn gửi trọn câu trả lời: hãy bỏ header này)");
        break;
      default:
        error(res, res.status, "http_" + std::to_string(res.status), "the request could not be served", "không phục vụ được yêu cầu");
        break;
    }
    return R::Handled;
  }));
  server.set_exception_handler([](const Request&, Response& res, std::exception_ptr ep) {
    std::string what = "unknown";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    log_line("internal error: " + what);
    error(res, 500, "internal", "internal error", "lỗi nội bộ");
  });

  server.Get("/healthz", [&app](const Request&, Response& res) {
    send_json(res, {{"status", "ok"}, {"sets", app.criteria.get()->sets}});
  });
  server.Get("/v1/titles", [&app](const Request& req, Response& res) {
    Date date;
    if (!date_param(req, res, false, date)) return;
    auto catalog = app.criteria.get();
    json titles = json::array();
    for (const std::string& t : catalog->registry.titles()) {
      auto versions = catalog->registry.versions(t);
      auto in_force = catalog->registry.find(t, date);
      const CriteriaSet& shown = in_force ? *in_force : versions.back();
      json ids = json::array();
      for (const auto& v : versions) ids.push_back(v.id());
      titles.push_back({{"title", t},
                        {"name", {{"vi", shown.name_vi()}, {"en", shown.name_en()}}},
                        {"entity", shown.entity()},
                        {"versions", ids},
                        {"in_force", in_force ? json(in_force->id()) : json(nullptr)}});
    }
    send_json(res, {{"date", date.to_string()}, {"titles", titles}});
  });
  server.Get(R"(/v1/titles/([^/]+)/versions)", [&app](const Request& req, Response& res) {
    auto catalog = app.criteria.get();
    const std::string title = req.matches[1];
    auto versions = catalog->registry.versions(title);
    if (versions.empty()) return unknown_title(res, title);
    json list = json::array();
    for (const auto& v : versions) list.push_back(set_summary(v));
    send_json(res, {{"title", title}, {"versions", list}});
  });
  server.Get(R"(/v1/sets/(.+))", [&app](const Request& req, Response& res) {
    auto catalog = app.criteria.get();
    // An id holds a slash; a client may send it encoded.
    std::string id = req.matches[1];
    for (std::size_t at; (at = id.find("%2F")) != std::string::npos || (at = id.find("%2f")) != std::string::npos;) id.replace(at, 3, "/");
    for (const auto& s : catalog->registry.sets())
      if (s.id() == id) return send_json(res, set_json(s));
    error(res, 404, "unknown_set", "no criteria set has the id `" + id + "`", "không có bộ tiêu chí nào có mã `" + id + "`");
  });
  // The POST routes read their body themselves (read_body): the library would read a form
  // post's body as parameters, and only to 8 KiB.
  server.Post(R"(/v1/evaluate/([^/]+))", [&app](const Request& req, Response& res, const httplib::ContentReader& reader) {
    auto body = std::make_shared<std::string>();
    if (read_body(app, req, res, reader, *body)) evaluate(app, req, res, std::move(body));
  });
  server.Post("/v1/validate", [&app](const Request& req, Response& res, const httplib::ContentReader& reader) {
    std::string body;
    if (read_body(app, req, res, reader, body)) validate(req, res, body);
  });
  server.Get("/metrics", [&app](const Request&, Response& res) {
    res.set_content(app.metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  server.Get("/openapi.json", [](const Request&, Response& res) { res.set_content(openapi_document(), "application/json"); });
  server.Get("/", [&app](const Request& req, Response& res) {
    Date date;
    Lang lang = Lang::vi;
    if (!date_param(req, res, false, date) || !lang_param(req, res, lang)) return;
    res.set_content(titles_page(*app.criteria.get(), date, lang), "text/html; charset=utf-8");
  });
  server.Get(R"(/forms/([^/]+))", [&app](const Request& req, Response& res) {
    Date date;
    Lang lang = Lang::vi;
    if (!date_param(req, res, false, date) || !lang_param(req, res, lang)) return;
    auto catalog = app.criteria.get();
    auto set = set_in_force(*catalog, req.matches[1], date, res);
    if (!set) return;
    res.set_content(form_page(*set, date, lang), "text/html; charset=utf-8");
  });
}

}  // namespace hoctap::serve
