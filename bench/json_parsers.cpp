// JSON parsers on the CLI's input: hoctap's own reader (read_json_rows, src/json: it
// builds each line's Record, flattened, with every limit checked), beside nlohmann/json's
// SAX interface and DOM and simdjson (Debian's libsimdjson-dev), which only visit the
// values. Each reads every line of a JSON-lines file; prints MB/s per parser, best of
// the rounds, and checks that each saw as many scalar values. Built only when simdjson is
// found.
//   json_parsers FILE.jsonl [ROUNDS]
#include <simdjson.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "hoctap/json.hpp"

namespace {

// The scalar values a record holds: its fields, and its member lists' members' fields.
std::size_t count(const hoctap::Record& r) {
  std::size_t n = 0;
  for (const auto& field : r.fields()) {
    if (const auto* members = std::get_if<std::vector<hoctap::Record>>(&field.second))
      for (const hoctap::Record& m : *members) n += count(m);
    else
      ++n;
  }
  return n;
}

// Counts the scalars SAX reports (nothing is built).
struct Counter : nlohmann::json_sax<nlohmann::json> {
  std::size_t values = 0;
  bool null() override { return ++values, true; }
  bool boolean(bool) override { return ++values, true; }
  bool number_integer(number_integer_t) override { return ++values, true; }
  bool number_unsigned(number_unsigned_t) override { return ++values, true; }
  bool number_float(number_float_t, const string_t&) override { return ++values, true; }
  bool string(string_t&) override { return ++values, true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }
};

std::size_t count(const nlohmann::json& j) {
  if (j.is_object() || j.is_array()) {
    std::size_t n = 0;
    for (const auto& v : j) n += count(v);
    return n;
  }
  return 1;
}

std::size_t count(simdjson::dom::element e) {
  std::size_t n = 0;
  switch (e.type()) {
    case simdjson::dom::element_type::OBJECT:
      for (auto field : e.get_object()) n += count(field.value);
      return n;
    case simdjson::dom::element_type::ARRAY:
      for (auto v : e.get_array()) n += count(v);
      return n;
    default: return 1;
  }
}

template <typename F>
double best_seconds(int rounds, std::size_t expected, const char* name, F&& f) {
  double best = 1e30;
  for (int r = 0; r < rounds; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::size_t n = f();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (n != expected) {
      std::fprintf(stderr, "%s counted %zu values, expected %zu\n", name, n, expected);
      std::exit(1);
    }
    best = std::min(best, s);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: json_parsers FILE.jsonl [ROUNDS]\n");
    return 2;
  }
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  std::vector<std::string_view> lines;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    if (nl > pos) lines.emplace_back(text.data() + pos, nl - pos);
    pos = nl + 1;
  }
  Counter first;
  for (std::string_view l : lines) nlohmann::json::sax_parse(l.begin(), l.end(), &first);
  const std::size_t expected = first.values;
  const double mb = static_cast<double>(text.size()) / 1e6;
  const double sax = best_seconds(rounds, expected, "nlohmann SAX", [&] {
    Counter c;
    for (std::string_view l : lines) nlohmann::json::sax_parse(l.begin(), l.end(), &c);
    return c.values;
  });
  const double dom = best_seconds(rounds, expected, "nlohmann DOM", [&] {
    std::size_t n = 0;
    for (std::string_view l : lines) n += count(nlohmann::json::parse(l.begin(), l.end()));
    return n;
  });
  const double own = best_seconds(rounds, expected, "hoctap read_json_rows", [&] {
    std::size_t n = 0;
    std::istringstream stream(text);
    hoctap::read_json_rows(stream, hoctap::JsonFormat::lines, [&](hoctap::JsonRow& row) {
      if (!row.code.empty()) std::exit(1);
      n += count(row.record);
    });
    return n;
  });
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(text);
  const double simd = best_seconds(rounds, expected, "simdjson", [&] {
    std::size_t n = 0;
    simdjson::dom::document_stream docs;
    if (parser.parse_many(padded).get(docs)) std::exit(1);
    for (auto doc : docs) {
      simdjson::dom::element e;
      if (doc.get(e)) std::exit(1);
      n += count(e);
    }
    return n;
  });
  std::printf("%zu lines, %.1f MB, %zu values; best of %d rounds\n", lines.size(), mb, expected, rounds);
  std::printf("hoctap records %8.1f MB/s  (builds each record)\n", mb / own);
  std::printf("nlohmann SAX   %8.1f MB/s\n", mb / sax);
  std::printf("nlohmann DOM   %8.1f MB/s\n", mb / dom);
  std::printf("simdjson DOM   %8.1f MB/s  (%.1fx nlohmann SAX)\n", mb / simd, sax / simd);
}
