// A progress bar for long work, drawn on stderr only when stderr is a
// terminal (so logs and pipes stay clean), redrawn at most ten times a second.
//
//     Progress bar("quantizing", tensors.size());
//     for (size_t i = 0; i < n; ++i) { ...; bar.update(i + 1); }
//     bar.finish();                 // also done by the destructor
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace lugh::tool {

class Progress {
public:
    Progress(std::string label, uint64_t total);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    // done out of total; `note` (optional) is shown after the count.
    void update(uint64_t done, const std::string& note = "");
    // Draw the final state and end the line (once).
    void finish();
    bool visible() const { return visible_; }

private:
    void draw(const std::string& note);

    std::string label_;
    uint64_t total_, done_ = 0;
    bool visible_, finished_ = false;
    std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace lugh::tool
