#include "chat/py_string.hpp"

#include <algorithm>

#include "util/utf8.hpp"

namespace lugh::chat {

namespace {

bool is_cased(char32_t c) { return utf8::is_upper(c) || utf8::is_lower(c); }

// Python start/end clamping for a length-n sequence.
void clamp(int64_t n, std::optional<int64_t> start, std::optional<int64_t> end, int64_t* a, int64_t* b) {
    *a = start.value_or(0);
    *b = end.value_or(n);
    if (*a < 0) *a = std::max<int64_t>(0, *a + n);
    if (*b < 0) *b = std::max<int64_t>(0, *b + n);
    *a = std::min(*a, n);
    *b = std::min(*b, n);
}

}  // namespace

std::string py_strip(const std::string& s, const std::optional<std::string>& chars, bool left, bool right) {
    const std::u32string cps = utf8::decode(s);
    const std::u32string set = chars ? utf8::decode(*chars) : std::u32string();
    auto strip_it = [&](char32_t c) { return chars ? set.find(c) != std::u32string::npos : utf8::is_space(c); };
    size_t a = 0, b = cps.size();
    if (left)
        while (a < b && strip_it(cps[a])) ++a;
    if (right)
        while (b > a && strip_it(cps[b - 1])) --b;
    return utf8::encode(cps.substr(a, b - a));
}

std::vector<std::string> py_split(const std::string& s, const std::optional<std::string>& sep, int64_t maxsplit,
                                  bool from_right) {
    std::vector<std::string> out;
    if (sep) {
        if (!from_right) {
            size_t pos = 0;
            for (;;) {
                const size_t at = (maxsplit < 0 || static_cast<int64_t>(out.size()) < maxsplit) ? s.find(*sep, pos)
                                                                                                : std::string::npos;
                if (at == std::string::npos) {
                    out.push_back(s.substr(pos));
                    return out;
                }
                out.push_back(s.substr(pos, at - pos));
                pos = at + sep->size();
            }
        }
        size_t end = s.size();
        for (;;) {
            size_t at = std::string::npos;
            if ((maxsplit < 0 || static_cast<int64_t>(out.size()) < maxsplit) && end >= sep->size())
                at = s.rfind(*sep, end - sep->size());
            if (at == std::string::npos) {
                out.push_back(s.substr(0, end));
                break;
            }
            out.push_back(s.substr(at + sep->size(), end - at - sep->size()));
            end = at;
        }
        std::reverse(out.begin(), out.end());
        return out;
    }
    const std::u32string cps = utf8::decode(s);
    const size_t n = cps.size();
    if (!from_right) {
        size_t i = 0;
        while (i < n) {
            while (i < n && utf8::is_space(cps[i])) ++i;
            if (i == n) break;
            if (maxsplit >= 0 && static_cast<int64_t>(out.size()) == maxsplit) {
                out.push_back(utf8::encode(cps.substr(i)));   // the rest, trailing space kept
                break;
            }
            size_t j = i;
            while (j < n && !utf8::is_space(cps[j])) ++j;
            out.push_back(utf8::encode(cps.substr(i, j - i)));
            i = j;
        }
        return out;
    }
    size_t i = n;
    while (i > 0) {
        while (i > 0 && utf8::is_space(cps[i - 1])) --i;
        if (i == 0) break;
        if (maxsplit >= 0 && static_cast<int64_t>(out.size()) == maxsplit) {
            out.push_back(utf8::encode(cps.substr(0, i)));   // the rest, leading space kept
            break;
        }
        size_t j = i;
        while (j > 0 && !utf8::is_space(cps[j - 1])) --j;
        out.push_back(utf8::encode(cps.substr(j, i - j)));
        i = j;
    }
    std::reverse(out.begin(), out.end());
    return out;
}

std::vector<std::string> py_splitlines(const std::string& s, bool keepends) {
    const std::u32string cps = utf8::decode(s);
    std::vector<std::string> out;
    size_t start = 0;
    for (size_t i = 0; i < cps.size(); ++i) {
        const char32_t c = cps[i];
        const bool brk = c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x1C || c == 0x1D || c == 0x1E ||
                         c == 0x85 || c == 0x2028 || c == 0x2029;
        if (!brk) continue;
        size_t end = i + 1;
        if (c == '\r' && i + 1 < cps.size() && cps[i + 1] == '\n') end = i + 2;
        out.push_back(utf8::encode(cps.substr(start, (keepends ? end : i) - start)));
        start = end;
        i = end - 1;
    }
    if (start < cps.size()) out.push_back(utf8::encode(cps.substr(start)));
    return out;
}

std::string py_title(const std::string& s) {
    std::string out;
    bool prev_cased = false;
    for (char32_t c : utf8::decode(s)) {
        if (c == 0xDF && !prev_cased) {
            out += "Ss";
        } else {
            utf8::append(out, prev_cased ? utf8::lower(c) : utf8::upper(c));
        }
        prev_cased = is_cased(c);
    }
    return out;
}

std::string py_capitalize(const std::string& s) {
    const std::u32string cps = utf8::decode(s);
    std::string out;
    for (size_t i = 0; i < cps.size(); ++i) {
        if (i == 0 && cps[0] == 0xDF) {
            out += "Ss";
        } else {
            utf8::append(out, i == 0 ? utf8::upper(cps[i]) : utf8::lower(cps[i]));
        }
    }
    return out;
}

std::string py_swapcase(const std::string& s) {
    std::string out;
    for (char32_t c : utf8::decode(s)) {
        if (c == 0xDF) {
            out += "SS";
        } else {
            utf8::append(out, utf8::is_upper(c) ? utf8::lower(c) : utf8::upper(c));
        }
    }
    return out;
}

bool py_cased_as(const std::string& s, bool lower) {
    bool cased = false;
    for (char32_t c : utf8::decode(s)) {
        if (lower ? utf8::is_upper(c) : utf8::is_lower(c)) return false;
        cased = cased || is_cased(c);
    }
    return cased;
}

std::string py_pad(const std::string& s, int64_t width, const std::string& fill, char align) {
    const auto len = static_cast<int64_t>(utf8::length(s));
    if (width <= len) return s;
    const int64_t total = width - len;
    int64_t left = 0;
    if (align == '>') {
        left = total;
    } else if (align == '^') {
        // Python's centring puts the odd space on the left when the width is odd.
        left = total / 2 + (total & width & 1);
    }
    std::string out;
    for (int64_t i = 0; i < left; ++i) out += fill;
    out += s;
    for (int64_t i = 0; i < total - left; ++i) out += fill;
    return out;
}

std::string py_replace(const std::string& s, const std::string& old, const std::string& repl, int64_t count) {
    std::string out;
    if (old.empty()) {
        // Python inserts repl between every character (and at both ends).
        const std::u32string cps = utf8::decode(s);
        int64_t done = 0;
        for (size_t i = 0; i <= cps.size(); ++i) {
            if (count < 0 || done < count) {
                out += repl;
                ++done;
            }
            if (i < cps.size()) utf8::append(out, cps[i]);
        }
        return out;
    }
    size_t pos = 0;
    int64_t done = 0;
    while (count < 0 || done < count) {
        const size_t at = s.find(old, pos);
        if (at == std::string::npos) break;
        out.append(s, pos, at - pos);
        out += repl;
        pos = at + old.size();
        ++done;
    }
    out.append(s, pos, std::string::npos);
    return out;
}

std::string py_substr(const std::string& s, std::optional<int64_t> start, std::optional<int64_t> end) {
    const std::u32string cps = utf8::decode(s);
    int64_t a, b;
    clamp(static_cast<int64_t>(cps.size()), start, end, &a, &b);
    if (b <= a) return "";
    return utf8::encode(cps.substr(static_cast<size_t>(a), static_cast<size_t>(b - a)));
}

int64_t py_find(const std::string& s, const std::string& sub, std::optional<int64_t> start,
                std::optional<int64_t> end, bool from_right) {
    const std::u32string cps = utf8::decode(s);
    int64_t a, b;
    clamp(static_cast<int64_t>(cps.size()), start, end, &a, &b);
    if (start && *start > static_cast<int64_t>(cps.size())) return -1;
    if (b < a) return -1;
    const std::u32string hay = cps.substr(static_cast<size_t>(a), static_cast<size_t>(b - a));
    const std::u32string needle = utf8::decode(sub);
    const size_t at = from_right ? hay.rfind(needle) : hay.find(needle);
    return at == std::u32string::npos ? -1 : static_cast<int64_t>(at) + a;
}

int64_t py_count(const std::string& s, const std::string& sub, std::optional<int64_t> start,
                 std::optional<int64_t> end) {
    const std::u32string cps = utf8::decode(s);
    int64_t a, b;
    clamp(static_cast<int64_t>(cps.size()), start, end, &a, &b);
    if (b < a) return 0;
    const std::u32string hay = cps.substr(static_cast<size_t>(a), static_cast<size_t>(b - a));
    const std::u32string needle = utf8::decode(sub);
    if (needle.empty()) return static_cast<int64_t>(hay.size()) + 1;
    int64_t n = 0;
    for (size_t at = hay.find(needle); at != std::u32string::npos; at = hay.find(needle, at + needle.size())) ++n;
    return n;
}

}  // namespace lugh::chat
