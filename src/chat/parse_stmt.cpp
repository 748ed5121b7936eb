// Statement parsing: the block tags ({% for %}, {% if %}, {% set %},
// {% macro %}, {% call %}, {% filter %}, {% with %}, {% generation %},
// {% break %} / {% continue %}) and the template body around them.
#include <functional>

#include "chat/parser.hpp"

namespace lugh::chat {

namespace {

std::string quoted_list(const std::vector<std::string>& tags) {
    std::string s;
    for (size_t i = 0; i < tags.size(); ++i) s += (i ? (i + 1 == tags.size() ? " or '" : ", '") : "'") + tags[i] + "'";
    return s;
}

// Whether an expression tree mentions a name (macros look for caller, varargs, kwargs).
bool mentions(const Expr* e, const std::string& name) {
    if (!e) return false;
    if (e->kind == ExprKind::Name && e->name == name) return true;
    for (const auto& item : e->items)
        if (mentions(item.get(), name)) return true;
    for (const auto& a : e->args)
        if (mentions(a.value.get(), name)) return true;
    return mentions(e->star_args.get(), name) || mentions(e->star_kwargs.get(), name);
}

bool mentions(const Body& body, const std::string& name);

bool mentions(const Stmt& s, const std::string& name) {
    if (mentions(s.expr.get(), name) || mentions(s.filter.get(), name)) return true;
    for (const auto& c : s.conditions)
        if (mentions(c.get(), name)) return true;
    for (const auto& v : s.values)
        if (mentions(v.get(), name)) return true;
    for (const auto& p : s.params)
        if (mentions(p.default_value.get(), name)) return true;
    for (const auto& b : s.bodies)
        if (mentions(b, name)) return true;
    return mentions(s.body, name) || mentions(s.else_body, name);
}

bool mentions(const Body& body, const std::string& name) {
    for (const auto& s : body)
        if (mentions(*s, name)) return true;
    return false;
}

}  // namespace

Template parse_template(const std::string& source, const std::string& name) {
    Parser p(tokenize(source, name), name);
    Template t;
    t.name = name;
    t.source = source;
    t.body = p.parse_all();
    return t;
}

Body Parser::parse_all() {
    Body body = subparse({});
    if (cur().type != TokenType::End) fail("unexpected '" + describe(cur()) + "'");
    return body;
}

void Parser::expect_block_end() {
    if (cur().type != TokenType::BlockEnd)
        fail("expected token 'end of statement block', got '" + describe(cur()) + "'");
    next();
}

Body Parser::subparse(const std::vector<std::string>& end_tags) {
    Body body;
    for (;;) {
        const Token& t = cur();
        if (t.type == TokenType::End) return body;
        if (t.type == TokenType::Data) {
            auto s = std::make_unique<Stmt>();
            s->kind = StmtKind::Text;
            s->line = t.line, s->column = t.column;
            s->text = next().text;
            body.push_back(std::move(s));
        } else if (t.type == TokenType::VarBegin) {
            next();
            auto s = std::make_unique<Stmt>();
            s->kind = StmtKind::Print;
            s->line = t.line, s->column = t.column;
            s->expr = parse_tuple();
            if (cur().type != TokenType::VarEnd)
                fail("expected token 'end of print statement', got '" + describe(cur()) + "'");
            next();
            body.push_back(std::move(s));
        } else if (t.type == TokenType::BlockBegin) {
            next();
            if (cur().type == TokenType::Name) {
                for (const auto& tag : end_tags)
                    if (cur().text == tag) return body;
            }
            body.push_back(parse_statement());
            expect_block_end();
        } else {
            fail("unexpected '" + describe(t) + "'");
        }
    }
}

Body Parser::parse_statements(const std::vector<std::string>& end_tags, bool drop_needle) {
    skip_op(":");
    expect_block_end();
    Body body = subparse(end_tags);
    if (cur().type == TokenType::End) {
        std::string msg = "Unexpected end of template. Jinja was looking for the following tags: " +
                          quoted_list(end_tags) + ".";
        if (!open_blocks_.empty()) msg += " The innermost block that needs to be closed is '" + open_blocks_.back() + "'.";
        fail(msg);
    }
    if (drop_needle) next();
    return body;
}

std::unique_ptr<Stmt> Parser::parse_statement() {
    const Token& t = cur();
    if (t.type != TokenType::Name) fail("tag name expected");
    const std::string tag = t.text;
    enter();
    open_blocks_.push_back(tag);
    std::unique_ptr<Stmt> s;
    if (tag == "for") {
        s = parse_for(next());
    } else if (tag == "if") {
        s = parse_if(next());
    } else if (tag == "set") {
        s = parse_set(next());
    } else if (tag == "macro") {
        s = parse_macro(next());
    } else if (tag == "call") {
        s = parse_call_block(next());
    } else if (tag == "filter") {
        s = parse_filter_block(next());
    } else if (tag == "with") {
        s = parse_with(next());
    } else if (tag == "generation") {
        s = parse_scope_block(next(), "endgeneration");
    } else if (tag == "block") {
        const Token& at = next();
        expect_name();
        skip_name("scoped");
        skip_name("required");
        s = parse_scope_block(at, "endblock");
        if (cur().type == TokenType::Name) next();   // {% endblock name %}
    } else if (tag == "print") {
        s = std::make_unique<Stmt>();
        s->kind = StmtKind::Print;
        s->line = t.line, s->column = t.column;
        next();
        // {% print a, b %} prints each expression.
        while (cur().type != TokenType::BlockEnd) {
            if (!s->values.empty()) expect_op(",");
            s->values.push_back(parse_expression());
        }
    } else if (tag == "break" || tag == "continue") {
        if (loop_depth_ == 0) fail("'" + tag + "' outside loop");
        s = std::make_unique<Stmt>();
        s->kind = tag == "break" ? StmtKind::Break : StmtKind::Continue;
        s->line = t.line, s->column = t.column;
        next();
    } else if (tag == "include" || tag == "extends" || tag == "import" || tag == "from") {
        throw TemplateError(ErrorKind::Unsupported,
                            "'" + tag + "' is not supported: a chat template cannot load other templates", t.line,
                            t.column, name_);
    } else if (tag == "autoescape") {
        throw TemplateError(ErrorKind::Unsupported, "'autoescape' blocks are not supported", t.line, t.column, name_);
    } else {
        std::string msg = "Encountered unknown tag '" + tag + "'.";
        if (!open_blocks_.empty() && open_blocks_.size() > 1)
            msg += " The innermost block that needs to be closed is '" + open_blocks_[open_blocks_.size() - 2] + "'.";
        fail(msg);
    }
    open_blocks_.pop_back();
    leave();
    return s;
}

std::unique_ptr<Stmt> Parser::parse_for(const Token& at) {
    auto s = std::make_unique<Stmt>();
    s->kind = StmtKind::For;
    s->line = at.line, s->column = at.column;
    s->target = parse_target(true, false, "in");
    if (!skip_name("in")) fail("expected token 'in', got '" + describe(cur()) + "'");
    s->expr = parse_tuple(false, "recursive");
    if (skip_name("if")) s->filter = parse_expression();
    s->recursive = skip_name("recursive");
    ++loop_depth_;
    s->body = parse_statements({"endfor", "else"}, false);
    --loop_depth_;
    if (next().text == "else") s->else_body = parse_statements({"endfor"}, true);
    return s;
}

std::unique_ptr<Stmt> Parser::parse_if(const Token& at) {
    auto s = std::make_unique<Stmt>();
    s->kind = StmtKind::If;
    s->line = at.line, s->column = at.column;
    for (;;) {
        s->conditions.push_back(parse_tuple(false));
        s->bodies.push_back(parse_statements({"elif", "else", "endif"}, false));
        const std::string word = next().text;
        if (word == "elif") continue;
        if (word == "else") s->else_body = parse_statements({"endif"}, true);
        break;
    }
    return s;
}

std::unique_ptr<Stmt> Parser::parse_set(const Token& at) {
    auto s = std::make_unique<Stmt>();
    s->line = at.line, s->column = at.column;
    s->target = parse_target(true, true, nullptr);
    if (skip_op("=")) {
        s->kind = StmtKind::Set;
        s->expr = parse_tuple();
        return s;
    }
    s->kind = StmtKind::SetBlock;
    if (is_op("|")) s->expr = parse_filter(nullptr, false);
    s->body = parse_statements({"endset"}, true);
    return s;
}

void Parser::parse_signature(std::vector<Param>* params) {
    expect_op("(");
    bool defaults = false;
    while (!is_op(")")) {
        if (!params->empty()) expect_op(",");
        Param p;
        p.name = expect_name();
        if (skip_op("=")) {
            p.default_value = parse_expression();
            defaults = true;
        } else if (defaults) {
            fail("non-default argument follows default argument");
        }
        params->push_back(std::move(p));
    }
    expect_op(")");
}

std::unique_ptr<Stmt> Parser::parse_macro(const Token& at) {
    auto s = std::make_unique<Stmt>();
    s->kind = StmtKind::Macro;
    s->line = at.line, s->column = at.column;
    s->name = expect_name();
    parse_signature(&s->params);
    const int saved = loop_depth_;
    loop_depth_ = 0;
    s->body = parse_statements({"endmacro"}, true);
    loop_depth_ = saved;
    s->uses_caller = mentions(s->body, "caller");
    s->uses_varargs = mentions(s->body, "varargs");
    s->uses_kwargs = mentions(s->body, "kwargs");
    return s;
}

std::unique_ptr<Stmt> Parser::parse_call_block(const Token& at) {
    auto s = std::make_unique<Stmt>();
    s->kind = StmtKind::CallBlock;
    s->line = at.line, s->column = at.column;
    if (is_op("(")) parse_signature(&s->params);
    s->expr = parse_expression();
    if (s->expr->kind != ExprKind::Call) fail_at(at, "expected call");
    const int saved = loop_depth_;
    loop_depth_ = 0;
    s->body = parse_statements({"endcall"}, true);
    loop_depth_ = saved;
    s->uses_varargs = mentions(s->body, "varargs");
    s->uses_kwargs = mentions(s->body, "kwargs");
    return s;
}

std::unique_ptr<Stmt> Parser::parse_filter_block(const Token& at) {
    auto s = std::make_unique<Stmt>();
    s->kind = StmtKind::FilterBlock;
    s->line = at.line, s->column = at.column;
    s->expr = parse_filter(nullptr, true);
    s->body = parse_statements({"endfilter"}, true);
    return s;
}

std::unique_ptr<Stmt> Parser::parse_with(const Token& at) {
    auto s = std::make_unique<Stmt>();
    s->kind = StmtKind::With;
    s->line = at.line, s->column = at.column;
    while (cur().type != TokenType::BlockEnd) {
        if (!s->targets.empty()) expect_op(",");
        s->targets.push_back(parse_target(true, false, nullptr));
        expect_op("=");
        s->values.push_back(parse_expression());
    }
    s->body = parse_statements({"endwith"}, true);
    return s;
}

std::unique_ptr<Stmt> Parser::parse_scope_block(const Token& at, const char* end_tag) {
    auto s = std::make_unique<Stmt>();
    s->kind = StmtKind::Scope;
    s->line = at.line, s->column = at.column;
    s->body = parse_statements({end_tag}, true);
    return s;
}

Target Parser::parse_target_primary(bool with_namespace) {
    const Token& t = cur();
    Target target;
    if (t.type == TokenType::Name) {
        next();
        static const char* consts[] = {"true", "false", "none", "True", "False", "None"};
        for (const char* c : consts)
            if (t.text == c) fail_at(t, "can't assign to 'Const'");
        if (with_namespace && skip_op(".")) {
            target.kind = Target::Kind::NamespaceAttr;
            target.name = t.text;
            target.attr = expect_name();
            return target;
        }
        target.name = t.text;
        return target;
    }
    if (skip_op("(")) {
        target.kind = Target::Kind::Tuple;
        while (!is_op(")")) {
            if (!target.items.empty()) expect_op(",");
            if (is_op(")")) break;
            target.items.push_back(parse_target_primary(false));
        }
        expect_op(")");
        return target;
    }
    fail("can't assign to '" + describe(t) + "'");
}

Target Parser::parse_target(bool with_tuple, bool with_namespace, const char* extra_end) {
    Target first = parse_target_primary(with_namespace);
    if (!with_tuple || !is_op(",")) return first;
    Target tuple;
    tuple.kind = Target::Kind::Tuple;
    tuple.items.push_back(std::move(first));
    while (skip_op(",")) {
        if (cur().type == TokenType::BlockEnd || is_op("=") || (extra_end && is_name(extra_end))) break;
        tuple.items.push_back(parse_target_primary(false));
    }
    return tuple;
}

}  // namespace lugh::chat
