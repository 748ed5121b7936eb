// TextStream: the text of generated tokens, released to the reader only once
// it is final. Held back: the bytes of an unfinished UTF-8 character, and a
// tail that could still grow into a stop string. A completed stop string
// cuts the text where it begins.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lugh::llm {

class TextStream {
public:
    explicit TextStream(std::vector<std::string> stop) : stop_(std::move(stop)) {}

    // Add a token's bytes. Returns the text that became final (a view into
    // this stream, valid until the next call).
    std::string_view push(std::string_view bytes);
    // A stop string completed: nothing more will be released but finish()'s rest.
    bool stopped() const { return stopped_; }
    // The text held back so far (nothing after a stop), released for good.
    std::string_view finish();
    // All the text so far (up to a stop string when one completed).
    const std::string& text() const { return text_; }

private:
    size_t final_end() const;   // how much of text_ is final now

    std::vector<std::string> stop_;
    std::string text_;
    size_t released_ = 0;
    size_t searched_ = 0;   // stop strings cannot start before this
    bool stopped_ = false;
};

}  // namespace lugh::llm
