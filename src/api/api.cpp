// The public API's glue: values, diagnostics, CriteriaSet and the load entry points.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include "evaluate/evaluate.hpp"
#include "hoctap/hoctap.hpp"
#include "loader/loader.hpp"
#include "model/model.hpp"
#include "util/messages.hpp"
#include "util/text.hpp"

namespace hoctap {
inline namespace v0 {

const char* engine_version() noexcept { return HOCTAP_VERSION_STRING; }

// ---- values --------------------------------------------------------------------------

Record& Record::set(std::string_view name, Value value) {
  for (auto& [k, v] : fields_) {
    if (k == name) {
      v = std::move(value);
      return *this;
    }
  }
  fields_.emplace_back(std::string(name), std::move(value));
  return *this;
}

Record Record::from_fields(std::vector<std::pair<std::string, Value>> fields) {
  Record r;
  constexpr std::size_t kScanned = 16;  // a short record is cheaper to scan than to index
  if (fields.size() <= kScanned) {
    for (auto& [k, v] : fields) r.set(k, std::move(v));
    return r;
  }
  r.fields_.reserve(fields.size());  // no reallocation: the index below views the names in place
  std::unordered_map<std::string_view, std::size_t> index;
  index.reserve(fields.size());
  for (auto& [k, v] : fields) {
    if (auto it = index.find(k); it != index.end()) {
      r.fields_[it->second].second = std::move(v);
      continue;
    }
    r.fields_.emplace_back(std::move(k), std::move(v));
    index.emplace(r.fields_.back().first, r.fields_.size() - 1);
  }
  return r;
}

const Value* Record::find(std::string_view name) const {
  // Names of one record often have the same length and prefix (diem_tc1_1, diem_tc2_1):
  // compared from the end, byte by byte, most differ within a few bytes (no call to memcmp).
  const std::size_t size = name.size();
  for (const auto& [k, v] : fields_) {
    if (k.size() != size) continue;
    std::size_t at = size;
    while (at > 0 && k[at - 1] == name[at - 1]) --at;
    if (at == 0) return &v;
  }
  return nullptr;
}

// ---- enums ---------------------------------------------------------------------------

std::string_view to_string(Status s) {
  switch (s) {
    case Status::met: return "met";
    case Status::not_met: return "not_met";
    case Status::not_applicable: return "not_applicable";
    case Status::not_assessable: return "not_assessable";
  }
  return "?";
}

std::string_view to_string(Decision d) {
  switch (d) {
    case Decision::recognized: return "recognized";
    case Decision::not_recognized: return "not_recognized";
    case Decision::not_assessable: return "not_assessable";
  }
  return "?";
}

std::string_view to_string(Confidence c) {
  switch (c) {
    case Confidence::confirmed: return "confirmed";
    case Confidence::inferred: return "inferred";
    case Confidence::unknown: return "unknown";
  }
  return "?";
}

// ---- diagnostics ---------------------------------------------------------------------

std::string format(const Diagnostic& d, Lang lang) {
  const bool vi = lang == Lang::vi;
  std::ostringstream o;
  o << d.file;
  if (d.line > 0) o << ':' << d.line << ':' << d.column;
  const char* severity = d.severity == Severity::error ? (vi ? "lỗi" : "error") : (vi ? "cảnh báo" : "warning");
  o << ": " << severity << '[' << d.code << "]: " << d.message_in(lang) << '\n';
  if (!d.yaml_path.empty()) o << (vi ? "  tại " : "  at ") << d.yaml_path << '\n';
  if (d.line > 0) {
    std::string num = std::to_string(d.line);
    o << ' ' << num << " | " << d.source_line << '\n';
    // The caret goes under column `column`, counted in code points; keep tabs as tabs.
    std::string pad;
    int col = 1;
    for (std::size_t i = 0; i < d.source_line.size() && col < d.column; ++i) {
      unsigned char c = static_cast<unsigned char>(d.source_line[i]);
      if ((c & 0xC0) == 0x80) continue;
      pad += c == '\t' ? '\t' : ' ';
      ++col;
    }
    while (col++ < d.column) pad += ' ';
    o << ' ' << std::string(num.size(), ' ') << " | " << pad << "^\n";
  }
  return o.str();
}

std::string format(const std::vector<Diagnostic>& diagnostics, Lang lang) {
  std::string out;
  for (const Diagnostic& d : diagnostics) out += format(d, lang);
  return out;
}

std::string nearest_name(const std::string& name, const std::vector<std::string>& names) {
  return internal::nearest_name(name, names);
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& d : diagnostics) if (d.severity == Severity::error) return true;
  return false;
}

namespace {
std::string error_text(const std::vector<Diagnostic>& diagnostics, Lang lang) {
  std::vector<Diagnostic> errors;
  for (const Diagnostic& d : diagnostics) if (d.severity == Severity::error) errors.push_back(d);
  return format(errors, lang);
}
}  // namespace

CriteriaError::CriteriaError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(error_text(diagnostics, Lang::en)),
      Error("E011", error_text(diagnostics, Lang::en), error_text(diagnostics, Lang::vi)),
      diagnostics_(std::move(diagnostics)) {}

// ---- loading -------------------------------------------------------------------------

namespace {

// Reads a whole file unless it is larger than `limit` (then only its size is reported, so
// a huge file costs nothing). Only a regular file is read: a FIFO would block the load
// forever and a folder or a device has no size, so they are refused before any byte is
// read (opened without blocking, then looked at). Returns false with `error` set when the
// file cannot be read.
bool read_file(const std::string& path, std::size_t limit, std::string& out, std::size_t& size, internal::Text& error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    error = internal::tr("file.unreadable", {path});
    return false;
  }
  struct stat st {};
  bool ok = ::fstat(fd, &st) == 0;
  if (ok && !S_ISREG(st.st_mode)) {
    const char* what = S_ISDIR(st.st_mode) ? "csv.folder" : S_ISFIFO(st.st_mode) ? "csv.fifo" : S_ISSOCK(st.st_mode) ? "csv.socket" : "csv.device";
    ::close(fd);
    error = internal::tr("file.not_regular", {path, internal::tr(what)});
    return false;
  }
  if (ok) {
    size = static_cast<std::size_t>(st.st_size);
    if (size <= limit) {
      out.resize(size);
      for (std::size_t done = 0; ok && done < size;) {
        const ssize_t r = ::read(fd, out.data() + done, size - done);
        if (r > 0) done += static_cast<std::size_t>(r);
        else ok = r < 0 && errno == EINTR;
      }
    }
  }
  ::close(fd);
  if (!ok) error = internal::tr("file.unreadable", {path});
  return ok;
}

std::string sibling_tests_path(const std::string& path) {
  const std::string ext = ".yaml";
  if (path.size() > ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0)
    return path.substr(0, path.size() - ext.size()) + ".tests.yaml";
  return {};
}

LoadResult finish(std::shared_ptr<internal::CompiledSet> set, std::vector<Diagnostic> diagnostics) {
  LoadResult r;
  r.diagnostics = std::move(diagnostics);
  if (set) r.set = CriteriaSet(std::move(set));
  return r;
}

}  // namespace

LoadResult load_criteria_string(std::string_view text, const std::string& name, const LoadOptions& options) {
  std::vector<Diagnostic> diagnostics;
  auto set = internal::load_set(std::string(text), name, {}, {}, options, diagnostics);
  return finish(std::move(set), std::move(diagnostics));
}

LoadResult load_criteria_file(const std::string& path, const LoadOptions& options) {
  std::vector<Diagnostic> diagnostics;
  std::string text;
  internal::Text error;
  std::size_t size = 0;
  auto io_error = [&](const std::string& file, const internal::Text& message, const char* code = "H001") {
    Diagnostic d;
    d.code = code;
    d.message = message.en;
    d.message_vi = message.vi;
    d.file = file;
    diagnostics.push_back(std::move(d));
    return finish(nullptr, std::move(diagnostics));
  };
  auto too_large = [&](const std::string& file) {
    return io_error(file, internal::tr("file.too_big", {std::to_string(size), std::to_string(options.max_file_bytes)}), "H002");
  };
  if (!read_file(path, options.max_file_bytes, text, size, error)) return io_error(path, error);
  if (size > options.max_file_bytes) return too_large(path);
  std::string tests_text, tests_path;
  std::vector<Diagnostic> unreadable_tests;  // the cases' file cannot be read: the set still loads
  if (options.load_sibling_tests) {
    std::string candidate = sibling_tests_path(path);
    // Whether it is there, without opening it (opening a FIFO blocks): read_file says
    // why one that is there cannot be read.
    struct stat there {};
    if (!candidate.empty() && ::stat(candidate.c_str(), &there) == 0) {
      tests_path = candidate;
      bool read = read_file(candidate, options.max_file_bytes, tests_text, size, error);
      const char* code = "H001";
      if (read && size > options.max_file_bytes) {
        read = false;
        code = "H002";
        error = internal::tr("file.too_big", {std::to_string(size), std::to_string(options.max_file_bytes)});
      }
      if (!read) {
        Diagnostic d;
        d.code = code;
        d.message = error.en;
        d.message_vi = error.vi;
        d.file = candidate;
        unreadable_tests.push_back(std::move(d));
        tests_text.clear();
      } else if (tests_text.empty()) {
        tests_text = "\n";
      }
    }
  }
  auto set = internal::load_set(std::move(text), path, tests_text, tests_path, options, diagnostics);
  std::size_t first = diagnostics.size();
  diagnostics.insert(diagnostics.end(), unreadable_tests.begin(), unreadable_tests.end());
  if (set) internal::set_aside_case_problems(*set, diagnostics, first, tests_path);
  return finish(std::move(set), std::move(diagnostics));
}

// ---- CriteriaSet ---------------------------------------------------------------------

CriteriaSet::CriteriaSet(std::shared_ptr<const internal::CompiledSet> impl) : impl_(std::move(impl)) {}

CriteriaSet CriteriaSet::load(const std::string& path, const LoadOptions& options) {
  LoadResult r = load_criteria_file(path, options);
  if (!r.ok()) throw CriteriaError(std::move(r.diagnostics));
  return *r.set;
}

const std::string& CriteriaSet::id() const { return impl_->id; }
const std::string& CriteriaSet::title() const { return impl_->title; }
const std::string& CriteriaSet::name_vi() const { return impl_->name.vi; }
const std::string& CriteriaSet::name_en() const { return impl_->name.en; }
const std::string& CriteriaSet::entity() const { return impl_->entity; }
const std::string& CriteriaSet::version() const { return impl_->version; }
Date CriteriaSet::valid_from() const { return impl_->valid_from; }
std::optional<Date> CriteriaSet::valid_to() const { return impl_->valid_to; }
const std::string& CriteriaSet::supersedes() const { return impl_->supersedes; }
const std::string& CriteriaSet::place() const { return impl_->place; }
const LegalBasis& CriteriaSet::legal_basis() const { return impl_->legal; }
const std::string& CriteriaSet::source_path() const { return impl_->source_path; }
const std::string& CriteriaSet::source_text() const { return impl_->source_text; }
const std::string& CriteriaSet::sha256() const { return impl_->sha256; }
bool CriteriaSet::uses_levels() const { return impl_->levels_mode; }
const std::vector<NodeInfo>& CriteriaSet::nodes() const { return impl_->node_infos; }
const std::vector<InputInfo>& CriteriaSet::inputs() const { return impl_->input_infos; }
std::vector<GradeInfo> CriteriaSet::grades() const {
  std::vector<GradeInfo> out;
  auto band = [&](const internal::Band& b, bool otherwise) {
    GradeInfo g{b.id, b.name.vi, b.name.en, std::nullopt, b.below, b.recognized};
    if (!otherwise) g.min = b.min;
    out.push_back(std::move(g));
  };
  for (const auto& b : impl_->bands) band(b, false);
  if (impl_->otherwise) band(*impl_->otherwise, true);
  for (const auto& l : impl_->levels) out.push_back({l.id, l.name.vi, l.name.en, std::nullopt, std::nullopt, true});
  return out;
}
const std::vector<std::string>& CriteriaSet::referenced_titles() const { return impl_->referenced_titles; }
const std::vector<UnconfirmedPlace>& CriteriaSet::unconfirmed() const { return impl_->unconfirmed; }
const std::vector<UnconfirmedPlace>& CriteriaSet::confirmed_notes() const { return impl_->confirmed_notes; }

Result CriteriaSet::evaluate(const Record& record, const EvaluateOptions& options) const {
  Result r;
  evaluate(record, options, r);
  return r;
}

void CriteriaSet::evaluate(const Record& record, const EvaluateOptions& options, Result& out) const {
  internal::Evaluator::run(impl_, record, internal::assessment_date(*this, options.assessment_date, options.outside_validity),
                           options.context, nullptr, out);
  if (options.strict && !out.warnings().empty()) throw InputError(out.warnings());
}

}  // namespace v0
}  // namespace hoctap

namespace hoctap::internal {

// what() is English (EvaluateOptions has no language; BatchOptions' callers have always
// caught English here); the errors carry the Vietnamese too (hoctap/error.hpp).
Date assessment_date(const CriteriaSet& set, std::optional<Date> date, bool outside_validity) {
  if (!date) throw error<InvalidArgument>("E001", "evaluate.no_date", {set.id()});
  if (!outside_validity && (*date < set.valid_from() || (set.valid_to() && *date > *set.valid_to())))
    throw error<InvalidArgument>("E002", "evaluate.outside_validity",
                                 {date->to_string(), set.id(), set.valid_from().to_string(), set.valid_to() ? set.valid_to()->to_string() : ""});
  return *date;
}

int Scale::find(std::string_view text) const {
  for (std::size_t i = 0; i < values.size(); ++i)
    if (values[i] == text) return static_cast<int>(i);
  for (std::size_t i = 0; i < labels.size(); ++i)
    if (labels[i].vi == text) return static_cast<int>(i);
  if (!is_nfc(text)) return find(to_nfc(text));
  return -1;
}

}  // namespace hoctap::internal
