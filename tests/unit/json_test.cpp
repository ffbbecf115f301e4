// Records read from JSON (src/json): flattening, member lists, the one scalar conversion,
// streaming (rows handed over before the next is read) and every limit, each with its code.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <sstream>

#include "helpers.hpp"
#include "hoctap/criteria.hpp"
#include "hoctap/result.hpp"
#include "json/json.hpp"
#include "util/text.hpp"

namespace {

std::vector<hoctap::JsonRow> rows_of(const std::string& text, hoctap::JsonFormat format,
                                     const hoctap::JsonLimits& limits = hoctap::JsonLimits()) {
  std::istringstream in(text);
  std::vector<hoctap::JsonRow> rows;
  std::size_t n = hoctap::read_json_rows(in, format, [&](hoctap::JsonRow& r) { rows.push_back(std::move(r)); }, limits);
  BOOST_TEST(n == rows.size());
  return rows;
}

// code:error of each row, or "ok" for a row that was read.
std::string outcomes(const std::vector<hoctap::JsonRow>& rows) {
  std::string out;
  for (const auto& r : rows) out += (out.empty() ? "" : " | ") + std::to_string(r.row) + ":" + (r.code.empty() ? "ok" : r.code + ":" + r.error);
  return out;
}

// line:column of each row (for a record read, the line it starts on and 0).
std::string places(const std::vector<hoctap::JsonRow>& rows) {
  std::string out;
  for (const auto& r : rows) out += (out.empty() ? "" : " ") + std::to_string(r.line) + ":" + std::to_string(r.column);
  return out;
}

std::string nested(std::size_t depth) {
  std::string s;
  for (std::size_t i = 0; i < depth; ++i) s += "{\"a\":";
  s += "1";
  s += std::string(depth, '}');
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json)

BOOST_AUTO_TEST_CASE(flattens_objects_and_reads_member_lists) {
  auto row = hoctap::read_json_record(R"({"id": 7, "score": {"tc1_1": 8, "x": {"y": true}}, "tre_em": [{"tuoi": 9}, {"tuoi": 12.5}], "n": null})");
  BOOST_TEST_REQUIRE(row.code.empty(), row.error);
  BOOST_TEST(row.id == "7");
  BOOST_TEST(std::get<std::int64_t>(*row.record.find("score.tc1_1")) == 8);
  BOOST_TEST(std::get<bool>(*row.record.find("score.x.y")));
  BOOST_TEST(std::holds_alternative<std::monostate>(*row.record.find("n")));
  const auto& kids = std::get<std::vector<hoctap::Record>>(*row.record.find("tre_em"));
  BOOST_TEST_REQUIRE(kids.size() == 2u);
  BOOST_TEST(std::get<hoctap::Decimal>(*kids[1].find("tuoi")) == hoctap::Decimal::from_units(12500000));
  BOOST_TEST(row.record.size() == 5u);
}

BOOST_AUTO_TEST_CASE(a_scalar_becomes_a_value_in_one_place_with_the_number_text_at_hand) {
  hoctap::internal::JsonScalar s;
  s.kind = hoctap::internal::JsonScalar::Kind::number;
  s.text = "0.3";  // a double would make it 0.30000000000000004
  hoctap::Value v;
  BOOST_TEST(hoctap::internal::json_scalar_value(s, "x", v).en.empty());
  BOOST_TEST(std::get<hoctap::Decimal>(v) == hoctap::Decimal::from_units(300000));
  s.text = "18446744073709551615";
  // Beyond range: the number's text, which the input contract refuses for a number input
  // (out_of_range, showing it), as it refuses 7.9999999 (too_many_decimals), never rounded.
  BOOST_TEST(hoctap::internal::json_scalar_value(s, "tre_em[0].tuoi", v).en.empty());
  BOOST_TEST(std::get<std::string>(v) == "18446744073709551615");
  auto row = hoctap::read_json_record(R"({"tre_em": [{"tuoi": 1e20}], "x": 7.9999999, "y": 1.5e1})");
  BOOST_TEST(row.code.empty());
  BOOST_TEST(std::get<std::string>(*std::get<std::vector<hoctap::Record>>(*row.record.find("tre_em"))[0].find("tuoi")) == "1e20");
  BOOST_TEST(std::get<std::string>(*row.record.find("x")) == "7.9999999");
  BOOST_TEST(std::get<std::int64_t>(*row.record.find("y")) == 15);
}

BOOST_AUTO_TEST_CASE(bad_records_are_rows_with_codes_and_the_next_line_is_read) {
  auto rows = rows_of("{\"id\":\"a\",\"x\":1}\n\n{not json\n[1]\n42\n{\"a\":1,\"a\":2}\n{\"m\":[1]}\n{\"x\":1} trailing\n{\"id\":\"z\"}\n",
                      hoctap::JsonFormat::lines);
  BOOST_TEST(outcomes(rows) ==
             "0:ok | 1:json_syntax:not valid JSON: expected a field name in double quotes, found `not`"
             " | 2:json_not_object:a record must be a JSON object | 3:json_not_object:a record must be a JSON object"
             " | 4:json_duplicate_key:`a` is given twice | 5:json_bad_member:`m[0]` must be an object"
             " | 6:json_syntax:not valid JSON: expected the end of the line, found `trailing` | 7:ok");
  // Each fault's line (blank lines counted) and character; a record read: its line.
  BOOST_TEST(places(rows) == "1:0 3:2 4:1 5:1 6:8 7:7 8:9 9:0");
  BOOST_TEST(rows[0].id == "a");
  BOOST_TEST(rows[7].id == "z");
}

BOOST_AUTO_TEST_CASE(detect_reads_an_array_lines_or_one_pretty_printed_object) {
  BOOST_TEST(outcomes(rows_of("  [ {\"a\":1},\n 5, {\"b\":2} ]\n", hoctap::JsonFormat::detect)) ==
             "0:ok | 1:json_not_object:a record must be a JSON object | 2:ok");
  BOOST_TEST(outcomes(rows_of("{\"a\":1}\n{\"a\":2}\n", hoctap::JsonFormat::detect)) == "0:ok | 1:ok");
  auto one = rows_of("\n{\n  \"a\": 1,\n  \"b\": [ {\"c\": 2} ]\n}\n", hoctap::JsonFormat::detect);
  BOOST_TEST(outcomes(one) == "0:ok");
  BOOST_TEST(one[0].record.size() == 2u);
  // An input with no record hands over no row, in every format: the caller says so.
  for (auto format : {hoctap::JsonFormat::detect, hoctap::JsonFormat::lines, hoctap::JsonFormat::document})
    for (const char* none : {"", " \n\r\n\t", "\xEF\xBB\xBF", "\xEF\xBB\xBF\n"}) BOOST_TEST(rows_of(none, format).empty());
  BOOST_TEST(rows_of("[]", hoctap::JsonFormat::detect).empty());
  BOOST_TEST(rows_of("\n [ \n ] \n", hoctap::JsonFormat::document).empty());
}

// A first line that leaves a value open is a pretty-printed document's, unless every line
// after it is a whole JSON object: then the input is JSON lines whose first line is
// broken, and the records after it are read (a valid document never ends so: its last line
// closes what the first opened).
BOOST_AUTO_TEST_CASE(detect_reads_json_lines_whose_first_line_is_broken_as_lines) {
  auto rows = rows_of("{\"id\":\"a\",\"x\":1\n{\"id\":\"b\",\"x\":2}\n\n{\"id\":\"c\",\"x\":3}\n", hoctap::JsonFormat::detect);
  BOOST_TEST(outcomes(rows) == "0:json_syntax:not valid JSON: expected `,` or `}`, found the end of the line | 1:ok | 2:ok");
  BOOST_TEST(places(rows) == "1:16 2:0 4:0");
  BOOST_TEST((rows.size() == 3u && rows[2].id == "c"));
  BOOST_TEST(outcomes(rows_of("{\"a\":[1,\r\n{\"b\":2}\r\n{\"c\":3}", hoctap::JsonFormat::detect)) ==
             "0:json_syntax:not valid JSON: expected a value, found the end of the line | 1:ok | 2:ok");
  // A document whose inner lines are whole objects still ends with a line that is not one.
  rows = rows_of("{\"tre_em\": [\n{\"tuoi\": 9},\n{\"tuoi\": 12}\n]}\n", hoctap::JsonFormat::detect);
  BOOST_TEST(outcomes(rows) == "0:ok");
  BOOST_TEST(std::get<std::vector<hoctap::Record>>(*rows[0].record.find("tre_em")).size() == 2u);
  BOOST_TEST(outcomes(rows_of("{\"a\":\n{\"b\":1}\n}", hoctap::JsonFormat::detect)) == "0:ok");
  // A line after it that is no whole object: one document, whose fault is placed in it.
  rows = rows_of("{\"id\":\"a\",\"x\":1\n{\"id\":\"b\",\"x\":2}\n{\"id\":\"c\",\n", hoctap::JsonFormat::detect);
  BOOST_TEST(outcomes(rows) == "0:json_syntax:not valid JSON: expected `,` or `}`, found `{`");
  BOOST_TEST(places(rows) == "2:1");
  // A first line that is the whole input, without a final line end: its fault is where it ends.
  rows = rows_of("{\"a\":1", hoctap::JsonFormat::detect);
  BOOST_TEST(outcomes(rows) == "0:json_syntax:not valid JSON: expected `,` or `}`, found the end of the input");
  BOOST_TEST(places(rows) == "1:7");
  // Read ahead at most a record's bytes: past them, as a document the input could only be
  // refused whole, and it is read as lines.
  hoctap::JsonLimits limits;
  limits.max_record_bytes = 64;
  std::string many = "{\"a\":1\n";
  for (int i = 0; i < 20; ++i) many += "{\"b\":" + std::to_string(i) + "}\n";
  rows = rows_of(many + "}\n", hoctap::JsonFormat::detect, limits);
  BOOST_TEST_REQUIRE(rows.size() == 22u);
  BOOST_TEST(rows[0].code == "json_syntax");
  BOOST_TEST(std::get<std::int64_t>(*rows[20].record.find("b")) == 19);
  BOOST_TEST(rows[21].error == "not valid JSON: expected a value, found `}`");
}

BOOST_AUTO_TEST_CASE(an_array_resumes_at_the_next_element_after_a_bad_one) {
  auto rows = rows_of(R"([{"id":"a","so":5},{"id":"b","so":bad},{"id":"c","so":6}])", hoctap::JsonFormat::detect);
  BOOST_TEST(outcomes(rows) == "0:ok | 1:json_syntax:not valid JSON: expected a value, found `bad` | 2:ok");
  BOOST_TEST(places(rows) == "1:0 1:35 1:0");
  BOOST_TEST(rows[2].id == "c");
  BOOST_TEST(std::get<std::int64_t>(*rows[2].record.find("so")) == 6);
  // A pretty-printed array: an element's brackets and strings are followed to find its end
  // (`,` and `]` inside them end nothing); a string left open ends at its line's end,
  // placed at its opening quote.
  rows = rows_of("[\n  {\"id\": \"a\", \"m\": [{\"x\": \"],\"}]},\n  {\"id\": \"b\", \"chu\": \"no end},\n   \"so\": 1},\n"
                 "  {\"id\": \"c\"},\n  {\"id\": \"d\"}}},\n  7,\n  {\"id\": \"e\"}\n]\n",
                 hoctap::JsonFormat::document);
  BOOST_TEST(outcomes(rows) ==
             "0:ok | 1:json_syntax:not valid JSON: the string opened here is not closed before the end of the line (a line break inside a string is written \\n)"
             " | 2:ok | 3:json_syntax:not valid JSON: expected `,` or `]` after the record, found `}`"
             " | 4:json_not_object:a record must be a JSON object | 5:ok");
  BOOST_TEST(places(rows) == "2:0 3:22 5:0 6:14 7:3 8:0");
  // A string left open, or a bracket closed by the other kind, leaves the element's brackets
  // unbalanced (the `{` of `{"id":"a"` stays open): it also ends before a line that starts
  // with `{`, so the records after it are still judged.
  for (const char* broken : {"[{\"id\":\"a\",\"x\":\"oops},\n {\"id\":\"b\"},\n {\"id\":\"c\"}]", "[{\"x\":[1,2},\n{\"id\":\"b\"},\n{\"id\":\"c\"}]"}) {
    rows = rows_of(broken, hoctap::JsonFormat::document);
    BOOST_TEST_REQUIRE(rows.size() == 3u, broken);
    BOOST_TEST(rows[0].code == "json_syntax");
    BOOST_TEST(rows[1].code.empty());
    BOOST_TEST(rows[1].id == "b");
    BOOST_TEST(rows[2].id == "c");
    BOOST_TEST(places(rows).substr(places(rows).find(' ')) == " 2:0 3:0", broken);
  }
  // An empty element, and one after the last `,`, are rows: nothing is skipped in silence.
  BOOST_TEST(outcomes(rows_of("[,{\"a\":1},]", hoctap::JsonFormat::document)) ==
             "0:json_syntax:not valid JSON: expected a value, found `,` | 1:ok"
             " | 2:json_syntax:not valid JSON: expected a value, found `]`");
}

BOOST_AUTO_TEST_CASE(an_array_that_cannot_be_cut_into_elements_says_what_was_not_read) {
  // Text after the array's `]`: how many bytes were not read.
  auto rows = rows_of("[{\"a\":1}]\n{\"a\":2}\n", hoctap::JsonFormat::detect);
  BOOST_TEST(outcomes(rows) ==
             "0:ok | 1:json_syntax:not valid JSON: expected the end of the input after the array's `]`, found `{`:"
             " the 7 bytes from there on were not read");
  BOOST_TEST(places(rows) == "1:0 2:1");
  // No `]` at all: after a whole element, a row says so; a cut element says what it lacks.
  BOOST_TEST(outcomes(rows_of("[{\"a\":1}, {\"a\":2}\n", hoctap::JsonFormat::document)) ==
             "0:ok | 1:ok | 2:json_syntax:not valid JSON: the array is not closed: the input ends before its `]`");
  BOOST_TEST(outcomes(rows_of("[{\"a\":1},{\"a\":", hoctap::JsonFormat::document)) ==
             "0:ok | 1:json_syntax:not valid JSON: expected a value, found the end of the input");
  // A string never closed on a one-line array swallows the rest: the bytes are counted.
  BOOST_TEST(outcomes(rows_of(R"([{"a":"x},{"id":"b"},{"id":"c"}])", hoctap::JsonFormat::document)) ==
             "0:json_syntax:not valid JSON: expected `,` or `}`, found `id`; no `,` or `]` ends this record before the end of"
             " the input, so the 20 bytes from here to the end were read as this record");
}

// A count of bytes read into a record or left unread is the same for LF and CRLF line
// ends: `\r\n` counts as one, and the line end and blank lines that end the input count
// for nothing.
BOOST_AUTO_TEST_CASE(bytes_counted_to_the_end_are_the_same_for_lf_and_crlf) {
  const std::string taken = "0:json_syntax:not valid JSON: expected `,` or `}`, found `id`; no `,` or `]` ends this record"
                            " before the end of the input, so the 20 bytes from here to the end were read as this record";
  const std::string one_line = R"([{"a":"x},{"id":"b"},{"id":"c"}])";
  for (const std::string end : {"", "\n", "\r\n", "\r\n\r\n"})
    BOOST_TEST(outcomes(rows_of(one_line + end, hoctap::JsonFormat::document)) == taken, "ends with " << end.size() << " bytes");
  const auto crlf = rows_of(one_line + "\r\n", hoctap::JsonFormat::document);
  BOOST_TEST_REQUIRE(crlf.size() == 1u);
  BOOST_TEST(crlf[0].error_vi ==
             "không phải JSON hợp lệ: cần `,` hoặc `}`, nhưng gặp `id`; không có `,` hay `]` nào kết thúc bản ghi này trước cuối"
             " dữ liệu vào, nên 20 byte từ đây tới cuối đã bị đọc như bản ghi này");
  // Over several lines, each line end counts once.
  const std::string open_object = "0:json_syntax:not valid JSON: expected a field name in double quotes, found `{`; no `,` or `]`"
                                  " ends this record before the end of the input, so the 23 bytes from here to the end were read"
                                  " as this record";
  BOOST_TEST(outcomes(rows_of("[{\"a\":1,\n{\"id\":\"b\"},\n{\"id\":\"c\"}]\n", hoctap::JsonFormat::document)) == open_object);
  BOOST_TEST(outcomes(rows_of("[{\"a\":1,\r\n{\"id\":\"b\"},\r\n{\"id\":\"c\"}]\r\n", hoctap::JsonFormat::document)) == open_object);
  // After the array's `]` alike.
  const std::string after = "0:ok | 1:json_syntax:not valid JSON: expected the end of the input after the array's `]`, found `{`:"
                            " the 15 bytes from there on were not read";
  BOOST_TEST(outcomes(rows_of("[{\"a\":1}]\n{\"a\":2}\n{\"a\":3}\n", hoctap::JsonFormat::document)) == after);
  BOOST_TEST(outcomes(rows_of("[{\"a\":1}]\r\n{\"a\":2}\r\n{\"a\":3}\r\n", hoctap::JsonFormat::document)) == after);
}

BOOST_AUTO_TEST_CASE(numbers_beyond_any_range_are_kept_as_their_text) {
  // A valid JSON number is a value whatever its size: its text, which the input contract
  // refuses for a number input (out_of_range), as it refuses 1e20.
  const std::string digits(5000000, '7');
  auto row = hoctap::read_json_record(R"({"id":"c1","a":1e309,"b":-1e309,"c":1e400,"d":1e+2147483648,"e":-0.0e-99999,"f":)" + digits + "}");
  BOOST_TEST_REQUIRE(row.code.empty(), row.error);
  BOOST_TEST(std::get<std::string>(*row.record.find("a")) == "1e309");
  BOOST_TEST(std::get<std::string>(*row.record.find("b")) == "-1e309");
  BOOST_TEST(std::get<std::string>(*row.record.find("c")) == "1e400");
  BOOST_TEST(std::get<std::string>(*row.record.find("d")) == "1e+2147483648");
  BOOST_TEST(std::get<std::string>(*row.record.find("f")) == digits);
  auto rows = rows_of("{\"so\":1e309}\n[{\"so\":1e309}]\n", hoctap::JsonFormat::lines);
  BOOST_TEST(outcomes(rows) == "0:ok | 1:json_not_object:a record must be a JSON object");
  BOOST_TEST(outcomes(rows_of("[{\"so\":1e309},{\"so\":-1e400}]", hoctap::JsonFormat::detect)) == "0:ok | 1:ok");
  // What is no JSON number stays refused, whole: `01`, `1.`, `-`, `.5`, `1e`, `0x10`.
  for (const char* bad : {"01", "1.", "-", "1e", "0x10", "1.5.2", "-.5"})
    BOOST_TEST(hoctap::read_json_record(std::string("{\"so\":") + bad + "}").error ==
               std::string("the input is not valid JSON: `") + bad + "` is not a JSON number (line 1, character 7)");
  BOOST_TEST(hoctap::read_json_record(R"({"so":.5})").error ==
             "the input is not valid JSON: expected a value, found `.5` (line 1, character 7)");
}

// A message shows the word at fault whole, Vietnamese letters included (precomposed or
// with a combining mark); a character that is no letter is shown alone.
BOOST_AUTO_TEST_CASE(a_word_at_fault_is_shown_whole_with_its_vietnamese_letters) {
  BOOST_TEST(hoctap::read_json_record("{\"so\":12ắ}").error ==
             "the input is not valid JSON: `12ắ` is not a JSON number (line 1, character 7)");
  BOOST_TEST(hoctap::read_json_record("{\"so\":7đ5}").error ==
             "the input is not valid JSON: `7đ5` is not a JSON number (line 1, character 7)");
  BOOST_TEST(hoctap::read_json_record("{\"a\":đúng}").error ==
             "the input is not valid JSON: expected a value, found `đúng` (line 1, character 6)");
  BOOST_TEST(hoctap::read_json_record("{\"a\":trueơ}").error ==
             "the input is not valid JSON: expected a value, found `trueơ` (line 1, character 6)");
  BOOST_TEST(hoctap::read_json_record("{\"a\":co\xCC\x81}").error ==  // `có` written with U+0301
             "the input is not valid JSON: expected a value, found `co\xCC\x81` (line 1, character 6)");
  BOOST_TEST(hoctap::read_json_record("{\"so\":1€}").error ==
             "the input is not valid JSON: expected `,` or `}`, found `€` (line 1, character 8)");
  BOOST_TEST(hoctap::read_json_record("{\"so\":1×2}").error ==
             "the input is not valid JSON: expected `,` or `}`, found `×` (line 1, character 8)");
}

// A message quotes at most 24 bytes of the input, in whole characters: a character that
// would be cut in two is left out (never a byte that is not UTF-8 in a message), and `…`
// says the word goes on.
BOOST_AUTO_TEST_CASE(a_quoted_word_is_cut_at_a_whole_character) {
  const std::string ascii = "1234567890123456789012";  // 22 bytes: `ắ` takes bytes 23 to 25
  const hoctap::JsonRow row = hoctap::read_json_record("{\"so\":" + ascii + "ắắ}");
  BOOST_TEST(row.error == "the input is not valid JSON: `" + ascii + "…` is not a JSON number (line 1, character 7)");
  BOOST_TEST(row.error_vi == "dữ liệu vào không phải JSON hợp lệ: `" + ascii + "…` không phải một số JSON (dòng 1, ký tự 7)");
  BOOST_TEST(!hoctap::internal::find_invalid_utf8(row.error).has_value());
  // The character that ends at byte 24 is kept whole.
  const hoctap::JsonRow fits = hoctap::read_json_record("{\"so\":" + ascii.substr(1) + "ắắ}");
  BOOST_TEST(fits.error == "the input is not valid JSON: `" + ascii.substr(1) + "ắ…` is not a JSON number (line 1, character 7)");
  // In JSON lines and after an array's `]` too.
  BOOST_TEST(outcomes(rows_of("{\"a\":" + ascii + "ắ}\n", hoctap::JsonFormat::lines)) ==
             "0:json_syntax:not valid JSON: `" + ascii + "…` is not a JSON number");
  BOOST_TEST(outcomes(rows_of("[{\"a\":1}] " + ascii + "ắ", hoctap::JsonFormat::document)) ==
             "0:ok | 1:json_syntax:not valid JSON: expected the end of the input after the array's `]`, found `" + ascii +
                 "…`: the 25 bytes from there on were not read");
}

// A JSON number's length alone never decides: `1` and 44 zeros `e-44` is 1, and 7.5 with
// 4,001 zeros is 7.5. One with a digit past the sixth decimal, or beyond range, stays its
// text and gets the input contract's words for every such number, whatever its length.
BOOST_AUTO_TEST_CASE(a_number_is_read_whatever_its_length) {
  const std::string zeros(44, '0'), decimals(4001, '0');
  const hoctap::JsonRow row = hoctap::read_json_record("{\"a\":1" + zeros + "e-44,\"b\":7.5" + decimals + ",\"c\":-1" + zeros + ".0E-44}");
  BOOST_TEST_REQUIRE(row.code.empty(), row.error);
  const auto* a = std::get_if<std::int64_t>(row.record.find("a"));
  const auto* b = std::get_if<hoctap::Decimal>(row.record.find("b"));
  const auto* c = std::get_if<std::int64_t>(row.record.find("c"));
  BOOST_TEST((a && *a == 1));
  BOOST_TEST((b && *b == hoctap::Decimal::from_units(7500000)));
  BOOST_TEST((c && *c == -1));
  const hoctap::CriteriaSet set = hoctap::CriteriaSet::load(hoctap_test::source_path("tests/data/input-contract/contract.yaml"));
  const auto problem = [&](const std::string& number) {
    const hoctap::JsonRow r = hoctap::read_json_record("{\"so\":" + number + "}");
    const hoctap::Result result = set.evaluate(r.record, {hoctap::Date::parse("2023-06-30")});
    BOOST_TEST_REQUIRE(result.problems().size() == 1u);
    return result.problems()[0].en + " | " + result.problems()[0].vi;
  };
  const std::string shown = "0.1" + std::string(57, '0') + "…";  // 60 bytes of it
  BOOST_TEST(problem("0.1" + decimals + "1") == "`so` = '" + shown + "' has more than six decimals (never rounded)"
                                                " | `so` = '" + shown + "' có quá sáu chữ số thập phân (không được làm tròn)");
  BOOST_TEST(problem("2" + zeros) == "`so` = '2" + zeros + "' is beyond ±9·10^12 | `so` = '2" + zeros + "' vượt quá giới hạn ±9·10^12");
}

BOOST_AUTO_TEST_CASE(a_nul_byte_is_a_byte_out_of_place_not_the_end) {
  const std::string text("{\"vung\":\"binh_thuong\"}\0junk", 27);
  auto one = hoctap::read_json_record(text);
  BOOST_TEST(one.code == "json_syntax");
  BOOST_TEST(one.error == "the input is not valid JSON: expected the end of the input, found control character U+0000 (line 1, character 23)");
  BOOST_TEST(one.error_vi == "dữ liệu vào không phải JSON hợp lệ: cần kết thúc dữ liệu vào, nhưng gặp ký tự điều khiển U+0000 (dòng 1, ký tự 23)");
  BOOST_TEST(outcomes(rows_of(text + "\n" + std::string("{\"a\":\"x\0\"}\n", 11), hoctap::JsonFormat::lines)) ==
             "0:json_syntax:not valid JSON: expected the end of the line, found control character U+0000"
             " | 1:json_syntax:not valid JSON: control character U+0000 inside a string: write it as the escape \\u0000");
  BOOST_TEST(outcomes(rows_of(std::string("[{\"a\":1}]\0", 10), hoctap::JsonFormat::document)) ==
             "0:ok | 1:json_syntax:not valid JSON: expected the end of the input after the array's `]`,"
             " found control character U+0000: the 1 bytes from there on were not read");
  // Escaped, a NUL is a character of the text like any other.
  BOOST_TEST(hoctap::read_json_record(R"({"a":"x\u0000y"})").code.empty());
}

BOOST_AUTO_TEST_CASE(a_name_given_twice_is_refused_whatever_its_values) {
  for (const char* text : {R"({"score":{"tc1_1":8},"score":{"tc1_2":8}})", R"({"score":5,"score":{"tc1_1":8}})",
                           R"({"score":{"tc1_1":8},"score":[]})", R"({"m":[{"a":{"b":1},"a":{"c":1}}]})"}) {
    auto row = hoctap::read_json_record(text);
    BOOST_TEST(row.code == "json_duplicate_key", text);
    BOOST_TEST((row.error == "`score` is given twice" || row.error == "`m[0].a` is given twice"), row.error);
  }
  auto rows = rows_of("{\"id\":\"x\",\"s\":{\"a\":1},\n\"s\":{\"b\":2}}\n", hoctap::JsonFormat::detect);
  BOOST_TEST(outcomes(rows) == "0:json_duplicate_key:`s` is given twice");
  BOOST_TEST(places(rows) == "2:1");  // at the second name
  BOOST_TEST(rows[0].id == "x");
}

BOOST_AUTO_TEST_CASE(a_byte_order_mark_starts_any_input) {
  const std::string bom = "\xEF\xBB\xBF";
  BOOST_TEST(outcomes(rows_of(bom + R"([{"id":"a","so":5}])", hoctap::JsonFormat::detect)) == "0:ok");
  BOOST_TEST(outcomes(rows_of(bom + " [{\"a\":1}]", hoctap::JsonFormat::document)) == "0:ok");
  BOOST_TEST(outcomes(rows_of(bom + "{\"a\":1}\n{\"a\":2}\n", hoctap::JsonFormat::lines)) == "0:ok | 1:ok");
  BOOST_TEST(outcomes(rows_of(bom + "{\n\"a\":1}\n", hoctap::JsonFormat::detect)) == "0:ok");
  BOOST_TEST(hoctap::read_json_record(bom + "{\"a\":1}").code.empty());
  // Anywhere else it is a character out of place.
  auto rows = rows_of("{\"a\":1}\n" + bom + "{\"a\":2}\n", hoctap::JsonFormat::lines);
  BOOST_TEST(outcomes(rows) == "0:ok | 1:json_syntax:not valid JSON: expected a value, found a byte order mark (U+FEFF)");
  BOOST_TEST(places(rows) == "1:0 2:1");
}

BOOST_AUTO_TEST_CASE(errors_say_their_line_and_character) {
  auto rows = rows_of("{\"id\":\"a\"}\n\n\n{\"id\":\"b\",}\n", hoctap::JsonFormat::detect);
  BOOST_TEST(outcomes(rows) == "0:ok | 1:json_syntax:not valid JSON: expected a field name in double quotes, found `}`");
  BOOST_TEST(places(rows) == "1:0 4:11");
  BOOST_TEST(rows[1].error_vi == "không phải JSON hợp lệ: cần một tên trường trong dấu nháy kép, nhưng gặp `}`");
  // Characters, not bytes: `ễ` is one.
  BOOST_TEST(places(rows_of("{\"tên\":\"Nguyễn\" 1}\n", hoctap::JsonFormat::lines)) == "1:17");
  // In a pretty-printed record and in an array, the place is the input's.
  BOOST_TEST(places(rows_of("{\n  \"a\": 1,\n  \"b\": tru\n}\n", hoctap::JsonFormat::detect)) == "3:8");
  BOOST_TEST(places(rows_of("  [ {\"a\":1},\n    {\"a\":\"\\q\"} ]", hoctap::JsonFormat::detect)) == "1:0 2:11");
  auto one = hoctap::read_json_record("{\"id\": \n \"a\", \"x\": [1,]}");
  BOOST_TEST(one.error == "the input is not valid JSON: expected a value, found `]` (line 2, character 15)");
  BOOST_TEST(one.error_vi == "dữ liệu vào không phải JSON hợp lệ: cần một giá trị, nhưng gặp `]` (dòng 2, ký tự 15)");
  BOOST_TEST(hoctap::read_json_record(R"({"a":"\uD800"})").error ==
             "the input is not valid JSON: `\\uD800` is half of a UTF-16 surrogate pair, without its other half (line 1, character 7)");
  BOOST_TEST(hoctap::read_json_record("{\"a\":\"\xFF\"}").error ==
             "the input is not valid JSON: bytes that are not UTF-8 (\\xFF) (line 1, character 7)");
  BOOST_TEST(hoctap::read_json_record(R"({"a":"x)").error ==
             "the input is not valid JSON: the string opened here is not closed before the end of the input (line 1, character 6)");
}

// Every escape JSON has decodes to its character, \u escapes to UTF-8 of one to four bytes
// (a pair of UTF-16 surrogates to one character); half a pair is refused.
BOOST_AUTO_TEST_CASE(escapes_decode_to_their_characters) {
  const auto row = hoctap::read_json_record(
      R"({"a": "\"\\\/\b\f\n\r\t.", "b": "\u0041\u00e0\u1ea1", "c": "\ud83d\ude00 \uD834\uDD1E", "d": "Nguy\u1ec5n V\u0103n"})");
  BOOST_TEST_REQUIRE(row.code.empty(), row.error);
  BOOST_TEST(std::get<std::string>(*row.record.find("a")) == "\"\\/\b\f\n\r\t.");
  BOOST_TEST(std::get<std::string>(*row.record.find("b")) == "A\xC3\xA0\xE1\xBA\xA1");  // A à ạ
  BOOST_TEST(std::get<std::string>(*row.record.find("c")) == "\xF0\x9F\x98\x80 \xF0\x9D\x84\x9E");  // 😀 𝄞
  BOOST_TEST(std::get<std::string>(*row.record.find("d")) == "Nguyễn Văn");
  const std::string half = "the input is not valid JSON: `\\uDC00` is half of a UTF-16 surrogate pair, without its other half (line 1, character 7)";
  BOOST_TEST(hoctap::read_json_record(R"({"a":"\uDC00"})").error == half);
  for (const char* text : {R"({"a":"\uD83Dx"})", R"({"a":"\uD83D\u0041"})", R"({"a":"\uD83D\uD83D"})", R"({"a":"\uD83D\u12"})"})
    BOOST_TEST(hoctap::read_json_record(text).error ==
               "the input is not valid JSON: `\\uD83D` is half of a UTF-16 surrogate pair, without its other half (line 1, character 7)");
}

// A line may end with `\r\n`: a fault at its end has the same place and words as with `\n`.
BOOST_AUTO_TEST_CASE(a_crlf_line_ends_where_an_lf_line_ends) {
  for (const std::string eol : {"\n", "\r\n"}) {
    const std::string text = "{\"a\":1}" + eol + "{\"a\":1" + eol + "{\"a\":\"x" + eol + "{\"b\":" + eol + "{\"c\":2}" + eol;
    for (auto format : {hoctap::JsonFormat::lines, hoctap::JsonFormat::detect}) {
      const auto rows = rows_of(text, format);
      BOOST_TEST(outcomes(rows) ==
                     "0:ok | 1:json_syntax:not valid JSON: expected `,` or `}`, found the end of the line"
                     " | 2:json_syntax:not valid JSON: the string opened here is not closed before the end of the line"
                     " | 3:json_syntax:not valid JSON: expected a value, found the end of the line | 4:ok",
                 eol.size());
      BOOST_TEST(places(rows) == "1:0 2:7 3:6 4:6 5:0", eol.size());
    }
  }
}

// Inside an array or a multi-line document, a string left open runs into its line's end:
// said as JSON lines say it, at its opening quote; with `\r\n` the fault is the one `\n`
// gives, in the same place.
BOOST_AUTO_TEST_CASE(a_string_left_open_at_a_crlf_line_end_is_the_fault_an_lf_line_end_gives) {
  for (const std::string eol : {"\n", "\r\n"}) {
    const std::string array = "[" + eol + "  {\"id\": \"a\", \"chu\": \"no end}," + eol + "   \"so\": 1}," + eol + "  {\"id\": \"b\"}" + eol + "]" + eol;
    for (auto format : {hoctap::JsonFormat::document, hoctap::JsonFormat::detect}) {
      const auto rows = rows_of(array, format);
      BOOST_TEST(outcomes(rows) ==
                     "0:json_syntax:not valid JSON: the string opened here is not closed before the end of the line (a line break inside a string is written \\n) | 1:ok",
                 eol.size());
      BOOST_TEST(places(rows) == "2:22 4:0", eol.size());
    }
    const std::string document = "{" + eol + "  \"id\": \"a\"," + eol + "  \"chu\": \"no end" + eol + "}" + eol;
    for (auto format : {hoctap::JsonFormat::document, hoctap::JsonFormat::detect}) {
      const auto rows = rows_of(document, format);
      BOOST_TEST(outcomes(rows) ==
                     "0:json_syntax:not valid JSON: the string opened here is not closed before the end of the line (a line break inside a string is written \\n)",
                 eol.size());
      BOOST_TEST(places(rows) == "3:10", eol.size());
    }
    const auto one = hoctap::read_json_record("{\"id\": \"a\"," + eol + " \"chu\": \"no end" + eol + "}");
    BOOST_TEST(one.error == "the input is not valid JSON: the string opened here is not closed before the end of the line (a line break inside a string is written \\n)"
                            " (line 2, character 9)", eol.size());
  }
  // A `\r` that ends no line is itself the control character.
  BOOST_TEST(hoctap::read_json_record("{\"a\":\"x\ry\"}").error ==
             "the input is not valid JSON: control character U+000D inside a string: write it as the escape \\u000D (line 1, character 8)");
}

BOOST_AUTO_TEST_CASE(an_id_is_text_or_a_number_and_an_empty_object_is_refused) {
  auto rows = rows_of("{\"id\":null}\n{\"id\":true}\n{\"id\":{\"x\":1}}\n{\"id\":[]}\n{\"id\":7,\"m\":[{\"id\":null}]}\n", hoctap::JsonFormat::lines);
  BOOST_TEST(outcomes(rows) ==
             "0:json_bad_value:`id` must be a string or a number (the record's identifier), not `null`"
             " | 1:json_bad_value:`id` must be a string or a number (the record's identifier), not `true`"
             " | 2:json_bad_value:`id` must be a string or a number (the record's identifier), not an object"
             " | 3:json_bad_value:`id` must be a string or a number (the record's identifier), not a list | 4:ok");
  BOOST_TEST(rows[0].id == "");
  BOOST_TEST(rows[4].id == "7");
  // `{}` flattens to nothing: refused, so that a list given as an object is not lost.
  auto empty = hoctap::read_json_record(R"({"id":"f3","tre_em":{},"x":1})");
  BOOST_TEST(empty.code == "json_bad_value");
  BOOST_TEST(empty.error == "`tre_em` is an empty object, which a record cannot hold: write `null` for no value, or `[]` for a list without members");
  BOOST_TEST(hoctap::read_json_record(R"({"s":{"t":{}}})").error.rfind("`s.t` is an empty object", 0) == 0);
  BOOST_TEST(hoctap::read_json_record(R"({"m":[{"s":{}}]})").error.rfind("`m[0].s` is an empty object", 0) == 0);
  BOOST_TEST(hoctap::read_json_record("{}").code.empty());  // a record without fields
}

BOOST_AUTO_TEST_CASE(an_array_is_handed_over_element_by_element) {
  // The stream ends in the middle of the third element: the first two were handed over
  // as they were read, before the parser reached the end.
  std::istringstream in("[{\"a\":1},{\"a\":2},{\"a\":");
  std::vector<std::string> seen;
  hoctap::read_json_rows(in, hoctap::JsonFormat::document, [&](hoctap::JsonRow& r) {
    seen.push_back(r.code.empty() ? "ok" : r.code);
    if (seen.size() == 1) BOOST_TEST(static_cast<std::size_t>(in.rdbuf()->in_avail()) > 0u);
  });
  BOOST_TEST((seen == std::vector<std::string>{"ok", "ok", "json_syntax"}));
}

BOOST_AUTO_TEST_CASE(depth_is_bounded_without_recursion) {
  BOOST_TEST(hoctap::read_json_record(nested(64)).code.empty());
  auto deep = hoctap::read_json_record(nested(65));
  BOOST_TEST(deep.code == "json_too_deep");
  BOOST_TEST(deep.error == "the record is nested deeper than 64 levels");
  // 10^5 levels of objects and of arrays: an error row, quickly, and the next line is read.
  std::string members = "{\"m\":";
  for (int i = 0; i < 100000; ++i) members += "[{\"m\":";
  members += "1" + std::string(100000 * 2, '}') + "}";
  for (std::size_t i = 0; i < 100000; ++i) members[members.size() - 2 - 2 * i] = ']';
  std::string arrays = "{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  auto rows = rows_of(nested(100000) + "\n" + members + "\n" + arrays + "\n{\"ok\":1}\n", hoctap::JsonFormat::lines);
  BOOST_TEST(outcomes(rows) == "0:json_too_deep:the record is nested deeper than 64 levels"
                               " | 1:json_too_deep:the record is nested deeper than 64 levels"
                               " | 2:json_bad_member:`a[0]` must be an object | 3:ok");
}

BOOST_AUTO_TEST_CASE(keys_are_bounded_and_linear) {
  hoctap::JsonLimits limits;
  std::string many = "{";
  for (int i = 0; i < 10000; ++i) many += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
  auto t0 = std::chrono::steady_clock::now();
  auto row = hoctap::read_json_record(many + "}");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  BOOST_TEST_REQUIRE(row.code.empty(), row.error);
  BOOST_TEST(row.record.size() == 10000u);
  BOOST_TEST(std::get<std::int64_t>(*row.record.find("k9999")) == 9999);
  BOOST_TEST(seconds < 0.5);  // a scan per key would be 5·10^7 comparisons
  auto over = hoctap::read_json_record(many + ",\"one_more\":1}");
  BOOST_TEST(over.code == "json_too_many_keys");
  BOOST_TEST(over.error == "the record has more than 10000 fields");
  // 10^5 keys: refused at the limit, quickly.
  std::string huge = "{";
  for (int i = 0; i < 100000; ++i) huge += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":1";
  t0 = std::chrono::steady_clock::now();
  BOOST_TEST(hoctap::read_json_record(huge + "}").code == "json_too_many_keys");
  BOOST_TEST(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < 1.0);
}

BOOST_AUTO_TEST_CASE(members_and_record_size_are_bounded) {
  hoctap::JsonLimits limits;
  limits.max_members = 3;
  limits.max_record_bytes = 64;
  BOOST_TEST(hoctap::read_json_record(R"({"m":[{},{},{}]})", limits).code.empty());
  auto many = hoctap::read_json_record(R"({"m":[{},{},{},{}]})", limits);
  BOOST_TEST(many.code == "json_too_many_members");
  BOOST_TEST(many.error == "the member list `m` has more than 3 members");
  auto big = "{\"s\":\"" + std::string(100, 'x') + "\"}";
  BOOST_TEST(hoctap::read_json_record(big, limits).error == "the record is larger than 64 bytes");
  BOOST_TEST(outcomes(rows_of(big + "\n{\"a\":1}\n", hoctap::JsonFormat::lines, limits)) ==
             "0:json_too_large:the line is larger than 64 bytes | 1:ok");
  // In an array the limit is per element: many small elements pass, a large one is its
  // row and the next is read.
  std::string array = "[";
  for (int i = 0; i < 100; ++i) array += (i ? ",{\"a\":" : "{\"a\":") + std::to_string(i) + "}";
  BOOST_TEST(rows_of(array + "]", hoctap::JsonFormat::document, limits).size() == 100u);
  BOOST_TEST(outcomes(rows_of("[{\"a\":1}," + big + ",{\"a\":3}]", hoctap::JsonFormat::document, limits)) ==
             "0:ok | 1:json_too_large:the record is larger than 64 bytes | 2:ok");
}

// Every field keeps its whole name: a 100 KB name over 2,000 nested fields cost 400 MB, a
// long list name over 20,000 members 30 s. A name with its parents' is bounded instead,
// in every place it can grow (a nested object, a member list's members), in whole
// characters in the message.
BOOST_AUTO_TEST_CASE(a_name_with_its_parents_is_bounded) {
  const std::string k(300, 'K');
  for (const std::string& text : {"{\"" + k + "\":1}", "{\"" + k + "\":{\"a0\":1,\"a1\":1}}", "{\"" + k.substr(0, 200) + "\":{\"" + k.substr(0, 60) + "\":1}}",
                                   "{\"" + k.substr(0, 250) + "\":[{\"tuoi\":1}]}"}) {
    const hoctap::JsonRow row = hoctap::read_json_record(text);
    BOOST_TEST(row.code == "json_name_too_long", text.substr(0, 40));
    BOOST_TEST(row.error.find("with the names it is nested in, is longer than 256 bytes") != std::string::npos, row.error);
  }
  BOOST_TEST(hoctap::read_json_record("{\"" + k.substr(0, 200) + "\":{\"" + k.substr(0, 50) + "\":1}}").code.empty());
  std::string vietnamese;
  for (int i = 0; i < 100; ++i) vietnamese += "ệ";  // 3 bytes each: cut at 64 bytes, a character's middle
  const hoctap::JsonRow row = hoctap::read_json_record("{\"" + vietnamese + "\":1}");
  BOOST_TEST(row.error == "the name `" + vietnamese.substr(0, 63) + "…`, with the names it is nested in, is longer than 256 bytes");
  BOOST_TEST(row.error_vi == "tên `" + vietnamese.substr(0, 63) + "…`, tính cả các tên chứa nó, dài hơn 256 byte");
}

BOOST_AUTO_TEST_CASE(record_from_fields_keeps_the_last_value_in_the_first_place) {
  std::vector<std::pair<std::string, hoctap::Value>> fields;
  fields.emplace_back("a", std::int64_t{1});
  fields.emplace_back("b", std::int64_t{2});
  fields.emplace_back("a", std::int64_t{3});
  auto r = hoctap::Record::from_fields(std::move(fields));
  BOOST_TEST(r.size() == 2u);
  BOOST_TEST(r.fields()[0].first == "a");
  BOOST_TEST(std::get<std::int64_t>(*r.find("a")) == 3);
}

BOOST_AUTO_TEST_SUITE_END()
