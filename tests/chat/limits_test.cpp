// A template is untrusted: every render is bounded in steps, output,
// memory and depth, and reaching a bound is a clear Limit error, never a
// hang, a crash or a leak.
#include <string>

#include <gtest/gtest.h>

#include "lugh/chat.hpp"

namespace {

using lugh::chat::ChatTemplate;
using lugh::chat::ErrorKind;
using lugh::chat::TemplateError;

ErrorKind failure(const std::string& text, const lugh::chat::Limits& limits, std::string* message = nullptr) {
    lugh::chat::Options opt;
    opt.limits = limits;
    try {
        ChatTemplate::from_text(text).apply({lugh::chat::message("user", "hi")}, false, opt);
    } catch (const TemplateError& e) {
        if (message) *message = e.message();
        return e.kind();
    }
    ADD_FAILURE() << "rendered: " << text;
    return ErrorKind::Syntax;
}

}  // namespace

TEST(ChatLimits, StepsBoundLoops) {
    lugh::chat::Limits limits;
    limits.max_steps = 100000;
    std::string message;
    EXPECT_EQ(failure("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}", limits,
                      &message),
              ErrorKind::Limit);
    EXPECT_NE(message.find("100000 steps"), std::string::npos) << message;
    // The default budget is far above what a real template needs.
    const auto t = ChatTemplate::from_text("{% for i in range(1000) %}{{ i }}{% endfor %}");
    EXPECT_EQ(t.apply({}, false).size(), 2890u);
}

TEST(ChatLimits, OutputIsBounded) {
    lugh::chat::Limits limits;
    limits.max_output_bytes = 1000;
    std::string message;
    EXPECT_EQ(failure("{% for i in range(2000) %}x{% endfor %}", limits, &message), ErrorKind::Limit);
    EXPECT_NE(message.find("1000 bytes"), std::string::npos) << message;
    EXPECT_EQ(failure("{{ 'x' * 5000 }}", limits), ErrorKind::Limit);
    EXPECT_EQ(failure("{% set s %}{% for i in range(2000) %}x{% endfor %}{% endset %}", limits), ErrorKind::Limit);
}

TEST(ChatLimits, MemoryIsBounded) {
    lugh::chat::Limits limits;
    limits.max_allocated_bytes = 1 << 20;
    // Doubling a string or a list grows exponentially: the budget stops it.
    EXPECT_EQ(failure("{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
                      limits),
              ErrorKind::Limit);
    EXPECT_EQ(failure("{% set ns = namespace(l=[1]) %}{% for i in range(64) %}{% set ns.l = ns.l + ns.l %}{% endfor %}",
                      limits),
              ErrorKind::Limit);
    EXPECT_EQ(failure("{{ [1, 2, 3] * 1000000000000 }}", limits), ErrorKind::Limit);
    EXPECT_EQ(failure("{{ 'abc' * 9000000000000000000 }}", limits), ErrorKind::Limit);
    EXPECT_EQ(failure("{{ 'a'|center(2000000000) }}", limits), ErrorKind::Limit);
    EXPECT_EQ(failure("{{ '%2000000d'|format(1) }}", limits), ErrorKind::Limit);
}

TEST(ChatLimits, RecursionIsBounded) {
    lugh::chat::Limits limits;
    limits.max_depth = 50;
    std::string message;
    EXPECT_EQ(failure("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", limits, &message), ErrorKind::Limit);
    EXPECT_NE(message.find("50"), std::string::npos) << message;
    EXPECT_EQ(failure("{% for x in [[1]] recursive %}{{ loop([[x]]) }}{% endfor %}", limits), ErrorKind::Limit);
    // Deep recursion within the limit works.
    const auto t = ChatTemplate::from_text("{% macro f(n) %}{% if n %}{{ f(n - 1) }}{% else %}done{% endif %}{% endmacro %}{{ f(40) }}");
    lugh::chat::Options opt;
    opt.limits = limits;
    EXPECT_EQ(t.apply({}, false, opt), "done");
}

TEST(ChatLimits, NestingIsBoundedAtParseTime) {
    const std::string deep = "{{ " + std::string(500, '(') + "1" + std::string(500, ')') + " }}";
    try {
        ChatTemplate::from_text(deep);
        FAIL();
    } catch (const TemplateError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Syntax);
        EXPECT_NE(e.message().find("nested too deeply"), std::string::npos) << e.message();
    }
    std::string ifs;
    for (int i = 0; i < 300; ++i) ifs += "{% if true %}";
    EXPECT_THROW(ChatTemplate::from_text(ifs), TemplateError);
    // 50 levels is fine.
    const std::string ok = "{{ " + std::string(50, '(') + "7" + std::string(50, ')') + " }}";
    EXPECT_EQ(ChatTemplate::from_text(ok).apply({}, false), "7");
}

TEST(ChatLimits, SelfReferencesDoNotLeak) {
    // A namespace holding itself and a macro stored where it closes over are
    // cycles; the render breaks them when it ends (ASan's leak check sees this).
    const auto t = ChatTemplate::from_text(
        "{% set ns = namespace() %}{% set ns.me = ns %}{% macro m() %}{{ ns.me.me is defined }}{% endmacro %}"
        "{% set ns.m = m %}{{ ns.m() }}{% for i in [1] %}{% set ns.loop = loop %}{% endfor %}{{ ns.loop.index }}");
    EXPECT_EQ(t.apply({}, false), "True1");
    std::string message;
    lugh::chat::Limits limits;
    EXPECT_EQ(failure("{% set ns = namespace() %}{% set ns.me = ns %}{{ ns }}", limits, &message), ErrorKind::Limit);
}

TEST(ChatLimits, RangeIsBoundedLikeTheSandbox) {
    lugh::chat::Limits limits;
    std::string message;
    EXPECT_EQ(failure("{{ range(200000)|length }}", limits, &message), ErrorKind::Type);
    EXPECT_EQ(message, "Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).");
}

TEST(ChatLimits, DeepNestingOfCallsIsALimitNotACrash) {
    // 90 nested ifs in a macro that recurses: evaluation depth, not the stack, ends it.
    std::string body;
    for (int i = 0; i < 90; ++i) body += "{% if true %}";
    body += "{{ f(n + 1) }}";
    for (int i = 0; i < 90; ++i) body += "{% endif %}";
    lugh::chat::Limits limits;
    std::string message;
    EXPECT_EQ(failure("{% macro f(n) %}" + body + "{% endmacro %}{{ f(0) }}", limits, &message), ErrorKind::Limit);
    EXPECT_NE(message.find("nests too deeply"), std::string::npos) << message;
}

TEST(ChatLimits, ValueNestingIsBounded) {
    // Lists (or generators) wrapped in themselves a hundred thousand times
    // would exhaust the stack when compared or freed: nesting is a limit.
    lugh::chat::Limits limits;
    std::string message;
    EXPECT_EQ(failure("{% set ns = namespace(l=[]) %}{% for i in range(100000) %}{% set ns.l = [ns.l] %}{% endfor %}",
                      limits, &message),
              ErrorKind::Limit);
    EXPECT_NE(message.find("nested deeper"), std::string::npos) << message;
    const auto t = ChatTemplate::from_text(
        "{% set ns = namespace(g=[], n=namespace()) %}{% for i in range(20000) %}{% set ns.g = [ns.g]|select %}"
        "{% set ns.n = namespace(prev=ns.n) %}{% endfor %}{{ ns.g is iterable }}");
    EXPECT_EQ(t.apply({}, false), "True");
    const auto ok = ChatTemplate::from_text(
        "{% set ns = namespace(l=[]) %}{% for i in range(900) %}{% set ns.l = [ns.l] %}{% endfor %}{{ ns.l == ns.l }}");
    EXPECT_EQ(ok.apply({}, false), "True");
}
