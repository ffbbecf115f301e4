// The expression parser and type checker on arbitrary text, against a set with inputs of
// every type (a member list with fields, one judged by a title, a category, parameters).
// An expression that compiles is numbered by shape, as the loader does.
#include <cstdint>
#include <stdexcept>
#include <string>

#include "expr/expr.hpp"
#include "fuzz.hpp"
#include "hoctap/hoctap.hpp"

namespace {

const hoctap::CriteriaSet& context_set() {
  static const hoctap::CriteriaSet set = [] {
    auto r = hoctap::load_criteria_string(
        "hoctap: 1\nid: t/fuzz\ntitle: fuzz\nname: {vi: Thử, en: Fuzz}\nentity: family\nversion: \"1\"\n"
        "valid_from: 2020-01-01\nlegal_basis: {instrument: none, source: fuzz, confidence: confirmed}\n"
        "scales:\n  hoc_luc:\n    - {id: yeu, vi: Yếu, en: Weak}\n    - {id: kha, vi: Khá, en: Good}\n"
        "inputs:\n"
        "  n: {type: int, label: {vi: n, en: n}}\n"
        "  d: {type: decimal, label: {vi: d, en: d}}\n"
        "  b: {type: bool, label: {vi: b, en: b}}\n"
        "  ngay: {type: date, label: {vi: ngày, en: day}}\n"
        "  t: {type: text, label: {vi: t, en: t}}\n"
        "  hl: {type: category, scale: hoc_luc, label: {vi: học lực, en: result}}\n"
        "  ds:\n    type: list\n    label: {vi: ds, en: list}\n    fields:\n"
        "      tuoi: {type: int, label: {vi: tuổi, en: age}}\n"
        "      hl: {type: category, scale: hoc_luc, label: {vi: học lực, en: result}}\n"
        "  gd: {type: list, title: gia_dinh, label: {vi: gia đình, en: families}}\n"
        "parameters:\n  nguong: {type: decimal, label: {vi: ngưỡng, en: threshold}, value: 5}\n"
        "criteria:\n  - id: tc1\n    name: {vi: Một, en: One}\n    max: 10\n    points: {assessed: true}\n"
        "recognition: {min_total: 5}\n",
        "fuzz-context.yaml");
    if (!r.ok()) throw std::runtime_error(hoctap::format(r.diagnostics));
    return *r.set;
  }();
  return set;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hoctap::internal;
  std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<ExprError> errors;
  Formula f = compile_expression(text, ExprContext{context_set().compiled().get(), size % 2 == 0}, errors);
  if (!f && errors.empty()) __builtin_trap();  // a failure always says why
  return 0;
}
