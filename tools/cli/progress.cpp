#include "progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace lugh::tool {

Progress::Progress(std::string label, uint64_t total)
    : label_(std::move(label)), total_(total), visible_(isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()), last_draw_() {}

Progress::~Progress() { finish(); }

void Progress::update(uint64_t done, const std::string& note) {
    done_ = done > total_ ? total_ : done;
    if (!visible_) return;
    const auto now = std::chrono::steady_clock::now();
    if (done_ < total_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    draw(note);
}

void Progress::draw(const std::string& note) {
    constexpr int kWidth = 30;
    const double frac = total_ ? static_cast<double>(done_) / static_cast<double>(total_) : 1.0;
    const int filled = static_cast<int>(frac * kWidth);
    char bar[kWidth + 1];
    for (int i = 0; i < kWidth; ++i) bar[i] = i < filled ? '#' : '.';
    bar[kWidth] = '\0';
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    // \r and clear-to-end-of-line: the bar overwrites itself in place.
    std::fprintf(stderr, "\r%s [%s] %3d%% %llu/%llu %.1fs%s%s\x1b[K", label_.c_str(), bar,
                 static_cast<int>(frac * 100.0), static_cast<unsigned long long>(done_),
                 static_cast<unsigned long long>(total_), secs, note.empty() ? "" : " ", note.c_str());
    std::fflush(stderr);
}

void Progress::finish() {
    if (finished_) return;
    finished_ = true;
    if (!visible_) return;
    draw("");
    std::fputc('\n', stderr);
}

}  // namespace lugh::tool
