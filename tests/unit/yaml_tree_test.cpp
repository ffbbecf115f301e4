// The defensive YAML reader on hostile input: each case ends in a diagnostic with a
// place and a stable code, quickly, and never in a crash or a hang (CTest's timeout
// guards the latter; the CLI test also caps memory at 1 GiB).
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "helpers.hpp"
#include "yaml/yaml_tree.hpp"

using namespace hoctap::internal;
using hoctap_test::codes;

namespace {

struct Read {
  std::vector<hoctap::Diagnostic> diagnostics;
  std::unique_ptr<yaml::Document> doc;
};

Read read(std::string text, yaml::Limits limits = {}) {
  Read r;
  r.doc = yaml::Document::read(std::move(text), "t.yaml", limits, r.diagnostics);
  return r;
}

Read read_file(const std::string& name) {
  return read(hoctap_test::read_text(hoctap_test::source_path("tests/hostile/" + name)));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(yaml_tree)

BOOST_AUTO_TEST_CASE(reads_a_plain_document_with_positions) {
  Read r = read("a: 1\nb:\n  - x\n  - 'y z'\n");
  BOOST_REQUIRE(r.doc->root() != nullptr);
  BOOST_TEST(r.diagnostics.empty());
  const yaml::Node* root = r.doc->root();
  BOOST_TEST(root->entries.size() == 2u);
  const yaml::Node* list = root->entries[1].second;
  BOOST_TEST(list->items[1]->text == "y z");
  BOOST_TEST((list->items[1]->style == yaml::Node::Style::single_quoted));
  BOOST_TEST(r.doc->at(list->items[1]->offset, "X", "m", "").line == 4);
  BOOST_TEST(r.doc->at(list->items[1]->offset, "X", "m", "").column == 5);
}

BOOST_AUTO_TEST_CASE(billion_laughs_is_refused_by_the_node_budget) {
  Read r = read_file("billion-laughs.yaml");
  BOOST_TEST(r.doc->root() == nullptr);
  BOOST_TEST(codes(r.diagnostics) == "H008");
  BOOST_TEST(r.diagnostics[0].message == "the document expands to more than 200000 nodes (aliases count at their full size)");
}

BOOST_AUTO_TEST_CASE(aliases_within_the_budget_are_shared_not_copied) {
  Read r = read("a: &a [1, 2]\nb: *a\nc: *a\n");
  BOOST_REQUIRE(r.doc->root() != nullptr);
  BOOST_TEST(r.doc->root()->entries[1].second == r.doc->root()->entries[2].second);
}

BOOST_AUTO_TEST_CASE(self_referencing_aliases_are_cycles) {
  for (const char* f : {"self-alias-sequence.yaml", "self-alias-map.yaml"}) {
    Read r = read_file(f);
    BOOST_TEST(r.doc->root() == nullptr);
    BOOST_TEST(codes(r.diagnostics) == "H009", f);
  }
  Read r = read_file("self-alias-sequence.yaml");
  BOOST_TEST(r.diagnostics[0].line == 2);
  BOOST_TEST(r.diagnostics[0].column == 11);
  BOOST_TEST(r.diagnostics[0].yaml_path == "x[1]");
}

BOOST_AUTO_TEST_CASE(deep_nesting_stops_at_the_depth_cap) {
  Read r = read_file("deep-nesting.yaml");
  BOOST_TEST(r.doc->root() == nullptr);
  BOOST_TEST(codes(r.diagnostics) == "H007");
  BOOST_TEST(r.diagnostics[0].message == "nesting is deeper than 64 levels");
  BOOST_TEST(r.diagnostics[0].column == 65);
}

BOOST_AUTO_TEST_CASE(duplicate_keys_are_reported_at_the_second_key) {
  Read r = read_file("duplicate-keys.yaml");
  BOOST_TEST(codes(r.diagnostics) == "H010");
  BOOST_TEST(r.diagnostics[0].message == "duplicate key `id` in this map");
  BOOST_TEST(r.diagnostics[0].line == 3);
}

BOOST_AUTO_TEST_CASE(only_one_document_is_accepted) {
  Read r = read_file("two-documents.yaml");
  BOOST_TEST(r.doc->root() == nullptr);
  BOOST_TEST(codes(r.diagnostics) == "H006");
  BOOST_TEST(r.diagnostics[0].line == 2);
}

BOOST_AUTO_TEST_CASE(inputs_that_make_loadall_loop_forever_end_in_a_diagnostic) {
  for (const char* f : {"loadall-comma.yaml", "loadall-after-document.yaml", "falco.yaml", "trailing-garbage.yaml"}) {
    Read r = read_file(f);
    BOOST_TEST(r.doc->root() == nullptr, f);
    BOOST_TEST(!r.diagnostics.empty(), f);
  }
}

BOOST_AUTO_TEST_CASE(invalid_utf8_and_control_characters_are_refused) {
  Read u = read_file("invalid-utf8.yaml");
  BOOST_TEST(codes(u.diagnostics) == "H003");
  BOOST_TEST(u.diagnostics[0].line == 2);
  BOOST_TEST(u.diagnostics[0].column == 13);
  Read n = read_file("nul-byte.yaml");
  BOOST_TEST(codes(n.diagnostics) == "H004");
  BOOST_TEST(n.diagnostics[0].message == "control character U+0000 is not allowed");
}

BOOST_AUTO_TEST_CASE(merge_keys_and_complex_keys_are_unsupported) {
  Read m = read_file("merge-key.yaml");
  BOOST_TEST(codes(m.diagnostics) == "H011");
  BOOST_TEST(m.diagnostics[0].message == "merge keys (`<<`) are not supported; write the keys out");
  Read c = read_file("complex-key.yaml");
  BOOST_TEST(codes(c.diagnostics) == "H011");
}

BOOST_AUTO_TEST_CASE(an_empty_file_holds_no_document) {
  Read r = read_file("empty.yaml");
  BOOST_TEST(codes(r.diagnostics) == "H012");
}

BOOST_AUTO_TEST_CASE(size_is_capped_before_parsing) {
  Read r = read(std::string(3u << 20, '['));
  BOOST_TEST(codes(r.diagnostics) == "H002");
  BOOST_TEST(r.diagnostics[0].message == "the file is 3145728 bytes; criteria files are limited to 1048576 bytes");
}

BOOST_AUTO_TEST_CASE(a_megabyte_of_brackets_ends_quickly) {
  Read r = read(std::string(1000000, '['));
  BOOST_TEST(codes(r.diagnostics) == "H007");
}

BOOST_AUTO_TEST_CASE(many_small_nodes_hit_the_node_budget) {
  std::string text = "[";
  for (int i = 0; i < 250000; ++i) text += "1,";
  text += "1]";
  Read r = read(text);
  BOOST_TEST(codes(r.diagnostics) == "H008");
}

BOOST_AUTO_TEST_CASE(syntax_errors_carry_the_parser_message_and_place) {
  // A slip the scanner does not know keeps yaml-cpp's own words in English, and says
  // them in Vietnamese.
  Read r = read("a: 1\nb: [1, 2]]\n");
  BOOST_TEST(codes(r.diagnostics) == "H005");
  BOOST_TEST(r.diagnostics[0].message == "YAML syntax: illegal flow end");
  BOOST_TEST(r.diagnostics[0].message_vi == "lỗi cú pháp YAML: dấu đóng ngoặc không đúng chỗ");
  BOOST_TEST(r.diagnostics[0].line == 2);
  BOOST_TEST(r.diagnostics[0].column == 10);
  // Words with what was found, and words the catalog does not know, marked as yaml-cpp's.
  Read escape = read("a: \"x\\qy\"\n");
  BOOST_TEST(escape.diagnostics[0].message == "YAML syntax: unknown escape character: q");
  BOOST_TEST(escape.diagnostics[0].message_vi == "lỗi cú pháp YAML: ký tự thoát lạ: q");
  Read directive = read("%YAML 2.0\n---\na: 1\n");
  BOOST_TEST(directive.diagnostics[0].message == "YAML syntax: YAML major version too large");
  BOOST_TEST(directive.diagnostics[0].message_vi == "lỗi cú pháp YAML (lời của yaml-cpp): YAML major version too large");
}

BOOST_AUTO_TEST_CASE(an_unclosed_bracket_is_named_where_it_opens_and_the_rest_is_read) {
  Read r = read("a: 1\nb: [1, 2\nc: 3\nc: 4\n");
  BOOST_TEST(codes(r.diagnostics) == "H005 H010");
  BOOST_TEST(r.diagnostics[0].message == "the bracket `[` opened here is never closed: close it with `]`");
  BOOST_TEST(r.diagnostics[0].message_vi == "dấu ngoặc `[` mở ở đây không bao giờ được đóng: hãy đóng bằng `]`");
  BOOST_TEST(r.diagnostics[0].line == 2);
  BOOST_TEST(r.diagnostics[0].column == 4);
  BOOST_TEST(r.diagnostics[0].source_line == "b: [1, 2");
  BOOST_TEST(r.diagnostics[1].line == 4);  // the duplicate key after it is still found
}

BOOST_AUTO_TEST_CASE(the_slip_scanner_passes_over_valid_yaml_it_might_mistake) {
  // URLs, colons and hashes in quotes, '' escapes, block texts (tabs and quotes inside),
  // brackets spanning lines, plain text continued deeper, times, `-` on its own line:
  // only the tab at the end is a slip, and the rest of the document is still read.
  Read r = read(
      "legal_basis:\n"
      "  source: https://example.org/a:b\n"
      "  note: \"quoted: with a colon # and a hash\"\n"
      "  other: 'it''s fine'\n"
      "text: |\n"
      "  a block with\ta tab inside\n"
      "    and deeper lines: max:10\n"
      "  \"an unclosed quote inside a block\n"
      "list: [1, 2,\n"
      "  3, 4]\n"
      "map: {a: 1,\n"
      "      b: 2}\n"
      "plain: a long text\n"
      "  continued on a deeper line\n"
      "time: 12:30\n"
      "items:\n"
      "  - id: a\n"
      "    max: 10\n"
      "  -\n"
      "    id: b\n"
      "bad:\n"
      "\ttabbed: 1\n");
  BOOST_TEST_REQUIRE(codes(r.diagnostics) == "H005");
  BOOST_TEST(r.diagnostics[0].line == 22);
  BOOST_TEST(r.diagnostics[0].column == 1);
  BOOST_TEST(r.diagnostics[0].source_line == "\ttabbed: 1");  // the line as written, not as mended
  BOOST_TEST_REQUIRE(r.doc->root() != nullptr);
  BOOST_TEST(r.doc->root()->entries.size() == 8u);
}

BOOST_AUTO_TEST_CASE(every_slip_of_a_file_is_reported_at_once) {
  Read r = read("a:\n  b: 1\n   c: 2\nd:10\ne: \"open\nf: [1, 2\ng: 3\n");
  BOOST_TEST_REQUIRE(codes(r.diagnostics) == "H005 H005 H005 H005");
  const char* expected[][3] = {
      {"3", "4", "bad indentation: this line is indented more than `b` above, which already has its value: indent it like `b`"},
      {"4", "2", "a space is missing after `:` in `d:10`: write `d: 10`"},
      {"5", "4", "the quote `\"` opened here is not closed on this line: end the text with `\"`"},
      {"6", "4", "the bracket `[` opened here is never closed: close it with `]`"}};
  for (int i = 0; i < 4; ++i) {
    BOOST_TEST(std::to_string(r.diagnostics[i].line) == expected[i][0]);
    BOOST_TEST(std::to_string(r.diagnostics[i].column) == expected[i][1]);
    BOOST_TEST(r.diagnostics[i].message == expected[i][2]);
  }
  BOOST_TEST(r.diagnostics[0].message_vi ==
             "thụt lề sai: dòng này thụt sâu hơn dòng `b` ở trên, mà `b` đã có giá trị: hãy thụt lề thẳng hàng với `b`");
  BOOST_TEST_REQUIRE(r.doc->root() != nullptr);  // mended: a, d, e, f, g
  BOOST_TEST(r.doc->root()->entries.size() == 5u);
}

BOOST_AUTO_TEST_CASE(slips_sprinkled_over_a_bundled_set_are_all_placed_and_never_crash) {
  // Deterministic mutations of a real file, each of the kinds authors make: every
  // result is a document or diagnostics with a place inside the text, in both languages.
  const std::string base = hoctap_test::read_text(hoctap_test::source_path("criteria/gia-dinh-hoc-tap/2022.yaml"));
  std::uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1664525u + 1013904223u; };
  int explained = 0;
  for (int round = 0; round < 300; ++round) {
    std::string text = base;
    for (int k = 0; k < 1 + round % 4; ++k) {
      std::size_t at = next() % text.size();
      switch (next() % 6) {
        case 0: at = text.rfind('\n', at); text.insert(at == std::string::npos ? 0 : at + 1, "\t"); break;
        case 1: text.insert(at, "\""); break;
        case 2: text.insert(at, "["); break;
        case 3: if (auto c = text.find(": ", at); c != std::string::npos) text.erase(c + 1, 1); break;
        case 4: at = text.rfind('\n', at); text.insert(at == std::string::npos ? 0 : at + 1, "   "); break;
        default: text.erase(at, 1); break;
      }
    }
    Read r = read(text);
    const int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
    for (const auto& d : r.diagnostics) {
      BOOST_TEST(d.line >= 0);
      BOOST_TEST(d.line <= lines);
      BOOST_TEST(!d.message_vi.empty(), d.message);
      if (d.code == "H005" && d.message.rfind("YAML syntax", 0) != 0) ++explained;
    }
  }
  BOOST_TEST(explained > 100);  // most slips are named, not left to yaml-cpp's words
}

// `-id: tc2` reads as a key `-id` to YAML; every line of the item below it then looked
// mis-indented. The dash is the slip, named once, and the item is read.
BOOST_AUTO_TEST_CASE(a_dash_glued_to_its_key_is_named_and_the_item_read) {
  Read r = read("items:\n  - id: a\n    max: 1\n  -id: b\n    max: 2\n  -id:c\n    max: 3\n");
  BOOST_TEST_REQUIRE(codes(r.diagnostics) == "H005 H005 H005");
  BOOST_TEST(r.diagnostics[0].line == 4);
  BOOST_TEST(r.diagnostics[0].column == 3);
  BOOST_TEST(r.diagnostics[0].message == "a space is missing after the list item's `-` in `-id:`, which YAML reads as a key: write `- id:`");
  BOOST_TEST(r.diagnostics[0].message_vi == "thiếu dấu cách sau dấu `-` của mục danh sách trong `-id:`, YAML đọc đó là một khóa: hãy viết `- id:`");
  BOOST_TEST(r.diagnostics[1].line == 6);
  BOOST_TEST(r.diagnostics[2].message == "a space is missing after `:` in `id:c`: write `id: c`");
  BOOST_TEST_REQUIRE(r.doc->root() != nullptr);
  const yaml::Node* items = r.doc->root()->entries[0].second;
  BOOST_TEST_REQUIRE(items->items.size() == 3u);
  BOOST_TEST(items->items[2]->entries[0].second->text == "c");
  BOOST_TEST(items->items[2]->entries[1].second->text == "3");
}

// `article: Điều 3: khung`: the colon inside the value is the slip, and the advice is to
// quote the value, with the quotes its text allows.
BOOST_AUTO_TEST_CASE(a_colon_inside_a_plain_value_is_named_with_the_value_quoted) {
  Read r = read("legal_basis:\n  article: Điều 3: khung tiêu chí # comment\n  note: gọi \"a\" là b: c\n  source: Ví dụ:\n");
  BOOST_TEST_REQUIRE(codes(r.diagnostics) == "H005 H005 H005");
  BOOST_TEST(r.diagnostics[0].line == 2);
  BOOST_TEST(r.diagnostics[0].column == 18);
  BOOST_TEST(r.diagnostics[0].message ==
             "the value of `article` holds `: `, which YAML reads as the start of another key: put the value in quotes: `article: \"Điều 3: khung tiêu chí\"`");
  BOOST_TEST(r.diagnostics[0].message_vi ==
             "giá trị của `article` chứa `: `, YAML đọc đó là chỗ bắt đầu một khóa khác: hãy đặt giá trị trong dấu nháy: `article: \"Điều 3: khung tiêu chí\"`");
  BOOST_TEST(r.diagnostics[1].message ==
             "the value of `note` holds `: `, which YAML reads as the start of another key: put the value in quotes: `note: 'gọi \"a\" là b: c'`");
  BOOST_TEST(r.diagnostics[2].message ==
             "the value of `source` holds `: `, which YAML reads as the start of another key: put the value in quotes: `source: \"Ví dụ:\"`");
  BOOST_TEST_REQUIRE(r.doc->root() != nullptr);
  const yaml::Node* legal = r.doc->root()->entries[0].second;
  BOOST_TEST(legal->entries[0].second->text == "Điều 3: khung tiêu chí");
  BOOST_TEST(legal->entries[1].second->text == "gọi \"a\" là b: c");
}

// A no-break space after a key's `:` makes the key text, and the parser may accept the
// file: it is named on every read, and read as the space it stands for. Elsewhere (in
// quotes, in a block text, inside a value) it is text like any other.
BOOST_AUTO_TEST_CASE(an_invisible_character_where_a_space_belongs_is_named_on_every_read) {
  Read r = read("values: {binh_thuong:\xC2\xA0 75, xa: 70}\nb:\xE2\x80\x8B 1\nl:\n  -\xC2\xA0x\n");
  BOOST_TEST_REQUIRE(codes(r.diagnostics) == "H005 H005 H005");
  BOOST_TEST(r.diagnostics[0].line == 1);
  BOOST_TEST(r.diagnostics[0].column == 22);
  BOOST_TEST(r.diagnostics[0].message ==
             "`binh_thuong:` is followed by <U+00A0>, which YAML does not read as a space, so `binh_thuong:` is not read as a key: write an ordinary space after `:`");
  BOOST_TEST(r.diagnostics[0].message_vi ==
             "sau `binh_thuong:` là <U+00A0>, YAML không đọc ký tự này là dấu cách nên `binh_thuong:` không được đọc là khóa: hãy viết dấu cách thường sau `:`");
  BOOST_TEST(r.diagnostics[0].source_line == "values: {binh_thuong:\xC2\xA0 75, xa: 70}");  // as written
  BOOST_TEST(r.diagnostics[1].message ==
             "`b:` is followed by <U+200B>, which YAML does not read as a space, so `b:` is not read as a key: write an ordinary space after `:`");
  BOOST_TEST(r.diagnostics[2].message ==
             "the list item's `-` is followed by <U+00A0>, which YAML does not read as a space: write an ordinary space after `-`");
  BOOST_TEST_REQUIRE(r.doc->root() != nullptr);
  const yaml::Node* values = r.doc->root()->entries[0].second;
  BOOST_TEST(values->entries[0].first->text == "binh_thuong");
  BOOST_TEST(values->entries[0].second->text == "75");
  BOOST_TEST(r.doc->root()->entries[2].second->items[0]->text == "x");

  Read fine = read("a: \"x:\xC2\xA0y\"\nb: Điều 3:\xC2\xA0x\nt: |\n  ghi_chu:\xC2\xA0x\nc: 'k:\xC2\xA0v'\n");
  BOOST_TEST(fine.diagnostics.empty(), codes(fine.diagnostics));
}

// Slips and what the parser still finds after they are mended are listed in file order.
BOOST_AUTO_TEST_CASE(slips_and_the_parser_message_come_in_file_order) {
  Read r = read("a: 1\nb: [1, 2]]\nc: Điều 3: x\n");
  BOOST_TEST_REQUIRE(codes(r.diagnostics) == "H005 H005");
  BOOST_TEST(r.diagnostics[0].line == 2);
  BOOST_TEST(r.diagnostics[0].message == "YAML syntax: illegal flow end");
  BOOST_TEST(r.diagnostics[1].line == 3);
}

BOOST_AUTO_TEST_CASE(the_first_line_of_a_block_indented_too_far_is_the_one_named) {
  Read r = read("a:\n    b: 1\n  c: 2\n  d: 3\ne: 4\n");
  BOOST_TEST_REQUIRE(codes(r.diagnostics) == "H005");
  BOOST_TEST(r.diagnostics[0].line == 2);
  BOOST_TEST(r.diagnostics[0].column == 5);
  BOOST_TEST(r.diagnostics[0].message == "bad indentation: this line is indented 4 spaces, more than the lines of its block after it (2): indent it like them");
  BOOST_TEST(r.diagnostics[0].message_vi == "thụt lề sai: dòng này thụt 4 dấu cách, sâu hơn các dòng cùng khối sau nó (2): hãy thụt lề như các dòng đó");
  BOOST_TEST_REQUIRE(r.doc->root() != nullptr);  // mended: `a` holds b, c and d
  BOOST_TEST(r.doc->root()->entries[0].second->entries.size() == 3u);
}

BOOST_AUTO_TEST_CASE(a_line_between_two_blocks_is_named_with_both) {
  Read r = read("a:\n    b: 1\n    e: 1\n  c: 2\nd: 3\n");
  BOOST_TEST_REQUIRE(codes(r.diagnostics) == "H005");
  BOOST_TEST(r.diagnostics[0].line == 4);
  BOOST_TEST(r.diagnostics[0].column == 3);
  BOOST_TEST(r.diagnostics[0].message ==
             "bad indentation: this line is indented 2 spaces, which lines up with no block above (they are indented 0 or 4): "
             "indent it like the keys it goes with");
  BOOST_TEST(r.diagnostics[0].message_vi ==
             "thụt lề sai: dòng này thụt 2 dấu cách, không thẳng hàng với khối nào ở trên (các khối thụt 0 hoặc 4): "
             "hãy thụt lề như các khóa cùng nhóm");
  BOOST_TEST_REQUIRE(r.doc->root() != nullptr);
}

BOOST_AUTO_TEST_CASE(offsets_inside_scalars_point_into_expressions) {
  Read r = read("a: x + yy\nb: \"p and q\"\nc: |\n  first\n  second\n");
  BOOST_REQUIRE(r.doc->root() != nullptr);
  const auto& e = r.doc->root()->entries;
  auto lc = [&](std::size_t off) { auto d = r.doc->at(off, "X", "m", ""); return std::make_pair(d.line, d.column); };
  BOOST_TEST((lc(yaml::offset_in_scalar(*r.doc, *e[0].second, 4)) == std::make_pair(1, 8)));
  BOOST_TEST((lc(yaml::offset_in_scalar(*r.doc, *e[1].second, 2)) == std::make_pair(2, 7)));
  BOOST_TEST((lc(yaml::offset_in_scalar(*r.doc, *e[2].second, 8)) == std::make_pair(5, 5)));
}

BOOST_AUTO_TEST_SUITE_END()
