// hoctap._core: the private compiled core of the Python package. It only converts types
// between Python and the C++ API; the package `hoctap` (hoctap/__init__.py) is the
// public, typed surface. The GIL is released while C++ evaluates.
#include <cstring>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <hoctap/hoctap.hpp>

#include "dataset/folder.hpp"       // the dataset layout's id, name and link columns (evaluate_dataset of frames)
#include "dataset/ids.hpp"          // how the folder path words links that match no id (evaluate_dataset of frames)
#include "dataset/issue_text.hpp"   // the dataset problems' reasons (D0xx), in both languages
#include "util/float32.hpp"   // a float32 column's values as written, as the C API reads Arrow's
#include "util/messages.hpp"  // the one catalog of texts: the package's own errors say theirs in both languages
#include <functional>
#include <mutex>
#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace py = pybind11;
using namespace pybind11::literals;

namespace {

// ---- errors: each carries `.code`, `.message_en` and `.message_vi` (hoctap/error.hpp) ----

// An exception of Python type `type` whose str() is `what`.
py::object py_error(PyObject* type, const std::string& what, const std::string& code, const std::string& en, const std::string& vi) {
  py::object e = py::reinterpret_borrow<py::object>(type)(what);
  e.attr("code") = code;
  e.attr("message_en") = en;
  e.attr("message_vi") = vi;
  return e;
}

[[noreturn]] void raise(PyObject* type, const py::object& e) {
  PyErr_SetObject(type, e.ptr());
  throw py::error_already_set();
}

// A caught C++ exception as `type`: a hoctap::Error keeps its code and texts.
[[noreturn]] void raise_caught(PyObject* type, const std::exception& e) {
  if (const auto* h = dynamic_cast<const hoctap::Error*>(&e))
    raise(type, py_error(type, e.what(), h->code(), h->message(hoctap::Lang::en), h->message(hoctap::Lang::vi)));
  PyErr_SetString(type, e.what());
  throw py::error_already_set();
}

// Message `id` of the library's catalog (src/util/message_catalog.cpp) with `args`.
hoctap::internal::Text text_of(const std::string& id, const std::vector<std::string>& args) { return hoctap::internal::tr_list(id, args); }

// Message `id` (text_of), str() in English.
[[noreturn]] void raise_text(PyObject* type, const char* code, const std::string& id, const std::vector<std::string>& args) {
  hoctap::internal::Text t = text_of(id, args);
  raise(type, py_error(type, t.en, code, t.en, t.vi));
}

constexpr int kPickleFormat = 1;

py::object decimal_type() {
  static py::object d = py::module_::import("decimal").attr("Decimal");
  return d;
}
py::object to_py(hoctap::Decimal d) { return decimal_type()(d.to_string()); }
py::object to_py(hoctap::Date d) {
  static py::object date = py::module_::import("datetime").attr("date");
  return date(d.year(), d.month(), d.day());
}

const py::module_& numpy() {
  static const py::module_ np = py::module_::import("numpy");
  return np;
}

std::string type_name(const py::handle& o) { return py::str(py::type::of(o).attr("__name__")).cast<std::string>(); }

// The day a date-like value stands for: a datetime.date (a datetime or pandas Timestamp:
// its own calendar day, in its own time zone) or a numpy datetime64; empty for anything
// else, and for NaT (whose year is not a number).
std::optional<hoctap::Date> date_of(const py::handle& o) {
  if (py::isinstance(o, numpy().attr("datetime64"))) {
    if (numpy().attr("isnat")(o).cast<bool>()) return std::nullopt;
    const auto days = o.attr("astype")("datetime64[D]").attr("astype")("int64").cast<std::int64_t>();
    if (days < INT32_MIN || days > INT32_MAX) return std::nullopt;
    return hoctap::Date::from_days(static_cast<std::int32_t>(days));
  }
  if (!py::hasattr(o, "year") || !py::hasattr(o, "month") || !py::hasattr(o, "day")) return std::nullopt;
  py::object y = o.attr("year"), m = o.attr("month"), d = o.attr("day");
  if (!py::isinstance<py::int_>(y) || !py::isinstance<py::int_>(m) || !py::isinstance<py::int_>(d)) return std::nullopt;  // NaT
  return hoctap::Date::from_ymd(y.cast<int>(), m.cast<int>(), d.cast<int>());
}

// An assessment date: a datetime.date, a numpy datetime64 or a string that is exactly
// YYYY-MM-DD (as the CLI's --date: nothing before or after it); None when not given.
// Anything else, NaT included, raises E013.
std::optional<hoctap::Date> to_date(const py::object& o) {
  if (o.is_none()) return std::nullopt;
  if (py::isinstance<py::str>(o)) {
    auto s = o.cast<std::string>();
    if (auto d = hoctap::Date::parse(s)) return d;
    raise_text(PyExc_ValueError, "E013", "py.date_text", {s});
  }
  if (auto d = date_of(o)) return d;
  raise_text(PyExc_TypeError, "E013", "py.date_type", {type_name(o)});
}

// Missing, as a frame's cell is: None, a float NaN (numpy's too), decimal.Decimal NaN,
// pd.NA, pd.NaT and numpy's NaT.
bool is_missing(const py::handle& v) {
  if (v.is_none()) return true;
  PyObject* p = v.ptr();
  if (PyFloat_Check(p)) return std::isnan(PyFloat_AsDouble(p));
  if (PyUnicode_Check(p) || PyLong_Check(p) || PyDict_Check(p) || PyList_Check(p) || PyTuple_Check(p)) return false;  // the usual values, at once
  static const py::object pandas = []() -> py::object {
    try {
      return py::module_::import("pandas");
    } catch (...) {
      return py::none();
    }
  }();
  static const py::object na = pandas.is_none() ? py::object(py::none()) : py::object(pandas.attr("NA"));
  static const py::object nat = pandas.is_none() ? py::object(py::none()) : py::object(pandas.attr("NaT"));
  if (!pandas.is_none() && (v.is(na) || v.is(nat))) return true;
  if (py::isinstance(v, decimal_type())) return v.attr("is_nan")().cast<bool>();
  if (py::hasattr(v, "dtype")) {
    const std::string kind = py::str(v.attr("dtype").attr("kind")).cast<std::string>();
    if (kind == "f" || kind == "M" || kind == "m") return numpy().attr(kind == "f" ? "isnan" : "isnat")(v).cast<bool>();
  }
  return false;
}

void add_to_record(const std::string& name, const py::handle& v, hoctap::Record& out);

hoctap::Record to_record(const py::handle& mapping, const std::string& prefix = "") {
  hoctap::Record r;
  for (auto item : py::reinterpret_borrow<py::dict>(mapping)) add_to_record(prefix + py::str(item.first).cast<std::string>(), item.second, r);
  return r;
}

// The `context` argument (a mapping of input values, or None) for the options' `context`.
struct Context {
  hoctap::Record record;
  bool given;
  explicit Context(const py::object& o) : given(!o.is_none()) {
    if (given) record = to_record(o);
  }
  const hoctap::Record* get() const { return given ? &record : nullptr; }
};

// Python values to record values: exactly, without going through binary floats where the
// text is exact (decimal.Decimal and floats are read from their shortest text).
void add_to_record(const std::string& name, const py::handle& v, hoctap::Record& out) {
  if (is_missing(v)) {
    out.set(name, std::monostate{});
  } else if (py::isinstance<py::bool_>(v) || py::type::of(v).attr("__name__").cast<std::string>() == "bool_") {
    out.set(name, v.cast<bool>());
  } else if (py::isinstance<py::int_>(v) || py::isinstance<py::float_>(v) || py::isinstance(v, decimal_type()) ||
             (py::hasattr(v, "dtype") && (py::str(v.attr("dtype").attr("kind")).cast<std::string>() == "i" ||
                                          py::str(v.attr("dtype").attr("kind")).cast<std::string>() == "u" ||
                                          py::str(v.attr("dtype").attr("kind")).cast<std::string>() == "f"))) {
    // A number by its text (an int's digits, a float's shortest repr, a Decimal's own
    // text): exactly, never through a double; 7.9999999 and 1e20 are refused by the input
    // contract with their text shown, not rounded.
    out.set(name, hoctap::number_value(py::str(v).cast<std::string>()));
  } else if (py::isinstance<py::str>(v)) {
    out.set(name, v.cast<std::string>());
  } else if (py::isinstance<py::dict>(v)) {
    hoctap::Record nested = to_record(v, name + ".");
    for (auto& [k, val] : nested.fields()) out.set(k, val);
  } else if ((py::isinstance<py::list>(v) || py::isinstance<py::tuple>(v)) &&
             std::all_of(v.begin(), v.end(), [](const py::handle& m) { return py::isinstance<py::dict>(m); })) {
    // Member records. A list of anything else (`["binh_thuong"]` for `vung`, `[1, 2]` for
    // `tre_em`) is not members: it is that input's value, its text below, refused by the
    // input contract as a data problem of the input, as a frame's cell holding it is.
    std::vector<hoctap::Record> members;
    for (auto m : v) members.push_back(to_record(m));
    out.set(name, std::move(members));
  } else if (auto day = date_of(v)) {
    out.set(name, *day);
  } else {
    // Any other object is its text, shown as such where the input wants another type.
    out.set(name, py::repr(v).cast<std::string>());
  }
}

py::list warnings_to_py(const std::vector<hoctap::InputWarning>& ws) {
  py::list out;
  for (const auto& w : ws)
    out.append(py::dict("code"_a = w.code, "name"_a = w.name, "suggestion"_a = w.suggestion.empty() ? py::object(py::none()) : py::object(py::str(w.suggestion)),
                        "vi"_a = w.vi, "en"_a = w.en));
  return out;
}

hoctap::Lang to_lang(const std::string& lang) {
  if (lang == "vi") return hoctap::Lang::vi;
  if (lang == "en") return hoctap::Lang::en;
  raise_text(PyExc_ValueError, "E013", "py.lang", {lang});
}

py::list diagnostics_to_py(const std::vector<hoctap::Diagnostic>& ds) {
  py::list out;
  for (const auto& d : ds)
    out.append(py::dict("file"_a = d.file, "line"_a = d.line, "column"_a = d.column,
                        "severity"_a = d.severity == hoctap::Severity::error ? "error" : "warning", "code"_a = d.code,
                        "message"_a = d.message, "message_vi"_a = d.message_in(hoctap::Lang::vi), "yaml_path"_a = d.yaml_path,
                        "text"_a = hoctap::format(d), "text_vi"_a = hoctap::format(d, hoctap::Lang::vi)));
  return out;
}

struct CriteriaFailure {
  std::vector<hoctap::Diagnostic> diagnostics;
};

hoctap::CriteriaSet load_or_throw(hoctap::LoadResult r) {
  if (!r.ok()) throw CriteriaFailure{std::move(r.diagnostics)};
  return *r.set;
}

py::dict node_to_py(const hoctap::NodeResult& n) {
  return py::dict("id"_a = std::string(n.id), "name_vi"_a = std::string(n.name_vi), "name_en"_a = std::string(n.name_en),
                  "parent"_a = n.parent, "depth"_a = n.depth, "is_indicator"_a = n.is_indicator, "points"_a = to_py(n.points),
                  "max_points"_a = to_py(n.max_points), "max_known"_a = n.max_known,
                  "status"_a = std::string(hoctap::to_string(n.status)), "level"_a = n.level);
}

// ---- columns -------------------------------------------------------------------------

// A column handed over from Python: (kind, values array, valid array or None, labels).
// The arrays are kept alive here while C++ reads them.
struct PyColumn {
  py::array values;
  py::object valid;
  std::vector<double> converted;  // a float32 column's values as written (float_as_written)
  hoctap::Column column;
};

PyColumn to_column(const std::string& name, const py::tuple& spec) {
  PyColumn c;
  auto kind = spec[0].cast<std::string>();
  c.column.name = name;
  auto take = [&](auto dtype_example) {
    using T = decltype(dtype_example);
    c.values = py::array_t<T, py::array::c_style | py::array::forcecast>(spec[1]);
    c.column.data = c.values.data();
  };
  if (kind == "int64") { take(std::int64_t{}); c.column.type = hoctap::Column::Type::int64; }
  else if (kind == "float64") { take(double{}); c.column.type = hoctap::Column::Type::float64; }
  else if (kind == "float32") {
    take(float{});
    c.converted.resize(static_cast<std::size_t>(c.values.size()));
    hoctap::internal::floats_as_written(static_cast<const float*>(c.values.data()), c.converted.size(), c.converted.data());
    c.column.data = c.converted.data();
    c.column.type = hoctap::Column::Type::float64;
  }
  else if (kind == "boolean") { take(std::uint8_t{}); c.column.type = hoctap::Column::Type::boolean; }
  else if (kind == "date_days") { take(std::int32_t{}); c.column.type = hoctap::Column::Type::date_days; }
  else if (kind == "codes") {
    take(std::int32_t{});
    c.column.type = hoctap::Column::Type::codes;
    c.column.labels = spec[3].cast<std::vector<std::string>>();
  } else {
    raise_text(PyExc_ValueError, "E013", "py.column_kind", {kind});
  }
  if (!spec[2].is_none()) {
    c.valid = py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast>(spec[2]);
    c.column.valid = static_cast<const std::uint8_t*>(py::array(c.valid).data());
  }
  return c;
}

// Result columns handed to numpy come back here when numpy frees them, and the next call
// takes them again. Fresh memory is a page fault and a page of zeros per 4 KiB: on the
// development VM that was 75 of 130 ms of a 1M-row evaluate_frame called in a loop, and
// reused memory costs neither. At most kLimit bytes wait here; the rest is freed.
class ColumnPool {
 public:
  static ColumnPool& instance() {
    static ColumnPool* pool = new ColumnPool;  // never destroyed: numpy may free arrays during exit
    return *pool;
  }

  // A vector with room for `n` values (its contents unspecified), or an empty one.
  template <typename T>
  std::vector<T> take(std::size_t n) {
    std::lock_guard<std::mutex> lock(m_);
    auto& spare = shelf<T>();
    std::size_t best = spare.size();
    for (std::size_t k = 0; k < spare.size(); ++k)  // the smallest that fits
      if (spare[k].capacity() >= n && (best == spare.size() || spare[k].capacity() < spare[best].capacity())) best = k;
    if (best == spare.size()) return {};
    std::vector<T> v = std::move(spare[best]);
    spare.erase(spare.begin() + static_cast<std::ptrdiff_t>(best));
    bytes_ -= v.capacity() * sizeof(T);
    return v;
  }

  template <typename T>
  void give(std::vector<T>&& v) {
    const std::size_t size = v.capacity() * sizeof(T);
    std::lock_guard<std::mutex> lock(m_);
    if (size < kWorthKeeping || bytes_ + size > kLimit) return;  // `v` is freed by the caller's destructor
    bytes_ += size;
    shelf<T>().push_back(std::move(v));
  }

 private:
  static constexpr std::size_t kLimit = std::size_t{512} << 20;
  static constexpr std::size_t kWorthKeeping = std::size_t{64} << 10;  // smaller ones are cheap to make
  template <typename T>
  std::vector<std::vector<T>>& shelf() {
    if constexpr (std::is_same_v<T, std::int64_t>) return i64_;
    else if constexpr (std::is_same_v<T, double>) return f64_;
    else if constexpr (std::is_same_v<T, std::int32_t>) return i32_;
    else return u8_;
  }
  std::mutex m_;
  std::size_t bytes_ = 0;
  std::vector<std::vector<std::int64_t>> i64_;
  std::vector<std::vector<double>> f64_;
  std::vector<std::vector<std::int32_t>> i32_;
  std::vector<std::vector<std::uint8_t>> u8_;
};

py::dict evaluate_columns(const hoctap::CriteriaSet& set, std::size_t rows, const py::dict& columns, const py::dict& members,
                          const py::object& date, const py::object& context, unsigned threads, const std::string& lang,
                          const std::string& node_output, bool outside_validity, bool each_problem) {
  std::vector<PyColumn> keep;
  keep.reserve(columns.size());
  hoctap::Batch batch;
  batch.rows = rows;
  for (auto item : columns) {
    keep.push_back(to_column(item.first.cast<std::string>(), item.second.cast<py::tuple>()));
    if (static_cast<std::size_t>(keep.back().values.size()) != rows)
      raise_text(PyExc_ValueError, "E013", "py.column_length", {keep.back().column.name, std::to_string(keep.back().values.size()), std::to_string(rows)});
    batch.columns.push_back(keep.back().column);
  }
  std::vector<py::array> parents;
  std::vector<std::vector<PyColumn>> member_keep;
  member_keep.reserve(members.size());
  for (auto item : members) {
    auto spec = item.second.cast<py::tuple>();  // (parent index array, {name: column spec})
    hoctap::MemberTable m;
    m.list = item.first.cast<std::string>();
    parents.push_back(py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>(spec[0]));
    m.rows = static_cast<std::size_t>(parents.back().size());
    m.parent = static_cast<const std::int64_t*>(parents.back().data());
    member_keep.emplace_back();
    for (auto col : spec[1].cast<py::dict>()) {
      member_keep.back().push_back(to_column(col.first.cast<std::string>(), col.second.cast<py::tuple>()));
      m.columns.push_back(member_keep.back().back().column);
    }
    batch.members.push_back(std::move(m));
  }
  const Context ctx(context);
  hoctap::BatchOptions opts;
  opts.distinct_errors = true;  // a code per bad row, each text once
  opts.assessment_date = to_date(date);
  opts.context = ctx.get();
  opts.threads = threads;
  opts.lang = to_lang(lang);
  opts.outside_validity = outside_validity;
  opts.nodes = node_output == "all" ? hoctap::NodeOutput::all : node_output == "criteria" ? hoctap::NodeOutput::criteria : hoctap::NodeOutput::none;
  opts.float64 = true;  // totals and points as the frame's float64 columns
  opts.each_problem = each_problem;
  hoctap::BatchResult r;
  ColumnPool& pool = ColumnPool::instance();
  r.decision = pool.take<std::uint8_t>(rows);
  r.grade = pool.take<std::int32_t>(rows);
  r.level = pool.take<std::int32_t>(rows);
  std::size_t reported = 0;  // nodes whose points and status come back (BatchOptions::nodes)
  for (const auto& node : set.nodes())
    reported += opts.nodes == hoctap::NodeOutput::all || (opts.nodes == hoctap::NodeOutput::criteria && node.parent < 0);
  r.node_status = pool.take<std::uint8_t>(rows * reported);
  r.total = pool.take<double>(rows);
  r.node_points = pool.take<double>(rows * reported);
  {
    py::gil_scoped_release release;
    hoctap::evaluate_batch(set, batch, opts, r);
  }
  const std::size_t nodes = r.node_index.size();
  // The result vectors become numpy arrays without a copy: each array owns its vector,
  // which goes back to the pool when numpy frees the array.
  auto own = [](auto&& v, std::vector<py::ssize_t> shape, py::dtype dtype) {
    using V = std::decay_t<decltype(v)>;
    auto* held = new V(std::move(v));
    py::capsule owner(held, [](void* p) {
      auto* vec = static_cast<V*>(p);
      ColumnPool::instance().give(std::move(*vec));
      delete vec;
    });
    return py::array(std::move(dtype), std::move(shape), held->data(), owner);
  };
  auto arr = [&](auto& v) {
    using T = typename std::decay_t<decltype(v)>::value_type;
    return own(std::move(v), {static_cast<py::ssize_t>(v.size())}, py::dtype::of<T>());
  };
  const auto n = static_cast<py::ssize_t>(rows);
  py::array total = own(std::move(r.total), {n}, py::dtype::of<double>());
  py::array node_points = own(std::move(r.node_points), {static_cast<py::ssize_t>(nodes), n}, py::dtype::of<double>());
  py::array node_status = own(std::move(r.node_status), {static_cast<py::ssize_t>(nodes), n}, py::dtype::of<std::int8_t>());
  py::array decision = own(std::move(r.decision), {n}, py::dtype::of<std::int8_t>());
  // The error texts come as codes into their distinct texts (distinct_errors): memory in
  // proportion to the rows with errors and the distinct texts, never a string per bad row.
  std::vector<std::int32_t>& error_codes = r.error_codes;
  std::vector<std::string>& error_uniques = r.error_texts;
  py::list problems;  // with each_problem: (input, code, vi, en) per problem, problem_rows[k] its row
  for (const hoctap::DataProblem& p : r.problems) problems.append(py::make_tuple(p.input, p.code, p.vi, p.en));
  return py::dict("decision"_a = decision, "total"_a = total, "grade"_a = arr(r.grade),
                  "level"_a = arr(r.level), "node_points"_a = node_points, "node_status"_a = node_status,
                  "node_index"_a = arr(r.node_index), "error_rows"_a = arr(r.error_rows), "error_codes"_a = arr(error_codes),
                  "error_uniques"_a = error_uniques, "grades"_a = r.grades, "problem_rows"_a = arr(r.problem_rows),
                  "problems"_a = problems);
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "hoctap's compiled core; use the `hoctap` package";
  m.attr("engine_version") = hoctap::engine_version();

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const CriteriaFailure& f) {
      py::object error_type = py::module_::import("hoctap").attr("CriteriaError");
      py::list ds = diagnostics_to_py(f.diagnostics);
      std::string text;
      for (const auto& d : f.diagnostics)
        if (d.severity == hoctap::Severity::error) text += hoctap::format(d);
      py::object e = error_type(text, ds);
      PyErr_SetObject(error_type.ptr(), e.ptr());
    } catch (const hoctap::Error& e) {
      // The types pybind11 gives the standard exceptions, with the code and both texts.
      const auto* s = dynamic_cast<const std::exception*>(&e);
      PyObject* type = dynamic_cast<const std::invalid_argument*>(&e) ? PyExc_ValueError
                       : dynamic_cast<const std::out_of_range*>(&e) ? PyExc_IndexError
                                                                     : PyExc_RuntimeError;
      py::object x = py_error(type, s ? s->what() : e.message(hoctap::Lang::en), e.code(), e.message(hoctap::Lang::en), e.message(hoctap::Lang::vi));
      PyErr_SetObject(type, x.ptr());
    }
  });

  py::class_<hoctap::Result>(m, "Result")
      .def_property_readonly("decision", [](const hoctap::Result& r) { return std::string(hoctap::to_string(r.decision())); })
      .def_property_readonly("recognized", &hoctap::Result::recognized)
      .def_property_readonly("total", [](const hoctap::Result& r) { return to_py(r.total()); })
      .def_property_readonly("max_total", [](const hoctap::Result& r) { return to_py(r.max_total()); })
      .def_property_readonly("grade", [](const hoctap::Result& r) -> py::object {
        auto g = r.grade();
        return g ? py::object(py::str(std::string(g->id))) : py::object(py::none());
      })
      .def_property_readonly("grade_name", [](const hoctap::Result& r) -> py::object {
        auto g = r.grade();
        return g ? py::object(py::dict("vi"_a = std::string(g->vi), "en"_a = std::string(g->en))) : py::object(py::none());
      })
      .def_property_readonly("level", &hoctap::Result::level)
      .def_property_readonly("next_grade", [](const hoctap::Result& r) -> py::object {
        auto g = r.next_grade();
        return g ? py::object(py::str(std::string(g->id))) : py::object(py::none());
      })
      .def_property_readonly("points_to_next_grade", [](const hoctap::Result& r) { return to_py(r.points_to_next_grade()); })
      .def_property_readonly("nodes", [](const hoctap::Result& r) {
        py::list out;
        for (const auto& n : r.nodes()) out.append(node_to_py(n));
        return out;
      })
      .def_property_readonly("problems", [](const hoctap::Result& r) {
        py::list out;
        for (const auto& p : r.problems()) out.append(py::dict("input"_a = p.input, "code"_a = p.code, "vi"_a = p.vi, "en"_a = p.en));
        return out;
      })
      // The local values the evaluation used: [{input, value (None when missing), source}].
      .def_property_readonly("local_values", [](const hoctap::Result& r) {
        py::list out;
        for (const auto& l : r.local_values()) {
          py::object v = std::visit([](const auto& x) -> py::object {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, hoctap::Decimal> || std::is_same_v<T, hoctap::Date>) return to_py(x);
            else if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::int64_t> || std::is_same_v<T, std::string>) return py::cast(x);
            else return py::none();
          }, l.value);
          out.append(py::dict("input"_a = std::string(l.input), "value"_a = v, "source"_a = std::string(hoctap::to_string(l.source))));
        }
        return out;
      })
      .def_property_readonly("reasons", [](const hoctap::Result& r) {
        py::list out;
        for (const auto& p : r.reasons()) out.append(py::dict("code"_a = p.code, "vi"_a = p.vi, "en"_a = p.en));
        return out;
      })
      .def_property_readonly("audit", [](const hoctap::Result& r) {
        auto a = r.audit();
        return py::dict("criteria_id"_a = std::string(a.criteria_id), "criteria_version"_a = std::string(a.criteria_version),
                        "criteria_sha256"_a = std::string(a.criteria_sha256), "assessment_date"_a = to_py(a.assessment_date),
                        "engine_version"_a = std::string(a.engine_version));
      })
      // What the core found comparing the record with the sets that judged it
      // (Result::warnings): a registry's evaluation knows its members' own sets.
      .def_property_readonly("warnings", [](const hoctap::Result& r) { return warnings_to_py(r.warnings()); })
      .def("explain", [](const hoctap::Result& r, const std::string& lang) { return r.explain(to_lang(lang)); }, "lang"_a = "vi")
      .def("to_json", [](const hoctap::Result& r, bool explain, const std::string& lang) { return r.to_json(explain, to_lang(lang)); },
           "explain"_a = false, "lang"_a = "vi");

  py::class_<hoctap::CriteriaSet>(m, "CriteriaSet")
      .def_property_readonly("id", &hoctap::CriteriaSet::id)
      .def_property_readonly("title", &hoctap::CriteriaSet::title)
      .def_property_readonly("name_vi", &hoctap::CriteriaSet::name_vi)
      .def_property_readonly("name_en", &hoctap::CriteriaSet::name_en)
      .def_property_readonly("entity", &hoctap::CriteriaSet::entity)
      .def_property_readonly("version", &hoctap::CriteriaSet::version)
      .def_property_readonly("valid_from", [](const hoctap::CriteriaSet& s) { return to_py(s.valid_from()); })
      .def_property_readonly("valid_to", [](const hoctap::CriteriaSet& s) -> py::object {
        return s.valid_to() ? to_py(*s.valid_to()) : py::object(py::none());
      })
      .def_property_readonly("instrument", [](const hoctap::CriteriaSet& s) { return s.legal_basis().instrument; })
      .def_property_readonly("source_path", &hoctap::CriteriaSet::source_path)
      .def_property_readonly("source_text", &hoctap::CriteriaSet::source_text)
      .def_property_readonly("sha256", &hoctap::CriteriaSet::sha256)
      .def_property_readonly("uses_levels", &hoctap::CriteriaSet::uses_levels)
      .def_property_readonly("referenced_titles", &hoctap::CriteriaSet::referenced_titles)
      .def_property_readonly("nodes", [](const hoctap::CriteriaSet& s) {
        py::list out;
        for (const auto& n : s.nodes())
          out.append(py::dict("id"_a = n.id, "name_vi"_a = n.name_vi, "name_en"_a = n.name_en, "parent"_a = n.parent, "depth"_a = n.depth,
                              "is_indicator"_a = n.is_indicator, "max_points"_a = to_py(n.max_points), "max_known"_a = n.max_known,
                              "confidence"_a = std::string(hoctap::to_string(n.confidence))));
        return out;
      })
      .def_property_readonly("inputs", [](const hoctap::CriteriaSet& s) {
        py::list out;
        for (const auto& i : s.inputs())
          out.append(py::dict("name"_a = i.name, "type"_a = i.type, "kind"_a = i.kind, "label_vi"_a = i.label_vi, "label_en"_a = i.label_en,
                              "title"_a = i.title, "values"_a = i.values));
        return out;
      })
      .def("evaluate",
           [](const hoctap::CriteriaSet& s, const py::dict& record, const py::object& date, const py::object& context,
              bool outside_validity) {
             hoctap::Record r = to_record(record);
             const Context ctx(context);
             hoctap::EvaluateOptions o;
             o.assessment_date = to_date(date);
             o.context = ctx.get();
             o.outside_validity = outside_validity;
             py::gil_scoped_release release;
             return s.evaluate(r, o);
           },
           "record"_a, "date"_a, "context"_a = py::none(), "outside_validity"_a = false)
      .def("check_record", [](const hoctap::CriteriaSet& s, const py::dict& record, const py::object& context) {
             const Context ctx(context);
             return warnings_to_py(s.check_record(to_record(record), ctx.get()));
           }, "record"_a, "context"_a = py::none())
      .def("check_context", [](const hoctap::CriteriaSet& s, const py::object& context) {
             const Context ctx(context);
             return ctx.get() == nullptr ? py::list() : warnings_to_py(s.check_context(*ctx.get()));
           }, "context"_a)
      .def("check_names", [](const hoctap::CriteriaSet& s, const std::vector<std::string>& names, const std::string& list,
                             const py::object& context) {
             const Context ctx(context);
             return warnings_to_py(s.check_inputs(names, list, ctx.get()));
           }, "names"_a, "list"_a = "", "context"_a = py::none())
      .def("evaluate_columns", &evaluate_columns, "rows"_a, "columns"_a, "members"_a, "date"_a, "context"_a, "threads"_a, "lang"_a,
           "nodes"_a = "all", "outside_validity"_a = false, "each_problem"_a = false)
      .def("document", [](const hoctap::CriteriaSet& s, const std::string& lang, const std::string& format) {
        return hoctap::render_document(s, to_lang(lang), format == "html" ? hoctap::DocFormat::html : hoctap::DocFormat::markdown);
      }, "lang"_a = "vi", "format"_a = "md");

  m.def("load", [](const std::string& path) { return load_or_throw(hoctap::load_criteria_file(path)); }, "path"_a);
  m.def("load_string", [](const std::string& text, const std::string& name) {
    return load_or_throw(hoctap::load_criteria_string(text, name));
  }, "text"_a, "name"_a);
  m.attr("pickle_format") = kPickleFormat;
  // Message `id` of the library's catalog with `args` filled in, as (English, Vietnamese).
  // The Python package's own errors take their texts from here.
  m.def("message", [](const std::string& id, const std::vector<std::string>& args) {
    hoctap::internal::Text t = text_of(id, args);
    return std::make_pair(t.en, t.vi);
  }, "id"_a, "args"_a);
  // A decision's or status's id in words (hoctap::words), in `lang`; ValueError E013 for
  // another text.
  m.def("words", [](const std::string& id, const std::string& lang) {
    const std::string_view w = hoctap::internal::words_of_id(id, to_lang(lang));
    if (w.empty()) raise_text(PyExc_ValueError, "E013", "py.words", {id, "recognized, not_recognized, not_assessable", "met, not_met, not_applicable, not_assessable"});
    return std::string(w);
  }, "id"_a, "lang"_a = "vi");
  // An assessment date as datetime.date (to_date's rules and errors), or None.
  m.def("parse_date", [](const py::object& o) -> py::object {
    auto d = to_date(o);
    return d ? to_py(*d) : py::object(py::none());
  }, "date"_a);
  m.def("nearest_name", &hoctap::nearest_name, "name"_a, "names"_a);
  // A number's text as a record reads it (hoctap::number_value): an int, a
  // decimal.Decimal of at most six places, or the text itself when it is no such number.
  m.def("number_value", [](const std::string& text) -> py::object {
    const hoctap::Value v = hoctap::number_value(text);
    if (const auto* i = std::get_if<std::int64_t>(&v)) return py::int_(*i);
    if (const auto* d = std::get_if<hoctap::Decimal>(&v)) return to_py(*d);
    return py::str(text);
  }, "text"_a);
  // The reason of a dataset problem (src/dataset/issue_text.cpp) for the same problem of
  // frames given to evaluate_dataset: the folder path's words, in `lang`.
  m.def("issue_text", [](const std::string& what, const std::string& lang, const std::vector<std::string>& args) {
    using hoctap::internal::Says;
    static const std::unordered_map<std::string, Says> kWhat = {
        {"empty_id", Says::empty_id}, {"duplicate_parent", Says::duplicate_parent}, {"duplicate_entity", Says::duplicate_entity},
        {"not_an_id", Says::not_an_id}, {"no_members", Says::no_members}, {"empty_link_no_parent", Says::empty_link_no_parent}};
    auto it = kWhat.find(what);
    if (it == kWhat.end() || args.size() > 4) throw std::invalid_argument("no dataset issue `" + what + "`");  // the package's own misuse
    std::vector<std::string_view> a(args.begin(), args.end());
    a.resize(4);
    return hoctap::internal::says(it->second, to_lang(lang), {a[0], a[1], a[2], a[3]});
  }, "what"_a, "lang"_a, "args"_a);
  // Links that match no id of `ids`, worded as the folder path words them: D033 with the
  // id when one matches up to spaces, a BOM, Unicode normalisation or case, else D032.
  // (code, reason) per link.
  m.def("unmatched_links", [](const std::vector<std::string>& links, const std::vector<std::string>& ids, const std::string& file,
                              const std::string& lang) {
    hoctap::internal::folder::LinkTarget target;
    target.file = file;
    target.lang = to_lang(lang);
    target.each_id = [&ids](const std::function<void(std::string_view)>& take) {
      for (const std::string& id : ids) take(id);
    };
    std::vector<std::pair<std::string, std::string>> out;
    for (const std::string& link : links) {
      hoctap::RowIssue issue = target.missing("", 0, "", link);
      out.emplace_back(issue.code, issue.reason);
    }
    return out;
  }, "links"_a, "ids"_a, "file"_a, "lang"_a);
  // An id quoted in a reason, its invisible characters named as every message names them.
  m.def("name_invisible", [](const std::string& text) { return hoctap::internal::name_invisible(text); }, "text"_a);
  // The columns of a dataset's files that are neither inputs nor unknown: ids, names, area
  // classes and the links of the folder layout (docs/datasets.md), as its D037 check has them.
  m.def("dataset_meta_columns", [] {
    std::vector<std::string> meta = {"id", "name", "area"};
    for (const auto& k : hoctap::internal::folder::kKinds)
      for (const char* link : {k.parent_link, k.commune_link, k.district_link})
        if (*link && std::find(meta.begin(), meta.end(), link) == meta.end()) meta.emplace_back(link);
    return meta;
  });

  // The folder layout's rules the frames path applies as the folder path does: the links
  // members may leave empty (KindSpec::parent_optional), and the member lists every parent
  // of a title is taken to have members in (kImpliedMembers), as (list, parent title).
  m.def("dataset_optional_links", [] {
    std::vector<std::string> out;
    for (const auto& k : hoctap::internal::folder::kKinds)
      if (k.parent_optional) out.emplace_back(k.parent_link);
    return out;
  });
  m.def("dataset_implied_members", [] {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& i : hoctap::internal::folder::kImpliedMembers)
      out.emplace_back(i.list, hoctap::internal::folder::kind_named(i.parent_kind).title);
    return out;
  });

  py::class_<hoctap::Registry>(m, "Registry")
      .def(py::init([](const std::vector<std::string>& folders) {
        auto r = hoctap::Registry::load_directories(folders);
        if (!r.ok()) throw CriteriaFailure{std::move(r.diagnostics)};
        return *r.registry;
      }), "folders"_a)
      .def("titles", &hoctap::Registry::titles)
      .def("versions", [](const hoctap::Registry& r, const std::string& t) { return r.versions(t); }, "title"_a)
      .def("get", [](const hoctap::Registry& r, const std::string& title, const py::object& date, const std::string& place) -> py::object {
        auto d = to_date(date);
        if (!d) raise_text(PyExc_ValueError, "E001", "py.get_no_date", {title});
        if (!place.empty())
          if (std::string why = hoctap::place_problem(place); !why.empty())
            raise(PyExc_ValueError, py_error(PyExc_ValueError, why, "E004", why, hoctap::place_problem(place, hoctap::Lang::vi)));
        auto s = r.find(title, *d, place);
        return s ? py::cast(*s) : py::object(py::none());
      }, "title"_a, "date"_a, "place"_a = "")
      .def("evaluate_dataset", [](const hoctap::Registry& reg, const std::string& dir, const py::object& date, unsigned threads,
                                  const std::string& lang) {
        hoctap::DatasetOptions o;
        auto d = to_date(date);
        if (!d) raise_text(PyExc_ValueError, "E001", "py.dataset_no_date", {});
        o.date = *d;
        o.threads = threads;
        o.lang = to_lang(lang);
        hoctap::DatasetResults r;
        try {
          py::gil_scoped_release release;
          r = hoctap::evaluate_dataset(reg, dir, o);
        } catch (const std::runtime_error& e) {
          raise_caught(PyExc_ValueError, e);
        }
        py::list kinds;
        for (auto& k : r.kinds) {
          py::list commune, district;
          for (auto c : k.commune) commune.append(c >= 0 ? py::object(py::str(r.communes[static_cast<std::size_t>(c)].id)) : py::object(py::none()));
          for (auto c : k.district) district.append(c >= 0 ? py::object(py::str(r.districts[static_cast<std::size_t>(c)].id)) : py::object(py::none()));
          kinds.append(py::dict("kind"_a = k.kind, "file"_a = k.file, "title"_a = k.title, "set_id"_a = k.set_id, "set_place"_a = k.set_place, "ids"_a = k.ids,
                                "commune"_a = commune, "district"_a = district, "decision"_a = k.result.decision,
                                "total_units"_a = k.result.total_units, "grade"_a = k.result.grade, "grades"_a = k.result.grades,
                                "error_rows"_a = k.result.error_rows, "error_texts"_a = k.result.error_texts));
        }
        py::list issues;
        for (const auto& i : r.issues)
          issues.append(py::dict("file"_a = i.file, "row"_a = i.row, "line"_a = i.line, "code"_a = i.code, "field"_a = i.field, "reason"_a = i.reason));
        return py::dict("name"_a = r.name, "place"_a = r.place, "kinds"_a = kinds, "issues"_a = issues);
      }, "folder"_a, "date"_a, "threads"_a = 1, "lang"_a = "vi")
      .def("check_dataset_columns", [](const hoctap::Registry& reg, const std::string& dir, const py::object& date, const std::string& lang) {
        hoctap::DatasetOptions o;
        auto d = to_date(date);
        if (!d) raise_text(PyExc_ValueError, "E001", "py.dataset_no_date", {});
        o.date = *d;
        o.lang = to_lang(lang);
        std::vector<hoctap::RowIssue> found;
        try {
          found = hoctap::check_dataset_columns(reg, dir, o);
        } catch (const std::runtime_error& e) {
          raise_caught(PyExc_ValueError, e);
        }
        py::list out;
        for (const auto& i : found) out.append(py::dict("file"_a = i.file, "code"_a = i.code, "field"_a = i.field, "reason"_a = i.reason));
        return out;
      }, "folder"_a, "date"_a, "lang"_a = "vi")
      .def("check_dataset_context", [](const hoctap::Registry& reg, const py::object& context) {
             const Context ctx(context);
             return ctx.get() == nullptr ? py::list() : warnings_to_py(hoctap::check_dataset_context(reg, *ctx.get()));
           }, "context"_a)
      .def("check_context",
           [](const hoctap::Registry& reg, const hoctap::CriteriaSet& set, const py::object& context, const py::object& date,
              const std::string& place) {
             const Context ctx(context);
             auto d = to_date(date);
             if (ctx.get() == nullptr || !d) return py::list();
             return warnings_to_py(reg.check_context(set, *ctx.get(), *d, place));
           },
           "set"_a, "context"_a, "date"_a, "place"_a = "")
      .def("evaluate",
           [](const hoctap::Registry& reg, const std::string& title, const py::dict& record, const py::object& date, const py::object& context,
              const std::string& place) {
             hoctap::Record r = to_record(record);
             const Context ctx(context);
             hoctap::EvaluateOptions o;
             o.assessment_date = to_date(date);
             o.context = ctx.get();
             o.place = place;
             try {
               py::gil_scoped_release release;
               return reg.evaluate(title, r, o);
             } catch (const std::out_of_range& e) {
               raise_caught(PyExc_KeyError, e);
             }
           },
           "title"_a, "record"_a, "date"_a, "context"_a = py::none(), "place"_a = "")
      .def("targets", [](const hoctap::Registry& reg) {
        py::list out;
        for (const auto& t : reg.targets().all()) {
          py::list alts;
          for (const auto& a : t.alternatives) alts.append(py::dict("share"_a = to_py(a.share), "source"_a = a.source, "note"_a = a.note));
          out.append(py::dict("indicator"_a = t.indicator, "year"_a = t.year, "place"_a = t.place, "area"_a = t.area, "share"_a = to_py(t.share),
                              "instrument"_a = t.instrument, "source"_a = t.source,
                              "confidence"_a = std::string(hoctap::to_string(t.confidence)), "note"_a = t.note, "alternatives"_a = alts));
        }
        return out;
      });
}
