#include <boost/test/unit_test.hpp>

#include "util/capital.hpp"
#include "util/text.hpp"

using namespace hoctap::internal;

BOOST_AUTO_TEST_SUITE(text)

BOOST_AUTO_TEST_CASE(accepts_vietnamese_utf8) {
  BOOST_TEST(!find_invalid_utf8("Gia đình học tập — Dòng họ hiếu học").has_value());
}

BOOST_AUTO_TEST_CASE(finds_ill_formed_utf8) {
  BOOST_TEST(*find_invalid_utf8("ab\xff") == 2u);
  BOOST_TEST(*find_invalid_utf8("\xc3\x28") == 0u);          // bad continuation
  BOOST_TEST(*find_invalid_utf8("x\xc0\xaf") == 1u);         // overlong
  BOOST_TEST(*find_invalid_utf8("\xed\xa0\x80") == 0u);      // surrogate
  BOOST_TEST(*find_invalid_utf8("\xf4\x90\x80\x80") == 0u);  // above U+10FFFF
  BOOST_TEST(*find_invalid_utf8("abc\xe1\xbb") == 3u);       // truncated
}

BOOST_AUTO_TEST_CASE(finds_control_characters_but_not_whitespace) {
  BOOST_TEST(!find_control_char("a\tb\r\nc").has_value());
  BOOST_TEST(*find_control_char(std::string("a\0b", 3)) == 1u);
  BOOST_TEST(*find_control_char("a\x7f") == 1u);
}

BOOST_AUTO_TEST_CASE(normalizes_to_nfc) {
  const std::string decomposed = "Ho\xcc\x9b\xcc\x80";  // O + horn + grave
  BOOST_TEST(!is_nfc(decomposed));
  BOOST_TEST(to_nfc(decomposed) == "H\xe1\xbb\x9d");     // ờ precomposed
  BOOST_TEST(is_nfc("Hội Khuyến học"));
}

BOOST_AUTO_TEST_CASE(hashes_with_sha256) {
  BOOST_TEST(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

BOOST_AUTO_TEST_CASE(escapes_json_strings) {
  std::string out;
  append_json_string(out, "a\"b\\c\nđ\x01");
  BOOST_TEST(out == "\"a\\\"b\\\\c\\nđ\\u0001\"");
}

BOOST_AUTO_TEST_CASE(capitalizes_the_first_letter_of_utf8_text) {
  BOOST_TEST(capitalized("được công nhận") == "Được công nhận");  // đ: two bytes
  BOOST_TEST(capitalized("không đạt") == "Không đạt");
  BOOST_TEST(capitalized("\xE0\x81\xA1" "bc") == "\xE0\x81\xA1" "bc");  // an overlong `a`: not well-formed, left as it is
  BOOST_TEST(capitalized("not assessable") == "Not assessable");
  BOOST_TEST(capitalized("ấp") == "Ấp");          // three bytes (U+1EA5)
  BOOST_TEST(capitalized("ạ") == "Ạ");            // the first and the last of U+1EA0..U+1EF9
  BOOST_TEST(capitalized("ỹ") == "Ỹ");
  BOOST_TEST(capitalized("ưu tiên") == "Ưu tiên");  // U+01B0
  BOOST_TEST(capitalized("ăn") == "Ăn");
  BOOST_TEST(capitalized("à") == "À");
  // Capitals, other characters and what is not UTF-8 stay as they are.
  BOOST_TEST(capitalized("Đạt") == "Đạt");
  BOOST_TEST(capitalized("Ấp") == "Ấp");
  BOOST_TEST(capitalized("÷ 2") == "÷ 2");
  BOOST_TEST(capitalized("1 đ") == "1 đ");
  BOOST_TEST(capitalized("") == "");
  BOOST_TEST(capitalized("\xc4") == "\xc4");          // a lead byte alone
  BOOST_TEST(capitalized("\xc4q") == "\xc4q");        // a lead byte before no continuation
  BOOST_TEST(capitalized("\xf0\x9f\x98\x80" "a") == "\xf0\x9f\x98\x80" "a");  // four bytes
}

BOOST_AUTO_TEST_CASE(counts_columns_in_code_points) {
  LineCol lc = line_col_at("x: 1\nnăm: 2", 10);  // the space after `năm:` (ă is two bytes)
  BOOST_TEST(lc.line == 2);
  BOOST_TEST(lc.column == 5);
  BOOST_TEST(line_text("a\r\nbc\nd", 2) == "bc");
}

BOOST_AUTO_TEST_CASE(line_index_agrees_with_walking_the_text) {
  const std::string text = "x: 1\r\nnăm: 2\n\nđ\n";
  LineIndex index(text);
  for (std::size_t offset = 0; offset <= text.size() + 2; ++offset) {
    LineCol want = line_col_at(text, offset), got = index.line_col(offset);
    BOOST_TEST(got.line == want.line);
    BOOST_TEST(got.column == want.column);
  }
  for (int line = 1; line <= 6; ++line) BOOST_TEST(index.line_text(line) == line_text(text, line));
  BOOST_TEST(LineIndex("").line_col(0).line == 1);
}

BOOST_AUTO_TEST_CASE(a_prefix_keeps_whole_characters) {
  const auto prefix = [](std::string_view t, std::size_t n) {
    const Utf8Prefix p = utf8_prefix(t, n);
    return std::string(p.text) + (p.cut ? "|cut" : "");
  };
  BOOST_TEST(prefix("abc", 3) == "abc");
  BOOST_TEST(prefix("abc", 5) == "abc");
  BOOST_TEST(prefix("abcd", 3) == "abc|cut");
  BOOST_TEST(prefix("aệb", 1) == "a|cut");  // ệ is three bytes: cut after one or two of them, it is left out
  BOOST_TEST(prefix("aệb", 2) == "a|cut");
  BOOST_TEST(prefix("aệb", 3) == "a|cut");
  BOOST_TEST(prefix("aệb", 4) == "aệ|cut");
  BOOST_TEST(prefix("a\xF0\x9F\x98\x80" "b", 4) == "a|cut");  // a four-byte character
  BOOST_TEST(prefix("a\xF0\x9F\x98\x80" "b", 5) == "a\xF0\x9F\x98\x80|cut");
  BOOST_TEST(prefix("\xC3\xA0", 1) == "|cut");
  // Bytes that are no character are cut where they fall: `a` is kept before stray
  // continuation bytes.
  BOOST_TEST(prefix("a\x80\x80\x80\x80", 2) == "a\x80|cut");
  BOOST_TEST(prefix("a\x80\x80\x80\x80", 4) == "a\x80\x80\x80|cut");
}

// What a reader cannot see is named by its code point; what a reader sees is kept.
BOOST_AUTO_TEST_CASE(names_invisible_characters) {
  BOOST_TEST(name_invisible("cong\xE2\x80\x8Bnhan") == "cong<U+200B>nhan");         // zero-width space
  BOOST_TEST(name_invisible("vung:\xC2\xA0" "75") == "vung:<U+00A0>75");            // no-break space
  BOOST_TEST(name_invisible("id\xEF\xBB\xBF") == "id<U+FEFF>");                    // byte order mark
  BOOST_TEST(name_invisible("a\xE2\x80\x8C" "b\xE2\x80\x8D" "c") == "a<U+200C>b<U+200D>c");  // ZWNJ, ZWJ
  BOOST_TEST(name_invisible("1\xE2\x80\xAF" "000") == "1<U+202F>000");              // narrow no-break space
  BOOST_TEST(name_invisible("x\xE3\x80\x80y\xC2\xADz") == "x<U+3000>y<U+00AD>z");  // ideographic space, soft hyphen
  BOOST_TEST(name_invisible("t\xF3\xA0\x80\x81") == "t<U+E0001>");                // a tag, past the BMP
  BOOST_TEST(name_invisible("\xC2\x85") == "<U+0085>");                             // a C1 control
  // Vietnamese letters, decomposed marks, symbols, ASCII and bytes that are not UTF-8 stay.
  for (const std::string kept : {"Gia đình học tập", "Ho\xcc\x9b\xcc\x80", "≥ 80 — “x”", "plain ascii", "Th\xF4n 2", "a\xE2\x80"})
    BOOST_TEST(name_invisible(kept) == kept);
  BOOST_TEST(!is_invisible(U' '));
  BOOST_TEST(is_invisible(0x2060));  // word joiner
}

BOOST_AUTO_TEST_SUITE_END()
