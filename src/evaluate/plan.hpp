// A batch resolved against one criteria set: for every input slot, where its values come
// from (a column with per-code values precomputed, or a constant), and member tables
// grouped by parent row. Built once per evaluate_batch call (batch.cpp) and read by both
// evaluators of a batch: the row binder (batch.cpp) and the block evaluator (block.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "evaluate/runtime.hpp"
#include "hoctap/batch.hpp"
#include "model/model.hpp"

namespace hoctap::internal {

// How one field is read: from a column (with per-code values precomputed), or a
// constant (from the context, or missing when nothing gives it).
struct FieldPlan {
  // The common, well-formed cases `read_fast` decides inline; anything else (missing,
  // out of range, fractional, a code whose text is a problem) goes through `read`.
  enum class Fast : std::uint8_t { none, number_f64, number_i64, boolean, date, code };
  const Field* field = nullptr;
  const Column* column = nullptr;
  Fast fast = Fast::none;
  std::int64_t low_units = INT64_MIN, high_units = INT64_MAX;  // numbers: the field's bounds
  std::vector<Val> code_vals;        // codes: the value of each code
  std::vector<std::uint8_t> code_bad; // codes: 1 when the code's text is a data problem
  Val constant;
  std::vector<DataProblem> constant_problems;
  std::int64_t missing_code = 0;
  std::string list;                  // member fields: the list's name, for messages
};

struct ListPlan {
  const Field* field = nullptr;
  const Schema* schema = nullptr;
  const MemberTable* table = nullptr;
  std::vector<std::int64_t> offsets;  // per parent row: start into `order`; size rows + 1
  std::vector<std::int64_t> order;    // member rows grouped by parent; empty when the table
                                      // is grouped already (entry k is row k)
  std::vector<FieldPlan> fields;      // by member slot, results included
};

struct Plan {
  const CompiledSet* set = nullptr;
  std::size_t rows = 0;
  std::vector<FieldPlan> top;   // by top-level slot (lists have `field` set and no column)
  std::vector<ListPlan> lists;  // by list, in field order
};

// The value of `fp` at `row`, by the record binder's rules, recording any data problem;
// `where` is the member's position in its list for messages. Callers go through `read_fast`.
Val read(const CompiledSet& set, const FieldPlan& fp, std::size_t row, int where, std::vector<DataProblem>& problems);

// `read` with its common cases decided inline; the same values, faster.
inline Val read_fast(const CompiledSet& set, const FieldPlan& fp, std::size_t row, int where, std::vector<DataProblem>& problems) {
  const Column* c = fp.column;
  if (c != nullptr && (c->valid == nullptr || c->valid[row] != 0)) {
    constexpr std::int64_t kOne = Decimal::from_int(1).units();
    switch (fp.fast) {
      case FieldPlan::Fast::number_f64: {
        double x = static_cast<const double*>(c->data)[row];
        if (x > -9.0e12 && x < 9.0e12) {  // false for NaN
          auto whole = static_cast<std::int64_t>(x);
          std::int64_t units = whole * kOne;
          if (static_cast<double>(whole) == x) {
            if (units >= fp.low_units && units <= fp.high_units) return Val{VK::number, units, nullptr};
          } else if (fp.field->type.kind == Type::Kind::decimal) {  // fractional: exact to six places or a problem
            if (auto d = Decimal::from_double(x); d && d->units() >= fp.low_units && d->units() <= fp.high_units)
              return number(*d);
          }
        }
        break;
      }
      case FieldPlan::Fast::number_i64: {
        std::int64_t x = static_cast<const std::int64_t*>(c->data)[row];
        if (x > -9000000000000LL && x < 9000000000000LL) {
          std::int64_t units = x * kOne;
          if (units >= fp.low_units && units <= fp.high_units) return Val{VK::number, units, nullptr};
        }
        break;
      }
      case FieldPlan::Fast::boolean: return boolean(static_cast<const std::uint8_t*>(c->data)[row] != 0);
      case FieldPlan::Fast::date: return Val{VK::date, static_cast<const std::int32_t*>(c->data)[row], nullptr};
      case FieldPlan::Fast::code: {
        std::int32_t code = static_cast<const std::int32_t*>(c->data)[row];
        if (code >= 0 && static_cast<std::size_t>(code) < fp.code_vals.size() && !fp.code_bad[static_cast<std::size_t>(code)])
          return fp.code_vals[static_cast<std::size_t>(code)];
        break;
      }
      case FieldPlan::Fast::none: break;
    }
  }
  return read(set, fp, row, where, problems);
}

}  // namespace hoctap::internal
