// The input contract's corpus (tests/data/input-contract/values.json) replayed through
// every C++ entry point: a Record, the context, Batch columns of each type (codes for
// text, float64 and int64 for numbers, boolean), a CSV dataset file's cells and the C
// API's Arrow batches in every Arrow type a value can come in. Each
// must make the same of each value: the same points, missing, or the same data problem
// (and, where the corpus gives it, the same text).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <clocale>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <unistd.h>

#include "dataset/csv.hpp"
#include "helpers.hpp"
#include "hoctap/batch.hpp"
#include "hoctap/hoctap.h"
#include "hoctap/json.hpp"
#include "evaluate/plan.hpp"
#include "evaluate/runtime.hpp"
#include "util/messages.hpp"
#include "util/numeric.hpp"

namespace {

using hoctap::Decimal;
using hoctap::Value;
using nlohmann::json;

struct Corpus {
  hoctap::CriteriaSet set;
  json cases;
  hoctap::Date date;
};

const Corpus& corpus() {
  static const Corpus c = [] {
    std::ifstream in(hoctap_test::source_path("tests/data/input-contract/values.json"));
    json doc = json::parse(in);
    return Corpus{hoctap::CriteriaSet::load(hoctap_test::source_path("tests/data/input-contract/contract.yaml")), doc["cases"],
                  *hoctap::Date::parse(doc["date"].get<std::string>())};
  }();
  return c;
}

std::string describe(const json& c) { return c.dump(); }

// What an entry point made of one value.
struct Seen {
  bool assessable = false;
  Decimal points;
  std::vector<std::string> codes;
  std::string en, vi;  // the problems' texts, "; "-joined
};

void check(const json& c, const Seen& s, bool texts = true) {
  BOOST_TEST_CONTEXT(describe(c)) {
    if (c.contains("points")) {
      BOOST_TEST(s.codes.empty());
      BOOST_TEST(s.assessable);
      BOOST_TEST(s.points == *Decimal::parse(c["points"].get<std::string>()));
    } else if (c.contains("missing")) {
      BOOST_TEST(s.codes.empty());
      BOOST_TEST(!s.assessable);
    } else {
      BOOST_TEST(!s.assessable);
      BOOST_REQUIRE(s.codes.size() == 1u);
      if (!s.codes[0].empty()) BOOST_TEST(s.codes[0] == c["problem"].get<std::string>());
      if (texts && c.contains("en")) BOOST_TEST(s.en == c["en"].get<std::string>());
      if (texts && c.contains("vi") && !s.vi.empty()) BOOST_TEST(s.vi == c["vi"].get<std::string>());
    }
  }
}

// The raw value as a record holds it: numbers by their text (number_value).
Value raw_value(const json& c) {
  if (c.contains("text")) return c["text"].get<std::string>();
  if (c.contains("bool")) return c["bool"].get<bool>();
  if (c.contains("number")) return hoctap::number_value(c["number"].get<std::string>());
  return std::monostate{};
}

Seen seen(const hoctap::Result& r, const std::string& input) {
  Seen s;
  const hoctap::NodeResult* n = r.node(input);
  s.assessable = n->status != hoctap::Status::not_assessable;
  s.points = n->points;
  for (const auto& p : r.problems()) {
    s.codes.push_back(p.code);
    s.en += (s.en.empty() ? "" : "; ") + p.en;
    s.vi += (s.vi.empty() ? "" : "; ") + p.vi;
  }
  return s;
}

Seen seen(const hoctap::BatchResult& r, const std::string& input, const std::vector<std::string>& read_errors = {}) {
  const auto& nodes = corpus().set.nodes();
  Seen s;
  for (std::size_t k = 0; k < r.node_index.size(); ++k)
    if (nodes[static_cast<std::size_t>(r.node_index[k])].id == input) {
      s.assessable = r.node_status[k] != static_cast<std::uint8_t>(hoctap::Status::not_assessable);
      s.points = Decimal::from_units(r.node_points_units[k]);
    }
  for (const std::string& e : read_errors) s.codes.push_back("");  // a file's read error names no code
  if (!r.error_rows.empty()) {
    s.codes.push_back("");  // a batch's texts carry no code: the texts are compared
    s.en = r.error_texts[0];
  }
  return s;
}

hoctap::BatchResult run(const hoctap::Batch& batch, hoctap::Lang lang = hoctap::Lang::en) {
  hoctap::BatchOptions o;
  o.assessment_date = corpus().date;
  o.lang = lang;
  return hoctap::evaluate_batch(corpus().set, batch, o);
}

// ---- Arrow batches (hoctap_set_evaluate_arrow) ----------------------------------------

void no_release(ArrowSchema* s) { s->release = nullptr; }
void no_release(ArrowArray* a) { a->release = nullptr; }

// One child of a one-row Arrow batch as a producer lays it out: the row at `offset` of its
// buffers (the entries before it a producer's earlier rows, which must not be read), a
// validity bitmap when it is null, and for a dictionary-encoded column its dictionary.
struct ArrowChild {
  std::string format;
  std::int64_t offset = 0;
  bool null = false;
  std::vector<unsigned char> values;  // buffer 1: values, bits or a string's offsets
  std::string chars;                  // buffer 2 of a string column
  std::unique_ptr<ArrowChild> dictionary;
  std::int64_t dictionary_length = 2;
  bool dictionary_released = false;  // its array's release callback null, as after a release
  std::optional<std::int64_t> column_offset;  // an array offset of its own, its buffers unread
  unsigned char validity[2] = {0xFF, 0xFF};
  const void* buffers[3] = {};
  ArrowSchema schema{};
  ArrowArray array{};

  // Fills the C structs from the fields, named `name` (the dictionary: unnamed).
  void link(const char* name) {
    if (null) validity[offset >> 3] = static_cast<unsigned char>(~(1u << (offset & 7)));
    const bool strings = format == "u" || format == "U";
    buffers[0] = null ? validity : nullptr;
    buffers[1] = values.data();
    buffers[2] = chars.data();
    schema.format = format.c_str();
    schema.name = name;
    schema.flags = ARROW_FLAG_NULLABLE;
    schema.release = no_release;
    array.length = 1;
    array.offset = offset;
    array.null_count = null ? 1 : 0;
    array.n_buffers = strings ? 3 : 2;
    array.buffers = buffers;
    array.release = no_release;
    if (dictionary) {
      dictionary->link("");
      dictionary->array.length = dictionary_length;
      if (dictionary_released) dictionary->array.release = nullptr;
      schema.dictionary = &dictionary->schema;
      array.dictionary = &dictionary->array;
    }
    if (column_offset) array.offset = *column_offset;
  }
};

template <class T>
std::vector<unsigned char> bytes_of(const std::vector<T>& v) {
  std::vector<unsigned char> b(v.size() * sizeof(T));
  std::memcpy(b.data(), v.data(), b.size());
  return b;
}

// A value of a fixed-width type at `offset`, the rows before it zero.
template <class T>
std::unique_ptr<ArrowChild> fixed(const char* format, T x, std::int64_t offset) {
  auto c = std::make_unique<ArrowChild>();
  c->format = format;
  c->offset = offset;
  std::vector<T> v(static_cast<std::size_t>(offset) + 1, T{});
  v.back() = x;
  c->values = bytes_of(v);
  return c;
}

// Strings (utf8, or large utf8 with 64-bit offsets), entry `offset` the row's: `texts`
// from entry 0, one letter for each entry before the row's first.
std::unique_ptr<ArrowChild> strings(const std::vector<std::string>& texts, bool large, std::int64_t offset) {
  auto c = std::make_unique<ArrowChild>();
  c->format = large ? "U" : "u";
  c->offset = offset;
  std::vector<std::int64_t> at = {0};
  for (std::int64_t k = 0; k < offset; ++k) c->chars += 'z', at.push_back(static_cast<std::int64_t>(c->chars.size()));
  for (const std::string& t : texts) c->chars += t, at.push_back(static_cast<std::int64_t>(c->chars.size()));
  if (large) c->values = bytes_of(at);
  else c->values = bytes_of(std::vector<std::int32_t>(at.begin(), at.end()));
  return c;
}

// A dictionary-encoded text: indices of `Index` type at `offset`, the row's index 1 into
// the dictionary {another text, `text`}, which starts at `dictionary_offset` of its own
// array (the entries before it another array's).
template <class Index>
std::unique_ptr<ArrowChild> dictionary(const char* format, const std::string& text, std::int64_t offset, std::int64_t dictionary_offset = 0) {
  auto c = fixed<Index>(format, Index{1}, offset);
  c->dictionary = strings({text == "khác" ? "khác nữa" : "khác", text}, false, dictionary_offset);
  return c;
}

// A set loaded through the C API, freed at the end of its scope.
using CSet = std::unique_ptr<hoctap_set, decltype(&hoctap_set_free)>;
CSet c_set(const std::string& text) {
  hoctap_set* set = nullptr;
  BOOST_REQUIRE(hoctap_set_load_string(text.c_str(), text.size(), "set.yaml", &set, nullptr, nullptr) == HOCTAP_OK);
  return CSet(set, &hoctap_set_free);
}
CSet contract_c_set() { return c_set(hoctap_test::read_text(hoctap_test::source_path("tests/data/input-contract/contract.yaml"))); }

// A boolean column of one row, `byte` its bits' first byte and the row at bit `offset`.
std::unique_ptr<ArrowChild> bits(unsigned char byte, std::int64_t offset) {
  auto c = fixed<std::uint8_t>("b", byte, 0);
  c->offset = offset;
  return c;
}

// hoctap_set_evaluate_arrow on a batch of one row whose only column is `c`, named `name`,
// on the corpus's date.
hoctap_status evaluate_one(const hoctap_set* set, const std::string& name, ArrowChild& c, ArrowSchema& out_schema, ArrowArray& out_array,
                           hoctap_error** error) {
  c.link(name.c_str());
  ArrowSchema* schema_children[1] = {&c.schema};
  ArrowArray* array_children[1] = {&c.array};
  const void* no_buffers[1] = {nullptr};
  ArrowSchema schema{};
  schema.format = "+s";
  schema.name = "";
  schema.n_children = 1;
  schema.children = schema_children;
  schema.release = no_release;
  ArrowArray batch{};
  batch.length = 1;
  batch.n_buffers = 1;
  batch.buffers = no_buffers;
  batch.n_children = 1;
  batch.children = array_children;
  batch.release = no_release;
  const std::string date = corpus().date.to_string();
  return hoctap_set_evaluate_arrow(set, &schema, &batch, date.c_str(), 1, HOCTAP_LANG_EN, &out_schema, &out_array, error);
}

// What hoctap_set_evaluate_arrow makes of a batch of one row whose only column is `c`:
// the input's criterion's points and status (`k_<input>`), and the row's error.
Seen seen(const hoctap_set* set, const std::string& input, ArrowChild& c) {
  ArrowSchema out_schema;
  ArrowArray out_array;
  hoctap_error* error = nullptr;
  const hoctap_status status = evaluate_one(set, input, c, out_schema, out_array, &error);
  Seen s;
  BOOST_TEST_CONTEXT(c.format << " at " << c.offset) {
    BOOST_REQUIRE_MESSAGE(status == HOCTAP_OK, (error != nullptr ? hoctap_error_message(error) : "no error"));
  }
  auto child = [&](const std::string& name) -> const ArrowArray& {
    for (std::int64_t k = 0; k < out_schema.n_children; ++k)
      if (name == out_schema.children[k]->name) return *out_array.children[k];
    BOOST_FAIL("no result column " + name);
    return out_array;
  };
  auto text = [](const ArrowArray& a) -> std::optional<std::string> {
    if (a.null_count != 0 && !(static_cast<const unsigned char*>(a.buffers[0])[0] & 1)) return std::nullopt;
    const auto* at = static_cast<const std::int32_t*>(a.buffers[1]);
    return std::string(static_cast<const char*>(a.buffers[2]) + at[0], static_cast<std::size_t>(at[1] - at[0]));
  };
  s.assessable = text(child("k_" + input + ".status")) != std::string(hoctap::to_string(hoctap::Status::not_assessable));
  s.points = Decimal::from_units(std::llround(static_cast<const double*>(child("k_" + input + ".points").buffers[1])[0] * 1e6));
  if (auto e = text(child("error"))) {
    s.codes.push_back("");  // a batch's texts carry no code: the texts are compared
    s.en = *e;
  }
  out_array.release(&out_array);
  out_schema.release(&out_schema);
  return s;
}

// The Arrow columns a case's value can come in, each alone in a batch.
std::vector<std::unique_ptr<ArrowChild>> arrow_columns(const json& c) {
  std::vector<std::unique_ptr<ArrowChild>> out;
  if (c.contains("text")) {
    const std::string t = c["text"];
    out.push_back(strings({t}, false, 0));
    out.push_back(strings({t}, true, 3));
    out.push_back(dictionary<std::int8_t>("c", t, 2));
    out.push_back(dictionary<std::int16_t>("s", t, 0, 2));
    out.push_back(dictionary<std::int32_t>("i", t, 1));
    out.push_back(dictionary<std::int64_t>("l", t, 0));
    out.push_back(dictionary<std::uint8_t>("C", t, 1));
    out.push_back(dictionary<std::uint16_t>("S", t, 0));
    out.push_back(dictionary<std::uint32_t>("I", t, 2, 1));
    out.push_back(dictionary<std::uint64_t>("L", t, 0));
    // A day's text also as the day, and as an instant within it.
    if (c["input"] == "ngay" && c.contains("points")) {
      const std::optional<hoctap::Date> day = hoctap::Date::parse(std::string(hoctap::internal::trim_blank(t)));
      BOOST_REQUIRE(day.has_value());
      out.push_back(fixed<std::int32_t>("tdD", day->days(), 1));
      out.push_back(fixed<std::int64_t>("tdm", std::int64_t{day->days()} * 86400000 + 86399999, 2));
    }
  } else if (c.contains("bool")) {
    const bool b = c["bool"];
    for (std::int64_t offset : {0, 5}) out.push_back(bits(static_cast<unsigned char>(b ? 1u << offset : 0u), offset));
  } else if (c.contains("number")) {
    const std::string text = c["number"];
    const double x = std::strtod(text.c_str(), nullptr);
    out.push_back(fixed<double>("g", x, 1));
    // A float32 as written: a value that is its own float, or one with at most 7 digits.
    const std::size_t digits = static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char ch) { return ch >= '0' && ch <= '9'; }));
    if (static_cast<double>(static_cast<float>(x)) == x || (text.find('e') == std::string::npos && digits <= 7))
      out.push_back(fixed<float>("f", static_cast<float>(x), 2));
    const Value v = hoctap::number_value(text);
    if (const auto* whole = std::get_if<std::int64_t>(&v)) {
      const std::int64_t i = *whole;
      out.push_back(fixed<std::int64_t>("l", i, 1));
      if (i >= INT32_MIN && i <= INT32_MAX) out.push_back(fixed<std::int32_t>("i", static_cast<std::int32_t>(i), 2));
      if (i >= INT16_MIN && i <= INT16_MAX) out.push_back(fixed<std::int16_t>("s", static_cast<std::int16_t>(i), 3));
      if (i >= INT8_MIN && i <= INT8_MAX) out.push_back(fixed<std::int8_t>("c", static_cast<std::int8_t>(i), 0));
      if (i >= 0 && i <= UINT32_MAX) out.push_back(fixed<std::uint32_t>("I", static_cast<std::uint32_t>(i), 1));
      if (i >= 0 && i <= UINT16_MAX) out.push_back(fixed<std::uint16_t>("S", static_cast<std::uint16_t>(i), 0));
      if (i >= 0 && i <= UINT8_MAX) out.push_back(fixed<std::uint8_t>("C", static_cast<std::uint8_t>(i), 4));
    }
  } else {  // null, in every layout
    out.push_back(fixed<double>("g", 1.0, 1));
    out.push_back(fixed<float>("f", 1.0F, 2));
    out.push_back(fixed<std::int64_t>("l", 1, 0));
    out.push_back(fixed<std::int32_t>("i", 1, 3));
    out.push_back(fixed<std::int16_t>("s", 1, 1));
    out.push_back(fixed<std::int8_t>("c", 1, 2));
    out.push_back(fixed<std::uint32_t>("I", 1, 0));
    out.push_back(fixed<std::uint16_t>("S", 1, 4));
    out.push_back(fixed<std::uint8_t>("C", 1, 5));
    out.push_back(fixed<std::int32_t>("tdD", 19000, 2));
    out.push_back(fixed<std::int64_t>("tdm", 0, 1));
    out.push_back(strings({"cao"}, false, 1));
    out.push_back(strings({"cao"}, true, 2));
    out.push_back(dictionary<std::int8_t>("c", "cao", 3));
    out.push_back(dictionary<std::uint16_t>("S", "cao", 1));
    out.push_back(bits(0xFF, 6));
    for (auto& col : out) col->null = true;
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(input_contract)

BOOST_AUTO_TEST_CASE(every_case_through_a_record_and_the_context) {
  const Corpus& k = corpus();
  BOOST_TEST(k.cases.size() > 90u);
  for (const json& c : k.cases) {
    const std::string input = c["input"];
    hoctap::Record r;
    r.set(input, raw_value(c));
    check(c, seen(k.set.evaluate(r, {k.date}), input));
    hoctap::EvaluateOptions o{k.date, &r};
    check(c, seen(k.set.evaluate(hoctap::Record(), o), input));
  }
}

BOOST_AUTO_TEST_CASE(every_case_through_json) {
  // A JSON record's values, as the CLI reads them: numbers by their text.
  const Corpus& k = corpus();
  for (const json& c : k.cases) {
    const std::string input = c["input"];
    std::string raw = c.contains("number") ? c["number"].get<std::string>()
                      : c.contains("text") ? json(c["text"]).dump()
                      : c.contains("bool") ? json(c["bool"]).dump()
                                           : std::string("null");
    hoctap::JsonRow row = hoctap::read_json_record("{" + json(input).dump() + ": " + raw + "}");
    BOOST_TEST_CONTEXT(describe(c)) { BOOST_REQUIRE(row.code.empty()); }
    check(c, seen(k.set.evaluate(row.record, {k.date}), input));
  }
}

BOOST_AUTO_TEST_CASE(every_case_through_batch_columns) {
  const Corpus& k = corpus();
  for (const json& c : k.cases) {
    const std::string input = c["input"];
    hoctap::Batch batch;
    batch.rows = 1;
    std::int32_t code = 0;
    double x = 0;
    std::int64_t i = 0;
    std::uint8_t flag = 0, valid = 0;
    if (c.contains("text")) {
      batch.columns.push_back(hoctap::Column::codes(input, &code, {c["text"].get<std::string>()}));
    } else if (c.contains("bool")) {
      flag = c["bool"].get<bool>() ? 1 : 0;
      batch.columns.push_back(hoctap::Column::boolean(input, &flag));
    } else if (c.contains("number")) {
      const std::string text = c["number"];
      x = std::strtod(text.c_str(), nullptr);
      batch.columns.push_back(hoctap::Column::float64(input, &x));
      check(c, seen(run(batch), input));
      // Whole numbers that fit also as an int64 column.
      Value v = hoctap::number_value(text);
      if (auto whole = std::get_if<std::int64_t>(&v)) {
        i = *whole;
        batch.columns = {hoctap::Column::int64(input, &i)};
        check(c, seen(run(batch), input));
      }
      continue;
    } else {
      hoctap::Column col = hoctap::Column::float64(input, &x);
      col.valid = &valid;
      batch.columns.push_back(col);
    }
    check(c, seen(run(batch), input));
    if (c.contains("vi") && c.contains("text")) {
      BOOST_TEST(run(batch, hoctap::Lang::vi).error_texts.at(0) == c["vi"].get<std::string>());
    }
  }
}

BOOST_AUTO_TEST_CASE(every_case_through_arrow_columns_of_every_type) {
  const CSet set = contract_c_set();
  std::size_t batches = 0;
  for (const json& c : corpus().cases) {
    for (auto& column : arrow_columns(c)) {
      BOOST_TEST_CONTEXT(column->format << " at " << column->offset) { check(c, seen(set.get(), c["input"], *column)); }
      ++batches;
    }
  }
  BOOST_TEST(batches > 500u);
}

// Arrow's own mistakes in a dictionary-encoded column: refused with the column named.
BOOST_AUTO_TEST_CASE(arrow_dictionaries_that_do_not_hold_are_refused) {
  const CSet set = contract_c_set();
  auto refused = [&](ArrowChild& c) {
    ArrowSchema out_schema;
    ArrowArray out_array;
    hoctap_error* error = nullptr;
    BOOST_REQUIRE(evaluate_one(set.get(), "muc", c, out_schema, out_array, &error) == HOCTAP_ERROR_BATCH);
    const std::pair<std::string, std::string> texts{hoctap_error_message(error), hoctap_error_message_vi(error)};
    hoctap_error_free(error);
    return texts;
  };
  auto beyond = dictionary<std::uint8_t>("C", "cao", 1);
  reinterpret_cast<std::uint8_t*>(beyond->values.data())[1] = 2;
  BOOST_TEST(refused(*beyond).first == "column `muc` has index 2 outside its dictionary at row 0");
  auto below = dictionary<std::int16_t>("s", "cao", 0);
  std::int16_t minus_one = -1;
  std::memcpy(below->values.data(), &minus_one, sizeof minus_one);
  BOOST_TEST(refused(*below).second == "cột `muc` có chỉ số -1 nằm ngoài từ điển ở dòng 0");
  const std::string range = "column `muc` has a dictionary whose length or offset is negative or too large";
  auto negative = dictionary<std::int32_t>("i", "cao", 0);
  negative->dictionary_length = -1;
  BOOST_TEST(refused(*negative).first == range);
  auto huge = dictionary<std::int32_t>("i", "cao", 0);
  huge->dictionary_length = std::int64_t{1} << 40;
  BOOST_TEST(refused(*huge).first == range);
  auto before = dictionary<std::int32_t>("i", "cao", 0, 1);
  before->dictionary->offset = -1;
  BOOST_TEST(refused(*before).second == "cột `muc` có từ điển (dictionary) với độ dài hoặc vị trí bắt đầu âm hoặc quá lớn");
  auto past = dictionary<std::int32_t>("i", "cao", 0);
  past->dictionary->offset = INT64_MAX - 1;
  BOOST_TEST(refused(*past).first == range);
  auto not_strings = dictionary<std::int8_t>("c", "cao", 0);
  not_strings->dictionary = fixed<std::int32_t>("i", 1, 0);
  BOOST_TEST(refused(*not_strings).first == "column `muc` has a dictionary of Arrow type `i`, not strings");
  auto floats = dictionary<std::int8_t>("g", "cao", 0);
  BOOST_TEST(refused(*floats).first == "column `muc` has dictionary indices of Arrow type `g`, which hoctap does not read");
  auto released = dictionary<std::int8_t>("c", "cao", 0);
  released->dictionary_released = true;
  BOOST_TEST(refused(*released).first == "column `muc` is released");
  auto far = strings({"cao"}, false, 0);
  far->column_offset = INT64_MAX;  // a.offset + the row would pass 64 bits
  BOOST_TEST(refused(*far).first == "column `muc` has an offset that is negative or too large");
  auto negative_offset = fixed<std::int32_t>("i", 1, 0);
  negative_offset->column_offset = -1;
  BOOST_TEST(refused(*negative_offset).second == "cột `muc` có vị trí bắt đầu (offset) âm hoặc quá lớn");
}

// A float32 is read as the shortest decimal that reads back to it, as a Python float is,
// whatever the host's locale; beyond its digits, what any float64 gets.
BOOST_AUTO_TEST_CASE(arrow_float32_is_read_as_written) {
  const CSet set = contract_c_set();
  auto points = [&](float x) {
    const Seen s = seen(set.get(), "so", *fixed<float>("f", x, 1));
    BOOST_TEST_CONTEXT(x) {
      BOOST_TEST(s.codes.empty(), s.en);
      BOOST_TEST(s.assessable);
    }
    return s.points.to_string();
  };
  auto problem = [&](float x) {
    const Seen s = seen(set.get(), "so", *fixed<float>("f", x, 1));
    BOOST_TEST_CONTEXT(x) { BOOST_TEST(!s.assessable); }
    return s.en;
  };
  // LC_NUMERIC as a host under vi_VN would set it (a decimal comma), where the system has
  // that locale (else the C locale's point, which proves nothing more): to_chars and
  // from_chars read no locale. Set back however the checks end.
  struct Numeric {
    std::string kept;
    Numeric() {
      const char* before = std::setlocale(LC_NUMERIC, nullptr);
      kept = before != nullptr ? before : "C";
      std::setlocale(LC_NUMERIC, "vi_VN.UTF-8");
    }
    ~Numeric() { std::setlocale(LC_NUMERIC, kept.c_str()); }
  };
  auto numeric = std::make_unique<Numeric>();
  BOOST_TEST(points(0.1F) == "0.1");
  BOOST_TEST(points(7.5F) == "7.5");
  BOOST_TEST(points(999.9F) == "999.9");
  BOOST_TEST(points(128.015625F) == "128.01562");  // its shortest text, not its value
  BOOST_TEST(points(-0.0F) == "0");
  BOOST_TEST(points(12.34567F) == "12.34567");
  numeric.reset();
  BOOST_TEST(points(1000.0F) == "1000");
  BOOST_TEST(problem(200000.1F) == "`so` = 200000.1 is outside 0..1000");
  BOOST_TEST(problem(123456789.0F) == "`so` = 123456790 is outside 0..1000");  // its shortest digits, 1.2345679e8
  BOOST_TEST(problem(0.1234567F) == "`so` = '0.1234567' has more than six decimals (never rounded)");
  BOOST_TEST(problem(1e-45F) == "`so` = '1e-45' has more than six decimals (never rounded)");
  BOOST_TEST(problem(std::numeric_limits<float>::infinity()) == "`so` = 'inf' is not a number (such as 8 or 7.5)");
  const Seen nan = seen(set.get(), "so", *fixed<float>("f", std::numeric_limits<float>::quiet_NaN(), 0));
  BOOST_TEST((!nan.assessable && nan.codes.empty()));  // NaN is missing, as in a float64 column
}

// A date64 instant reads as its day in UTC, before 1970 too.
BOOST_AUTO_TEST_CASE(arrow_date64_is_the_day_of_the_instant) {
  const std::string text = hoctap_test::minimal_set(
      "  ngay: {type: date, label: {vi: Ngày, en: Day}}\n",
      "  - id: k_ngay\n    name: {vi: Ngày, en: Day}\n    max: 1\n    indicators:\n"
      "      - {id: ngay, name: {vi: Ngày, en: Day}, max: 1, points: {conditions: [{when: \"ngay == date('1969-12-31')\", points: 1}], otherwise: 0}}\n",
      "", "recognition: {min_total: 0}\n");
  CSet set = c_set(text);
  auto day_of = [&](std::int64_t ms) { return seen(set.get(), "ngay", *fixed<std::int64_t>("tdm", ms, 1)).points.to_string(); };
  BOOST_TEST(day_of(-1) == "1");
  BOOST_TEST(day_of(-86400000) == "1");
  BOOST_TEST(day_of(-86400001) == "0");
  BOOST_TEST(day_of(0) == "0");
  // Beyond the days a date holds: its first and last day, about 5.88 million years away.
  const std::string ends = hoctap_test::minimal_set(
      "  ngay: {type: date, label: {vi: Ngày, en: Day}}\n",
      "  - id: k_ngay\n    name: {vi: Ngày, en: Day}\n    max: 2\n    indicators:\n"
      "      - {id: ngay, name: {vi: Ngày, en: Day}, max: 2, points: {conditions: ["
      "{when: \"years_between(ngay, date('2000-01-01')) == 5879640\", points: 1}, "
      "{when: \"years_between(date('2000-01-01'), ngay) == 5879580\", points: 2}], otherwise: 0}}\n",
      "", "recognition: {min_total: 0}\n");
  set = c_set(ends);
  BOOST_TEST(day_of(INT64_MIN) == "1");  // -5877641-06-23
  BOOST_TEST(day_of(INT64_MAX) == "2");  // 5881580-07-11
}

BOOST_AUTO_TEST_CASE(every_text_case_through_a_csv_cell) {
  // A dataset file's cells: the reader reads number, bool and date inputs' cells itself
  // (a refused cell is a read error of its row) and the rest as text codes.
  const Corpus& k = corpus();
  const std::string dir = hoctap_test::scratch_dir("hoctap-input-contract").string();
  for (const json& c : k.cases) {
    if (!c.contains("text")) continue;
    const std::string input = c["input"], text = c["text"];
    std::string kind;
    for (const auto& in : k.set.inputs())
      if (in.name == input) kind = in.kind;
    using hoctap::internal::CsvKind;
    const CsvKind csv = kind == "int" || kind == "decimal" ? CsvKind::number
                        : kind == "bool"                    ? CsvKind::boolean
                        : kind == "date"                    ? CsvKind::date
                                                            : CsvKind::text;
    std::string quoted = "\"";
    for (char ch : text) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    quoted += "\"";
    const std::string path = dir + "/cell.csv";
    std::ofstream(path, std::ios::binary) << input << ",id\n" << quoted << ",1\n";  // a row, not a blank line
    hoctap::internal::CsvTable t = hoctap::internal::read_csv(path, {{input, csv}});
    BOOST_TEST_CONTEXT(describe(c)) { BOOST_REQUIRE(t.rows == 1u); }
    hoctap::Batch batch;
    batch.rows = 1;
    batch.columns.push_back(t.find(input)->as_batch_column(input));
    std::vector<std::string> errors;
    for (const auto& e : t.errors) errors.push_back(e.reason);
    check(c, seen(run(batch), input, errors), errors.empty() && csv != CsvKind::number);  // a number column shows numbers unquoted
  }
}

BOOST_AUTO_TEST_CASE(numbers_are_read_exactly_from_their_text) {
  using hoctap::internal::NumberText;
  using hoctap::internal::parse_number_text;
  Decimal d;
  BOOST_TEST((parse_number_text("79.9999999", d) == NumberText::too_many_decimals));
  BOOST_TEST((parse_number_text("1.50000000000", d) == NumberText::ok));
  BOOST_TEST(d == *Decimal::parse("1.5"));
  BOOST_TEST((parse_number_text("-2.5e-6", d) == NumberText::too_many_decimals));
  BOOST_TEST((parse_number_text("-2.5e-5", d) == NumberText::ok));
  BOOST_TEST(d.to_string() == "-0.000025");
  BOOST_TEST((parse_number_text("9000000000000", d) == NumberText::ok));
  BOOST_TEST((parse_number_text("9000000000001", d) == NumberText::out_of_range));
  BOOST_TEST((parse_number_text("1e400000", d) == NumberText::out_of_range));
  BOOST_TEST((parse_number_text("0e400000", d) == NumberText::ok));
  for (const char* bad : {"", "-", ".", "1.", "+.", "e5", "1e", "0x10", "1_000", "١"}) BOOST_TEST((parse_number_text(bad, d) == NumberText::not_a_number), bad);
  // A number's length alone never decides: its first and last non-zero digits do, wherever
  // the exponent puts them.
  const std::string zeros(44, '0'), many(5000, '0');
  BOOST_TEST_REQUIRE((parse_number_text("1" + zeros + "e-44", d) == NumberText::ok));
  BOOST_TEST(d == Decimal::from_int(1));
  BOOST_TEST_REQUIRE((parse_number_text("-12" + zeros + ".0e-45", d) == NumberText::ok));
  BOOST_TEST(d.to_string() == "-1.2");
  BOOST_TEST_REQUIRE((parse_number_text("7.5" + many, d) == NumberText::ok));
  BOOST_TEST(d.to_string() == "7.5");
  BOOST_TEST_REQUIRE((parse_number_text("0." + many + "25e5001", d) == NumberText::ok));
  BOOST_TEST(d.to_string() == "2.5");
  BOOST_TEST((parse_number_text("7.5" + many + "1", d) == NumberText::too_many_decimals));
  BOOST_TEST((parse_number_text("1" + zeros, d) == NumberText::out_of_range));
  BOOST_TEST((parse_number_text("1" + zeros + "e-31", d) == NumberText::out_of_range));  // 10^13
  BOOST_TEST_REQUIRE((parse_number_text("1" + zeros + "e-32", d) == NumberText::ok));
  BOOST_TEST(d.to_string() == "1000000000000");
  // Whole numbers of up to 12 digits take a short path; written with a sign they take the
  // general one: both read the same value (leading zeros, every length, the edges).
  std::vector<std::string> wholes = {"0", "00", "007", "8", "10", "999999999999", "000000000000", "100000000000", "1000000000000"};
  for (std::uint64_t x = 1, k = 0; k < 2000; ++k) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    std::string digits = std::to_string(x >> 20);
    wholes.push_back(std::string(k % 3, '0') + digits.substr(0, 1 + k % 12));
  }
  for (const std::string& w : wholes) {
    Decimal fast, general;
    BOOST_TEST_REQUIRE((parse_number_text(w, fast) == NumberText::ok), w);
    BOOST_TEST_REQUIRE((parse_number_text("+" + w, general) == NumberText::ok), w);
    BOOST_TEST(fast == general, w);
    BOOST_TEST(fast.to_string() == std::to_string(std::stoull(w)), w);
  }
  for (const char* bad : {"12a", "1 2", "12.", "１２", "-"}) BOOST_TEST((parse_number_text(bad, d) == NumberText::not_a_number), bad);
  // A float64 carries a decimal of six places when it is the double nearest to it; the
  // seventh decimal is refused, never rounded.
  using hoctap::internal::exact_from_double;
  BOOST_TEST(exact_from_double(0.1)->to_string() == "0.1");
  BOOST_TEST(exact_from_double(79.999999)->to_string() == "79.999999");
  BOOST_TEST(!exact_from_double(79.9999999).has_value());
  BOOST_TEST(!exact_from_double(1.0 / 3).has_value());
  BOOST_TEST(!exact_from_double(1e20).has_value());
}

// The batch binders read a float64 column's common values with fast_word (a loop that
// vectorises); whatever it decides must be exact_from_double's value, within the field's
// bounds and whole in an int field. What it leaves undecided goes to the record binder.
BOOST_AUTO_TEST_CASE(a_float64_column_read_fast_is_read_as_exact_from_double) {
  using namespace hoctap::internal;
  using Fast = FieldPlan::Fast;
  std::vector<double> xs = {0.0, -0.0, 0.1, 0.5, 2.5, -2.5, 7.9999999, 79.999999, 8.000000000000002, 1.0 / 3, 5e-7, 1.5e-6,
                            2.5e-6, -5e-7, 1e-7, 9.99, 10.0, 10.000001, -0.000001, 2251799813.685247, 2251799813.685248,
                            2251799813.685249, 2251799814.0, 2251799813.0, -2251799813.0, -2251799814.0, 11.0, -1.0, 9e12,
                            -9e12, 1e20, std::nan(""), HUGE_VAL, -HUGE_VAL};
  std::uint64_t state = 11;
  auto next = [&state] { return state = state * 6364136223846793005ULL + 1442695040888963407ULL; };
  for (int k = 0; k < 100000; ++k) {
    const auto units = static_cast<std::int64_t>(next() >> 24) - (std::int64_t{1} << 39);  // six places, up to ±550,000
    xs.push_back(static_cast<double>(units) / 1e6);
    xs.push_back(static_cast<double>(units) / 1e7);  // often a seventh place
    const std::uint64_t bits = next();
    double any;
    std::memcpy(&any, &bits, sizeof any);
    xs.push_back(any);
    xs.push_back(static_cast<double>(static_cast<std::int64_t>(next() >> 36) - (std::int64_t{1} << 27)) / 128.0);  // 128ths: 64ths (halves, quarters) and a place beyond
  }
  for (const double edge : {2251799813.671875, 2251799813.6875, -2251799813.671875, -2251799813.6875, 0.015625, 0.5, 10.5, 10.515625, 0.484375})
    xs.push_back(edge);  // 64ths either side of 2^51 units and of the bounds
  const hoctap::Column column = hoctap::Column::float64("x", xs.data());
  std::size_t decided = 0, dyadic_decided = 0;
  for (const auto kind : {Type::Kind::decimal, Type::Kind::integer}) {
    for (const int bounds : {0, 1, 2}) {  // none, [0, 10], [0.5, 10.5]
      Field field;
      field.type = Type::of(kind);
      FieldPlan fp;
      fp.field = &field;
      fp.column = &column;
      if (bounds == 1) fp.low_units = 0, fp.high_units = 10 * Decimal::kOne;
      if (bounds == 2) fp.low_units = Decimal::kOne / 2, fp.high_units = 10 * Decimal::kOne + Decimal::kOne / 2;
      const FastRead fr(fp);
      for (std::size_t row = 0; row < xs.size(); ++row) {
        std::int64_t word = 0;
        const bool fast = fast_word<Fast::number_f64>(fr, row, word);
        const auto exact = exact_from_double(xs[row]);
        const bool value = exact && (kind == Type::Kind::decimal || exact->units() % Decimal::kOne == 0) &&
                           exact->units() >= fp.low_units && exact->units() <= fp.high_units;
        if (fast) BOOST_TEST_REQUIRE((value && word == exact->units()), "row " << row << ": " << xs[row]);
        // below 2^51 units and off an exact tie, every value is decided fast
        if (value && std::fabs(xs[row] * 1e6) < 2e15 && std::fabs(xs[row] * 1e6 - std::nearbyint(xs[row] * 1e6)) != 0.5)
          BOOST_TEST_REQUIRE(fast, "row " << row << ": " << xs[row]);
        decided += fast;
        // fast_dyadic_f64, the binder's first try: fast_word's value where it decides, and
        // it decides every multiple of 1/64 of fast_word's below 2^51 units
        std::int64_t dyadic_word = 0;
        const bool dyadic = fr.decimal ? fast_dyadic_f64<true>(fr, row, dyadic_word) : fast_dyadic_f64<false>(fr, row, dyadic_word);
        if (dyadic) BOOST_TEST_REQUIRE((fast && dyadic_word == word), "row " << row << ": " << xs[row]);
        if (fast && std::nearbyint(xs[row] * 64) == xs[row] * 64 && std::fabs(xs[row]) * 1e6 < kBiasedWholeLimit)
          BOOST_TEST_REQUIRE(dyadic, "row " << row << ": " << xs[row]);
        dyadic_decided += dyadic;
      }
    }
  }
  BOOST_TEST(decided > 100000u);  // the six-place draws of the unbounded decimal field at least
  BOOST_TEST(dyadic_decided > 50000u);  // about 50,000 64ths in each decimal field, whole ones in the int fields
  // int64 columns: whole numbers within the limits, nothing beyond (where x * 10^6 wraps)
  const std::vector<std::int64_t> ints = {0, 1, -1, 9000000000000 - 1, 9000000000000, -9000000000000 + 1, -9000000000000,
                                          INT64_MAX, INT64_MIN, INT64_MAX / 1000000 + 1, INT64_MIN / 1000000 - 1};
  const hoctap::Column int_column = hoctap::Column::int64("n", ints.data());
  Field int_field;
  int_field.type = Type::of(Type::Kind::integer);
  FieldPlan ip;
  ip.field = &int_field;
  ip.column = &int_column;
  const FastRead ir(ip);
  std::vector<bool> got;
  for (std::size_t row = 0; row < ints.size(); ++row) {
    std::int64_t word = 0;
    got.push_back(fast_word<Fast::number_i64>(ir, row, word));
    if (got.back()) BOOST_TEST(word == ints[row] * Decimal::kOne);
  }
  BOOST_TEST(got == (std::vector<bool>{true, true, true, true, false, true, false, false, false, false, false}));
  // fast_small_i64, the binder's first try: fast_word's value where it decides, and it
  // decides every 32-bit number of fast_word's
  std::vector<std::int64_t> more = ints;
  for (std::int64_t x : {std::int64_t{2147483647}, std::int64_t{-2147483648}, std::int64_t{2147483648}, std::int64_t{-2147483649}, std::int64_t{10},
                         std::int64_t{11}, std::int64_t{-1}})
    more.push_back(x);
  for (int k = 0; k < 100000; ++k) more.push_back(static_cast<std::int64_t>(next()) >> (next() % 64));
  const hoctap::Column more_column = hoctap::Column::int64("n", more.data());
  for (const bool bounded : {false, true}) {
    FieldPlan mp = ip;
    mp.column = &more_column;
    if (bounded) mp.low_units = 0, mp.high_units = 10 * Decimal::kOne;
    const FastRead mr(mp);
    std::size_t small = 0;
    for (std::size_t row = 0; row < more.size(); ++row) {
      std::int64_t word = 0, small_word = 0;
      const bool fast = fast_word<Fast::number_i64>(mr, row, word);
      const bool decided = fast_small_i64(mr, row, small_word);
      if (decided) BOOST_TEST_REQUIRE((fast && small_word == word), "row " << row << ": " << more[row]);
      if (fast && more[row] >= -2147483648LL && more[row] <= 2147483647LL) BOOST_TEST_REQUIRE(decided, "row " << row << ": " << more[row]);
      small += decided;
    }
    BOOST_TEST(small > (bounded ? 1000u : 10000u));
  }
}

BOOST_AUTO_TEST_CASE(a_citizen_at_79_9999999_is_not_recognized_at_80) {
  // 7.9999999 on one indicator was once rounded to 8: 79.9999999 became "recognized, 80".
  auto set = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/cong-dan-hoc-tap/244-2022.yaml"));
  hoctap::Record r;
  r.set("vung", std::string("binh_thuong"));
  for (const auto& n : set.nodes())
    if (n.is_indicator) r.set("score." + n.id, std::int64_t{8});
  r.set("score.tc1_1", hoctap::number_value("7.9999999"));
  auto result = set.evaluate(r, {hoctap_test::day("2023-06-30")});
  BOOST_TEST(result.decision() == hoctap::Decision::not_assessable);
  BOOST_REQUIRE(result.problems().size() == 1u);
  BOOST_TEST(result.problems()[0].en == "`score.tc1_1` = '7.9999999' has more than six decimals (never rounded)");
  double x = 7.9999999;
  hoctap::Batch batch;
  batch.rows = 1;
  batch.columns.push_back(hoctap::Column::float64("score.tc1_1", &x));
  hoctap::BatchOptions o;
  o.assessment_date = hoctap_test::day("2023-06-30");
  o.lang = hoctap::Lang::en;
  auto out = hoctap::evaluate_batch(set, batch, o);
  BOOST_TEST(out.error_texts.at(0) == "`score.tc1_1` = '7.9999999' has more than six decimals (never rounded)");
}

BOOST_AUTO_TEST_CASE(evaluating_needs_a_date_within_the_validity_window) {
  const Corpus& k = corpus();
  hoctap::Record r;
  try {
    k.set.evaluate(r);
    BOOST_FAIL("no exception");
  } catch (const std::invalid_argument& e) {
    BOOST_TEST(std::string(e.what()) ==
               "evaluating `fixture/input-contract` needs an assessment date (the options' assessment_date); none was given, or it was "
               "not a real day written YYYY-MM-DD");
  }
  // A day that does not exist is no date, never today.
  BOOST_CHECK_THROW(k.set.evaluate(r, {hoctap::Date::parse("2023-13-31")}), std::invalid_argument);
  try {
    k.set.evaluate(r, {hoctap_test::day("2031-01-01")});
    BOOST_FAIL("no exception");
  } catch (const std::invalid_argument& e) {
    BOOST_TEST(std::string(e.what()) ==
               "the assessment date 2031-01-01 is outside the validity of `fixture/input-contract` (2020-01-01..2030-12-31); set "
               "outside_validity to judge by it anyway");
  }
  BOOST_TEST(hoctap::internal::tr("evaluate.outside_validity", {"2031-01-01", "fixture/input-contract", "2020-01-01", "2030-12-31"}).vi ==
             "ngày đánh giá 2031-01-01 nằm ngoài thời hạn hiệu lực của `fixture/input-contract` (2020-01-01..2030-12-31); hãy đặt "
             "outside_validity để vẫn đánh giá theo bộ tiêu chí này");
  hoctap::EvaluateOptions anyway;
  anyway.assessment_date = hoctap_test::day("2031-01-01");
  anyway.outside_validity = true;
  BOOST_TEST(k.set.evaluate(r, anyway).audit().assessment_date == hoctap_test::day("2031-01-01"));
  hoctap::Batch batch;
  batch.rows = 0;
  BOOST_CHECK_THROW(hoctap::evaluate_batch(k.set, batch, {}), std::invalid_argument);
  BOOST_CHECK_THROW(hoctap::evaluate_batch(k.set, batch, {hoctap_test::day("2019-12-31")}), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
