// The parsed template: expression and statement trees. The parser builds
// them once; every render walks them without changing them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "chat/value.hpp"

namespace lugh::chat {

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

enum class ExprKind {
    Literal,       // literal
    Name,          // name
    List,          // items
    Tuple,         // items
    DictLit,       // items: key, value, key, value...
    Attr,          // items[0] . name
    Item,          // items[0] [ items[1] ]
    Slice,         // items[0] [ items[1] : items[2] : items[3] ]  (null parts absent; a null
                   // items[0]: a slice object inside a tuple subscript)
    Call,          // items[0] ( args )
    Filter,        // items[0] | name ( args ); items[0] null in a filter block
    Test,          // items[0] is name ( args )
    Neg, Pos, Not, // items[0]
    Binary,        // items[0] op items[1]
    And, Or,       // items[0], items[1]
    Concat,        // items joined with ~
    Compare,       // items[0] ops[0] items[1] ops[1] items[2] ...
    Cond,          // items[1] if items[0] else items[2] (items[2] may be null)
};

enum class BinOp { Add, Sub, Mul, Div, FloorDiv, Mod, Pow };
enum class CmpOp { Eq, Ne, Lt, Le, Gt, Ge, In, NotIn };

struct Arg {
    std::string name;   // empty for a positional argument
    ExprPtr value;
};

struct Expr {
    ExprKind kind;
    int line = 0, column = 0;
    Value literal;
    std::string name;
    BinOp op = BinOp::Add;
    std::vector<CmpOp> ops;
    std::vector<ExprPtr> items;
    std::vector<Arg> args;
    ExprPtr star_args, star_kwargs;   // *args, **kwargs in a call
};

struct Stmt;
using Body = std::vector<std::unique_ptr<Stmt>>;

// What `for` and `set` assign to: a name, a tuple of targets, or namespace.attr.
struct Target {
    enum class Kind { Name, Tuple, NamespaceAttr } kind = Kind::Name;
    std::string name, attr;
    std::vector<Target> items;
};

struct Param {
    std::string name;
    ExprPtr default_value;   // null: required
};

enum class StmtKind {
    Text,        // text
    Print,       // expr
    If,          // conditions[i] -> bodies[i]; else_body
    For,         // target in expr [if filter]; body; else_body; recursive
    Set,         // target = expr
    SetBlock,    // target = rendered body (| expr filter chain, optional)
    Macro,       // name(params) body
    CallBlock,   // expr (a call) with caller(params) = body
    FilterBlock, // body | expr
    With,        // targets[i] = values[i]; body
    Scope,       // body in a new scope ({% generation %}, {% block %})
    Break,
    Continue,
};

struct Stmt {
    StmtKind kind;
    int line = 0, column = 0;
    std::string text;               // Text
    ExprPtr expr;                   // Print, For iterable, Set value, CallBlock call, filter chains
    ExprPtr filter;                 // For's `if` condition
    std::vector<ExprPtr> conditions;
    std::vector<Body> bodies;       // If branches
    Body body, else_body;
    Target target;
    std::vector<Target> targets;    // With
    std::vector<ExprPtr> values;    // With
    std::string name;               // Macro
    std::vector<Param> params;      // Macro, CallBlock
    bool recursive = false;
    bool uses_caller = false, uses_varargs = false, uses_kwargs = false;   // Macro, CallBlock
};

struct Template {
    std::string name, source;
    Body body;
};

}  // namespace lugh::chat
