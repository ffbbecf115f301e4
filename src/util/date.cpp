// Calendar arithmetic after Howard Hinnant's days_from_civil / civil_from_days.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

#include "hoctap/value.hpp"

namespace hoctap {
inline namespace v0 {
namespace {
struct Civil { int y; int m; int d; };

std::int32_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// In 64 bits: every 32-bit day (a column's, a host's from_days) has its year, about 5.8
// million years either way, where 32-bit arithmetic would overflow near the ends.
Civil civil_from_days(std::int32_t days) {
  const std::int64_t z = std::int64_t{days} + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<int>(z - era * 146097);
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const auto y = static_cast<int>(yoe + era * 400);
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp + (mp < 10 ? 3 : -9);
  return {y + (m <= 2), m, d};
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
}  // namespace

std::optional<Date> Date::from_ymd(int year, int month, int day) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return std::nullopt;
  int last = kDays[month - 1] + (month == 2 && leap(year) ? 1 : 0);
  if (day > last) return std::nullopt;
  return from_days(days_from_civil(year, month, day));
}

std::optional<Date> Date::parse(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  auto num = [&](std::size_t from, std::size_t n, int& out) {
    out = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
      out = out * 10 + (t[i] - '0');
    }
    return true;
  };
  int y, m, d;
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) return std::nullopt;
  return from_ymd(y, m, d);
}

Date Date::today() {
  using namespace std::chrono;
  auto hours_since_epoch = duration_cast<hours>(system_clock::now().time_since_epoch()).count();
  return from_days(static_cast<std::int32_t>(hours_since_epoch / 24));
}

int Date::year() const { return civil_from_days(days_).y; }
int Date::month() const { return civil_from_days(days_).m; }
int Date::day() const { return civil_from_days(days_).d; }

std::string Date::to_string() const {
  Civil c = civil_from_days(days_);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.y, c.m, c.d);
  return buf;
}

}  // namespace v0
}  // namespace hoctap
