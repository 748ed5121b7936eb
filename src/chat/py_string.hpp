// Python's str algorithms on UTF-8 text, in code points: strip, split,
// splitlines, title, capitalize, padding, find with start/end, replace with
// a count. Shared by the string methods and the filters.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lugh::chat {

// str.strip/lstrip/rstrip(chars); chars absent: whitespace.
std::string py_strip(const std::string& s, const std::optional<std::string>& chars, bool left, bool right);
// str.split(sep, maxsplit) and rsplit; sep absent: runs of whitespace.
std::vector<std::string> py_split(const std::string& s, const std::optional<std::string>& sep, int64_t maxsplit,
                                  bool from_right);
std::vector<std::string> py_splitlines(const std::string& s, bool keepends);
std::string py_title(const std::string& s);         // str.title()
std::string py_capitalize(const std::string& s);    // str.capitalize()
std::string py_swapcase(const std::string& s);
// str.islower() (lower) / str.isupper(): some cased character and none of the other case.
bool py_cased_as(const std::string& s, bool lower);
// str.center/ljust/rjust(width, fill).
std::string py_pad(const std::string& s, int64_t width, const std::string& fill, char align);
// str.replace(old, new, count); count < 0: all.
std::string py_replace(const std::string& s, const std::string& old, const std::string& repl, int64_t count);
// str.find/rfind(sub, start, end) in code points; -1 when absent.
int64_t py_find(const std::string& s, const std::string& sub, std::optional<int64_t> start,
                std::optional<int64_t> end, bool from_right);
// str.count(sub, start, end).
int64_t py_count(const std::string& s, const std::string& sub, std::optional<int64_t> start,
                 std::optional<int64_t> end);
// The code points of s between Python-style start/end bounds, re-encoded.
std::string py_substr(const std::string& s, std::optional<int64_t> start, std::optional<int64_t> end);

}  // namespace lugh::chat
