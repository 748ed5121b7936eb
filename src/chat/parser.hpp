// Tokens to a Template tree, following jinja2's grammar (operator precedence,
// tests taking one bare argument, `-x|f` meaning `(-x)|f`, left-associative
// `**`, conditional expressions without else...). Expressions are in
// parse_expr.cpp, statements in parse_stmt.cpp.
#pragma once

#include <string>
#include <vector>

#include "chat/ast.hpp"
#include "chat/lexer.hpp"
#include "lugh/chat.hpp"

namespace lugh::chat {

// Parse a whole template; throws TemplateError (Syntax) naming line and column.
Template parse_template(const std::string& source, const std::string& name);

// Deepest nesting of expressions and blocks a template may use.
constexpr int kMaxParseDepth = 100;

class Parser {
public:
    Parser(std::vector<Token> tokens, const std::string& name) : tokens_(std::move(tokens)), name_(name) {}

    Body parse_all();

    // Expressions (parse_expr.cpp).
    ExprPtr parse_tuple(bool with_condexpr = true, const char* extra_end = nullptr, bool explicit_parens = false);
    ExprPtr parse_expression(bool with_condexpr = true);

private:
    std::vector<Token> tokens_;
    const std::string& name_;
    size_t pos_ = 0;
    int depth_ = 0;
    int loop_depth_ = 0;
    std::vector<std::string> open_blocks_;   // for end-of-template messages

    const Token& cur() const { return tokens_[pos_]; }
    const Token& peek(size_t n = 1) const { return tokens_[std::min(pos_ + n, tokens_.size() - 1)]; }
    const Token& next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
    bool is_op(const char* op) const { return cur().type == TokenType::Operator && cur().text == op; }
    bool is_name(const char* word) const { return cur().type == TokenType::Name && cur().text == word; }
    bool skip_op(const char* op);
    bool skip_name(const char* word);
    void expect_op(const char* op);
    std::string expect_name();
    void expect_block_end();
    [[noreturn]] void fail(const std::string& message) const;
    [[noreturn]] void fail_at(const Token& t, const std::string& message) const;
    static std::string describe(const Token& t);
    ExprPtr node(ExprKind kind, const Token& at) const;
    void enter();
    void leave() { --depth_; }

    // Expressions.
    // One operator of a left-associative level: a keyword (`or`) or an
    // operator token (`+`), and the node it makes.
    struct LevelOp {
        bool keyword;
        const char* text;
        ExprKind kind;
        BinOp op;   // for ExprKind::Binary
    };
    // operand (op operand)* for the level's operators, left to right.
    template <size_t N>
    ExprPtr parse_level(const LevelOp (&ops)[N], ExprPtr (Parser::*operand)());
    ExprPtr parse_condexpr();
    ExprPtr parse_or();
    ExprPtr parse_and();
    ExprPtr parse_not();
    ExprPtr parse_compare();
    ExprPtr parse_math1();
    ExprPtr parse_concat();
    ExprPtr parse_math2();
    ExprPtr parse_pow();
    ExprPtr parse_unary(bool with_filter = true);
    ExprPtr parse_unary_filtered() { return parse_unary(true); }
    ExprPtr parse_primary();
    ExprPtr parse_postfix(ExprPtr node);
    ExprPtr parse_filter_expr(ExprPtr node);
    ExprPtr parse_subscript(ExprPtr node);
    ExprPtr parse_subscribed();
    ExprPtr parse_filter(ExprPtr node, bool start_inline);
    ExprPtr parse_test(ExprPtr node);
    void parse_call_args(Expr& call);
    ExprPtr parse_list();
    ExprPtr parse_dict();

    // Statements (parse_stmt.cpp).
    Body subparse(const std::vector<std::string>& end_tags);
    Body parse_statements(const std::vector<std::string>& end_tags, bool drop_needle);
    std::unique_ptr<Stmt> parse_statement();
    std::unique_ptr<Stmt> parse_for(const Token& at);
    std::unique_ptr<Stmt> parse_if(const Token& at);
    std::unique_ptr<Stmt> parse_set(const Token& at);
    std::unique_ptr<Stmt> parse_macro(const Token& at);
    std::unique_ptr<Stmt> parse_call_block(const Token& at);
    std::unique_ptr<Stmt> parse_filter_block(const Token& at);
    std::unique_ptr<Stmt> parse_with(const Token& at);
    std::unique_ptr<Stmt> parse_scope_block(const Token& at, const char* end_tag);
    Target parse_target(bool with_tuple, bool with_namespace, const char* extra_end);
    Target parse_target_primary(bool with_namespace);
    void parse_signature(std::vector<Param>* params);
};

}  // namespace lugh::chat
