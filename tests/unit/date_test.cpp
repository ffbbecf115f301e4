#include <boost/test/unit_test.hpp>

#include "helpers.hpp"

using hoctap::Date;

BOOST_AUTO_TEST_SUITE(date)

BOOST_AUTO_TEST_CASE(round_trips_through_text) {
  for (const char* t : {"1970-01-01", "2016-01-01", "2020-02-29", "2023-12-31", "0001-01-01", "9999-12-31"})
    BOOST_TEST(Date::parse(t)->to_string() == t);
  BOOST_TEST(Date::parse("1970-01-02")->days() == 1);
  BOOST_TEST(Date::parse("1969-12-31")->days() == -1);
}

BOOST_AUTO_TEST_CASE(rejects_days_that_do_not_exist) {
  for (const char* bad : {"2023-02-29", "2100-02-29", "2023-13-01", "2023-00-10", "2023-04-31", "23-01-01", "2023/01/01", "2023-1-1"})
    BOOST_TEST(!Date::parse(bad).has_value(), bad);
  BOOST_TEST(Date::parse("2000-02-29").has_value());
}

BOOST_AUTO_TEST_CASE(orders_by_day) {
  BOOST_TEST(*Date::parse("2020-09-21") < *Date::parse("2021-01-01"));
  auto d = *Date::parse("2024-02-12");
  BOOST_TEST(d.year() == 2024);
  BOOST_TEST(d.month() == 2);
  BOOST_TEST(d.day() == 12);
}

// A host's day (a date32 column, Date::from_days) may be any 32-bit number of days.
BOOST_AUTO_TEST_CASE(every_32_bit_day_has_its_calendar_day) {
  BOOST_TEST(Date::from_days(2147483647).to_string() == "5881580-07-11");
  BOOST_TEST(Date::from_days(-2147483647 - 1).to_string() == "-5877641-06-23");
  BOOST_TEST(Date::from_days(-719162).to_string() == "0001-01-01");
  BOOST_TEST(Date::from_days(-719163).to_string() == "0000-12-31");
  BOOST_TEST(Date::from_days(2147483647).year() == 5881580);
}

BOOST_AUTO_TEST_SUITE_END()
