// Template text to tokens, with jinja2's whitespace rules as Hugging Face
// configures them: trim_blocks (the newline after a block or comment tag is
// dropped), lstrip_blocks (spaces and tabs before a block or comment tag at
// the start of a line are dropped), `-` and `+` modifiers on tags, newlines
// normalised to "\n", one trailing newline dropped, {% raw %} sections.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lugh::chat {

enum class TokenType : uint8_t {
    Data,         // text outside tags
    VarBegin,     // {{
    VarEnd,       // }}
    BlockBegin,   // {%
    BlockEnd,     // %}
    Name,
    String,       // text: the decoded value
    Integer,      // integer
    Float,        // number
    Operator,     // text: the operator ("+", "//", "(" ...)
    End,          // end of the template
};

struct Token {
    TokenType type;
    std::string text;
    int64_t integer = 0;
    double number = 0;
    int line = 0, column = 0;   // 1-based; column in characters
};

// Tokenise a whole template. Throws TemplateError (Syntax) with line and column.
std::vector<Token> tokenize(const std::string& source, const std::string& name);

// Decode the body of a string literal as jinja2 does (Python escapes; unknown
// escapes kept). Returns false with a message for a malformed escape.
bool decode_string_literal(const std::string& body, std::string* out, std::string* error);

}  // namespace lugh::chat
