// Helpers shared by the chat template tests.
#pragma once

#include <ctime>

namespace lugh::test {

// Noon, local time, on the given date: what strftime_now() formats in a test.
inline std::time_t local_noon(int year, int month, int day) {
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = 12;
    tm.tm_isdst = -1;
    return std::mktime(&tm);
}

}  // namespace lugh::test
