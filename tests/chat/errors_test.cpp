// How templates fail: syntax errors name their line and column, runtime
// errors their line, raise_exception carries its message exactly, and bad
// inputs to the API are refused with a message naming them.
#include <string>

#include <gtest/gtest.h>

#include "lugh/chat.hpp"

namespace {

using lugh::chat::ChatTemplate;
using lugh::chat::ErrorKind;
using lugh::chat::TemplateError;

TemplateError parse_error(const std::string& text) {
    try {
        ChatTemplate::from_text(text, "t");
    } catch (const TemplateError& e) {
        return e;
    }
    ADD_FAILURE() << "parsed: " << text;
    return TemplateError(ErrorKind::Syntax, "", 0, 0, "t");
}

TemplateError render_error(const std::string& text, lugh::chat::Options opt = {}) {
    try {
        ChatTemplate::from_text(text, "t").apply({lugh::chat::message("user", "hi")}, true, opt);
    } catch (const TemplateError& e) {
        return e;
    }
    ADD_FAILURE() << "rendered: " << text;
    return TemplateError(ErrorKind::Syntax, "", 0, 0, "t");
}

}  // namespace

TEST(ChatErrors, SyntaxErrorsNameLineAndColumn) {
    struct {
        const char* text;
        int line, column;
        const char* fragment;
    } cases[] = {
        {"hello {{ 1 + }}", 1, 14, "unexpected"},
        {"a\nb\n  {% if x %}\n{% endfor %}", 4, 4, "Encountered unknown tag 'endfor'"},
        {"{% for x in y %}\nbody", 2, 5, "Jinja was looking for the following tags: 'endfor' or 'else'"},
        {"line1\n{{ 'unterminated }}", 2, 4, "unexpected char"},
        {"{# never closed", 1, 1, "Missing end of comment tag"},
        {"{{ (1, 2 }}", 1, 10, "unexpected '}', expected ')'"},
        {"{% do x %}", 1, 4, "Encountered unknown tag 'do'"},
        {"{% break %}", 1, 4, "'break' outside loop"},
        {"{% macro m(a=1, b) %}{% endmacro %}", 1, 18, "non-default argument follows default argument"},
        {"{{ x is }}", 1, 9, "expected token 'name'"},
        {"{% set 1 = 2 %}", 1, 8, "can't assign"},
        {"é {{ ! }}", 1, 6, "unexpected char '!'"},
        {"{{ 99999999999999999999 }}", 1, 4, "integer literal too large"},
        {"{% raw %}never ends", 1, 1, "Missing end of raw directive"},
        {"{{ '\\x4' }}", 1, 4, "truncated"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.text);
        const TemplateError e = parse_error(c.text);
        EXPECT_EQ(e.kind(), ErrorKind::Syntax);
        EXPECT_EQ(e.line(), c.line);
        EXPECT_EQ(e.column(), c.column);
        EXPECT_NE(e.message().find(c.fragment), std::string::npos) << e.message();
        EXPECT_NE(std::string(e.what()).find("line " + std::to_string(c.line)), std::string::npos) << e.what();
    }
}

TEST(ChatErrors, InvalidUtf8TemplateIsRefused) {
    const TemplateError e = parse_error(std::string("ok\n{{ 'x' }}\xff"));
    EXPECT_EQ(e.kind(), ErrorKind::Syntax);
    EXPECT_EQ(e.line(), 2);
    EXPECT_NE(e.message().find("UTF-8"), std::string::npos);
}

TEST(ChatErrors, LoadingOtherTemplatesIsUnsupported) {
    for (const char* text : {"{% include 'x' %}", "{% extends 'base' %}", "{% import 'm' as m %}",
                             "{% from 'm' import x %}", "{% autoescape true %}{% endautoescape %}"}) {
        SCOPED_TRACE(text);
        EXPECT_EQ(parse_error(text).kind(), ErrorKind::Unsupported);
    }
}

TEST(ChatErrors, RaiseExceptionCarriesItsMessage) {
    const TemplateError e = render_error("a\n{% if messages[0].role == 'user' %}{{ raise_exception('No users: ' ~ 7) }}{% endif %}");
    EXPECT_EQ(e.kind(), ErrorKind::Raised);
    EXPECT_EQ(e.message(), "No users: 7");
    EXPECT_EQ(e.line(), 2);
}

TEST(ChatErrors, RuntimeErrorsNameTheirLine) {
    const TemplateError undefined = render_error("ok\n\n{{ messages[0].nope.deeper }}");
    EXPECT_EQ(undefined.kind(), ErrorKind::Undefined);
    EXPECT_EQ(undefined.message(), "'dict object' has no attribute 'nope'");
    EXPECT_EQ(undefined.line(), 3);

    const TemplateError type = render_error("{% set n = 1 %}\n{{ n + 'a' }}");
    EXPECT_EQ(type.kind(), ErrorKind::Type);
    EXPECT_EQ(type.message(), "unsupported operand type(s) for +: 'int' and 'str'");
    EXPECT_EQ(type.line(), 2);

    const TemplateError sandbox = render_error("{{ messages.append(1) }}");
    EXPECT_EQ(sandbox.kind(), ErrorKind::Security);
    EXPECT_EQ(sandbox.message(), "access to attribute 'append' of 'list' object is unsafe.");

    EXPECT_EQ(render_error("{{ x|groupby('a') }}").kind(), ErrorKind::Unsupported);
}

TEST(ChatErrors, IntegersBeyond64BitsAreAnError) {
    // Python's integers are unbounded; Lugh's are 64-bit and say so instead of wrapping.
    const TemplateError e = render_error("{{ 9223372036854775807 + 1 }}");
    EXPECT_EQ(e.kind(), ErrorKind::Type);
    EXPECT_NE(e.message().find("64-bit"), std::string::npos);
    EXPECT_EQ(render_error("{{ 2 ** 64 }}").kind(), ErrorKind::Type);
    EXPECT_EQ(render_error("{{ -9223372036854775807 - 2 }}").kind(), ErrorKind::Type);
}

TEST(ChatErrors, BadApiInputIsRefused) {
    const auto t = ChatTemplate::from_format("chatml");
    EXPECT_THROW(t.apply({lugh::json::Value("not an object")}, false), lugh::Error);
    EXPECT_THROW(t.apply({lugh::chat::message("user", "bad \xc3 utf8")}, false), lugh::Error);
    lugh::chat::Options opt;
    opt.bos_token = "\xff";
    EXPECT_THROW(t.apply({}, false, opt), lugh::Error);
    try {
        t.apply({lugh::chat::message("user", "ok"), lugh::json::Value(3)}, false);
        FAIL();
    } catch (const lugh::Error& e) {
        EXPECT_NE(std::string(e.what()).find("message 2"), std::string::npos) << e.what();
    }
}

TEST(ChatErrors, NulBytesAreText) {
    const std::string text("a{\0b{{ 'x' }}", 13);
    EXPECT_EQ(ChatTemplate::from_text(text).apply({}, false), std::string("a{\0bx", 5));
    EXPECT_THROW(ChatTemplate::from_text(std::string("{{ \0 }}", 7)), TemplateError);
}
