// hoctap/value.hpp: the values an entity record is made of.
//
//   hoctap::Record family;
//   family.set("so_tre_em", std::int64_t{2})
//         .set("vung", std::string("dan_toc_thieu_so"));
//   hoctap::Record child;
//   child.set("tuoi", std::int64_t{9}).set("hoc_luc", std::string("kha"));
//   family.set("tre_em", std::vector<hoctap::Record>{child});
//
// Numbers in criteria are exact: `Decimal` is a fixed-point number with six decimal
// places, so 0.1 + 0.2 == 0.3 and points never carry binary-float error. Dates are
// calendar days. All types here are plain values: copyable, no shared state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "hoctap/export.hpp"
#include "hoctap/version.hpp"

HOCTAP_NAMESPACE_BEGIN

// An exact decimal number: an integer count of millionths. Range ±9.2 × 10^12.
class HOCTAP_API Decimal {
 public:
  static constexpr int kDigits = 6;
  static constexpr std::int64_t kOne = 1000000;

  constexpr Decimal() = default;
  static constexpr Decimal from_units(std::int64_t units) { Decimal d; d.units_ = units; return d; }
  static constexpr Decimal from_int(std::int64_t value) { return from_units(value * kOne); }
  // Parses `-12`, `12.5`, `0.000001`; no exponent, at most six decimals. Empty on failure.
  static std::optional<Decimal> parse(std::string_view text);
  // Nearest decimal to `value` (half away from zero); empty when out of range or not finite.
  static std::optional<Decimal> from_double(double value);

  constexpr std::int64_t units() const { return units_; }
  double to_double() const { return static_cast<double>(units_) / kOne; }
  bool is_integer() const { return units_ % kOne == 0; }
  // Shortest exact text: `85`, `12.5`, `-0.333333`.
  std::string to_string() const;

  friend constexpr bool operator==(Decimal a, Decimal b) { return a.units_ == b.units_; }
  friend constexpr bool operator!=(Decimal a, Decimal b) { return a.units_ != b.units_; }
  friend constexpr bool operator<(Decimal a, Decimal b) { return a.units_ < b.units_; }
  friend constexpr bool operator<=(Decimal a, Decimal b) { return a.units_ <= b.units_; }
  friend constexpr bool operator>(Decimal a, Decimal b) { return a.units_ > b.units_; }
  friend constexpr bool operator>=(Decimal a, Decimal b) { return a.units_ >= b.units_; }
  friend constexpr Decimal operator+(Decimal a, Decimal b) { return from_units(a.units_ + b.units_); }
  friend constexpr Decimal operator-(Decimal a, Decimal b) { return from_units(a.units_ - b.units_); }

 private:
  std::int64_t units_ = 0;
};

// A calendar date (proleptic Gregorian), stored as days since 1970-01-01.
class HOCTAP_API Date {
 public:
  constexpr Date() = default;
  static constexpr Date from_days(std::int32_t days) { Date d; d.days_ = days; return d; }
  // Empty when the fields do not name a real day (2023-02-29 is rejected).
  static std::optional<Date> from_ymd(int year, int month, int day);
  // Parses exactly `YYYY-MM-DD`. Empty on failure.
  static std::optional<Date> parse(std::string_view text);
  // Today's date in UTC, from the system clock.
  static Date today();

  constexpr std::int32_t days() const { return days_; }
  int year() const;
  int month() const;
  int day() const;
  std::string to_string() const;  // `YYYY-MM-DD`

  friend constexpr bool operator==(Date a, Date b) { return a.days_ == b.days_; }
  friend constexpr bool operator!=(Date a, Date b) { return a.days_ != b.days_; }
  friend constexpr bool operator<(Date a, Date b) { return a.days_ < b.days_; }
  friend constexpr bool operator<=(Date a, Date b) { return a.days_ <= b.days_; }
  friend constexpr bool operator>(Date a, Date b) { return a.days_ > b.days_; }
  friend constexpr bool operator>=(Date a, Date b) { return a.days_ >= b.days_; }

 private:
  std::int32_t days_ = 0;
};

class Record;

// One field of a record. `std::monostate` is an explicit null (treated as missing).
// Text is UTF-8; it holds category values (by id or Vietnamese label) and free text.
// A list of records holds member entities (a family's children, a clan's families).
using Value = std::variant<std::monostate, bool, std::int64_t, Decimal, Date, std::string,
                           std::vector<Record>>;

// An entity's inputs: named values, in insertion order. Names are the input names a
// criteria set declares; names it does not declare are ignored. A name absent from the
// record is a missing input: the indicators that need it are not assessable.
class HOCTAP_API Record {
 public:
  Record() = default;
  // A record of `fields` in order; a repeated name keeps its first place and its last
  // value, as `set` would. Takes time in proportion to the fields (`set` scans them).
  static Record from_fields(std::vector<std::pair<std::string, Value>> fields);

  // Sets `name` to `value`, replacing an earlier value of the same name.
  Record& set(std::string_view name, Value value);
  // The value of `name`, or nullptr when absent. The pointer lives until the next `set`.
  const Value* find(std::string_view name) const;
  bool contains(std::string_view name) const { return find(name) != nullptr; }
  std::size_t size() const { return fields_.size(); }
  const std::vector<std::pair<std::string, Value>>& fields() const { return fields_; }

 private:
  std::vector<std::pair<std::string, Value>> fields_;
};

// A number given with its text (a JSON number, a Python float's repr, a spreadsheet's
// cell) as a record value, read exactly, never through a double: a whole number becomes
// an int64, one with up to six decimals a Decimal; any other (7.9999999, 1e20) stays its
// text, which the input contract (docs/input-contract.md) refuses for a number input
// with a message that shows it (`too_many_decimals`, `out_of_range`). Never rounded.
HOCTAP_API Value number_value(std::string_view text);

HOCTAP_NAMESPACE_END
