#include "util/messages.hpp"

#include <algorithm>
#include <string_view>

namespace hoctap::internal {
namespace {

struct Entry {
  std::string_view id;
  std::string_view en;
  std::string_view vi;
};

// House wording in both languages: lower case, no final period, names from the file in
// backticks. Vietnamese is UTF-8 NFC.
constexpr Entry kCatalog[] = {
    // ---- words used as arguments ----
    {"kind.null", "nothing", "không có gì"},
    {"kind.scalar", "a value", "một giá trị"},
    {"kind.sequence", "a list", "một danh sách"},
    {"kind.map", "a map", "một bảng khóa"},
    {"kind.text", "text `{0}`", "văn bản `{0}`"},
    {"want.boolean", "true or false", "đúng hoặc sai"},
    {"want.number", "a number", "một số"},
    {"what.a place", "a place", "một mục"},
    {"what.a node", "a node", "một nút"},
    {"what.a block", "a block", "một khối"},
    {"suggest", "{0}; did you mean `{1}`?", "{0}; có phải `{1}`?"},

    // ---- H0xx: the file and its YAML ----
    {"file.too_big", "the file is {0} bytes; criteria files are limited to {1} bytes",
     "tệp dài {0} byte; tệp tiêu chí giới hạn ở {1} byte"},
    {"file.memory", "the file needs more memory than allowed to parse", "đọc tệp này cần nhiều bộ nhớ hơn mức cho phép"},
    {"file.utf8", "the file is not valid UTF-8 (byte {0})", "tệp không phải UTF-8 hợp lệ (byte {0})"},
    {"file.control", "control character U+00{0} is not allowed", "không được dùng ký tự điều khiển U+00{0}"},
    {"file.empty", "the file holds no YAML document", "tệp không chứa tài liệu YAML nào"},
    {"file.two_documents", "a criteria file holds exactly one YAML document", "mỗi tệp tiêu chí chứa đúng một tài liệu YAML"},
    {"yaml.syntax", "YAML syntax: {0}", "lỗi cú pháp YAML: {0}"},
    {"yaml.anchor", "the referenced anchor is not defined", "neo (anchor) được tham chiếu chưa được định nghĩa"},
    {"yaml.depth", "nesting is deeper than {0} levels", "lồng sâu hơn {0} cấp"},
    {"yaml.nodes", "the document expands to more than {0} nodes (aliases count at their full size)",
     "tài liệu mở rộng ra hơn {0} nút (mỗi bí danh tính đủ kích thước)"},
    {"yaml.cycle", "an alias refers to a node that contains it (a cycle)", "một bí danh trỏ tới nút chứa chính nó (vòng lặp)"},
    {"yaml.duplicate_key", "duplicate key `{0}` in this map", "khóa `{0}` bị lặp trong cùng một nhóm"},
    {"yaml.key_kind", "only plain text keys are supported in criteria files", "tệp tiêu chí chỉ dùng khóa là văn bản thường"},
    {"yaml.merge", "merge keys (`<<`) are not supported; write the keys out", "không hỗ trợ khóa gộp (`<<`); hãy viết đủ các khóa"},
    // The slips an author makes, found by the slip scanner (src/yaml/slips.cpp).
    {"slip.tab", "a tab is used for indentation; YAML indents with spaces only: replace the tab with spaces",
     "dòng này thụt lề bằng ký tự tab; YAML chỉ thụt lề bằng dấu cách: hãy thay tab bằng dấu cách"},
    {"slip.indent_deeper", "bad indentation: this line is indented more than `{0}` above, which already has its value: indent it like `{0}`",
     "thụt lề sai: dòng này thụt sâu hơn dòng `{0}` ở trên, mà `{0}` đã có giá trị: hãy thụt lề thẳng hàng với `{0}`"},
    {"slip.indent_between", "bad indentation: this line is indented {0} spaces, which lines up with no block above (they are indented {1}): indent it like the keys it goes with",
     "thụt lề sai: dòng này thụt {0} dấu cách, không thẳng hàng với khối nào ở trên (các khối thụt {1}): hãy thụt lề như các khóa cùng nhóm"},
    {"slip.quote", "the quote {0} opened here is not closed on this line: end the text with {0}",
     "dấu nháy {0} mở ở đây không được đóng trên dòng này: hãy kết thúc văn bản bằng {0}"},
    {"slip.bracket", "the bracket `{0}` opened here is never closed: close it with `{1}`",
     "dấu ngoặc `{0}` mở ở đây không bao giờ được đóng: hãy đóng bằng `{1}`"},
    {"slip.colon_space", "a space is missing after `:` in `{0}`: write `{1}`", "thiếu dấu cách sau `:` trong `{0}`: hãy viết `{1}`"},

    // ---- H1xx: the schema ----
    {"expected.text", "expected text, found {0}", "cần một văn bản, nhưng gặp {0}"},
    {"expected.number", "expected a number, found {0}", "cần một số, nhưng gặp {0}"},
    {"expected.decimal", "expected a number (at most six decimals), found `{0}`", "cần một số (tối đa sáu chữ số thập phân), nhưng gặp `{0}`"},
    {"expected.whole", "expected a whole number, found `{0}`", "cần một số nguyên, nhưng gặp `{0}`"},
    {"expected.boolean", "expected `true` or `false`, found {0}", "cần `true` hoặc `false`, nhưng gặp {0}"},
    {"expected.date", "expected a day written YYYY-MM-DD, found {0}", "cần một ngày viết dạng YYYY-MM-DD, nhưng gặp {0}"},
    {"expected.expression", "expected an expression, found {0}", "cần một biểu thức, nhưng gặp {0}"},
    {"expected.map", "expected a map, found {0}", "cần một nhóm khóa, nhưng gặp {0}"},
    {"text.not_nfc", "text is not in Unicode NFC; it is read as its NFC form", "văn bản không ở dạng Unicode NFC; được đọc theo dạng NFC"},
    {"id.invalid", "`{0}` is not a valid id (letters, digits and `_`, not starting with a digit)",
     "`{0}` không phải mã hợp lệ (chữ cái, chữ số và `_`, không bắt đầu bằng chữ số)"},
    {"confidence.value", "confidence is `confirmed`, `inferred` or `unknown`, not `{0}`",
     "độ tin cậy là `confirmed`, `inferred` hoặc `unknown`, không phải `{0}`"},
    {"expression.kind", "this expression must be {0}, but it is {1}", "biểu thức này phải là {0}, nhưng nó là {1}"},
    {"key.missing", "missing key `{0}`", "thiếu khóa `{0}`"},
    {"key.unknown", "unknown key `{0}` (expected one of: {1})", "khóa lạ `{0}` (cần một trong: {1})"},
    {"key.unknown_comma", "unknown key `{0}` (expected one of: {1}); in `{…}` a comma ends the value, so quote text that has one",
     "khóa lạ `{0}` (cần một trong: {1}); trong `{…}` dấu phẩy kết thúc giá trị, nên hãy đặt văn bản có dấu phẩy trong dấu nháy"},
    {"label.both", "a label needs both languages: `{vi: …, en: …}`", "nhãn cần cả hai ngôn ngữ: `{vi: …, en: …}`"},
    {"label.declared", "a label needs each language the set declares in `languages` ({0}): `{vi: …}`",
     "nhãn cần mọi ngôn ngữ mà bộ khai báo trong `languages` ({0}): `{vi: …}`"},
    {"label.no_vi", "missing the Vietnamese label `vi`", "thiếu nhãn tiếng Việt `vi`"},
    {"label.no_en", "missing the English label `en`", "thiếu nhãn tiếng Anh `en`"},
    {"label.empty_vi", "the Vietnamese label is empty", "nhãn tiếng Việt để trống"},
    {"label.empty_en", "the English label is empty", "nhãn tiếng Anh để trống"},
    {"note.unconfirmed", "{0} that is not confirmed says why in `note`", "{0} chưa được xác nhận cần ghi lý do trong `note`"},
    {"note.inherits", "a `note` without `confidence`: this place reads as its inherited confidence (`{0}`); write `confidence:` beside the note",
     "có `note` mà không có `confidence`: mục này mang độ tin cậy kế thừa (`{0}`); hãy viết `confidence:` cạnh ghi chú"},
    {"languages.value", "`languages` lists `vi` and may add `en`, not {0}", "`languages` liệt kê `vi` và có thể thêm `en`, không phải {0}"},
    {"languages.no_vi", "a list without `vi`", "một danh sách không có `vi`"},
    {"languages.bundled", "a bundled national set keeps English labels: `languages` must list `en`",
     "bộ tiêu chí quốc gia đi kèm phải có nhãn tiếng Anh: `languages` phải có `en`"},

    // ---- H2xx: expressions ----
    {"name.unknown", "unknown name `{0}` (not an input or a parameter)", "tên lạ `{0}` (không phải đầu vào hay tham số)"},
    {"name.unknown_member", "unknown name `{0}` (not a field of `{1}`, an input or a parameter)",
     "tên lạ `{0}` (không phải trường của `{1}`, đầu vào hay tham số)"},
    {"name.member_result", "unknown member result `{0}` (known: result.recognized, result.total, result.grade, result.level)",
     "kết quả thành viên lạ `{0}` (có: result.recognized, result.total, result.grade, result.level)"},
    {"name.no_title", "`{0}`: the list `{1}` names no title, so its members have no results",
     "`{0}`: danh sách `{1}` không gắn danh hiệu nào, nên thành viên không có kết quả"},
    {"name.total", "`total` is only known in `recognition` rules", "`total` chỉ dùng được trong quy tắc `recognition`"},
    {"name.list", "unknown member list `{0}`", "danh sách thành viên lạ `{0}`"},
    {"name.scale", "unknown scale `{0}`", "thang đo lạ `{0}`"},
    {"name.input", "unknown input `{0}`", "đầu vào lạ `{0}`"},
    {"expr.assign", "`=` is not an operator; compare with `==`", "`=` không phải phép toán; hãy so sánh bằng `==`"},
    {"expr.and_or", "use `and` / `or` instead of `{0}`", "hãy dùng `and` / `or` thay cho `{0}`"},
    {"expr.char", "unexpected character `{0}`", "ký tự không mong đợi `{0}`"},
    {"expr.text_open", "text that starts here is not closed", "văn bản bắt đầu ở đây không được đóng"},
    {"expr.chain", "comparisons do not chain; join them with `and`", "không viết nối các phép so sánh; hãy nối bằng `and`"},
    {"expr.depth", "the expression nests deeper than {0} levels", "biểu thức lồng sâu hơn {0} cấp"},
    {"expr.too_long", "the expression is {0} bytes long; expressions are limited to {1} bytes",
     "biểu thức dài {0} byte; biểu thức giới hạn ở {1} byte"},
    {"scale.value", "`{0}` is not a value of scale `{1}` ({2})", "`{0}` không phải giá trị của thang `{1}` ({2})"},

    // ---- the CLI and datasets ----
    {"dataset.title", "title `{0}` is not judged in this dataset on {1}", "danh hiệu `{0}` không được xét trong bộ dữ liệu này vào ngày {1}"},

    // ---- H5xx: test cases ----
    {"case.unknown_input", "unknown input `{0}`", "đầu vào lạ `{0}`"},
    {"case.list_of_members", "`{0}` is a list of members", "`{0}` là một danh sách thành viên"},
    {"case.not_list", "`{0}` is not a list", "`{0}` không phải danh sách"},
    {"case.value", "expected a value", "cần một giá trị"},
    {"case.record", "a record is a map of input names to values", "một bản ghi là nhóm khóa tên đầu vào: giá trị"},
    {"case.decision", "`decision` is recognized, not_recognized or not_assessable",
     "`decision` là recognized, not_recognized hoặc not_assessable"},
    {"case.node", "no node `{0}` in this set", "bộ này không có nút `{0}`"},
    {"case.status", "`status` is met, not_met, not_applicable or not_assessable",
     "`status` là met, not_met, not_applicable hoặc not_assessable"},
    {"case.texts", "`{0}` is a list of texts", "`{0}` là một danh sách văn bản"},
    {"case.list", "`tests` is a list of cases", "`tests` là một danh sách trường hợp"},
    {"case.duplicate", "duplicate test case name `{0}`", "tên trường hợp kiểm thử `{0}` bị lặp"},
    {"case.date_outside", "the case's date {0} is outside the set's validity {1}..{2}",
     "ngày {0} của trường hợp nằm ngoài thời hạn hiệu lực {1}..{2} của bộ"},
    {"case.context_key", "unknown context key `{0}` (not an input of this set or of the titles its members are judged by)",
     "khóa bối cảnh lạ `{0}` (không phải đầu vào của bộ này hay của danh hiệu xét thành viên)"},
    {"case.category", "`{0}` is not a value of scale `{1}` for `{2}` ({3})",
     "`{0}` không phải giá trị của thang `{1}` cho `{2}` ({3})"},
    {"case.date", "`{0}` is not a day for date input `{1}`: write YYYY-MM-DD",
     "`{0}` không phải một ngày cho đầu vào ngày `{1}`: hãy viết YYYY-MM-DD"},
};

std::string fill(std::string_view pattern, std::initializer_list<Arg> args, bool vi) {
  std::string out;
  out.reserve(pattern.size() + 32);
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '{' && i + 2 < pattern.size() && pattern[i + 1] >= '0' && pattern[i + 1] <= '9' && pattern[i + 2] == '}') {
      const std::size_t k = static_cast<std::size_t>(pattern[i + 1] - '0');
      if (k < args.size()) {
        const Arg& a = *(args.begin() + k);
        out += vi ? a.vi : a.en;
        i += 2;
        continue;
      }
    }
    out += c;
  }
  return out;
}

const Entry* find(std::string_view id) {
  for (const Entry& e : kCatalog)
    if (e.id == id) return &e;
  return nullptr;
}

}  // namespace

Text tr(std::string_view id, std::initializer_list<Arg> args) {
  const Entry* e = find(id);
  if (e == nullptr) return {std::string(id), std::string(id)};
  return {fill(e->en, args, false), fill(e->vi, args, true)};
}

bool has_message(std::string_view id) { return find(id) != nullptr; }

std::vector<std::string_view> message_ids() {
  std::vector<std::string_view> ids;
  for (const Entry& e : kCatalog) ids.push_back(e.id);
  return ids;
}

Text with_suggestion(Text text, const std::string& near) {
  if (near.empty()) return text;
  return tr("suggest", {std::move(text), near});
}

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  if (a.size() > b.size() + limit || b.size() > a.size() + limit) return limit + 1;
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0], best = row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1)});
      diagonal = up;
      best = std::min(best, row[j]);
    }
    if (best > limit) return limit + 1;
  }
  return row[b.size()];
}

std::string nearest_name(std::string_view name, const std::vector<std::string>& names) {
  std::string near;
  std::size_t best = std::max<std::size_t>(2, name.size() / 4) + 1;
  for (const std::string& d : names) {
    if (d == name) continue;
    const std::size_t k = edit_distance(name, d, best - 1);
    // Half the letters changed is another word, not a slip (`m` is not a slip of `n`).
    if (k < best && 2 * k < std::max(name.size(), d.size())) {
      best = k;
      near = d;
    }
  }
  return near;
}

}  // namespace hoctap::internal
