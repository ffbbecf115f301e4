// hoctap/json.hpp: entity records read from JSON text.
//
//   hoctap::JsonRow one = hoctap::read_json_record(R"({"id": "a", "score": {"tc1_1": 8}})");
//   if (!one.code.empty()) std::cerr << one.error << "\n";
//
//   std::ifstream in("citizens.jsonl");
//   hoctap::read_json_rows(in, hoctap::JsonFormat::detect, [&](hoctap::JsonRow& row) { ... });
//
// A record is a JSON object. Nested objects are flattened with dots (`score: {tc1_1: 8}`
// becomes `score.tc1_1`); an array of objects is a member list. Input is read as a stream:
// one record at a time, whether it comes as JSON lines or as the elements of one array,
// so memory holds one record, never the whole input. Everything a record may hold is
// bounded (`JsonLimits`); a record past a bound, or not valid JSON, is a row with an
// error code and the place of the fault (line and character), and the rows after it are
// still read: in JSON lines from the next line, in an array from its next element. Numbers
// are kept as their text until the input contract reads them (docs/input-contract.md), so
// one beyond any range (1e309) is a data problem on its field, not a broken record.
#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <string>
#include <string_view>

#include "hoctap/export.hpp"
#include "hoctap/value.hpp"
#include "hoctap/version.hpp"

HOCTAP_NAMESPACE_BEGIN

// Bounds on one record. A record past one of them is an error row (codes in
// docs/diagnostics.md, "Input records").
struct JsonLimits {
  std::size_t max_depth = 64;                 // nesting of objects and arrays in a record (json_too_deep)
  std::size_t max_keys = 10000;               // fields of one record or member, after flattening (json_too_many_keys)
  std::size_t max_members = 100000;           // records in one member list (json_too_many_members)
  std::size_t max_record_bytes = 16u << 20;   // text of one record: a line, or an array's element (json_too_large)
  // A field's name with the names it is nested in (`score.tc1_1`, `tre_em[2].tuoi`), in
  // bytes (json_name_too_long): every field keeps its whole name, so a long one repeated
  // over many fields would otherwise cost their product in memory and time.
  std::size_t max_name_bytes = 256;
};

// One record read from JSON, or why it could not be read.
struct JsonRow {
  std::size_t row = 0;  // 0-based position in the input (blank lines are not rows)
  std::string id;       // the record's `id` field as text, when it has one
  Record record;
  std::string code;     // empty when the record was read; otherwise json_syntax, json_not_object, ...
  std::string error;    // what is wrong, in English, naming the field at fault
  std::string error_vi; // the same in Vietnamese
  // Where it is in the input, 1-based: for an error row, the line and the character (code
  // point) in that line where reading failed (column 0 when the fault is the record as a
  // whole, such as its size); for a record read, the line it starts on. 0 when not known.
  // `error` does not repeat them: whoever shows the row places it (the CLI writes
  // `"line":4,"column":11` and starts the message with the line and character).
  std::size_t line = 0;
  std::size_t column = 0;
};

// Reads one JSON text that must be one object (a UTF-8 byte order mark before it is
// skipped). Its `error` is whole in itself: a syntax error ends with its line and
// character in the text, `(line 1, character 9)`.
HOCTAP_API JsonRow read_json_record(std::string_view text, const JsonLimits& limits = JsonLimits());

enum class JsonFormat {
  lines,     // JSON lines: one object per line; a bad line is that row's error, the next line is read
  document,  // one JSON document: an object (one record) or an array of them, read element by element
  detect,    // an array if the input starts with `[`, else JSON lines; a first line that is
             // an incomplete value (a pretty-printed object) makes the input one document,
             // unless every line after it is a whole JSON object on its own (JSON lines whose
             // first line is broken: no valid document ends so). To decide, the lines after
             // such a first line are read ahead, at most `max_record_bytes` of them.
};

// Reads records from `in` and calls `on_row` for each as soon as it is read (before the
// next is read: a process writing one line at a time gets its answer before it writes
// the next). A UTF-8 byte order mark at the start of the input is skipped. In JSON lines
// a bad line is its row and the next line is read; in an array a bad element is its row
// and reading resumes at the next element (the element ends at the first `,` or `]`
// outside its strings and brackets; a string never runs past the end of its line). What
// cannot be read as elements is a row too, saying how many bytes were not read: text
// after the array's `]`, or an array whose `]` never comes. An input with no record at
// all (empty, blank, `[]`) hands over no row: the caller says so. Returns the number of
// rows handed over.
HOCTAP_API std::size_t read_json_rows(std::istream& in, JsonFormat format,
                                      const std::function<void(JsonRow&)>& on_row,
                                      const JsonLimits& limits = JsonLimits());

HOCTAP_NAMESPACE_END
