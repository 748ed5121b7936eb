// One compiled template rendered from several threads at once: renders share
// nothing mutable (run under ThreadSanitizer by `make tsan`).
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "lugh/chat.hpp"

TEST(ChatThreads, OneTemplateManyRenders) {
    const auto t = lugh::chat::ChatTemplate::from_text(
        "{% set ns = namespace(n=0) %}{% macro turn(m) %}<{{ m.role }}>{{ m.content|trim }}{% endmacro %}"
        "{% for m in messages %}{% set ns.n = ns.n + 1 %}{{ turn(m) }}{% endfor %}"
        "{{ messages|map(attribute='role')|unique|list|tojson }}{{ ns.n }}");
    std::vector<lugh::json::Value> messages;
    for (int i = 0; i < 20; ++i)
        messages.push_back(lugh::chat::message(i % 2 ? "assistant" : "user", " turn " + std::to_string(i) + " "));
    const std::string expected = t.apply(messages, false);
    ASSERT_NE(expected.find("[\"user\", \"assistant\"]20"), std::string::npos) << expected;
    std::vector<std::thread> threads;
    std::vector<int> mismatches(4, 0);
    for (int k = 0; k < 4; ++k)
        threads.emplace_back([&, k] {
            for (int i = 0; i < 100; ++i)
                if (t.apply(messages, false) != expected) ++mismatches[k];
        });
    for (auto& th : threads) th.join();
    for (int k = 0; k < 4; ++k) EXPECT_EQ(mismatches[k], 0);
}
