// Random valid criteria files over the whole grammar (docs/criteria-format.md,
// docs/expressions.md), for the rule fuzzer. Every file uses the same inputs (so the
// data drawn for it reaches every kind) and a random rule tree over them.
#include <random>
#include <sstream>

#include "rule_fuzz.hpp"

namespace hoctap_test {
namespace {

class Gen {
 public:
  Gen(std::uint32_t seed, const Rewrite* rewrite) : rng_(seed), rewrite_(rewrite) {}

  std::string run() {
    levels_ = pick(5) == 0;
    std::ostringstream o;
    o << "hoctap: 1\nid: fuzz/" << rng_() % 100000 << "\ntitle: fuzz\nname: {vi: Bộ ngẫu nhiên, en: Random set}\n"
      << "entity: family\nversion: \"1\"\nvalid_from: 2020-01-01\n"
      << "legal_basis: {instrument: none, source: rule fuzzer, confidence: confirmed}\n"
      << "scales:\n  vung:\n"
      << "    - {id: v1, vi: Vùng một, en: Area one}\n    - {id: v2, vi: Vùng hai, en: Area two}\n"
      << "    - {id: v3, vi: Vùng ba, en: Area three}\n"
      // Six kinds: more labels than the block binder's selects take (a table of words).
      << "  loai:\n"
      << "    - {id: l1, vi: Loại một, en: Kind one}\n    - {id: l2, vi: Loại hai, en: Kind two}\n"
      << "    - {id: l3, vi: Loại ba, en: Kind three}\n    - {id: l4, vi: Loại bốn, en: Kind four}\n"
      << "    - {id: l5, vi: Loại năm, en: Kind five}\n    - {id: l6, vi: Loại sáu, en: Kind six}\n"
      << "inputs:\n"
      << "  n1: {type: int, min: 0, max: 40, label: {vi: n1, en: n1}}\n"
      << "  n2: {type: int, label: {vi: n2, en: n2}}\n"
      << "  d1: {type: decimal, min: 0, max: 100, label: {vi: d1, en: d1}}\n"
      << "  d2: {type: decimal, label: {vi: d2, en: d2}}\n"
      << "  b1: {type: bool, label: {vi: b1, en: b1}}\n"
      << "  b2: {type: bool, label: {vi: b2, en: b2}}\n"
      << "  ngay: {type: date, label: {vi: Ngày, en: Day}}\n"
      << "  vung: {type: category, scale: vung, label: {vi: Vùng, en: Area}}\n"
      << "  loai: {type: category, scale: loai, label: {vi: Loại, en: Kind}}\n"
      << "  ghi_chu: {type: text, label: {vi: Ghi chú, en: Note}}\n"
      << "  ds:\n    type: list\n    label: {vi: Thành viên, en: Members}\n    fields:\n"
      << "      x: {type: int, min: 0, max: 60, label: {vi: x, en: x}}\n"
      << "      y: {type: decimal, label: {vi: y, en: y}}\n"
      << "      f: {type: bool, label: {vi: f, en: f}}\n"
      << "      c: {type: category, scale: vung, label: {vi: c, en: c}}\n"
      << "      sinh: {type: date, label: {vi: Ngày sinh, en: Born}}\n"
      << "  gd:\n    type: list\n    title: gia_dinh_hoc_tap\n    label: {vi: Gia đình, en: Families}\n";
    const int v1 = 5 + pick(30), v2 = 5 + pick(30), fallback = pick(20);
    const int highest_threshold = std::max({v1, v2, fallback});
    o << "parameters:\n"
      << "  nguong: {type: int, label: {vi: Ngưỡng, en: Threshold}, by: vung, values: {v1: " << v1 << ", v2: "
      << v2 << "}, default: " << fallback << ", confidence: confirmed}\n"
      << "  k: {type: decimal, label: {vi: k, en: k}, value: " << pick(10) << "." << pick(10) << ", confidence: confirmed}\n";
    // By the six kinds: a default whenever some kind is not listed, and in half the sets
    // that list every kind.
    o << "  muc: {type: int, label: {vi: Mức, en: Grade}, by: loai, values: {l1: " << pick(30);
    bool every_kind = true;
    for (int kind = 2; kind <= 6; ++kind) {
      if (pick(4) != 0) o << ", l" << kind << ": " << pick(30);
      else every_kind = false;
    }
    o << "}" << (!every_kind || pick(2) == 0 ? ", default: " + std::to_string(pick(30)) : std::string()) << ", confidence: confirmed}\n";
    const bool check = pick(3) == 0;  // drawn after the tree, so that it may read its scores
    if (levels_) o << "scoring: levels\nlevels:\n  - {id: m1, name: {vi: Mức 1, en: Level 1}}\n  - {id: m2, name: {vi: Mức 2, en: Level 2}}\n";
    std::ostringstream tree;
    int total = 0, smallest = 1000;
    const int criteria = 1 + pick(3);
    for (int c = 0; c < criteria; ++c) {
      std::ostringstream kids;
      int sum = 0;
      const int indicators = pick(8) == 0 ? 4 + pick(7) : 1 + pick(4);  // now and then many: sums a pass can not take at once
      // Now and then a criterion of assessors' scores only, as the citizens' sets have: the
      // batch binds such scores together with their sum, statuses and floors.
      const bool scores_only = !levels_ && pick(4) == 0;
      for (int i = 0; i < indicators; ++i) {
        const int max = 1 + pick(20);
        sum += max;
        smallest = std::min(smallest, max);
        kids << indicator("i" + std::to_string(c) + "_" + std::to_string(i), max, scores_only);
      }
      total += sum;
      tree << "  - id: c" << c << "\n    name: {vi: Tiêu chí " << c << ", en: Criterion " << c << "}\n";
      if (!levels_) tree << "    max: " << sum << "\n";
      if (!levels_ && pick(4) == 0) tree << "    pass_at: " << pick(sum + 1) << "\n";
      tree << "    indicators:\n" << kids.str();
    }
    if (!levels_) o << "max_total: " << total << "\n";
    o << "criteria:\n" << tree.str();
    if (check) o << "checks:\n  - id: kt\n    holds: " << expression(bool_expr(2, false)) << "\n    message: {vi: Mâu thuẫn, en: Impossible}\n";
    if (!levels_) {
      const bool bands = pick(2) == 0;
      if (bands) {
        const int a = 1 + pick(total - 1 > 0 ? total - 1 : 1);
        const int b = a + 1 + pick(std::max(1, total - a));
        o << "grades:\n  bands:\n";
        if (b < total) {
          o << "    - {id: tot, name: {vi: Tốt, en: Good}, min: " << b << "}\n"
            << "    - {id: kha, name: {vi: Khá, en: Fair}, min: " << a << ", below: " << b << (pick(3) == 0 ? ", recognized: false" : "") << "}\n";
        } else {
          o << "    - {id: tot, name: {vi: Tốt, en: Good}, min: " << a << "}\n";
        }
        o << "  otherwise: {id: khong_dat, name: {vi: Không đạt, en: Not achieved}}\n";
      }
      o << "recognition:\n";
      // `nguong` is a threshold only where each of its values is reachable (H305).
      if (!bands || pick(2) == 0)
        o << "  min_total: " << threshold(pick(3) == 0 && highest_threshold <= total ? std::string("nguong") : std::to_string(pick(total + 1))) << "\n";
      if (pick(3) == 0) o << "  every_indicator_at_least: " << pick(smallest + 1) << "\n";
    } else if (pick(2) == 0) {
      o << "recognition:\n";
    }
    if (pick(3) == 0) {
      if (levels_ && o.str().find("recognition:\n") == std::string::npos) o << "recognition:\n";
      if (!levels_ || o.str().find("recognition:\n") != std::string::npos)
        o << "  knockouts:\n    - id: ko\n      name: {vi: Loại, en: Out}\n      when: " << expression(bool_expr(2, false, !levels_), true) << "\n";
    }
    std::string text = o.str();
    // An empty `recognition:` block in a levels set: dropped.
    const std::string empty = "recognition:\n";
    if (text.size() >= empty.size() && text.compare(text.size() - empty.size(), empty.size(), empty) == 0) text.resize(text.size() - empty.size());
    return text;
  }

 private:
  std::vector<std::string> scores_;  // the inputs of the assessed indicators drawn so far

  int pick(int n) { return n <= 0 ? 0 : static_cast<int>(rng_() % static_cast<unsigned>(n)); }

  static std::string quote(const std::string& e) {
    std::string q = "\"";
    for (char ch : e) q += ch == '"' ? std::string("\\\"") : std::string(1, ch);
    return q + "\"";
  }

  // An expression as the file writes it: as drawn, or as the rewrite writes it. The rewrite
  // draws nothing from rng_, so a set and its rewritten twin differ in their expressions only.
  std::string expression(const std::string& e, bool knockout = false) { return quote(rewrite_ ? (*rewrite_)(e, knockout) : e); }
  // The recognition threshold, a plain scalar unless rewritten.
  std::string threshold(const std::string& e) { return rewrite_ ? expression(e) : e; }

  // `score_only`: an assessor's score, without applies_when.
  std::string indicator(const std::string& id, int max, bool score_only) {
    std::ostringstream o;
    o << "      - id: " << id << "\n        name: {vi: Chỉ số " << id << ", en: Indicator " << id << "}\n";
    if (!levels_) o << "        max: " << max << "\n";
    if (!score_only && pick(4) == 0) {
      o << "        applies_when: " << expression(bool_expr(2, false)) << "\n"
        << "        if_not_applicable: " << (pick(2) == 0 ? "full_points" : "no_points") << "\n";
    }
    if (levels_) {
      if (pick(2) == 0) o << "        requires: " << expression(bool_expr(3, false)) << "\n";
      else o << "        requires:\n          m1: " << expression(bool_expr(3, false)) << "\n          m2: " << expression(bool_expr(3, false)) << "\n";
      return o.str();
    }
    if (pick(5) == 0) o << "        pass_at: " << pick(max + 1) << "\n";
    switch (score_only ? 2 : pick(3)) {
      case 0: {
        o << "        points:\n          conditions:\n";
        const int cases = 1 + pick(4);
        for (int k = 0; k < cases; ++k) o << "            - {when: " << expression(bool_expr(3, false)) << ", points: " << pick(max + 1) << "}\n";
        o << "          otherwise: " << pick(max + 1) << "\n";
        break;
      }
      case 1: {
        static const char* kRounding[] = {"half_up", "half_even", "floor", "ceil"};
        o << "        points:\n          formula: " << expression(num_expr(3, false)) << "\n          rounding: " << kRounding[pick(4)]
          << "\n          digits: " << (pick(4) == 0 ? 3 + pick(4) : pick(3)) << "\n";
        break;
      }
      default:
        o << "        points: {assessed: true}\n";
        scores_.push_back("score." + id);
    }
    return o.str();
  }

  // Expressions by type. `member`: inside an aggregate (members' fields in scope, no
  // aggregate); `total`: `total` may be read (recognition rules).
  std::string num_expr(int depth, bool member, bool total = false) {
    const int leaf = depth <= 0 ? 0 : pick(12);
    switch (leaf) {
      case 0: case 1: case 2: {
        std::vector<std::string> names = {"n1", "n2", "d1", "d2", "k", "nguong", "muc"};
        if (member) names.insert(names.end(), {"x", "x", "y"});
        if (total) names.push_back("total");
        // An assessor's score drawn before, read as an input too (also by members, as a
        // top-level input): the batch then makes its column, where it need not otherwise.
        if (!scores_.empty() && pick(6) == 0) return scores_[static_cast<std::size_t>(pick(static_cast<int>(scores_.size())))];
        if (pick(3) == 0) return number();
        return names[static_cast<std::size_t>(pick(static_cast<int>(names.size())))];
      }
      case 3: return "(" + num_expr(depth - 1, member, total) + " + " + num_expr(depth - 1, member, total) + ")";
      case 4: return "(" + num_expr(depth - 1, member, total) + " - " + num_expr(depth - 1, member, total) + ")";
      case 5: return "(" + num_expr(depth - 1, member, total) + " * " + num_expr(depth - 1, member, total) + ")";
      case 6: return "(" + num_expr(depth - 1, member, total) + " / " + num_expr(depth - 1, member, total) + ")";
      case 7: {
        static const char* kFn[] = {"min", "max"};
        std::string s = std::string(kFn[pick(2)]) + "(" + num_expr(depth - 1, member, total);
        for (int k = 0, more = 1 + pick(2); k < more; ++k) s += ", " + num_expr(depth - 1, member, total);
        return s + ")";
      }
      case 8: {
        static const char* kFn[] = {"floor", "ceil", "round", "abs", "-"};
        const int f = pick(5);
        if (f == 4) return "(-" + num_expr(depth - 1, member, total) + ")";
        if (f == 3 || pick(2) == 0) return std::string(kFn[f]) + "(" + num_expr(depth - 1, member, total) + ")";
        return std::string(kFn[f]) + "(" + num_expr(depth - 1, member, total) + ", " + std::to_string(pick(3)) + ")";
      }
      case 9: return "(if " + bool_expr(depth - 1, member, total) + " then " + num_expr(depth - 1, member, total) + " else " +
                     num_expr(depth - 1, member, total) + ")";
      case 10: return member ? "years_between(sinh, assessment_date)" : "years_between(ngay, assessment_date)";
      default:
        if (member) return num_expr(depth - 1, member, total);
        switch (pick(3)) {
          case 0: return "count(ds" + filter(total) + ")";
          case 1: return "share(ds" + filter(total) + ", " + bool_expr(1, true, total) + ")";
          default: return "sum(ds" + filter(total) + ", " + num_expr(1, true, total) + ")";
        }
    }
  }

  // An aggregate's filter, reading `total` where the aggregate may (a knock-out).
  std::string filter(bool total) { return pick(2) == 0 ? std::string() : " where " + bool_expr(1, true, total); }

  std::string number() {
    if (pick(3) == 0) return std::to_string(pick(50)) + "." + std::to_string(pick(100));
    return std::to_string(pick(pick(2) == 0 ? 10 : 60));
  }

  std::string bool_expr(int depth, bool member, bool total = false) {
    static const char* kCmp[] = {"<", "<=", ">", ">=", "==", "!="};
    const int what = depth <= 0 ? pick(3) : pick(15);
    switch (what) {
      case 0: {
        std::vector<std::string> names = {"b1", "b2"};
        if (member) names.insert(names.end(), {"f", "f"});
        return names[static_cast<std::size_t>(pick(static_cast<int>(names.size())))];
      }
      case 1:
        if (!member && pick(3) == 0) return "loai " + std::string(kCmp[pick(6)]) + (pick(2) == 0 ? " 'l4'" : " 'Loại hai'");
        return (member && pick(2) == 0 ? "c " : "vung ") + std::string(kCmp[pick(6)]) + (pick(2) == 0 ? " 'v2'" : " 'Vùng ba'");
      case 2:
        if (pick(6) == 0) return std::string(member ? "sinh" : "ngay") + " " + kCmp[pick(4)] + " assessment_date";
        return std::string(pick(2) == 0 && member ? "sinh" : "ngay") + " " + kCmp[pick(4)] + " date('20" + std::to_string(10 + pick(20)) + "-0" +
               std::to_string(1 + pick(9)) + "-1" + std::to_string(pick(9)) + "')";
      case 3: case 4: case 5: case 6:
        return num_expr(depth - 1, member, total) + " " + kCmp[pick(6)] + " " + num_expr(depth - 1, member, total);
      case 7: return "not " + bool_expr(depth - 1, member, total);
      case 8: return "(" + bool_expr(depth - 1, member, total) + " and " + bool_expr(depth - 1, member, total) + ")";
      case 9: return "(" + bool_expr(depth - 1, member, total) + " or " + bool_expr(depth - 1, member, total) + ")";
      case 10: return "ghi_chu " + std::string(pick(2) == 0 ? "==" : "!=") + " 'a'";
      case 11:
        if (member) return bool_expr(depth - 1, member, total);
        return std::string(pick(2) == 0 ? "all" : "any") + "(ds" + filter(total) + ", " + bool_expr(1, true, total) + ")";
      case 12:
        if (member) return bool_expr(depth - 1, member, total);
        switch (pick(5)) {  // aggregates compared directly: decided from their bounds
          case 0: return "share(ds" + filter(total) + ", " + bool_expr(1, true, total) + ") " + kCmp[pick(6)] + " 0." + std::to_string(pick(10));
          case 1: return "count(ds" + filter(total) + ") " + kCmp[pick(6)] + " " + std::to_string(pick(4));
          case 2: return std::to_string(pick(4)) + " " + kCmp[pick(6)] + " count(ds" + filter(total) + ")";
          case 3: return "sum(ds" + filter(total) + ", " + num_expr(1, true, total) + ") " + kCmp[pick(6)] + " " + number();
          default: return "share(gd, result.recognized) " + std::string(kCmp[pick(6)]) + " 0." + std::to_string(pick(10));
        }
      case 13: {
        // Counts compared as a province writes them (`so_con_di_hoc * 2 >= so_con_trong_tuoi`,
        // a member's `tuoi <= 14`), also by a factor too large or not whole, and against
        // whole and other constants.
        static const char* kFactor[] = {"2", "3", "-1", "1000", "2000", "2.5", "0"};
        auto count = [&] {
          std::string name = member ? "x" : pick(2) == 0 ? "n1" : "n2";
          if (pick(2) == 0) return name;
          const std::string k = kFactor[pick(7)];
          return pick(2) == 0 ? name + " * " + k : k + " * " + name;
        };
        const std::string right = pick(3) == 0 ? number() : pick(4) == 0 ? "-" + std::to_string(pick(5)) : count();
        return pick(2) == 0 ? count() + " " + kCmp[pick(6)] + " " + right : right + " " + kCmp[pick(6)] + " " + count();
      }
      default:
        if (member) return "f";
        return "any(gd, result.total >= " + std::to_string(pick(100)) + ")";
    }
  }

  std::mt19937 rng_;
  const Rewrite* rewrite_;
  bool levels_ = false;
};

}  // namespace

std::string random_criteria(std::uint32_t seed) { return Gen(seed, nullptr).run(); }

std::string random_criteria(std::uint32_t seed, const Rewrite& rewrite) { return Gen(seed, &rewrite).run(); }

}  // namespace hoctap_test
