// The catalog of dataset problem reasons (see issue_text.hpp).
#include "dataset/issue_text.hpp"

#include <cstddef>
#include <string>

#include "util/text.hpp"

namespace hoctap::internal {
namespace {

struct Text {
  Says what;
  const char* vi;
  const char* en;
};

// In the order of Says; each row is checked against its key at first use.
constexpr Text kTexts[] = {
    {Says::quote_not_closed, "dấu nháy mở ở ký tự {0} không đóng trên dòng của nó: dòng không đọc được; đọc tiếp từ dòng sau",
     "a quote opened at character {0} does not close on its line: the line is unreadable; reading resumes on the next line"},
    {Says::text_after_quote, "có chữ sau dấu nháy đóng của một ô trong nháy (ký tự {0})", "text after the closing quote of a quoted field (character {0})"},
    {Says::quote_in_field, "dấu nháy trong một ô không đặt trong nháy (ký tự {0}): hãy đặt cả ô trong nháy và viết dấu nháy hai lần",
     "a quote inside an unquoted field (character {0}): quote the whole field and double the quote"},
    {Says::wrong_field_count, "cần {0} ô, có {1}", "expected {0} fields, found {1}"},
    {Says::carriage_return, "ký tự xuống dòng (CR) không ở cuối dòng (ký tự {0})", "a carriage return that does not end the line (character {0})"},
    {Says::control_character, "không được có ký tự điều khiển {0} (ký tự {1})", "control character {0} is not allowed (character {1})"},
    {Says::not_utf8, "byte không phải UTF-8 ({0}) (ký tự {1})", "bytes that are not UTF-8 ({0}) (character {1})"},
    {Says::line_too_long, "dòng dài quá giới hạn {0} byte (dấu nháy không bao giờ đóng, hoặc không phải tệp CSV)",
     "the line is longer than the limit of {0} bytes (a quote that never closes, or not a CSV file)"},
    {Says::lines_unaccounted, "bộ đọc chỉ tính được {0} trong {1} dòng", "the reader accounted for {0} lines of {1}"},
    {Says::empty_id, "mã (id) trống: không gì trỏ tới được dòng này", "empty id: nothing can point at this row"},
    {Says::duplicate_district, "mã `{0}` trùng (lần đầu ở dòng {1}): những gì trỏ tới nó được tính vào huyện của dòng đó",
     "duplicate id `{0}` (first at row {1}): what points at it is counted in that row's district"},
    {Says::duplicate_commune, "mã `{0}` trùng (lần đầu ở dòng {1}): những gì trỏ tới nó được tính vào xã của dòng đó",
     "duplicate id `{0}` (first at row {1}): what points at it is counted in that row's commune"},
    {Says::duplicate_parent, "mã `{0}` trùng (lần đầu ở dòng {1}): thành viên của nó chỉ được tính cho dòng đó",
     "duplicate id `{0}` (first at row {1}): its members are counted with that row only"},
    {Says::duplicate_entity, "mã `{0}` trùng (lần đầu ở dòng {1}): cả hai dòng đều được đánh giá và tính là hai đối tượng",
     "duplicate id `{0}` (first at row {1}): both rows are judged and counted as two entities"},
    {Says::duplicate_member, "mã `{0}` trùng (lần đầu ở dòng {1}): cả hai dòng đều được tính là thành viên",
     "duplicate id `{0}` (first at row {1}): both rows are counted as members"},
    {Says::not_an_id, "`{0}` không phải mã nào trong {1}", "`{0}` is not an id in {1}"},
    {Says::near_id, "`{0}` không phải mã nào trong {1}; có phải `{2}`? (chỉ khác nhau ở khoảng trắng, BOM, chuẩn hoá Unicode hoặc chữ hoa/thường)",
     "`{0}` is not an id in {1}; did you mean `{2}`? (they differ only by spaces, a BOM, Unicode normalisation or case)"},
    {Says::no_members, "không dòng nào của {0} trỏ tới `{1}` (`{2}`): nó được đánh giá mà không có {3}",
     "no row of {0} points at `{1}` (`{2}`): it is judged with no {3}"},
    {Says::empty_link_no_parent, "`{0}` trống: dòng không thuộc dòng nào của {1}", "empty `{0}`: the row belongs to no row of {1}"},
    {Says::empty_district, "`district_id` trống: xã không thuộc huyện nào", "empty `district_id`: the commune is in no district"},
    {Says::empty_link_no_place, "`{0}` trống: dòng không có địa bàn", "empty `{0}`: the row has no place"},
    {Says::input_not_a_column, "đầu vào `{0}` của bộ `{1}` không phải cột của {2}: mọi dòng đều thiếu giá trị này",
     "input `{0}` of `{1}` is not a column of {2}: every row lacks it"},
    {Says::member_field_not_a_column, "trường `{0}` của danh sách `{1}` (bộ `{2}`) không phải cột của {3}: mọi thành viên đều thiếu giá trị này",
     "field `{0}` of list `{1}` (set `{2}`) is not a column of {3}: every member lacks it"},
    {Says::unknown_column, "cột `{0}` của {1} không được bộ tiêu chí nào ở đây đọc: giá trị của nó không được dùng",
     "column `{0}` of {1} is read by no criteria set here: its values are not used"},
    {Says::unknown_column_near, "cột `{0}` của {1} không được bộ tiêu chí nào ở đây đọc: giá trị của nó không được dùng; có phải `{2}`?",
     "column `{0}` of {1} is read by no criteria set here: its values are not used; did you mean `{2}`?"},
    {Says::members_not_judged_next,
     "không bộ `{0}` nào có hiệu lực ngày {1} (bộ tiếp theo, `{5}`, áp dụng từ {6}): các dòng của {2} không được đánh giá, mà `{3}` đọc `{4}` của họ: mọi thành viên đều thiếu giá trị này",
     "no `{0}` set is in force on {1} (the next, `{5}`, applies from {6}): the rows of {2} are not judged, and `{3}` reads their `{4}`: every member lacks it"},
    {Says::members_not_judged_last,
     "không bộ `{0}` nào có hiệu lực ngày {1} (bộ gần nhất, `{5}`, áp dụng đến {6}): các dòng của {2} không được đánh giá, mà `{3}` đọc `{4}` của họ: mọi thành viên đều thiếu giá trị này",
     "no `{0}` set is in force on {1} (the last, `{5}`, applied until {6}): the rows of {2} are not judged, and `{3}` reads their `{4}`: every member lacks it"},
    {Says::members_file_absent,
     "`{0}` đọc danh sách `{1}`, lấy từ {2}, nhưng thư mục không có {2}: mọi dòng của {3} được đánh giá như không có `{1}`",
     "`{0}` reads the list `{1}`, which {2} gives, and the folder has no {2}: every row of {3} is judged with no `{1}`"},
    {Says::link_file_absent,
     "cột `{0}` của {1} trỏ tới các dòng của {2}, nhưng thư mục không có {2}: không dòng nào của {1} được xếp vào xã",
     "column `{0}` of {1} points at rows of {2}, and the folder has no {2}: no row of {1} is placed in a commune"},
    {Says::member_of, " (thành viên của {0} dòng {1})", " (a member of {0} row {1})"},
    {Says::too_many_digits, "`{0}` có nhiều chữ số hơn một số ở đây chứa được", "`{0}` has more digits than a number here can hold"},
    {Says::too_many_decimals, "`{0}` có hơn sáu chữ số thập phân (không bao giờ làm tròn)", "`{0}` has more than six decimals (never rounded)"},
    {Says::beyond_range, "`{0}` vượt quá ±9·10^12", "`{0}` is beyond ±9·10^12"},
    {Says::not_a_number, "`{0}` không phải là số", "`{0}` is not a number"},
    {Says::not_a_bool, "`{0}` không phải đúng hoặc sai", "`{0}` is not true or false"},
    {Says::not_a_date, "`{0}` không phải ngày viết dạng YYYY-MM-DD", "`{0}` is not a date written YYYY-MM-DD"},
    {Says::unplaced_unreadable, "dòng không đọc được", "unreadable line"},
    {Says::unplaced_no_column, "không có cột `{0}`", "no `{0}` column"},
    {Says::unplaced_empty_link, "`{0}` trống", "empty `{0}`"},
    {Says::unplaced_link_not_in, "`{0}` không có trong {1}", "`{0}` not in {1}"},
    {Says::unplaced_parent_no_commune, "dòng của {0} mà nó thuộc về không có xã trong communes.csv", "its {1} has no commune in communes.csv"},
    {Says::unplaced_no_district, "xã của nó không có huyện trong districts.csv", "its commune has no district in districts.csv"},
    {Says::placed_by_district_only, "chỉ xác định được huyện (không có cột xã)", "placed by district only (no commune column)"},
};

}  // namespace

std::string says(Says what, Lang lang, std::initializer_list<std::string_view> args) {
  const Text& t = kTexts[static_cast<std::size_t>(what)];
  const std::string_view text = lang == Lang::vi ? t.vi : t.en;
  std::string out;
  out.reserve(text.size() + 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    // `{N}`: the N-th argument (a single digit is enough for every reason).
    if (text[i] == '{' && i + 2 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9' && text[i + 2] == '}') {
      const auto k = static_cast<std::size_t>(text[i + 1] - '0');
      if (k < args.size()) out += name_invisible(std::string(*(args.begin() + k)));  // a value never looks like a correct one
      i += 2;
      continue;
    }
    out += text[i];
  }
  return out;
}

// Every key has its row, in order.
static_assert([] {
  for (std::size_t i = 0; i < std::size(kTexts); ++i)
    if (static_cast<std::size_t>(kTexts[i].what) != i) return false;
  return std::size(kTexts) == static_cast<std::size_t>(Says::placed_by_district_only) + 1;
}());

}  // namespace hoctap::internal
