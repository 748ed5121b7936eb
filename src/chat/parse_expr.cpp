// Expression parsing: jinja2's precedence, from conditional expressions down
// to literals, with its postfix (attributes, subscripts, calls), filter and
// test rules.
#include <algorithm>

#include "chat/parser.hpp"

namespace lugh::chat {

bool Parser::skip_op(const char* op) {
    if (!is_op(op)) return false;
    next();
    return true;
}

bool Parser::skip_name(const char* word) {
    if (!is_name(word)) return false;
    next();
    return true;
}

std::string Parser::describe(const Token& t) {
    switch (t.type) {
        case TokenType::Data: return "template data";
        case TokenType::VarBegin: return "begin of print statement";
        case TokenType::VarEnd: return "end of print statement";
        case TokenType::BlockBegin: return "begin of statement block";
        case TokenType::BlockEnd: return "end of statement block";
        case TokenType::String: return "string";
        case TokenType::Integer: return "integer";
        case TokenType::Float: return "float";
        case TokenType::End: return "end of template";
        default: return t.text;
    }
}

void Parser::fail_at(const Token& t, const std::string& message) const {
    throw TemplateError(ErrorKind::Syntax, message, t.line, t.column, name_);
}

void Parser::fail(const std::string& message) const { fail_at(cur(), message); }

void Parser::expect_op(const char* op) {
    if (!skip_op(op)) fail(std::string("expected token '") + op + "', got '" + describe(cur()) + "'");
}

std::string Parser::expect_name() {
    if (cur().type != TokenType::Name) fail("expected token 'name', got '" + describe(cur()) + "'");
    return next().text;
}

ExprPtr Parser::node(ExprKind kind, const Token& at) const {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->line = at.line;
    e->column = at.column;
    return e;
}

void Parser::enter() {
    if (++depth_ > kMaxParseDepth)
        fail("template nested too deeply (more than " + std::to_string(kMaxParseDepth) + " levels)");
}

ExprPtr Parser::parse_tuple(bool with_condexpr, const char* extra_end, bool explicit_parens) {
    const Token& start = cur();
    std::vector<ExprPtr> items;
    bool is_tuple = false;
    for (;;) {
        if (!items.empty()) expect_op(",");
        const bool at_end = cur().type == TokenType::VarEnd || cur().type == TokenType::BlockEnd || is_op(")") ||
                            (extra_end && is_name(extra_end));
        if (at_end) break;
        items.push_back(parse_expression(with_condexpr));
        if (is_op(",")) {
            is_tuple = true;
        } else {
            break;
        }
    }
    if (!is_tuple) {
        if (!items.empty()) return std::move(items[0]);
        if (!explicit_parens) fail("Expected an expression, got '" + describe(cur()) + "'");
    }
    auto t = node(ExprKind::Tuple, start);
    t->items = std::move(items);
    return t;
}

ExprPtr Parser::parse_expression(bool with_condexpr) {
    enter();
    ExprPtr e = with_condexpr ? parse_condexpr() : parse_or();
    leave();
    return e;
}

ExprPtr Parser::parse_condexpr() {
    ExprPtr expr1 = parse_or();
    while (is_name("if")) {
        const Token& at = next();
        ExprPtr cond = parse_or();
        ExprPtr otherwise;
        if (skip_name("else")) {
            enter();
            otherwise = parse_condexpr();
            leave();
        }
        auto c = node(ExprKind::Cond, at);
        c->items.push_back(std::move(cond));
        c->items.push_back(std::move(expr1));
        c->items.push_back(std::move(otherwise));
        expr1 = std::move(c);
    }
    return expr1;
}

template <size_t N>
ExprPtr Parser::parse_level(const LevelOp (&ops)[N], ExprPtr (Parser::*operand)()) {
    ExprPtr left = (this->*operand)();
    for (;;) {
        const LevelOp* hit = nullptr;
        for (const LevelOp& o : ops)
            if (o.keyword ? is_name(o.text) : is_op(o.text)) hit = &o;
        if (!hit) return left;
        auto n = node(hit->kind, next());
        n->op = hit->op;
        n->items.push_back(std::move(left));
        n->items.push_back((this->*operand)());
        left = std::move(n);
    }
}

ExprPtr Parser::parse_or() {
    static const LevelOp ops[] = {{true, "or", ExprKind::Or, BinOp::Add}};
    return parse_level(ops, &Parser::parse_and);
}

ExprPtr Parser::parse_and() {
    static const LevelOp ops[] = {{true, "and", ExprKind::And, BinOp::Add}};
    return parse_level(ops, &Parser::parse_not);
}

ExprPtr Parser::parse_not() {
    if (is_name("not")) {
        auto n = node(ExprKind::Not, next());
        enter();
        n->items.push_back(parse_not());
        leave();
        return n;
    }
    return parse_compare();
}

ExprPtr Parser::parse_compare() {
    const Token& start = cur();
    ExprPtr expr = parse_math1();
    ExprPtr cmp;
    for (;;) {
        CmpOp op;
        if (is_op("==")) {
            op = CmpOp::Eq;
        } else if (is_op("!=")) {
            op = CmpOp::Ne;
        } else if (is_op("<")) {
            op = CmpOp::Lt;
        } else if (is_op("<=")) {
            op = CmpOp::Le;
        } else if (is_op(">")) {
            op = CmpOp::Gt;
        } else if (is_op(">=")) {
            op = CmpOp::Ge;
        } else if (is_name("in")) {
            op = CmpOp::In;
        } else if (is_name("not") && peek().type == TokenType::Name && peek().text == "in") {
            next();
            op = CmpOp::NotIn;
        } else {
            break;
        }
        next();
        if (!cmp) {
            cmp = node(ExprKind::Compare, start);
            cmp->items.push_back(std::move(expr));
        }
        cmp->ops.push_back(op);
        cmp->items.push_back(parse_math1());
    }
    return cmp ? std::move(cmp) : std::move(expr);
}

ExprPtr Parser::parse_math1() {
    static const LevelOp ops[] = {{false, "+", ExprKind::Binary, BinOp::Add}, {false, "-", ExprKind::Binary, BinOp::Sub}};
    return parse_level(ops, &Parser::parse_concat);
}

ExprPtr Parser::parse_concat() {
    const Token& start = cur();
    ExprPtr first = parse_math2();
    if (!is_op("~")) return first;
    auto n = node(ExprKind::Concat, start);
    n->items.push_back(std::move(first));
    while (skip_op("~")) n->items.push_back(parse_math2());
    return n;
}

ExprPtr Parser::parse_math2() {
    static const LevelOp ops[] = {{false, "*", ExprKind::Binary, BinOp::Mul},
                                  {false, "/", ExprKind::Binary, BinOp::Div},
                                  {false, "//", ExprKind::Binary, BinOp::FloorDiv},
                                  {false, "%", ExprKind::Binary, BinOp::Mod}};
    return parse_level(ops, &Parser::parse_pow);
}

ExprPtr Parser::parse_pow() {
    static const LevelOp ops[] = {{false, "**", ExprKind::Binary, BinOp::Pow}};
    return parse_level(ops, &Parser::parse_unary_filtered);
}

ExprPtr Parser::parse_unary(bool with_filter) {
    ExprPtr n;
    if (is_op("-") || is_op("+")) {
        n = node(is_op("-") ? ExprKind::Neg : ExprKind::Pos, cur());
        next();
        enter();
        n->items.push_back(parse_unary(false));
        leave();
    } else {
        n = parse_primary();
    }
    n = parse_postfix(std::move(n));
    if (with_filter) n = parse_filter_expr(std::move(n));
    return n;
}

ExprPtr Parser::parse_primary() {
    const Token& t = cur();
    switch (t.type) {
        case TokenType::Name: {
            next();
            auto n = node(ExprKind::Literal, t);
            if (t.text == "true" || t.text == "True") {
                n->literal = Value::boolean(true);
            } else if (t.text == "false" || t.text == "False") {
                n->literal = Value::boolean(false);
            } else if (t.text == "none" || t.text == "None") {
                n->literal = Value::none();
            } else {
                n->kind = ExprKind::Name;
                n->name = t.text;
            }
            return n;
        }
        case TokenType::String: {
            std::string s;
            while (cur().type == TokenType::String) s += next().text;
            auto n = node(ExprKind::Literal, t);
            n->literal = Value::string(std::move(s));
            return n;
        }
        case TokenType::Integer:
        case TokenType::Float: {
            next();
            auto n = node(ExprKind::Literal, t);
            n->literal = t.type == TokenType::Integer ? Value::integer(t.integer) : Value::number(t.number);
            return n;
        }
        case TokenType::Operator:
            if (t.text == "(") {
                next();
                ExprPtr inner = parse_tuple(true, nullptr, true);
                expect_op(")");
                return inner;
            }
            if (t.text == "[") return parse_list();
            if (t.text == "{") return parse_dict();
            break;
        default: break;
    }
    fail("unexpected '" + describe(t) + "'");
}

ExprPtr Parser::parse_list() {
    auto n = node(ExprKind::List, next());
    while (!is_op("]")) {
        if (!n->items.empty()) expect_op(",");
        if (is_op("]")) break;
        n->items.push_back(parse_expression());
    }
    expect_op("]");
    return n;
}

ExprPtr Parser::parse_dict() {
    auto n = node(ExprKind::DictLit, next());
    while (!is_op("}")) {
        if (!n->items.empty()) expect_op(",");
        if (is_op("}")) break;
        n->items.push_back(parse_expression());
        expect_op(":");
        n->items.push_back(parse_expression());
    }
    expect_op("}");
    return n;
}

ExprPtr Parser::parse_postfix(ExprPtr n) {
    for (;;) {
        if (is_op(".") || is_op("[")) {
            n = parse_subscript(std::move(n));
        } else if (is_op("(")) {
            auto call = node(ExprKind::Call, cur());
            call->items.push_back(std::move(n));
            parse_call_args(*call);
            n = std::move(call);
        } else {
            return n;
        }
    }
}

ExprPtr Parser::parse_filter_expr(ExprPtr n) {
    for (;;) {
        if (is_op("|")) {
            n = parse_filter(std::move(n), false);
        } else if (is_name("is")) {
            n = parse_test(std::move(n));
        } else if (is_op("(")) {
            auto call = node(ExprKind::Call, cur());
            call->items.push_back(std::move(n));
            parse_call_args(*call);
            n = std::move(call);
        } else {
            return n;
        }
    }
}

ExprPtr Parser::parse_subscript(ExprPtr n) {
    const Token& t = next();
    if (t.text == ".") {
        const Token& attr = next();
        if (attr.type == TokenType::Name) {
            auto a = node(ExprKind::Attr, t);
            a->items.push_back(std::move(n));
            a->name = attr.text;
            return a;
        }
        if (attr.type != TokenType::Integer) fail_at(attr, "expected name or number");
        auto item = node(ExprKind::Item, t);
        item->items.push_back(std::move(n));
        auto index = node(ExprKind::Literal, attr);
        index->literal = Value::integer(attr.integer);
        item->items.push_back(std::move(index));
        return item;
    }
    std::vector<ExprPtr> args;
    while (!is_op("]")) {
        if (!args.empty()) expect_op(",");
        args.push_back(parse_subscribed());
    }
    expect_op("]");
    ExprPtr index;
    if (args.size() == 1) {
        index = std::move(args[0]);
    } else {
        // a[1:2, 3]: the slices become slice objects inside a tuple key (no object of their own).
        for (auto& a : args)
            if (a->kind == ExprKind::Slice) a->items.insert(a->items.begin(), nullptr);
        index = node(ExprKind::Tuple, t);
        index->items = std::move(args);
    }
    if (index->kind == ExprKind::Slice) {
        index->items.insert(index->items.begin(), std::move(n));
        return index;
    }
    auto item = node(ExprKind::Item, t);
    item->items.push_back(std::move(n));
    item->items.push_back(std::move(index));
    return item;
}

// One subscript: an expression or a slice a:b:c (the object is added by the caller).
ExprPtr Parser::parse_subscribed() {
    const Token& start = cur();
    std::vector<ExprPtr> parts;
    if (skip_op(":")) {
        parts.push_back(nullptr);
    } else {
        ExprPtr e = parse_expression();
        if (!skip_op(":")) return e;
        parts.push_back(std::move(e));
    }
    if (is_op("]") || is_op(",")) {
        parts.push_back(nullptr);
    } else if (!is_op(":")) {
        parts.push_back(parse_expression());
    } else {
        parts.push_back(nullptr);
    }
    if (skip_op(":")) {
        parts.push_back((is_op("]") || is_op(",")) ? nullptr : parse_expression());
    } else {
        parts.push_back(nullptr);
    }
    auto slice = node(ExprKind::Slice, start);
    slice->items = std::move(parts);
    return slice;
}

void Parser::parse_call_args(Expr& call) {
    expect_op("(");
    bool any = false;
    while (!is_op(")")) {
        if (any) {
            expect_op(",");
            if (is_op(")")) break;
        }
        any = true;
        if (skip_op("*")) {
            if (call.star_args) fail("invalid syntax for function call expression");
            call.star_args = parse_expression();
        } else if (skip_op("**")) {
            if (call.star_kwargs) fail("invalid syntax for function call expression");
            call.star_kwargs = parse_expression();
        } else if (cur().type == TokenType::Name && peek().type == TokenType::Operator && peek().text == "=") {
            Arg a;
            a.name = next().text;
            next();
            a.value = parse_expression();
            call.args.push_back(std::move(a));
        } else {
            const bool keywords_seen =
                std::any_of(call.args.begin(), call.args.end(), [](const Arg& a) { return !a.name.empty(); });
            if (call.star_args || call.star_kwargs || keywords_seen) fail("invalid syntax for function call expression");
            Arg a;
            a.value = parse_expression();
            call.args.push_back(std::move(a));
        }
    }
    expect_op(")");
}

ExprPtr Parser::parse_filter(ExprPtr n, bool start_inline) {
    while (is_op("|") || start_inline) {
        if (!start_inline) next();
        start_inline = false;
        const Token& at = cur();
        std::string name = expect_name();
        while (skip_op(".")) name += "." + expect_name();
        auto f = node(ExprKind::Filter, at);
        f->name = name;
        f->items.push_back(std::move(n));
        if (is_op("(")) parse_call_args(*f);
        n = std::move(f);
    }
    return n;
}

ExprPtr Parser::parse_test(ExprPtr n) {
    const Token& at = next();   // "is"
    const bool negated = skip_name("not");
    std::string name = expect_name();
    while (skip_op(".")) name += "." + expect_name();
    auto t = node(ExprKind::Test, at);
    t->name = name;
    t->items.push_back(std::move(n));
    const Token& c = cur();
    const bool arg_start = c.type == TokenType::Name || c.type == TokenType::String || c.type == TokenType::Integer ||
                           c.type == TokenType::Float || is_op("[") || is_op("{");
    if (is_op("(")) {
        parse_call_args(*t);
    } else if (arg_start && !is_name("else") && !is_name("or") && !is_name("and")) {
        if (is_name("is")) fail("You cannot chain multiple tests with is");
        Arg a;
        a.value = parse_postfix(parse_primary());
        t->args.push_back(std::move(a));
    }
    if (!negated) return t;
    auto n2 = node(ExprKind::Not, at);
    n2->items.push_back(std::move(t));
    return n2;
}

}  // namespace lugh::chat
