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
    {"what.a parameter", "a parameter", "một tham số"},
    {"what.a legal basis", "a legal basis", "căn cứ pháp lý"},
    {"suggest", "{0}; did you mean `{1}`?", "{0}; có phải `{1}`?"},

    // ---- H0xx: the file and its YAML ----
    {"file.too_big", "the file is {0} bytes; criteria files are limited to {1} bytes",
     "tệp dài {0} byte; tệp tiêu chí giới hạn ở {1} byte"},
    {"file.unreadable", "cannot read `{0}`", "không đọc được `{0}`"},
    {"folder.unreadable", "cannot read the folder `{0}`: {1}", "không đọc được thư mục `{0}`: {1}"},
    {"os.not_found", "it does not exist", "không tồn tại"},
    {"os.denied", "permission denied", "không có quyền truy cập"},
    {"os.not_folder", "it is not a folder", "không phải thư mục"},
    {"os.other", "{0}", "hệ thống báo: {0}"},
    {"registry.no_official", "cannot find the installed official criteria in `{0}`; set HOCTAP_CRITERIA_DIR to the criteria folder",
     "không tìm thấy bộ tiêu chí chính thức đã cài đặt trong `{0}`; hãy đặt HOCTAP_CRITERIA_DIR là thư mục bộ tiêu chí"},
    {"file.not_regular", "`{0}` is {1}, not a regular file: a criteria file is a file",
     "`{0}` là {1}, không phải tệp thông thường: tệp tiêu chí phải là một tệp"},
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
    {"slip.indent_first", "bad indentation: this line is indented {0} spaces, more than the lines of its block after it ({1}): indent it like them",
     "thụt lề sai: dòng này thụt {0} dấu cách, sâu hơn các dòng cùng khối sau nó ({1}): hãy thụt lề như các dòng đó"},
    {"slip.either", "{0} or {1}", "{0} hoặc {1}"},
    {"slip.quote", "the quote {0} opened here is not closed on this line: end the text with {0}",
     "dấu nháy {0} mở ở đây không được đóng trên dòng này: hãy kết thúc văn bản bằng {0}"},
    {"slip.bracket", "the bracket `{0}` opened here is never closed: close it with `{1}`",
     "dấu ngoặc `{0}` mở ở đây không bao giờ được đóng: hãy đóng bằng `{1}`"},
    {"slip.colon_space", "a space is missing after `:` in `{0}`: write `{1}`", "thiếu dấu cách sau `:` trong `{0}`: hãy viết `{1}`"},
    {"slip.dash_space", "a space is missing after the list item's `-` in `{0}`, which YAML reads as a key: write `{1}`",
     "thiếu dấu cách sau dấu `-` của mục danh sách trong `{0}`, YAML đọc đó là một khóa: hãy viết `{1}`"},
    {"slip.value_colon", "the value of `{0}` holds `: `, which YAML reads as the start of another key: put the value in quotes: `{1}`",
     "giá trị của `{0}` chứa `: `, YAML đọc đó là chỗ bắt đầu một khóa khác: hãy đặt giá trị trong dấu nháy: `{1}`"},
    {"slip.invisible_after_colon", "`{0}` is followed by {1}, which YAML does not read as a space, so `{0}` is not read as a key: write an ordinary space after `:`",
     "sau `{0}` là {1}, YAML không đọc ký tự này là dấu cách nên `{0}` không được đọc là khóa: hãy viết dấu cách thường sau `:`"},
    {"slip.invisible_after_dash", "the list item's `-` is followed by {0}, which YAML does not read as a space: write an ordinary space after `-`",
     "sau dấu `-` của mục danh sách là {0}, YAML không đọc ký tự này là dấu cách: hãy viết dấu cách thường sau `-`"},
    // yaml-cpp's words (English, as it says them) for a syntax error no slip explains, and
    // their Vietnamese.
    {"yaml.syntax_other", "YAML syntax: {0}", "lỗi cú pháp YAML (lời của yaml-cpp): {0}"},
    {"yamlcpp.end_of_map", "end of map not found", "không tìm thấy chỗ kết thúc của nhóm khóa"},
    {"yamlcpp.end_of_map_flow", "end of map flow not found", "không tìm thấy dấu `}` đóng nhóm khóa"},
    {"yamlcpp.end_of_seq", "end of sequence not found", "không tìm thấy chỗ kết thúc của danh sách"},
    {"yamlcpp.end_of_seq_flow", "end of sequence flow not found", "không tìm thấy dấu `]` đóng danh sách"},
    {"yamlcpp.map_value", "illegal map value", "dấu `:` của giá trị không đúng chỗ"},
    {"yamlcpp.map_key", "illegal map key", "khóa không đúng chỗ"},
    {"yamlcpp.block_entry", "illegal block entry", "mục danh sách `-` không đúng chỗ"},
    {"yamlcpp.flow_end", "illegal flow end", "dấu đóng ngoặc không đúng chỗ"},
    {"yamlcpp.unknown_token", "unknown token", "ký hiệu lạ"},
    {"yamlcpp.eof_in_scalar", "illegal EOF in scalar", "tệp kết thúc giữa một giá trị"},
    {"yamlcpp.char_in_scalar", "illegal character in scalar", "ký tự không hợp lệ trong giá trị"},
    {"yamlcpp.doc_in_scalar", "illegal document indicator in scalar", "dấu tài liệu (`---`, `...`) nằm trong một giá trị"},
    {"yamlcpp.tab", "illegal tab when looking for indentation", "ký tự tab trong phần thụt lề"},
    {"yamlcpp.escape", "unknown escape character: {0}", "ký tự thoát lạ: {0}"},
    {"yamlcpp.unicode", "invalid unicode: {0}", "mã Unicode không hợp lệ: {0}"},
    {"yamlcpp.hex", "bad character found while scanning hex number", "ký tự sai trong số hex"},
    {"yamlcpp.alias_name", "alias not found after *", "thiếu tên bí danh sau `*`"},
    {"yamlcpp.anchor_name", "anchor not found after &", "thiếu tên neo sau `&`"},
    {"yamlcpp.alias_char", "illegal character found while scanning alias", "ký tự không hợp lệ trong tên bí danh"},
    {"yamlcpp.anchor_char", "illegal character found while scanning anchor", "ký tự không hợp lệ trong tên neo"},
    {"yamlcpp.block_zero_indent", "cannot set zero indentation for a block scalar", "không thể đặt thụt lề 0 cho khối văn bản"},
    {"yamlcpp.block_char", "unexpected character in block scalar", "ký tự không mong đợi trong khối văn bản"},
    {"yamlcpp.multiple_tags", "cannot assign multiple tags to the same node", "không thể gán nhiều thẻ (tag) cho một nút"},
    {"yamlcpp.multiple_anchors", "cannot assign multiple anchors to the same node", "không thể gán nhiều neo cho một nút"},
    {"yamlcpp.multiple_aliases", "cannot assign multiple aliases to the same node", "không thể gán nhiều bí danh cho một nút"},
    {"yamlcpp.alias_content", "aliases can't have any content, *including* tags", "bí danh không được có nội dung, kể cả thẻ (tag)"},

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
    // ---- H104, H4xx: a folder of sets ----
    {"registry.duplicate_id", "criteria set id `{0}` is also used by {1}", "mã bộ tiêu chí `{0}` đã được dùng trong {1}"},
    {"registry.overlap", "validity {0} of `{1}` overlaps {2} of `{3}` ({4}); a date must select one version of `{5}`",
     "thời hạn hiệu lực {0} của `{1}` chồng lên {2} của `{3}` ({4}); mỗi ngày phải chọn được đúng một phiên bản của `{5}`"},
    {"registry.overlap_place",
     "validity {0} of `{1}` overlaps {2} of `{3}` ({4}); a date must select one version of `{5}` for `{6}`",
     "thời hạn hiệu lực {0} của `{1}` chồng lên {2} của `{3}` ({4}); mỗi ngày phải chọn được đúng một phiên bản của `{5}` cho `{6}`"},
    {"registry.unknown_member_title", "members are judged by title `{0}`, which no criteria set here defines",
     "thành viên được đánh giá theo danh hiệu `{0}`, nhưng không bộ tiêu chí nào ở đây định nghĩa danh hiệu đó"},
    {"registry.unknown_supersedes", "`supersedes` names `{0}`, which no criteria set here has",
     "`supersedes` ghi `{0}`, nhưng không bộ tiêu chí nào ở đây có mã đó"},
    {"registry.cycle", "titles depend on each other in a cycle: {0}", "các danh hiệu phụ thuộc lẫn nhau thành vòng: {0}"},
    // Evaluating with a set or a registry (src/api, src/registry): the caller's date.
    {"evaluate.no_date",
     "evaluating `{0}` needs an assessment date (the options' assessment_date); none was given, or it was not a real day written YYYY-MM-DD",
     "đánh giá theo `{0}` cần một ngày đánh giá (assessment_date trong tùy chọn); chưa có ngày nào, hoặc ngày đã cho không phải một ngày có thật viết dạng YYYY-MM-DD"},
    {"evaluate.outside_validity",
     "the assessment date {0} is outside the validity of `{1}` ({2}..{3}); set outside_validity to judge by it anyway",
     "ngày đánh giá {0} nằm ngoài thời hạn hiệu lực của `{1}` ({2}..{3}); hãy đặt outside_validity để vẫn đánh giá theo bộ tiêu chí này"},
    {"registry.not_in_force", "no criteria set for `{0}` is in force on {1}", "không có bộ tiêu chí nào cho `{0}` có hiệu lực vào ngày {1}"},
    {"place.unknown", "unknown place `{0}` (a province id, or `province/district`; known provinces: {1})",
     "địa bàn lạ `{0}` (mã tỉnh, hoặc `tỉnh/huyện`; các tỉnh đã biết: {1})"},
    {"place.bad_district", "bad district in place `{0}` (write `province/district` in lower-case letters, digits and `_`)",
     "huyện sai trong địa bàn `{0}` (viết `tỉnh/huyện` bằng chữ thường, chữ số và `_`)"},
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

    // ---- the set's own rules (src/loader) ----
    {"set.format_version", "unsupported format version `{0}` (this engine reads 1)", "phiên bản định dạng `{0}` không được hỗ trợ (bộ máy này đọc phiên bản 1)"},
    {"set.valid_to_before", "`valid_to` {0} is before `valid_from` {1}", "`valid_to` {0} ở trước `valid_from` {1}"},
    {"set.scoring_value", "`scoring` is `points` or `levels`, not `{0}`", "`scoring` là `points` hoặc `levels`, không phải `{0}`"},
    {"set.levels_missing", "a set with `scoring: levels` lists its `levels`", "bộ có `scoring: levels` phải liệt kê các mức trong `levels`"},
    {"set.levels_needs", "`levels` needs `scoring: levels`", "`levels` cần `scoring: levels`"},
    {"set.no_recognition", "the set must say how an entity is recognized: `grades` or `recognition.min_total`", "bộ phải nêu cách công nhận: `grades` hoặc `recognition.min_total`"},
    {"set.entity_kind", "unknown entity kind `{0}` (expected citizen, family, clan, community, unit, commune, district or province)", "loại đối tượng lạ `{0}` (cần citizen, family, clan, community, unit, commune, district hoặc province)"},
    {"set.legal_empty", "`{0}` of the legal basis is empty: say where the set comes from", "`{0}` của căn cứ pháp lý để trống: hãy nêu bộ tiêu chí lấy từ đâu"},
    {"set.scale_list", "a scale is a list of values, lowest first", "thang là một danh sách giá trị, giá trị thấp nhất trước"},
    {"set.scale_duplicate", "duplicate value `{0}` in scale `{1}`", "giá trị `{0}` bị lặp trong thang `{1}`"},
    {"set.category_scale", "a category input names its `scale`", "đầu vào phân loại phải nêu thang `scale`"},
    {"set.nested_list", "member lists cannot hold lists", "danh sách thành viên không được chứa danh sách"},
    {"set.type_unknown", "unknown type `{0}` (expected int, decimal, bool, date, text, category or list)", "kiểu lạ `{0}` (cần int, decimal, bool, date, text, category hoặc list)"},
    {"set.too_many_inputs", "the set declares more than {0} inputs (member lists' fields included)", "bộ khai báo hơn {0} đầu vào (kể cả các trường của danh sách thành viên)"},
    {"set.local_member", "`local` applies to the entity's own inputs, not to members' fields", "`local` chỉ áp dụng cho đầu vào của chính đối tượng, không cho trường của thành viên"},
    {"set.min_max_numbers", "`min` and `max` apply to numbers only", "`min` và `max` chỉ áp dụng cho số"},
    {"set.min_above_max", "`min` is above `max`", "`min` lớn hơn `max`"},
    {"set.list_fields", "a member list declares its `fields`, or the `title` its members are judged by", "danh sách thành viên phải khai báo `fields`, hoặc danh hiệu `title` dùng để xét thành viên"},
    {"set.fields_lists", "`fields` and `title` apply to lists only", "`fields` và `title` chỉ áp dụng cho danh sách"},
    {"set.scale_categories", "`scale` applies to categories only", "`scale` chỉ áp dụng cho đầu vào phân loại"},
    {"set.input_duplicate", "duplicate input `{0}`", "đầu vào `{0}` bị lặp"},
    {"set.too_many_parameters", "the set declares {0} parameters; the limit is {1}", "bộ khai báo {0} tham số; giới hạn là {1}"},
    {"set.parameter_type", "a parameter is `int`, `decimal` or `bool`, not `{0}`", "tham số có kiểu `int`, `decimal` hoặc `bool`, không phải `{0}`"},
    {"set.parameter_whole", "this parameter is `int`; `{0}` is not whole", "tham số này có kiểu `int`; `{0}` không phải số nguyên"},
    {"set.parameter_both", "a parameter has either `value` or `by` with `values`, not both", "tham số có `value` hoặc `by` cùng `values`, không có cả hai"},
    {"set.by_unknown", "unknown input `{0}`", "đầu vào lạ `{0}`"},
    {"set.by_category", "`by` names a category input; `{0}` is not one", "`by` phải nêu một đầu vào phân loại; `{0}` không phải"},
    {"set.by_value", "`{0}` is not a value of scale `{1}`", "`{0}` không phải giá trị của thang `{1}`"},
    {"set.by_missing", "no value for `{0}` and no `default`", "không có giá trị cho `{0}` và không có `default`"},
    {"set.parameter_value", "a parameter has a `value`, or `by` and `values`", "tham số cần `value`, hoặc `by` và `values`"},
    {"set.parameter_duplicate", "`{0}` is already an input or a parameter", "`{0}` đã là một đầu vào hoặc tham số"},
    {"set.levels_list", "`levels` is a list, lowest level first", "`levels` là một danh sách, mức thấp nhất trước"},
    {"set.level_duplicate", "duplicate level `{0}`", "mức `{0}` bị lặp"},
    {"set.criteria_list", "`criteria` is a non-empty list", "`criteria` là một danh sách không rỗng"},
    {"set.criteria_sum", "the criteria's maxima add up to {0}, not {1}", "điểm tối đa của các tiêu chí cộng lại là {0}, không phải {1}"},
    {"set.criteria_sum_known", "the known criteria's maxima add up to {0}, more than {1}", "điểm tối đa của các tiêu chí đã biết cộng lại là {0}, lớn hơn {1}"},
    {"set.criteria_depth", "criteria nest at most five levels deep", "tiêu chí lồng nhau tối đa năm cấp"},
    {"set.too_many_nodes", "the set has more than {0} criteria and indicators", "bộ có hơn {0} tiêu chí và chỉ số"},
    {"set.id_duplicate", "duplicate id `{0}`", "mã `{0}` bị lặp"},
    {"set.max_missing", "missing key `max` (the node's maximum points)", "thiếu khóa `max` (điểm tối đa của nút)"},
    {"set.max_unknown_conf", "`max: unknown` is allowed only on a node marked `confidence: unknown`", "`max: unknown` chỉ dùng cho nút có `confidence: unknown`"},
    {"set.max_unknown_above", "a node with `max: unknown` needs a known maximum above it, or `max_total`", "nút có `max: unknown` cần một điểm tối đa đã biết ở cấp trên, hoặc `max_total`"},
    {"set.max_negative", "`max` cannot be negative", "`max` không được âm"},
    {"set.pass_at_range", "`pass_at` {0} is outside 0..{1}", "`pass_at` {0} nằm ngoài 0..{1}"},
    {"set.max_needs_points", "`max` needs `scoring: points`", "`max` cần `scoring: points`"},
    {"set.pass_at_needs_points", "`pass_at` needs `scoring: points`", "`pass_at` cần `scoring: points`"},
    {"set.node_both", "a node has either `indicators` or its own `points` / `requires`, not both", "một nút có `indicators` hoặc `points` / `requires` của riêng nó, không có cả hai"},
    {"set.indicators_list", "`indicators` is a non-empty list", "`indicators` là một danh sách không rỗng"},
    {"set.indicators_sum", "the indicators' maxima add up to {0}, not {1}", "điểm tối đa của các chỉ số cộng lại là {0}, không phải {1}"},
    {"set.indicators_sum_known", "the known indicators' maxima add up to {0}, more than {1}", "điểm tối đa của các chỉ số đã biết cộng lại là {0}, lớn hơn {1}"},
    {"set.points_needs_points", "`points` needs `scoring: points`", "`points` cần `scoring: points`"},
    {"set.requires_needs_levels", "`requires` needs `scoring: levels`", "`requires` cần `scoring: levels`"},
    {"set.if_na_missing", "say what a node that does not apply earns: `if_not_applicable: full_points` or `no_points`", "hãy nêu nút không áp dụng được bao nhiêu điểm: `if_not_applicable: full_points` hoặc `no_points`"},
    {"set.if_na_value", "`if_not_applicable` is `full_points` or `no_points`, not `{0}`", "`if_not_applicable` là `full_points` hoặc `no_points`, không phải `{0}`"},
    {"set.if_na_needs", "`if_not_applicable` needs `applies_when`", "`if_not_applicable` cần `applies_when`"},
    {"set.points_kinds", "points come from exactly one of `conditions`, `formula` or `assessed`", "điểm đến từ đúng một trong `conditions`, `formula` hoặc `assessed`"},
    {"set.points_range", "points {0} are outside 0..{1}", "điểm {0} nằm ngoài 0..{1}"},
    {"set.conditions_list", "`conditions` is a non-empty list", "`conditions` là một danh sách không rỗng"},
    {"set.otherwise_missing", "missing key `otherwise` (the points when no condition holds)", "thiếu khóa `otherwise` (điểm khi không điều kiện nào đúng)"},
    {"set.otherwise_with", "`otherwise` goes with `conditions`", "`otherwise` đi cùng `conditions`"},
    {"set.rounding_value", "`rounding` is half_up, half_even, floor or ceil, not `{0}`", "`rounding` là half_up, half_even, floor hoặc ceil, không phải `{0}`"},
    {"set.digits_range", "`digits` is 0 to 6", "`digits` từ 0 đến 6"},
    {"set.rounding_with", "`rounding` and `digits` go with `formula`", "`rounding` và `digits` đi cùng `formula`"},
    {"set.assessed_true", "`assessed` is written only as `assessed: true`", "`assessed` chỉ viết là `assessed: true`"},
    {"set.level_unknown", "`{0}` is not a level of this set", "`{0}` không phải một mức của bộ này"},
    {"set.requires_first", "`requires` gives the condition of the first level `{0}`", "`requires` phải nêu điều kiện của mức đầu tiên `{0}`"},
    {"set.checks_list", "`checks` is a list", "`checks` là một danh sách"},
    {"set.grades_needs_points", "`grades` needs `scoring: points`; level sets use `levels`", "`grades` cần `scoring: points`; bộ theo mức dùng `levels`"},
    {"set.grade_duplicate", "duplicate grade `{0}`", "xếp loại `{0}` bị lặp"},
    {"set.bands_list", "`bands` is a non-empty list", "`bands` là một danh sách không rỗng"},
    {"set.band_empty", "band `{0}` is empty: `below` is not above `min`", "khoảng `{0}` rỗng: `below` không lớn hơn `min`"},
    {"set.band_unreachable", "band `{0}` starts at {1}, above the maximum total {2}: it can never be reached", "khoảng `{0}` bắt đầu từ {1}, trên tổng điểm tối đa {2}: không bao giờ đạt được"},
    {"set.band_no_below", "band `{0}` has no upper bound `below` but `{1}` starts above it", "khoảng `{0}` không có cận trên `below` nhưng `{1}` bắt đầu ở trên nó"},
    {"set.band_gap", "gap between bands: `{0}` ends below {1} but `{2}` starts at {3}", "hở giữa các khoảng: `{0}` kết thúc dưới {1} nhưng `{2}` bắt đầu từ {3}"},
    {"set.band_overlap", "bands overlap: `{0}` runs below {1} but `{2}` starts at {3}", "các khoảng chồng nhau: `{0}` kéo dài dưới {1} nhưng `{2}` bắt đầu từ {3}"},
    {"set.band_top", "the top band `{0}` ends below {1}, leaving totals up to {2} without a grade", "khoảng cao nhất `{0}` kết thúc dưới {1}, để các tổng điểm đến {2} không có xếp loại"},
    {"set.band_bottom", "totals below {0} have no grade: add `otherwise`", "tổng điểm dưới {0} không có xếp loại: hãy thêm `otherwise`"},
    {"set.min_total_needs_points", "`min_total` needs `scoring: points`", "`min_total` cần `scoring: points`"},
    {"set.min_total_above", "`min_total` {0} is above the maximum total {1}: it can never be met",
     "`min_total` {0} lớn hơn tổng điểm tối đa {1}: không bao giờ đạt được"},
    {"set.min_total_below", "`min_total` {0} is below 0: every total meets it", "`min_total` {0} nhỏ hơn 0: mọi tổng điểm đều đạt"},
    {"set.min_total_param_above", "`min_total` reads `{0}`, whose value {1}{2} is above the maximum total {3}: it can never be met",
     "`min_total` đọc `{0}`, mà giá trị {1}{2} lớn hơn tổng điểm tối đa {3}: không bao giờ đạt được"},
    {"set.min_total_param_below", "`min_total` reads `{0}`, whose value {1}{2} is below 0: every total meets it",
     "`min_total` đọc `{0}`, mà giá trị {1}{2} nhỏ hơn 0: mọi tổng điểm đều đạt"},
    {"parameter.for", " for `{0}`", " cho `{0}`"},
    {"parameter.default", " (its `default`)", " (giá trị `default`)"},
    {"set.floor_below", "`every_indicator_at_least` {0} is below 0: every indicator meets it",
     "`every_indicator_at_least` {0} nhỏ hơn 0: mọi chỉ số đều đạt"},
    {"set.floor_above", "`every_indicator_at_least` {0} is above the maximum {1} of indicator `{2}`: an entity it applies to can never be recognized",
     "`every_indicator_at_least` {0} lớn hơn điểm tối đa {1} của chỉ số `{2}`: đối tượng nào có chỉ số này áp dụng đều không bao giờ được công nhận"},
    {"set.floor_above_many", "`every_indicator_at_least` {0} is above the maxima of {1} indicators (the lowest: `{2}`, {3}): an entity they apply to can never be recognized",
     "`every_indicator_at_least` {0} lớn hơn điểm tối đa của {1} chỉ số (thấp nhất: `{2}`, {3}): đối tượng nào có các chỉ số này áp dụng đều không bao giờ được công nhận"},
    {"set.floor_needs_points", "`every_indicator_at_least` needs `scoring: points`", "`every_indicator_at_least` cần `scoring: points`"},
    {"set.knockouts_list", "`knockouts` is a list", "`knockouts` là một danh sách"},

    // ---- targets files (src/targets) ----
    {"targets.map", "expected a map", "cần một nhóm khóa"},
    {"targets.text", "expected text", "cần một văn bản"},
    {"targets.share_range", "a target share is between 0 and 1 (70% is 0.7), not {0}", "tỷ lệ mục tiêu nằm trong khoảng 0 đến 1 (70% là 0.7), không phải {0}"},
    {"targets.share", "expected a share between 0 and 1", "cần một tỷ lệ từ 0 đến 1"},
    {"targets.place_note", "a place that is not confirmed says why in `note`", "mục chưa được xác nhận cần ghi lý do trong `note`"},
    {"targets.format_version", "unsupported targets format version (this engine reads 1)", "phiên bản định dạng mục tiêu không được hỗ trợ (bộ máy này đọc phiên bản 1)"},
    {"targets.date", "expected a day written YYYY-MM-DD", "cần một ngày viết dạng YYYY-MM-DD"},
    {"targets.list", "`targets` is a list", "`targets` là một danh sách"},
    {"targets.instrument", "unknown instrument `{0}`", "văn bản lạ `{0}`"},
    {"targets.year", "expected a target year such as 2025", "cần một năm mục tiêu, ví dụ 2025"},
    {"targets.target_note", "a target that is not confirmed says why in `note`", "mục tiêu chưa được xác nhận cần ghi lý do trong `note`"},
    {"targets.alternatives", "`alternatives` is a list", "`alternatives` là một danh sách"},
    {"targets.indicator", "unknown indicator `{0}`", "chỉ tiêu lạ `{0}`"},
    {"targets.general", "missing key `general` (the value for general areas)", "thiếu khóa `general` (giá trị cho các vùng chung)"},
    {"targets.duplicate_national", "a target for `{0}` in {1} (national) is already given", "mục tiêu cho `{0}` năm {1} (toàn quốc) đã được nêu"},
    {"targets.duplicate_place", "a target for `{0}` in {1} for `{2}` is already given", "mục tiêu cho `{0}` năm {1} cho `{2}` đã được nêu"},

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
    {"expr.invisible", "unexpected invisible character {0}: delete it, or write an ordinary space where a space is meant",
     "ký tự vô hình {0} không mong đợi: hãy xóa nó, hoặc viết dấu cách thường nếu định viết dấu cách"},
    {"expr.text_open", "text that starts here is not closed", "văn bản bắt đầu ở đây không được đóng"},
    {"expr.chain", "comparisons do not chain; join them with `and`", "không viết nối các phép so sánh; hãy nối bằng `and`"},
    {"expr.depth", "the expression nests deeper than {0} levels", "biểu thức lồng sâu hơn {0} cấp"},
    {"expr.too_long", "the expression is {0} bytes long; expressions are limited to {1} bytes",
     "biểu thức dài {0} byte; biểu thức giới hạn ở {1} byte"},
    {"expr.trailing", "unexpected {0} after the expression", "{0} thừa sau biểu thức"},
    {"expr.expected_token", "expected {0}, found {1}", "cần {0}, nhưng gặp {1}"},
    {"expr.expected_word", "expected `{0}`, found {1}", "cần `{0}`, nhưng gặp {1}"},
    {"expr.compare", "cannot compare {0} with {1} using `{2}`", "không so sánh được {0} với {1} bằng `{2}`"},
    {"expr.numbers2", "`{0}` needs numbers, not {1} and {2}", "`{0}` cần các số, không phải {1} và {2}"},
    {"expr.minus", "`-` needs a number, not {0}", "`-` cần một số, không phải {0}"},
    {"expr.number", "`{0}` is not a number (at most six decimals)", "`{0}` không phải một số (tối đa sáu chữ số thập phân)"},
    {"expr.value", "expected a value, found {0}", "cần một giá trị, nhưng gặp {0}"},
    {"expr.value_word", "expected a value, found `{0}`", "cần một giá trị, nhưng gặp `{0}`"},
    {"expr.dot", "expected a name after `.`", "cần một tên sau `.`"},
    {"expr.numbers1", "`{0}` needs numbers, not {1}", "`{0}` cần các số, không phải {1}"},
    {"expr.digits", "the digits of `{0}` must be a whole number from 0 to 6", "số chữ số của `{0}` phải là số nguyên từ 0 đến 6"},
    {"expr.years_between", "`years_between` needs dates, not {0}", "`years_between` cần các ngày, không phải {0}"},
    {"expr.date_literal", "`date` takes a literal day written 'YYYY-MM-DD'", "`date` nhận một ngày viết trực tiếp dạng 'YYYY-MM-DD'"},
    {"expr.nested_aggregate", "aggregates cannot be nested inside another aggregate", "không lồng hàm gộp trong một hàm gộp khác"},
    {"expr.aggregate_list", "`{0}` starts with the name of a member list", "`{0}` bắt đầu bằng tên một danh sách thành viên"},
    {"expr.aggregate_not_list", "`{0}` needs a member list, and `{1}` is {2}", "`{0}` cần một danh sách thành viên, mà `{1}` là {2}"},
    {"expr.count_args", "`count` takes a list and an optional `where` filter, not a second argument", "`count` nhận một danh sách và bộ lọc `where` tùy chọn, không nhận đối số thứ hai"},
    {"expr.sum_value", "`sum` needs the value to add up: sum(list, value)", "`sum` cần giá trị để cộng: sum(list, value)"},
    {"expr.sum_numbers", "`sum` adds numbers, not {0}", "`sum` cộng các số, không phải {0}"},
    {"expr.aggregate_condition", "`{0}` needs a condition: {1}(list [where filter], condition)", "`{0}` cần một điều kiện: {1}(list [where filter], condition)"},
    {"expr.unknown_function", "unknown function `{0}` (known: count, share, all, any, sum, min, max, floor, ceil, round, abs, years_between, date)",
     "hàm lạ `{0}` (có: count, share, all, any, sum, min, max, floor, ceil, round, abs, years_between, date)"},
    {"expr.not_bool", "{0} must be true or false, not {1}", "{0} phải là đúng hoặc sai, không phải {1}"},
    {"expr.different_types", "{0} have different types: {1} and {2}", "{0} có kiểu khác nhau: {1} và {2}"},
    {"expr.arity", "`{0}` takes {1} arguments, not {2}", "`{0}` nhận {1} đối số, không phải {2}"},
    {"expr.arity_one", "`{0}` takes {1} argument, not {2}", "`{0}` nhận {1} đối số, không phải {2}"},
    {"token.end", "end of expression", "hết biểu thức"},
    {"token.number", "number `{0}`", "số `{0}`"},
    {"token.text", "text '{0}'", "văn bản '{0}'"},
    {"part.if_condition", "the condition of `if`", "điều kiện của `if`"},
    {"part.if_branches", "the branches of `if`", "các nhánh của `if`"},
    {"part.left", "the left side of `{0}`", "vế trái của `{0}`"},
    {"part.right", "the right side of `{0}`", "vế phải của `{0}`"},
    {"part.not", "the operand of `not`", "toán hạng của `not`"},
    {"part.where", "the filter after `where`", "bộ lọc sau `where`"},
    {"part.condition_of", "the condition of `{0}`", "điều kiện của `{0}`"},
    {"scale.value", "`{0}` is not a value of scale `{1}` ({2})", "`{0}` không phải giá trị của thang `{1}` ({2})"},

    // ---- the CLI and datasets ----
    {"dataset.title", "title `{0}` is not judged in this dataset on {1}", "danh hiệu `{0}` không được xét trong bộ dữ liệu này vào ngày {1}"},
    {"dataset.unreadable", "cannot read `{0}`", "không đọc được `{0}`"},
    {"dataset.not_description", "{0}: not a dataset description", "{0}: không phải tệp mô tả bộ dữ liệu"},
    {"dataset.not_map", "{0}: not a dataset description (a map of hoctap_dataset, name, place, context)",
     "{0}: không phải tệp mô tả bộ dữ liệu (một nhóm khóa hoctap_dataset, name, place, context)"},
    {"dataset.invalid", "{0}: not a valid dataset description", "{0}: tệp mô tả bộ dữ liệu không hợp lệ"},
    {"dataset.format_version", "unknown dataset format version (expected 1)", "phiên bản định dạng bộ dữ liệu lạ (cần 1)"},
    {"dataset.name", "expected a text", "cần một văn bản"},
    {"dataset.place_id", "expected a place id", "cần một mã địa bàn"},
    {"dataset.unknown_place",
     "unknown place `{0}` (the targets name: {1}; also a province id or `province/district`; leave `place` out for the national targets)",
     "địa bàn lạ `{0}` (các mục tiêu nêu: {1}; cũng có thể là mã tỉnh hoặc `tỉnh/huyện`; bỏ `place` để dùng mục tiêu toàn quốc)"},
    {"dataset.context_map", "`context` is a map of input names to values", "`context` là một nhóm khóa tên đầu vào: giá trị"},
    {"context.unknown", "context key `{0}` is not an input of `{1}`: it would be ignored",
     "khóa ngữ cảnh `{0}` không phải đầu vào của bộ `{1}`: giá trị này sẽ bị bỏ qua"},
    {"context.unknown_through_members", "context key `{0}` is not an input of `{1}` or of the sets judging its members: it would be ignored",
     "khóa ngữ cảnh `{0}` không phải đầu vào của bộ `{1}` hay của các bộ đánh giá thành viên của nó: giá trị này sẽ bị bỏ qua"},
    {"dataset.context_key", "unknown context key `{0}` (no criteria set has such an input; known: {1})",
     "khóa ngữ cảnh lạ `{0}` (không bộ tiêu chí nào có đầu vào này; đã biết: {1})"},
    {"dataset.context_single", "context `{0}` must be a single value", "ngữ cảnh `{0}` phải là một giá trị đơn"},
    {"dataset.context_number", "expected a number for `{0}`, found `{1}`", "cần một số cho `{0}`, gặp `{1}`"},
    {"dataset.context_bool", "expected true or false for `{0}`, found `{1}`", "cần true hoặc false cho `{0}`, gặp `{1}`"},
    {"dataset.context_date", "expected a date YYYY-MM-DD for `{0}`, found `{1}`", "cần một ngày dạng YYYY-MM-DD cho `{0}`, gặp `{1}`"},
    {"dataset.unknown_key", "unknown key `{0}` (expected hoctap_dataset, name, place, context)",
     "khóa lạ `{0}` (cần hoctap_dataset, name, place, context)"},
    {"dataset.strict_columns", "the dataset's columns do not match the criteria it is judged by (strict):",
     "các cột của bộ dữ liệu không khớp với bộ tiêu chí dùng để đánh giá nó (chế độ nghiêm ngặt):"},
    {"dataset.links", "the dataset's files lack the columns that link their rows (nothing is judged without them):",
     "các tệp của bộ dữ liệu thiếu cột nối các dòng với nhau (không đánh giá gì khi thiếu các cột này):"},
    {"dataset.no_link", "{0} has no column `{1}`, which links its rows to those of {2}", "{0} không có cột `{1}`, cột nối các dòng của nó với các dòng của {2}"},
    {"dataset.no_id", "{0} has no column `id`, by which the rows of {1} point at its rows",
     "{0} không có cột `id`, cột mà các dòng của {1} dùng để trỏ tới các dòng của nó"},
    {"dataset.no_entity", "no `{0}` in {1}", "không có `{0}` trong {1}"},
    {"dataset.no_kind", "no entity kind `{0}`", "không có loại đối tượng `{0}`"},
    {"dataset.no_row", "no row {0} in {1}", "không có dòng {0} trong {1}"},
    {"diff.titles", "the two sets judge different titles: `{0}` and `{1}`", "hai bộ tiêu chí xét hai danh hiệu khác nhau: `{0}` và `{1}`"},
    // A dataset's CSV file that cannot be used at all (docs/diagnostics.md, D0xx preamble).
    {"csv.not_file", "`{0}` is {1}, not a regular file: a dataset's CSV files are files",
     "`{0}` là {1}, không phải tệp thông thường: các tệp CSV của bộ dữ liệu phải là tệp"},
    {"csv.folder", "a folder", "một thư mục"},
    {"csv.fifo", "a FIFO (named pipe)", "một FIFO (ống có tên)"},
    {"csv.socket", "a socket", "một socket"},
    {"csv.device", "a device", "một thiết bị"},
    {"csv.map", "cannot map `{0}`", "không ánh xạ được `{0}` vào bộ nhớ"},
    {"csv.empty", "`{0}` is empty: a CSV file starts with a header line", "`{0}` trống: tệp CSV bắt đầu bằng một dòng tiêu đề"},
    {"csv.header", "`{0}` line 1 (the header): {1}", "`{0}` dòng 1 (dòng tiêu đề): {1}"},
    {"csv.header_break", "a column name holds a line break", "một tên cột chứa dấu xuống dòng"},
    {"csv.header_columns", "more than {0} columns", "hơn {0} cột"},
    {"csv.header_twice", "column `{0}` appears twice (columns {1} and {2}): which one holds the data is not known",
     "cột `{0}` xuất hiện hai lần (cột {1} và {2}): không biết cột nào chứa dữ liệu"},
    // evaluate_csv (src/dataset/evaluate_csv.cpp).
    {"csv.no_date", "evaluate_csv needs an assessment date", "evaluate_csv cần một ngày đánh giá"},
    {"csv.outside_validity", "{0} is outside the validity of `{1}` ({2}..{3})", "ngày {0} nằm ngoài thời hạn hiệu lực của `{1}` ({2}..{3})"},
    {"csv.write", "cannot write the results", "không ghi được kết quả"},
    {"csv.too_much_text", "`{0}`: the `{1}` column holds more than 2 GiB of text", "`{0}`: cột `{1}` chứa hơn 2 GiB văn bản"},
    // A CSV line the reader could not read, in evaluate_csv's problems column.
    {"csv.line", "line {0}: {1}", "dòng {0}: {1}"},
    {"list.more", "{0}, … ({1} more)", "{0}, … (thêm {1})"},

    // ---- records read from JSON (src/json; codes json_… in docs/diagnostics.md) ----
    // A syntax error: json.not_json (a row, placed by whoever shows it) or json.syntax
    // (one text, hoctap::read_json_record), with the reason in the words below.
    {"json.not_json", "not valid JSON: {0}", "không phải JSON hợp lệ: {0}"},
    {"json.syntax", "the input is not valid JSON: {0} (line {1}, character {2})",
     "dữ liệu vào không phải JSON hợp lệ: {0} (dòng {1}, ký tự {2})"},
    {"json.expected", "expected {0}, found {1}", "cần {0}, nhưng gặp {1}"},
    {"json.want_value", "a value", "một giá trị"},
    {"json.want_key", "a field name in double quotes", "một tên trường trong dấu nháy kép"},
    {"json.want_colon", "`:` after the field name", "`:` sau tên trường"},
    {"json.want_object_next", "`,` or `}`", "`,` hoặc `}`"},
    {"json.want_array_next", "`,` or `]`", "`,` hoặc `]`"},
    {"json.want_line_end", "the end of the line", "kết thúc dòng"},
    {"json.want_input_end", "the end of the input", "kết thúc dữ liệu vào"},
    {"json.want_element_end", "`,` or `]` after the record", "`,` hoặc `]` sau bản ghi"},
    {"json.line_end", "the end of the line", "cuối dòng"},
    {"json.input_end", "the end of the input", "cuối dữ liệu vào"},
    {"json.found_control", "control character U+{0}", "ký tự điều khiển U+{0}"},
    {"json.found_bom", "a byte order mark (U+FEFF)", "dấu thứ tự byte (U+FEFF)"},
    {"json.not_utf8", "bytes that are not UTF-8 ({0})", "byte không phải UTF-8 ({0})"},
    {"json.unclosed_string", "the string opened here is not closed before {0}", "chuỗi mở ở đây không được đóng trước {0}"},
    {"json.string_runs_past_line", "the string opened here is not closed before the end of the line (a line break inside a string is written \\n)",
     "chuỗi mở ở đây không được đóng trước cuối dòng (xuống dòng trong chuỗi được viết là \\n)"},
    {"json.control_in_string", "control character U+{0} inside a string: write it as the escape \\u{0}",
     "ký tự điều khiển U+{0} trong chuỗi: hãy viết nó dạng thoát \\u{0}"},
    {"json.bad_escape", "`{0}` is not an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t, or \\u and four hex digits)",
     "`{0}` không phải một ký tự thoát (\\\" \\\\ \\/ \\b \\f \\n \\r \\t, hoặc \\u và bốn chữ số hex)"},
    {"json.lone_surrogate", "`{0}` is half of a UTF-16 surrogate pair, without its other half",
     "`{0}` là một nửa của cặp thay thế UTF-16, thiếu nửa còn lại"},
    {"json.bad_number", "{0} is not a JSON number", "{0} không phải một số JSON"},
    {"json.array_not_closed", "the array is not closed: the input ends before its `]`",
     "mảng không được đóng: dữ liệu vào kết thúc trước dấu `]` của nó"},
    {"json.unread_to_end", "no `,` or `]` ends this record before the end of the input, so the {0} bytes from here to the end were read as this record",
     "không có `,` hay `]` nào kết thúc bản ghi này trước cuối dữ liệu vào, nên {0} byte từ đây tới cuối đã bị đọc như bản ghi này"},
    {"json.after_array", "expected the end of the input after the array's `]`, found {0}: the {1} bytes from there on were not read",
     "cần kết thúc dữ liệu vào sau dấu `]` đóng mảng, nhưng gặp {0}: {1} byte từ đó trở đi không được đọc"},
    {"json.line_too_large", "the line is larger than {0} bytes", "dòng dài hơn {0} byte"},
    {"json.record_too_large", "the record is larger than {0} bytes", "bản ghi dài hơn {0} byte"},
    {"json.not_object", "a record must be a JSON object", "mỗi bản ghi phải là một đối tượng JSON"},
    {"json.bad_member", "`{0}` must be an object", "`{0}` phải là một đối tượng JSON"},
    {"json.bad_value", "`{0}` has an unsupported JSON type", "`{0}` có kiểu JSON không được hỗ trợ"},
    {"json.bad_id", "`id` must be a string or a number (the record's identifier), not {0}",
     "`id` phải là một chuỗi hoặc một số (mã định danh của bản ghi), không phải {0}"},
    {"json.an_object", "an object", "một đối tượng"},
    {"json.a_list", "a list", "một danh sách"},
    {"json.empty_object", "`{0}` is an empty object, which a record cannot hold: write `null` for no value, or `[]` for a list without members",
     "`{0}` là một đối tượng rỗng, bản ghi không chứa được: hãy viết `null` nếu không có giá trị, hoặc `[]` nếu là danh sách không có thành viên"},
    {"json.duplicate_key", "`{0}` is given twice", "`{0}` được nêu hai lần"},
    {"json.too_deep", "the record is nested deeper than {0} levels", "bản ghi lồng sâu hơn {0} cấp"},
    {"json.name_too_long", "the name `{0}…`, with the names it is nested in, is longer than {1} bytes",
     "tên `{0}…`, tính cả các tên chứa nó, dài hơn {1} byte"},
    {"json.too_many_keys", "the record has more than {0} fields", "bản ghi có hơn {0} trường"},
    {"json.too_many_members", "the member list `{0}` has more than {1} members", "danh sách thành viên `{0}` có hơn {1} thành viên"},

    // ---- the Python package's own errors (bindings/python) ----
    {"py.no_date", "evaluating `{0}` needs an assessment date: pass date=, or get the set with Registry.get(title, date)",
     "đánh giá theo `{0}` cần một ngày đánh giá: hãy truyền date=, hoặc lấy bộ tiêu chí bằng Registry.get(title, date)"},
    {"py.get_no_date", "choosing the version of `{0}` in force needs a date", "chọn phiên bản của `{0}` đang có hiệu lực cần một ngày"},
    {"py.dataset_no_date", "evaluating a dataset needs an assessment date", "đánh giá một bộ dữ liệu cần một ngày đánh giá"},
    {"py.no_title", "no title `{0}` in {1}; its titles: {2}", "không có danh hiệu `{0}` trong {1}; các danh hiệu có: {2}"},
    {"py.not_in_force", "no version of `{0}` is in force on {1}; its versions: {2}",
     "không có phiên bản nào của `{0}` có hiệu lực vào ngày {1}; các phiên bản: {2}"},
    {"py.no_official", "cannot find the official criteria in `{0}`; set HOCTAP_CRITERIA_DIR to the criteria folder",
     "không tìm thấy bộ tiêu chí chính thức trong `{0}`; hãy đặt HOCTAP_CRITERIA_DIR là thư mục bộ tiêu chí"},
    {"py.pickle_format", "pickled with format {0}; this hoctap reads {1}", "được pickle theo định dạng {0}; bản hoctap này đọc định dạng {1}"},
    {"py.result_recipe", "this Result does not know the evaluation that made it", "Result này không biết lần đánh giá đã tạo ra nó"},
    {"py.words", "`{0}` is not the id of a decision ({1}) or of a status ({2})",
     "`{0}` không phải mã của một kết quả ({1}) hay của một trạng thái ({2})"},
    {"py.date_text", "not a date written YYYY-MM-DD: {0}", "không phải một ngày viết dạng YYYY-MM-DD: {0}"},
    {"py.date_type", "a date is a datetime.date or a 'YYYY-MM-DD' string, not {0}", "ngày phải là datetime.date hoặc chuỗi 'YYYY-MM-DD', không phải {0}"},
    {"py.lang", "lang is 'vi' or 'en', not '{0}'", "lang là 'vi' hoặc 'en', không phải '{0}'"},
    {"py.column_kind", "unknown column kind `{0}` (expected int64, float64, boolean, date_days or codes)", "loại cột lạ `{0}` (cần int64, float64, boolean, date_days hoặc codes)"},
    {"py.column_length", "column `{0}` has {1} values for {2} rows", "cột `{0}` có {1} giá trị cho {2} dòng"},
    {"py.parents", "members of `{0}`: {1} parent positions for {2} rows", "thành viên của `{0}`: {1} vị trí dòng cha cho {2} dòng"},
    {"py.duplicated_columns", "the frame has duplicated columns: {0}; each input is one column",
     "bảng dữ liệu có cột bị lặp: {0}; mỗi đầu vào là một cột"},
    {"py.title_cycle", "titles depend on each other in a cycle through `{0}`", "các danh hiệu phụ thuộc lẫn nhau thành vòng qua `{0}`"},
    {"py.threads", "threads is a whole number, 0 (one per core) or more, not {0}",
     "threads là một số nguyên, 0 (mỗi lõi một luồng) trở lên, không phải {0}"},
    {"py.not_a_frame", "{0} takes a pandas DataFrame, not {1}: pd.DataFrame(records) makes one of a list of dicts, series.to_frame() of a Series",
     "{0} nhận một pandas DataFrame, không phải {1}: pd.DataFrame(records) tạo một bảng từ danh sách dict, series.to_frame() từ một Series"},
    {"py.dask_frame", "{0} takes a pandas DataFrame, not a Dask DataFrame: evaluate each partition with ddf.map_partitions({0}, date, meta=...) (see examples/dask_scale.py)",
     "{0} nhận một pandas DataFrame, không phải Dask DataFrame: hãy đánh giá từng phân vùng bằng ddf.map_partitions({0}, date, meta=...) (xem examples/dask_scale.py)"},
    {"py.dask_dataset", "evaluate_dataset links members to their parents across whole frames: give pandas DataFrames (ddf.compute()), not the Dask DataFrame of `{0}`",
     "evaluate_dataset nối thành viên với dòng cha trên toàn bộ bảng: hãy đưa pandas DataFrame (ddf.compute()), không phải Dask DataFrame của `{0}`"},
    {"py.not_frames", "evaluate_dataset takes a dataset folder or a dict of title to DataFrame, not {0}",
     "evaluate_dataset nhận một thư mục bộ dữ liệu hoặc một dict danh hiệu → DataFrame, không phải {0}"},
    {"py.list_cell", "column `{0}` holds member lists, but row {1} holds {2}: each cell is a list of member records (dicts), or missing",
     "cột `{0}` chứa danh sách thành viên, nhưng dòng {1} chứa {2}: mỗi ô là một danh sách bản ghi thành viên (dict), hoặc để trống"},
    {"py.members_twice", "`{0}` is given twice: as a column of member lists and in members=",
     "`{0}` được nêu hai lần: là một cột danh sách thành viên và trong members="},
    {"py.member_no_parent", "the member at row {1} of `{0}` has no parent row (parent position {2}): it is counted for no row",
     "thành viên ở dòng {1} của `{0}` không có dòng cha (vị trí dòng cha {2}): không được tính cho dòng nào"},
    {"py.no_id_column", "{0} has no column `{1}`, by which the rows of {2} point at its rows",
     "{0} không có cột `{1}`, cột mà các dòng của {2} dùng để trỏ tới các dòng của nó"},

    // ---- the reasons of a result (Result::reasons, src/evaluate/result.cpp) ----
    {"reason.recognized", "Recognized: {0} points", "Được công nhận: {0} điểm"},
    {"reason.recognized_grade", "Recognized: {0} points, grade {1}", "Được công nhận: {0} điểm, xếp loại {1}"},
    {"reason.recognized_at", "Recognized at {0}", "Được công nhận {0}"},
    {"reason.not_recognized", "Not recognized: {0} points", "Không được công nhận: {0} điểm"},
    {"reason.not_recognized_grade", "Not recognized: {0} points, grade {1}", "Không được công nhận: {0} điểm, xếp loại {1}"},
    {"reason.not_recognized_level", "Not recognized: {0} not reached", "Không được công nhận: chưa đạt {0}"},
    {"reason.not_assessable", "Not assessable: data missing or invalid", "Không đánh giá được: thiếu hoặc sai dữ liệu"},
    {"reason.data_problem", "Data: {0}", "Dữ liệu: {0}"},
    {"reason.inconsistent", "Inconsistent data: {0}", "Dữ liệu mâu thuẫn: {0}"},
    {"reason.knockout", "Knock-out: {0}", "Điều kiện loại trừ: {0}"},
    {"reason.knockout_unknown", "Cannot tell knock-out \"{0}\": {1}", "Chưa xác định được điều kiện loại trừ \"{0}\": {1}"},
    {"reason.below_threshold", "Total {0} points, needs ≥ {1}", "Tổng điểm {0}, cần ≥ {1}"},
    {"reason.threshold_met", "Total {0} points ≥ {1}", "Tổng điểm {0} ≥ {1}"},
    {"reason.threshold_unknown_why", "Cannot tell the threshold: {0}", "Chưa xác định được ngưỡng điểm: {0}"},
    {"reason.threshold_unknown", "Missing data decides whether the total reaches {0}", "Chưa đủ dữ liệu để biết tổng điểm có đạt ngưỡng {0} không"},
    {"reason.indicator_below_minimum", "{0}: {1}/{2} points, every indicator needs ≥ {3}", "{0}: {1}/{2} điểm, mỗi chỉ số cần ≥ {3}"},
    {"reason.node_below_minimum", "{0}: {1}/{2} points, needs ≥ {3}", "{0}: {1}/{2} điểm, cần ≥ {3}"},
    {"reason.node_missing", "{0}: not assessable, `{1}` is missing", "{0}: không đánh giá được, thiếu dữ liệu `{1}`"},
    {"reason.node_undefined", "{0}: not assessable, {1}", "{0}: không đánh giá được, {1}"},
    {"reason.grade_not_recognized", "Grade {0} ({1} points)", "Xếp loại {0} ({1} điểm)"},
    {"reason.grade_unknown_range", "No grade yet: from {0} to {1}, depending on missing data", "Chưa xếp loại được: từ {0} đến {1}, tùy dữ liệu còn thiếu"},
    {"reason.grade_unknown", "No grade yet: the total depends on missing data", "Chưa xếp loại được: điểm còn phụ thuộc dữ liệu thiếu"},
    {"reason.level_blocked", "{0}: does not meet {1}", "{0}: chưa đạt yêu cầu {1}"},
    {"reason.next_grade", "{0} more points to reach {1}", "Còn {0} điểm nữa để đạt loại {1}"},
    // Why a value is unknown, inside the reasons above.
    {"reason.why_missing", "`{0}` is missing", "thiếu `{0}`"},
    {"reason.why_no_member", "no member is eligible", "không có thành viên nào thuộc diện xét"},
    {"reason.why_division", "division by zero", "phép chia cho 0"},
    {"reason.why_overflow", "value out of range", "giá trị vượt quá giới hạn"},
    // The lines of Result::explain around the reasons.
    {"explain.heading", "{0} — {1} ({2}, version {3})", "{0} — {1} ({2}, phiên bản {3})"},
    {"explain.date", "Assessment date: {0}", "Ngày đánh giá: {0}"},
    {"explain.node_points", "{0}/{1} points", "{0}/{1} điểm"},
    {"explain.local_record", "Local value: `{0}` = {1} (from the record)", "Giá trị địa phương: `{0}` = {1} (từ hồ sơ)"},
    {"explain.local_context", "Local value: `{0}` = {1} (from the evaluation context)", "Giá trị địa phương: `{0}` = {1} (từ ngữ cảnh đánh giá)"},
    {"explain.local_missing", "Local value: `{0}` is missing (neither the record nor the evaluation context gives a valid value)",
     "Giá trị địa phương: `{0}` thiếu (hồ sơ và ngữ cảnh đánh giá đều không cho giá trị hợp lệ)"},

    // `hoctap explain` of an entity in a dataset (src/dataset/explain_entity.cpp).
    {"explain.entity", "Entity {0} ({1})", "Đối tượng {0} ({1})"},
    {"explain.members", "Members:", "Thành viên:"},
    {"explain.members_recognized", "`{0}`: {1}/{2} members recognized as {3} = {4}", "`{0}`: {1}/{2} thành viên đạt {3} = {4}"},
    {"explain.members_more", "… {0} more", "… {0} thành viên nữa"},
    {"explain.member_not_recognized", "not recognized: {0}", "chưa đạt: {0}"},
    {"explain.member_missing_data", "missing data", "thiếu dữ liệu"},
    {"explain.member_total", "total or threshold", "tổng điểm hoặc ngưỡng"},
    {"explain.context", "Local values applied (dataset.yaml):", "Giá trị địa phương áp dụng (dataset.yaml):"},

    // ---- the C API's own errors (src/capi) ----
    {"capi.date", "the date `{0}` is not a day written YYYY-MM-DD", "ngày `{0}` không phải một ngày viết dạng YYYY-MM-DD"},
    {"capi.flags", "unknown flags {0} (expected HOCTAP_EXPLAIN, HOCTAP_LANG_EN and HOCTAP_EACH_PROBLEM)",
     "cờ lạ {0} (cần HOCTAP_EXPLAIN, HOCTAP_LANG_EN và HOCTAP_EACH_PROBLEM)"},
    {"capi.null", "{0} is NULL", "{0} là NULL"},
    {"capi.official", "the official criteria folder", "thư mục bộ tiêu chí chính thức"},
    {"capi.criteria_one", "{0} has 1 error", "{0} có 1 lỗi"},
    {"capi.criteria_many", "{0} has {1} errors", "{0} có {1} lỗi"},
    {"capi.not_in_force", "no version of `{0}` is in force on {1}", "không có phiên bản nào của `{0}` có hiệu lực vào ngày {1}"},
    {"capi.no_title", "the registry has no title `{0}`", "các bộ tiêu chí đã nạp không có danh hiệu `{0}`"},
    {"capi.outside_validity",
     "`{0}` is not in force on {1} (its validity: {2}..{3}): evaluate on a day within it, or take the version in force that day with hoctap_registry_find",
     "`{0}` không có hiệu lực vào ngày {1} (thời hạn hiệu lực: {2}..{3}): hãy đánh giá vào một ngày trong thời hạn đó, hoặc lấy phiên bản có hiệu lực vào ngày ấy bằng hoctap_registry_find"},
    {"capi.record", "the record", "bản ghi"},
    {"capi.context", "the context", "ngữ cảnh"},
    {"capi.input", "{0}: {1} [{2}]", "{0}: {1} [{2}]"},
    {"capi.no_sets", "`{0}` holds no criteria file (a `.yaml` file other than `*.tests.yaml` and `targets.yaml`)",
     "`{0}` không chứa tệp tiêu chí nào (tệp `.yaml` khác `*.tests.yaml` và `targets.yaml`)"},
    {"capi.arrow_explain", "HOCTAP_EXPLAIN does not apply to Arrow batches (their results carry no reasons): explain rows with hoctap_set_evaluate_json",
     "HOCTAP_EXPLAIN không áp dụng cho lô Arrow (kết quả của lô không kèm lý do): hãy giải thích từng dòng bằng hoctap_set_evaluate_json"},
    {"capi.json_each_problem",
     "HOCTAP_EACH_PROBLEM applies to Arrow batches: a record's JSON result lists each of its data problems already (`problems`)",
     "HOCTAP_EACH_PROBLEM chỉ áp dụng cho lô Arrow: kết quả JSON của một bản ghi đã liệt kê từng vấn đề dữ liệu của nó (`problems`)"},
    // An Arrow batch the C API cannot read (HOCTAP_ERROR_BATCH, src/capi/arrow.cpp).
    {"arrow.buffers", "column `{0}` has {1} buffers, not {2}", "cột `{0}` có {1} bộ đệm, không phải {2}"},
    {"arrow.no_data", "column `{0}` has no data buffer", "cột `{0}` không có bộ đệm dữ liệu"},
    {"arrow.metadata_size", "the result's `{0}` would be over 2 GiB, the most Arrow's metadata holds: evaluate the batch in parts",
     "`{0}` của kết quả sẽ vượt 2 GiB, mức tối đa siêu dữ liệu Arrow chứa được: hãy đánh giá lô theo từng phần"},
    {"arrow.offsets", "column `{0}` has offsets out of order at row {1}", "cột `{0}` có vị trí (offset) sai thứ tự ở dòng {1}"},
    {"arrow.distinct", "column `{0}` has too many distinct values", "cột `{0}` có quá nhiều giá trị khác nhau"},
    {"arrow.no_name", "a column has no name", "một cột không có tên"},
    {"arrow.no_format", "column `{0}` has no format", "cột `{0}` không có định dạng (format)"},
    {"arrow.released", "column `{0}` is released", "cột `{0}` đã bị giải phóng (released)"},
    {"arrow.short", "column `{0}` is shorter than the batch", "cột `{0}` ngắn hơn lô dữ liệu"},
    {"arrow.no_dictionary", "column `{0}` has no dictionary", "cột `{0}` không có từ điển (dictionary)"},
    {"arrow.dictionary_type", "column `{0}` has a dictionary of Arrow type `{1}`, not strings",
     "từ điển của cột `{0}` có kiểu Arrow `{1}`, không phải chuỗi"},
    {"arrow.index_type", "column `{0}` has dictionary indices of Arrow type `{1}`, which hoctap does not read",
     "chỉ số từ điển của cột `{0}` có kiểu Arrow `{1}`, hoctap không đọc được kiểu này"},
    {"arrow.index_range", "column `{0}` has index {1} outside its dictionary at row {2}", "cột `{0}` có chỉ số {1} nằm ngoài từ điển ở dòng {2}"},
    {"arrow.type", "column `{0}` has Arrow type `{1}`, which hoctap does not read", "cột `{0}` có kiểu Arrow `{1}`, hoctap không đọc được kiểu này"},
    {"arrow.result_too_large", "the results' column `{0}` exceeds 2 GiB", "cột kết quả `{0}` vượt quá 2 GiB"},
    {"arrow.batch_released", "the batch is released", "lô dữ liệu đã bị giải phóng (released)"},
    {"arrow.not_struct", "the batch is not a struct array (format `+s`)", "lô dữ liệu không phải mảng struct (định dạng `+s`)"},
    {"arrow.children", "the batch's schema has {0} columns and its array {1}", "lược đồ (schema) của lô dữ liệu có {0} cột còn mảng của nó có {1}"},
    {"arrow.negative", "the batch has a negative length or offset", "lô dữ liệu có độ dài hoặc vị trí bắt đầu âm"},
    {"arrow.null_column", "column {0} is NULL", "cột {0} là NULL"},

    // ---- E0xx: errors thrown to callers (hoctap/error.hpp) ----
    {"batch.no_data", "column `{0}` has no data (its data pointer is null)", "cột `{0}` không có dữ liệu (con trỏ dữ liệu rỗng)"},
    {"batch.code_label", "column `{0}` has code {1}, which has no label (expected a code below the number of labels)",
     "cột `{0}` có mã {1} mà không có nhãn tương ứng (mã phải nhỏ hơn số nhãn)"},
    {"batch.no_parent", "member table `{0}` has rows but no parent column", "bảng thành viên `{0}` có dòng nhưng không có cột dòng cha (parent)"},
    {"batch.outside", "member table `{0}` row {1} points at parent {2}, outside the batch (expected -1 or a row of the batch)",
     "dòng {1} của bảng thành viên `{0}` trỏ tới dòng cha {2}, nằm ngoài lô (cần -1 hoặc một dòng của lô)"},
    {"env.icu", "the ICU NFC normalizer is unavailable (the ICU data library is missing)",
     "không dùng được bộ chuẩn hóa NFC của ICU (thiếu thư viện dữ liệu ICU)"},
    {"env.sha256", "computing a SHA-256 digest failed (OpenSSL)", "không tính được mã băm SHA-256 (OpenSSL)"},
    {"list.none", "none", "không có"},

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

    // ---- the case runner's report (src/testing): what differs, expected against actual ----
    // The English names are the keys a case's `expect` writes.
    {"run.decision", "decision", "kết quả công nhận"},
    {"run.total", "total", "tổng điểm"},
    {"run.grade", "grade", "xếp loại"},
    {"run.level", "level", "mức"},
    {"run.points_to_next", "points_to_next_grade", "số điểm còn thiếu để lên loại trên"},
    {"run.node_points", "node {0} points", "điểm của nút `{0}`"},
    {"run.node_status", "node {0} status", "kết quả của nút `{0}`"},
    {"run.node_level", "node {0} level", "mức của nút `{0}`"},
    {"run.problems", "problems", "vấn đề dữ liệu"},
    {"run.explain_vi", "explanation (vi)", "lời giải thích tiếng Việt"},
    {"run.explain_en", "explanation (en)", "lời giải thích tiếng Anh"},
    {"run.none", "(none)", "(không có)"},
    {"run.contains", "contains \"{0}\"", "có chứa \"{0}\""},
    {"run.unread", "the test cases of this file cannot be read", "không đọc được các trường hợp kiểm thử của tệp này"},
    {"run.unread_at", "{0} at line {1}, column {2}", "{0} ở dòng {1}, cột {2}"},
    {"run.unread_in", "{0} at {1}", "{0} trong {1}"},
    {"run.runnable", "a case the set can run", "một trường hợp bộ tiêu chí chạy được"},

    // ---- outcomes in words (a result's ids are `recognized`, `not_met`, …): hoctap::words ----
    {"decision.recognized", "recognized", "được công nhận"},
    {"decision.not_recognized", "not recognized", "không được công nhận"},
    {"decision.not_assessable", "not assessable", "không đánh giá được"},
    {"status.met", "met", "đạt"},
    {"status.not_met", "not met", "không đạt"},
    {"status.not_applicable", "not applicable", "không áp dụng"},
    {"status.not_assessable", "not assessable", "không đánh giá được"},
};

std::string fill(std::string_view pattern, const Arg* args, std::size_t n, bool vi) {
  std::string out;
  out.reserve(pattern.size() + 32);
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '{' && i + 2 < pattern.size() && pattern[i + 1] >= '0' && pattern[i + 1] <= '9' && pattern[i + 2] == '}') {
      const std::size_t k = static_cast<std::size_t>(pattern[i + 1] - '0');
      if (k < n) {
        const Arg& a = args[k];
        out += vi ? a.vi : a.en;
        i += 2;
        continue;
      }
    }
    out += c;
  }
  return out;
}

// By id, sorted once: every diagnostic looks its message up, and a file with many problems
// makes thousands of them.
const Entry* find(std::string_view id) {
  static const std::vector<const Entry*> by_id = [] {
    std::vector<const Entry*> v;
    for (const Entry& e : kCatalog) v.push_back(&e);
    std::stable_sort(v.begin(), v.end(), [](const Entry* a, const Entry* b) { return a->id < b->id; });
    return v;
  }();
  auto it = std::lower_bound(by_id.begin(), by_id.end(), id, [](const Entry* e, std::string_view k) { return e->id < k; });
  return it != by_id.end() && (*it)->id == id ? *it : nullptr;
}

// Row `id` as the catalog holds it, for a row without arguments: static text, which
// hoctap::words hands to hosts as a view. A missing id renders as itself, as in tr.
std::string_view row_text(std::string_view id, Lang lang) {
  const Entry* e = find(id);
  if (e == nullptr) return id;
  return lang == Lang::vi ? e->vi : e->en;
}

}  // namespace

std::string_view words_of_id(std::string_view id, Lang lang) {
  for (const Decision d : {Decision::recognized, Decision::not_recognized, Decision::not_assessable})
    if (to_string(d) == id) return words(d, lang);
  for (const Status s : {Status::met, Status::not_met, Status::not_applicable, Status::not_assessable})
    if (to_string(s) == id) return words(s, lang);
  return {};
}

Text tr(std::string_view id, std::initializer_list<Arg> args) {
  const Entry* e = find(id);
  if (e == nullptr) return {std::string(id), std::string(id)};
  return {fill(e->en, args.begin(), args.size(), false), fill(e->vi, args.begin(), args.size(), true)};
}

Text system_reason(const std::error_code& ec) {
  if (ec == std::errc::no_such_file_or_directory) return tr("os.not_found");
  if (ec == std::errc::permission_denied || ec == std::errc::operation_not_permitted) return tr("os.denied");
  if (ec == std::errc::not_a_directory) return tr("os.not_folder");
  return tr("os.other", {ec.message()});
}

Text tr_list(std::string_view id, const std::vector<std::string>& args) {
  const Entry* e = find(id);
  if (e == nullptr) return {std::string(id), std::string(id)};
  const std::vector<Arg> a(args.begin(), args.end());
  return {fill(e->en, a.data(), a.size(), false), fill(e->vi, a.data(), a.size(), true)};
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
      row[j] = std::min(std::min(row[j], row[j - 1]) + 1, diagonal + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1));
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

// The public outcome words (hoctap/result.hpp), beside the rows they read.
HOCTAP_NAMESPACE_BEGIN

std::string_view words(Decision decision, Lang lang) {
  switch (decision) {
    case Decision::recognized: return internal::row_text("decision.recognized", lang);
    case Decision::not_recognized: return internal::row_text("decision.not_recognized", lang);
    case Decision::not_assessable: break;
  }
  return internal::row_text("decision.not_assessable", lang);
}

std::string_view words(Status status, Lang lang) {
  switch (status) {
    case Status::met: return internal::row_text("status.met", lang);
    case Status::not_met: return internal::row_text("status.not_met", lang);
    case Status::not_applicable: return internal::row_text("status.not_applicable", lang);
    case Status::not_assessable: break;
  }
  return internal::row_text("status.not_assessable", lang);
}

HOCTAP_NAMESPACE_END
