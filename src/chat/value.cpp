#include "chat/value.hpp"

#include <algorithm>

#include "chat/error.hpp"

namespace lugh::chat {

const std::string& Value::empty_string() {
    static const std::string empty;
    return empty;
}

Value Value::undefined(std::string message) {
    Value v;
    v.s_ = std::make_shared<const std::string>(std::move(message));
    return v;
}
Value Value::none() {
    Value v;
    v.kind_ = Kind::None;
    return v;
}
Value Value::boolean(bool b) {
    Value v;
    v.kind_ = Kind::Bool;
    v.b_ = b;
    return v;
}
Value Value::integer(int64_t i) {
    Value v;
    v.kind_ = Kind::Int;
    v.i_ = i;
    return v;
}
Value Value::number(double f) {
    Value v;
    v.kind_ = Kind::Float;
    v.f_ = f;
    return v;
}
Value Value::string(std::string s, bool safe) {
    Value v;
    v.kind_ = Kind::String;
    v.flag_ = safe;
    v.s_ = std::make_shared<const std::string>(std::move(s));
    return v;
}
namespace {

uint16_t nested_depth(int deepest_item) {
    if (deepest_item + 1 > kMaxValueDepth)
        fail(ErrorKind::Limit, "lists and dicts nested deeper than " + std::to_string(kMaxValueDepth) + " levels");
    return static_cast<uint16_t>(deepest_item + 1);
}

}  // namespace

Value Value::list(ValueList items) {
    Value v;
    v.kind_ = Kind::List;
    int deepest = 0;
    for (const auto& item : items) deepest = std::max(deepest, item.depth());
    v.depth_ = nested_depth(deepest);
    v.list_ = std::make_shared<const ValueList>(std::move(items));
    return v;
}
Value Value::tuple(ValueList items) {
    Value v = list(std::move(items));
    v.flag_ = true;
    return v;
}
Value Value::dict(Dict d) {
    Value v;
    v.kind_ = Kind::Dict;
    int deepest = 0;
    for (const auto& [k, item] : d.entries) deepest = std::max({deepest, k.depth(), item.depth()});
    v.depth_ = nested_depth(deepest);
    v.dict_ = std::make_shared<const Dict>(std::move(d));
    return v;
}
Value Value::object(std::shared_ptr<Object> o) {
    Value v;
    v.kind_ = Kind::Object;
    v.obj_ = std::move(o);
    return v;
}

double Value::as_float() const {
    switch (kind_) {
        case Kind::Float: return f_;
        case Kind::Int: return static_cast<double>(i_);
        case Kind::Bool: return b_ ? 1.0 : 0.0;
        default: return 0;
    }
}

bool Value::truthy() const {
    switch (kind_) {
        case Kind::Undefined:
        case Kind::None: return false;
        case Kind::Bool: return b_;
        case Kind::Int: return i_ != 0;
        case Kind::Float: return f_ != 0;
        case Kind::String: return !s_->empty();
        case Kind::List: return !list_->empty();
        case Kind::Dict: return dict_->size() != 0;
        case Kind::Object: return true;
    }
    return false;
}

const char* Value::type_name() const {
    switch (kind_) {
        case Kind::Undefined: return "Undefined";
        case Kind::None: return "NoneType";
        case Kind::Bool: return "bool";
        case Kind::Int: return "int";
        case Kind::Float: return "float";
        case Kind::String: return flag_ ? "Markup" : "str";
        case Kind::List: return flag_ ? "tuple" : "list";
        case Kind::Dict: return "dict";
        case Kind::Object: return obj_->type_name();
    }
    return "object";
}

bool hashable(const Value& v) {
    switch (v.kind()) {
        case Kind::None:
        case Kind::Bool:
        case Kind::Int:
        case Kind::Float:
        case Kind::String:
        case Kind::Undefined: return true;
        case Kind::List:
            if (!v.is_tuple()) return false;
            for (const auto& item : v.items())
                if (!hashable(item)) return false;
            return true;
        case Kind::Dict: return false;
        case Kind::Object: return true;
    }
    return false;
}

bool equal(const Value& a, const Value& b) {
    if (a.is_number() && b.is_number()) {
        if (a.is_integral() && b.is_integral()) return a.as_int() == b.as_int();
        return a.as_float() == b.as_float();
    }
    if (a.kind() != b.kind()) return false;
    switch (a.kind()) {
        case Kind::Undefined:
        case Kind::None: return true;
        case Kind::String: return a.str() == b.str();
        case Kind::List: {
            if (a.is_tuple() != b.is_tuple() || a.items().size() != b.items().size()) return false;
            for (size_t i = 0; i < a.items().size(); ++i)
                if (!equal(a.items()[i], b.items()[i])) return false;
            return true;
        }
        case Kind::Dict: {
            if (a.dict().size() != b.dict().size()) return false;
            for (const auto& [k, v] : a.dict().entries) {
                const Value* other = b.dict().find(k);
                if (!other || !equal(v, *other)) return false;
            }
            return true;
        }
        case Kind::Object: return a.obj() == b.obj();
        default: return false;
    }
}

const Value* Dict::find(const Value& key) const {
    for (const auto& [k, v] : entries)
        if (equal(k, key) && k.is_undefined() == key.is_undefined()) return &v;
    return nullptr;
}

const Value* Dict::find(const std::string& key) const {
    for (const auto& [k, v] : entries)
        if (k.is_string() && k.str() == key) return &v;
    return nullptr;
}

void Dict::set(const Value& key, Value value) {
    if (!hashable(key)) type_error(std::string("unhashable type: '") + key.type_name() + "'");
    for (auto& [k, v] : entries) {
        if (equal(k, key)) {
            v = std::move(value);
            return;
        }
    }
    entries.emplace_back(key, std::move(value));
}

}  // namespace lugh::chat
