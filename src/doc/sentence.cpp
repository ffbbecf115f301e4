// Sentences from expression trees (sentence.hpp). Each operator has one phrasing per
// language; a few shapes read better said together: a range `x >= a and x <= b` is
// "x từ a đến b", and in a filter a negated flag is an exception ("trừ trường hợp …").
#include "doc/sentence.hpp"

#include <vector>

namespace hoctap::internal {
namespace {

// A label as it reads inside a sentence: its first letter lower-case unless the second
// is a capital too (keeps acronyms such as "CBCCVC"). Covers ASCII and the precomposed
// Vietnamese capitals (NFC): Latin-1, Ă Đ Ĩ Ũ Ơ Ư, and U+1EA0–U+1EF9.
std::string in_sentence(std::string label) {
  auto decode = [&](std::size_t at, std::size_t& len) -> char32_t {
    const unsigned char c = static_cast<unsigned char>(label[at]);
    if (c < 0x80) { len = 1; return c; }
    if ((c >> 5) == 6 && at + 1 < label.size()) { len = 2; return ((c & 0x1F) << 6) | (label[at + 1] & 0x3F); }
    if ((c >> 4) == 14 && at + 2 < label.size()) {
      len = 3;
      return ((c & 0x0F) << 12) | ((label[at + 1] & 0x3F) << 6) | (label[at + 2] & 0x3F);
    }
    len = 1;
    return c;
  };
  auto lower = [](char32_t u) -> char32_t {
    if (u >= 'A' && u <= 'Z') return u + 32;
    if (u >= 0xC0 && u <= 0xDD && u != 0xD7) return u + 0x20;
    if (u == 0x102 || u == 0x110 || u == 0x128 || u == 0x168 || u == 0x1A0 || u == 0x1AF) return u + 1;
    if (u >= 0x1EA0 && u <= 0x1EF8 && u % 2 == 0) return u + 1;
    return u;
  };
  auto encode = [](char32_t u) {
    std::string o;
    if (u < 0x80) o += static_cast<char>(u);
    else if (u < 0x800) { o += static_cast<char>(0xC0 | (u >> 6)); o += static_cast<char>(0x80 | (u & 0x3F)); }
    else { o += static_cast<char>(0xE0 | (u >> 12)); o += static_cast<char>(0x80 | ((u >> 6) & 0x3F)); o += static_cast<char>(0x80 | (u & 0x3F)); }
    return o;
  };
  if (label.empty()) return label;
  std::size_t first = 0, second = 0;
  const char32_t a = decode(0, first);
  const char32_t b = first < label.size() ? decode(first, second) : U'a';
  if (lower(a) == a || lower(b) != b) return label;
  return encode(lower(a)) + label.substr(first);
}

std::string date_text(std::int64_t days, bool vi) {
  const std::string iso = Date::from_days(static_cast<std::int32_t>(days)).to_string();
  return vi ? iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4) : iso;
}

class Teller {
 public:
  Teller(const CompiledSet& s, bool vi, const Record* context) : s_(s), vi_(vi), context_(context) {}

  std::string operator()(const Expr& e) { return say(e); }

 private:
  const char* w(const char* v, const char* en) const { return vi_ ? v : en; }

  const Field* field(const Expr& e) const {
    const Schema& sc = s_.schemas[e.op == Op::member_field && member_ >= 0 ? static_cast<std::size_t>(member_) : 0];
    for (const Field& f : sc.fields)
      if (f.slot == e.slot) return &f;
    return nullptr;
  }

  std::string name_of(const Expr& e) const {
    if (e.op == Op::member_field && e.name.rfind("result.", 0) == 0) {
      const std::string& title = member_ >= 0 ? s_.schemas[static_cast<std::size_t>(member_)].member_title : std::string();
      if (e.name == "result.recognized") return std::string(w("đạt danh hiệu “", "hold the title “")) + title + "”";
      if (e.name == "result.total") return std::string(w("tổng điểm theo danh hiệu “", "the total under the title “")) + title + "”";
      if (e.name == "result.grade") return std::string(w("xếp loại theo danh hiệu “", "the grade under the title “")) + title + "”";
      return std::string(w("mức độ đạt theo danh hiệu “", "the level reached under the title “")) + title + "”";
    }
    const Field* f = field(e);
    if (f == nullptr) return e.name;
    const std::string& label = vi_ ? f->label.vi : f->label.en;
    return label.empty() ? e.name : in_sentence(label);
  }

  std::string number(std::int64_t units, const Type& t) const {
    if (t.kind == Type::Kind::boolean) return units ? w("có", "yes") : w("không", "no");
    return Decimal::from_units(units).to_string();
  }

  std::string param(const Expr& e) const {
    const Parameter& p = s_.parameters[static_cast<std::size_t>(e.slot)];
    if (p.by_slot < 0) return p.fallback ? number(*p.fallback, p.type) : "?";
    const Scale& sc = s_.scales[static_cast<std::size_t>(p.by_scale)];
    const Field* by = nullptr;
    for (const Field& f : s_.schemas[0].fields)
      if (f.slot == p.by_slot) by = &f;
    auto value_at = [&](std::size_t i) {
      auto v = p.by_value[i] ? p.by_value[i] : p.fallback;
      return v ? number(*v, p.type) : std::string("?");
    };
    if (context_ != nullptr && by != nullptr) {
      if (const Value* v = context_->find(by->name))
        if (const auto* t = std::get_if<std::string>(v))
          if (int i = sc.find(*t); i >= 0) return value_at(static_cast<std::size_t>(i));
    }
    std::string out;
    for (std::size_t i = 0; i < sc.values.size(); ++i)
      out += (i ? "; " : "") + in_sentence(vi_ ? sc.labels[i].vi : sc.labels[i].en) + ": " + value_at(i);
    return "(" + out + ")";
  }

  std::string literal(const Expr& e, const Type& other) const {
    switch (e.lit.kind) {
      case Literal::Kind::boolean: return e.lit.i ? w("đúng", "true") : w("sai", "false");
      case Literal::Kind::number: return Decimal::from_units(e.lit.i).to_string();
      case Literal::Kind::date: return date_text(e.lit.i, vi_);
      case Literal::Kind::category: {
        const int scale = e.type.scale >= 0 ? e.type.scale : other.scale;
        if (scale >= 0) {
          const Scale& sc = s_.scales[static_cast<std::size_t>(scale)];
          if (e.lit.i >= 0 && static_cast<std::size_t>(e.lit.i) < sc.labels.size())
            return "“" + (vi_ ? sc.labels[static_cast<std::size_t>(e.lit.i)].vi : sc.labels[static_cast<std::size_t>(e.lit.i)].en) + "”";
        }
        return "“" + e.lit.text + "”";
      }
      case Literal::Kind::text: return "“" + e.lit.text + "”";
      case Literal::Kind::none: break;
    }
    return w("không có giá trị", "no value");
  }

  // An operand, parenthesised when it is itself a phrase of several parts.
  std::string operand(const Expr& e) {
    std::string t = say(e);
    const bool compound = e.op == Op::add || e.op == Op::sub || e.op == Op::mul || e.op == Op::div || e.op == Op::and_ || e.op == Op::or_ || e.op == Op::if_;
    return compound ? "(" + t + ")" : t;
  }

  static bool is_range(const Expr& e) {
    if (e.op != Op::and_ || e.args.size() != 2) return false;
    const Expr& a = *e.args[0];
    const Expr& b = *e.args[1];
    return a.op == Op::ge && b.op == Op::le && same_operand(*a.args[0], *b.args[0]);
  }
  static bool same_operand(const Expr& a, const Expr& b) {
    return (a.op == Op::input || a.op == Op::member_field) && a.op == b.op && a.slot == b.slot;
  }

  std::string range(const Expr& e) {
    return name_or(*e.args[0]->args[0]) + w(" từ ", " from ") + say(*e.args[0]->args[1]) + w(" đến ", " to ") + say(*e.args[1]->args[1]);
  }
  std::string name_or(const Expr& e) { return say(e); }

  // The conjuncts of an `and` chain.
  static void conjuncts(const Expr& e, std::vector<const Expr*>& out) {
    if (e.op == Op::and_ && !is_range(e)) {
      for (const auto& a : e.args) conjuncts(*a, out);
    } else {
      out.push_back(&e);
    }
  }

  std::string join(const std::vector<std::string>& parts, const char* last_vi, const char* last_en) const {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (i) out += i + 1 == parts.size() ? std::string(" ") + w(last_vi, last_en) + " " : std::string(", ");
      out += parts[i];
    }
    return out;
  }

  // `list where filter` as a noun phrase: the list's label, then its filter (kept
  // conditions after "có"/"with", negated flags as exceptions).
  std::string members(const Expr& agg) {
    const Expr& list = *agg.args[0];
    const Field* f = nullptr;
    for (const Field& x : s_.schemas[0].fields)
      if (x.slot == list.slot) f = &x;
    std::string out = f ? in_sentence(vi_ ? f->label.vi : f->label.en) : list.name;
    if (!vi_ && f != nullptr) out = "the " + out;
    if (agg.args.size() > 1 && agg.args[1]) {
      std::vector<const Expr*> cs;
      conjuncts(*agg.args[1], cs);
      std::vector<std::string> keep, except;
      for (const Expr* c : cs) {
        if (c->op == Op::not_ && c->args[0]->type.kind == Type::Kind::boolean && (c->args[0]->op == Op::member_field || c->args[0]->op == Op::input))
          except.push_back(say(*c->args[0]));
        else keep.push_back(say(*c));
      }
      if (!keep.empty()) out += std::string(w(" có ", " with ")) + join(keep, "và", "and");
      if (!except.empty()) out += std::string(w(", trừ trường hợp ", ", except where ")) + join(except, "hoặc", "or") + ",";
    }
    return out;
  }

  std::string aggregate(const Expr& e) {
    const int saved = member_;
    member_ = e.args[0]->type.schema;
    const std::string who = members(e);
    const Expr* body = e.args.size() > 2 ? e.args[2].get() : nullptr;
    const std::string what = body ? say(*body) : std::string();
    member_ = saved;
    auto strip = [](std::string s) {  // a trailing exception comma before the verb is kept; at the end it goes
      if (!s.empty() && s.back() == ',') s.pop_back();
      return s;
    };
    switch (e.op) {
      case Op::all: return vi_ ? "mọi " + who + " đều " + what : "for every one of " + strip(who) + ": " + what;
      case Op::any: return vi_ ? "có ít nhất một " + who + " " + what : "for at least one of " + strip(who) + ": " + what;
      case Op::count: return body ? (vi_ ? "số " + who + " mà " + what : "the number of " + strip(who) + " for which: " + what)
                                  : (vi_ ? "số " + strip(who) : "the number of " + strip(who));
      case Op::share: return body ? (vi_ ? "tỷ lệ " + who + " " + what : "the share of " + strip(who) + " for which: " + what)
                                  : (vi_ ? "tỷ lệ " + strip(who) : "the share of " + strip(who));
      case Op::sum: return vi_ ? "tổng " + what + " của " + strip(who) : "the sum of " + what + " over " + strip(who);
      default: break;
    }
    return {};
  }

  std::string compare(const Expr& e) {
    const Expr& a = *e.args[0];
    const Expr& b = *e.args[1];
    // count(…) > 0: there is one.
    if (e.op == Op::gt && a.op == Op::count && (a.args.size() < 3 || !a.args[2]) && b.op == Op::literal && b.lit.i == 0) {
      const int saved = member_;
      member_ = a.args[0]->type.schema;
      std::string who = members(a);
      member_ = saved;
      if (!who.empty() && who.back() == ',') who.pop_back();
      return std::string(w("có ít nhất một ", "there is at least one of ")) + who;
    }
    const std::string l = a.op == Op::literal ? literal(a, b.type) : operand(a);
    const std::string r = b.op == Op::literal ? literal(b, a.type) : operand(b);
    if (a.type.kind == Type::Kind::date) {  // days: before and after
      switch (e.op) {
        case Op::lt: return l + w(" trước ", " is before ") + r;
        case Op::le: return l + w(" không sau ", " is on or before ") + r;
        case Op::gt: return l + w(" sau ", " is after ") + r;
        case Op::ge: return l + w(" từ ", " is on or after ") + r + w(" trở đi", "");
        default: break;
      }
    }
    switch (e.op) {
      case Op::eq: return l + w(" là ", " is ") + r;
      case Op::ne: return l + w(" không phải là ", " is not ") + r;
      case Op::lt: return l + w(" dưới ", " is below ") + r;
      case Op::le: return l + w(" không quá ", " is at most ") + r;
      case Op::gt: return l + w(" trên ", " is above ") + r;
      case Op::ge: return l + w(" từ ", " is at least ") + r + w(" trở lên", "");
      default: break;
    }
    return {};
  }

  std::string say(const Expr& e) {
    switch (e.op) {
      case Op::literal: return literal(e, e.type);
      case Op::input:
      case Op::member_field: return name_of(e);
      case Op::param: return param(e);
      case Op::assessment_date: return w("ngày đánh giá", "the assessment date");
      case Op::total: return w("tổng điểm", "the total");
      case Op::neg: return std::string(w("âm ", "minus ")) + operand(*e.args[0]);
      case Op::not_:
        if (e.args[0]->type.kind == Type::Kind::boolean && (e.args[0]->op == Op::input || e.args[0]->op == Op::member_field))
          return std::string(w("không ", "not ")) + say(*e.args[0]);
        return std::string(w("không phải ", "not: ")) + operand(*e.args[0]);
      case Op::add: return operand(*e.args[0]) + w(" cộng ", " plus ") + operand(*e.args[1]);
      case Op::sub: return operand(*e.args[0]) + w(" trừ ", " minus ") + operand(*e.args[1]);
      case Op::mul: return operand(*e.args[0]) + w(" nhân ", " times ") + operand(*e.args[1]);
      case Op::div: return operand(*e.args[0]) + w(" chia cho ", " divided by ") + operand(*e.args[1]);
      case Op::eq: case Op::ne: case Op::lt: case Op::le: case Op::gt: case Op::ge: return compare(e);
      case Op::and_: {
        if (is_range(e)) return range(e);
        std::vector<const Expr*> cs;
        conjuncts(e, cs);
        std::vector<std::string> parts;
        for (const Expr* c : cs) parts.push_back(c->op == Op::or_ ? "(" + say(*c) + ")" : say(*c));
        return join(parts, "và", "and");
      }
      case Op::or_: {
        std::vector<std::string> parts;
        for (const auto& a : e.args) parts.push_back(a->op == Op::and_ && !is_range(*a) ? "(" + say(*a) + ")" : say(*a));
        return join(parts, "hoặc", "or");
      }
      case Op::if_:
        return operand(*e.args[1]) + w(" nếu ", " if ") + say(*e.args[0]) + w(", không thì ", ", otherwise ") + operand(*e.args[2]);
      case Op::min: case Op::max: {
        std::vector<std::string> parts;
        for (const auto& a : e.args) parts.push_back(operand(*a));
        const bool two = parts.size() == 2;
        return std::string(e.op == Op::min ? (vi_ ? "số nhỏ nhất trong " : two ? "the smaller of " : "the least of ")
                                           : (vi_ ? "số lớn nhất trong " : two ? "the larger of " : "the greatest of ")) +
               join(parts, "và", "and");
      }
      case Op::floor: case Op::ceil: case Op::round: {
        const char* how = e.op == Op::floor ? w("làm tròn xuống", "rounded down") : e.op == Op::ceil ? w("làm tròn lên", "rounded up") : w("làm tròn", "rounded");
        std::string out = operand(*e.args[0]) + " " + how;
        if (e.slot > 0) out += std::string(w(" đến ", " to ")) + decimals_text(e.slot, vi_);
        return out;
      }
      case Op::abs: return std::string(w("giá trị tuyệt đối của ", "the absolute value of ")) + operand(*e.args[0]);
      case Op::years_between:
        return std::string(w("số năm tròn từ ", "the whole years from ")) + operand(*e.args[0]) + w(" đến ", " to ") + operand(*e.args[1]);
      case Op::count: case Op::share: case Op::all: case Op::any: case Op::sum: return aggregate(e);
    }
    return {};
  }

  const CompiledSet& s_;
  bool vi_;
  const Record* context_;
  int member_ = -1;  // the member schema inside an aggregate
};

}  // namespace

std::string sentence(const CompiledSet& set, const Expr& expr, bool vi, const Record* context) {
  std::string out = Teller(set, vi, context)(expr);
  if (!out.empty() && out.back() == ',') out.pop_back();
  return out;
}

std::string decimals_text(int digits, bool vi) {
  return std::to_string(digits) + (vi ? " chữ số thập phân" : digits == 1 ? " decimal" : " decimals");
}

}  // namespace hoctap::internal
