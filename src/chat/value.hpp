// The values a template computes with: Python's objects as jinja2 sees them.
//
// A Value is one of Undefined (jinja2's default Undefined, carrying the
// message it raises when used), None, a bool, an int (64-bit; Python's
// unbounded ints overflow into an error), a float, a str (UTF-8, indexed in
// code points; a "safe" flag marks Markup), a list or tuple, a dict (keys in
// insertion order), or an object: a callable (macro, builtin, bound method),
// a namespace() or a loop. Strings, lists and dicts are shared and never
// modified once built (the sandbox forbids mutating methods), so copies are
// cheap; only namespaces change in place.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace lugh::chat {

enum class Kind : uint8_t { Undefined, None, Bool, Int, Float, String, List, Dict, Object };

class Value;
using ValueList = std::vector<Value>;

// Callables, namespaces and loops: anything with behaviour.
class Object {
public:
    virtual ~Object() = default;
    // Python's type name as jinja2's messages print it ("Namespace", "function", "LoopContext").
    virtual const char* type_name() const = 0;
    virtual bool callable() const { return false; }
    // Python's str() of the object (depth bounds the nesting of what it prints).
    virtual std::string text(int depth) const = 0;
    // Drops references to other values (run at the end of a render to break cycles).
    virtual void release() {}
    // obj.name for objects with attributes of their own; false when there is none.
    virtual bool attribute(const std::string& name, const Value& self, Value* out) const {
        (void)name, (void)self, (void)out;
        return false;
    }
};

struct Dict;

class Value {
public:
    Value() = default;   // Undefined with no name
    static Value undefined(std::string message);
    static Value none();
    static Value boolean(bool b);
    static Value integer(int64_t i);
    static Value number(double f);
    static Value string(std::string s, bool safe = false);
    static Value list(ValueList items);
    static Value tuple(ValueList items);
    static Value dict(Dict d);
    static Value object(std::shared_ptr<Object> o);

    Kind kind() const { return kind_; }
    bool is_undefined() const { return kind_ == Kind::Undefined; }
    bool is_none() const { return kind_ == Kind::None; }
    bool is_bool() const { return kind_ == Kind::Bool; }
    bool is_int() const { return kind_ == Kind::Int; }   // not bool
    bool is_float() const { return kind_ == Kind::Float; }
    bool is_number() const { return kind_ == Kind::Int || kind_ == Kind::Float || kind_ == Kind::Bool; }
    bool is_integral() const { return kind_ == Kind::Int || kind_ == Kind::Bool; }   // Python int incl. bool
    bool is_string() const { return kind_ == Kind::String; }
    bool is_list() const { return kind_ == Kind::List; }   // list or tuple
    bool is_tuple() const { return kind_ == Kind::List && flag_; }
    bool is_dict() const { return kind_ == Kind::Dict; }
    bool is_object() const { return kind_ == Kind::Object; }
    bool is_safe() const { return kind_ == Kind::String && flag_; }
    // Nesting of lists and dicts (0 for anything else).
    int depth() const { return depth_; }

    bool as_bool() const { return b_; }
    int64_t as_int() const { return kind_ == Kind::Bool ? (b_ ? 1 : 0) : i_; }   // Int or Bool
    double as_float() const;                                                    // any number
    const std::string& str() const { return s_ ? *s_ : empty_string(); }   // String; Undefined: its message
    const ValueList& items() const { return *list_; }  // List
    const Dict& dict() const { return *dict_; }        // Dict
    Object* obj() const { return obj_.get(); }         // Object
    const std::shared_ptr<Object>& obj_ptr() const { return obj_; }

    // Python truthiness (Undefined is false).
    bool truthy() const;
    // Python's type name: "str", "int", "list", "dict", "NoneType", "Undefined"...
    const char* type_name() const;

private:
    static const std::string& empty_string();
    Kind kind_ = Kind::Undefined;
    bool flag_ = false;   // String: Markup; List: tuple
    uint16_t depth_ = 0;  // List, Dict: 1 + the deepest item
    union {
        bool b_;
        int64_t i_;
        double f_ = 0;
    };
    std::shared_ptr<const std::string> s_;
    std::shared_ptr<const ValueList> list_;
    std::shared_ptr<const Dict> dict_;
    std::shared_ptr<Object> obj_;
};

// Deepest nesting of lists and dicts a value may have: deeper values are a
// Limit error, so that comparing, printing or freeing one never exhausts the stack.
constexpr int kMaxValueDepth = 1000;

// Python dict: insertion-ordered; keys are hashable values (str, numbers,
// None, tuples). 1, 1.0 and True are the same key, as in Python.
struct Dict {
    std::vector<std::pair<Value, Value>> entries;
    const Value* find(const Value& key) const;
    // Sets key (replacing in place, or appending). Throws for an unhashable key.
    void set(const Value& key, Value value);
    // Convenience for string keys.
    const Value* find(const std::string& key) const;
    void set(const std::string& key, Value value) { set(Value::string(key), std::move(value)); }
    size_t size() const { return entries.size(); }
};

// Python ==.
bool equal(const Value& a, const Value& b);
// Whether v may be a dict key (throws "unhashable type" otherwise when check is set).
bool hashable(const Value& v);

}  // namespace lugh::chat
