#include "llm/text_stream.hpp"

#include <algorithm>

namespace lugh::llm {

namespace {

// Length of the unfinished UTF-8 sequence at the end of s (0 if none): a
// lead byte whose continuation bytes have not all arrived. Invalid bytes are
// not held: they will never complete.
size_t unfinished_utf8(std::string_view s) {
    for (size_t back = 1; back <= 3 && back <= s.size(); ++back) {
        const auto c = static_cast<unsigned char>(s[s.size() - back]);
        if ((c & 0xC0) == 0x80) continue;   // a continuation byte: look further back
        const size_t need = c >= 0xF0 && c < 0xF8 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        return need > back ? back : 0;
    }
    return 0;
}

}  // namespace

size_t TextStream::final_end() const {
    if (stopped_) return text_.size();
    size_t end = text_.size() - unfinished_utf8(text_);
    // Hold back the longest tail that is the beginning of a stop string.
    for (const std::string& s : stop_)
        for (size_t n = std::min(s.size() - 1, text_.size()); n > 0; --n)
            if (text_.compare(text_.size() - n, n, s, 0, n) == 0) {
                end = std::min(end, text_.size() - n);
                break;
            }
    return std::max(end, released_);
}

std::string_view TextStream::push(std::string_view bytes) {
    if (stopped_) return {};
    text_.append(bytes.data(), bytes.size());
    // Only text from where a stop string could still begin is searched again.
    size_t longest = 0;
    for (const std::string& s : stop_) longest = std::max(longest, s.size());
    size_t cut = std::string::npos;
    for (const std::string& s : stop_) {
        if (s.empty()) continue;
        const size_t at = text_.find(s, searched_);
        if (at != std::string::npos) cut = std::min(cut, at);
    }
    if (cut != std::string::npos) {
        text_.resize(std::max(cut, released_));
        stopped_ = true;
    } else if (longest > 0 && text_.size() >= longest) {
        searched_ = text_.size() - longest + 1;
    }
    const size_t end = final_end();
    const std::string_view out(text_.data() + released_, end - released_);
    released_ = end;
    return out;
}

std::string_view TextStream::finish() {
    const std::string_view out(text_.data() + released_, text_.size() - released_);
    released_ = text_.size();
    return out;
}

}  // namespace lugh::llm
