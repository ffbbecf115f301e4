// The input contract (docs/input-contract.md): the one conversion of a raw value — text,
// a number, a bool, a date — to the type of the input it is given for. Every entry point
// reaches it: records (C++, Python dicts, JSON) through the record binder, columns
// (evaluate_frame, CSV datasets) through the column binder, which hands it a column's
// values and the text of its codes. A value it refuses is a data problem that names the
// input, shows the value (escaped) and says what was expected, in both languages.
#include <cstdio>
#include <string>
#include <string_view>

#include "evaluate/runtime.hpp"
#include "model/model.hpp"
#include "util/numeric.hpp"
#include "util/text.hpp"

namespace hoctap::internal {
namespace {

// Lower case for the words of booleans: ASCII and the capitals of ó ô ú đ.
std::string folded(std::string_view t) {
  std::string out;
  out.reserve(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto c = static_cast<unsigned char>(t[i]);
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if ((c == 0xC3 || c == 0xC4) && i + 1 < t.size()) {
      auto d = static_cast<unsigned char>(t[i + 1]);
      if (c == 0xC3 && (d == 0x93 || d == 0x94 || d == 0x9A)) d = static_cast<unsigned char>(d + 0x20);  // Ó Ô Ú
      if (c == 0xC4 && d == 0x90) d = 0x91;                                                              // Đ
      out += static_cast<char>(c);
      out += static_cast<char>(d);
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

std::string_view trim_blank(std::string_view t) {
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t' || t.front() == '\r' || t.front() == '\n')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r' || t.back() == '\n')) t.remove_suffix(1);
  return t;
}

std::optional<bool> bool_word(std::string_view text) {
  // The spellings most files use, as they are: no folding (and no string) for them.
  if (text == "true") return true;
  if (text == "false") return false;
  const std::string w = folded(trim_blank(text));
  if (w == "true" || w == "có" || w == "x" || w == "1" || w == "yes" || w == "đúng") return true;
  if (w == "false" || w == "không" || w == "0" || w == "no" || w == "sai") return false;
  return std::nullopt;
}

bool blank(std::string_view text) { return trim_blank(text).empty(); }

std::string shown_value(const Value& v) {
  switch (v.index()) {
    case 1: return std::get<bool>(v) ? "true" : "false";
    case 2: return std::to_string(std::get<std::int64_t>(v));
    case 3: return std::get<Decimal>(v).to_string();
    case 4: return std::get<Date>(v).to_string();
    case 5: {
      // Quoted; quotes, backslashes and control bytes escaped; at most 60 bytes of the
      // text shown, in whole characters.
      const Utf8Prefix shown = utf8_prefix(std::get<std::string>(v), 60);
      std::string out = "'";
      for (const char ch : shown.text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '\'' || c == '\\') { out += '\\'; out += static_cast<char>(c); }
        else if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else if (c == '\r') out += "\\r";
        else if (c < 0x20 || c == 0x7F) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02X", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
      }
      return out + (shown.cut ? "…'" : "'");
    }
    case 6: return "[" + std::to_string(std::get<std::vector<Record>>(v).size()) + " members]";
  }
  return "null";
}

Val bind_value(const CompiledSet& set, const Field& f, const Value* v, std::int64_t missing_code, const std::string& list, int row,
               std::vector<DataProblem>& problems) {
  using K = Type::Kind;
  if (v == nullptr || std::holds_alternative<std::monostate>(*v)) return missing(missing_code);
  const std::string* text = std::get_if<std::string>(v);
  if (text != nullptr && blank(*text)) return missing(missing_code);  // "" is missing, for every type
  auto where = [&] { return list.empty() ? f.name : list + "[" + std::to_string(row) + "]." + f.name; };
  auto problem = [&](const char* code, const std::string& vi, const std::string& en) {
    const std::string w = where(), shown = shown_value(*v);
    problems.push_back(DataProblem{w, code, "`" + w + "` = " + shown + " " + vi, "`" + w + "` = " + shown + " " + en});
    return missing(missing_code);
  };
  switch (f.type.kind) {
    case K::boolean: {
      if (auto b = std::get_if<bool>(v)) return boolean(*b);
      if (auto i = std::get_if<std::int64_t>(v); i && (*i == 0 || *i == 1)) return boolean(*i == 1);
      if (auto d = std::get_if<Decimal>(v); d && (*d == Decimal() || *d == Decimal::from_int(1))) return boolean(*d == Decimal::from_int(1));
      if (text != nullptr) {
        if (auto b = bool_word(*text)) return boolean(*b);
        Decimal d;  // a number's text: 1.0 and 0.0 as 1 and 0
        if (parse_number_text(*text, d) == NumberText::ok && (d == Decimal() || d == Decimal::from_int(1))) return boolean(d == Decimal::from_int(1));
      }
      return problem("wrong_type", "không phải đúng/sai (true/false, có/không, x, 1/0)", "is not true or false (true/false, có/không, x, 1/0)");
    }
    case K::integer:
    case K::decimal: {
      const bool integer = f.type.kind == K::integer;
      const char* want_vi = integer ? "không phải một số nguyên (ví dụ 8)" : "không phải một số (ví dụ 8 hoặc 7.5)";
      const char* want_en = integer ? "is not a whole number (such as 8)" : "is not a number (such as 8 or 7.5)";
      Decimal d;
      if (auto i = std::get_if<std::int64_t>(v)) {
        if (*i > 9000000000000LL || *i < -9000000000000LL)
          return problem("out_of_range", "vượt quá giới hạn ±9·10^12", "is beyond ±9·10^12");
        d = Decimal::from_int(*i);
      } else if (auto x = std::get_if<Decimal>(v)) {
        d = *x;
      } else if (text != nullptr) {
        switch (parse_number_text(*text, d)) {
          case NumberText::ok: break;
          case NumberText::not_a_number: return problem("wrong_type", want_vi, want_en);
          case NumberText::too_many_decimals:
            return problem("too_many_decimals", "có quá sáu chữ số thập phân (không được làm tròn)", "has more than six decimals (never rounded)");
          case NumberText::out_of_range: return problem("out_of_range", "vượt quá giới hạn ±9·10^12", "is beyond ±9·10^12");
        }
      } else {
        return problem("wrong_type", want_vi, want_en);
      }
      if (integer && !d.is_integer()) return problem("wrong_type", want_vi, want_en);
      if ((f.min && d < *f.min) || (f.max && d > *f.max)) {
        std::string range = (f.min ? f.min->to_string() : "…") + ".." + (f.max ? f.max->to_string() : "…");
        return problem("out_of_range", "nằm ngoài khoảng " + range, "is outside " + range);
      }
      return number(d);
    }
    case K::date:
      if (auto d = std::get_if<Date>(v)) return Val{VK::date, d->days(), nullptr};
      if (text != nullptr)
        if (auto d = Date::parse(trim_blank(*text))) return Val{VK::date, d->days(), nullptr};
      return problem("wrong_type", "không phải một ngày có thật viết YYYY-MM-DD", "is not a real day written YYYY-MM-DD");
    case K::text:
      if (text != nullptr) return Val{VK::text, static_cast<std::int64_t>(text->size()), text->data()};
      return problem("wrong_type", "không phải văn bản", "is not text");
    case K::category: {
      const Scale& sc = set.scales[f.type.scale];
      auto values = [&] {
        std::string out;
        for (std::size_t i = 0; i < sc.values.size(); ++i) out += (i ? ", " : "") + sc.values[i];
        return out;
      };
      if (text != nullptr) {
        int ord = sc.find(trim_blank(*text));
        if (ord >= 0) return Val{VK::category, ord, nullptr};
      } else if (auto i = std::get_if<std::int64_t>(v)) {  // a scale whose ids are numbers
        int ord = sc.find(std::to_string(*i));
        if (ord >= 0) return Val{VK::category, ord, nullptr};
      } else {
        return problem("wrong_type", "không phải một giá trị của thang `" + sc.id + "` (" + values() + ")",
                       "is not a value of scale `" + sc.id + "` (" + values() + ")");
      }
      return problem("unknown_category", "không thuộc thang `" + sc.id + "` (" + values() + ")",
                     "is not on scale `" + sc.id + "` (" + values() + ")");
    }
    case K::list:
    case K::error:
      break;
  }
  return missing(missing_code);
}

}  // namespace hoctap::internal

namespace hoctap {
inline namespace v0 {

Value number_value(std::string_view text) {
  Decimal d;
  if (internal::parse_number_text(text, d) != internal::NumberText::ok) return std::string(text);
  if (d.is_integer()) return d.units() / Decimal::kOne;
  return d;
}

}  // namespace v0
}  // namespace hoctap
