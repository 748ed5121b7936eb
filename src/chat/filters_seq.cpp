// Sequence filters: length/count, list, first, last, join, map, select,
// reject, selectattr, rejectattr, unique, sort, dictsort, min, max, sum,
// batch, reverse, items. Where jinja2 returns a generator, so does this.
#include <algorithm>

#include "chat/filters.hpp"
#include "chat/objects.hpp"
#include "chat/operators.hpp"
#include "chat/py_string.hpp"
#include "chat/signature.hpp"
#include "chat/value_text.hpp"
#include "util/utf8.hpp"

namespace lugh::chat {

Value get_attribute_path(Evaluator& ev, const Value& item, const Value& attribute) {
    if (!attribute.is_string()) return ev.get_item(item, attribute);
    Value v = item;
    const std::string& path = attribute.str();
    size_t start = 0;
    for (;;) {
        const size_t dot = path.find('.', start);
        const std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        const bool digits = !part.empty() && part.size() < 19 && part.find_first_not_of("0123456789") == std::string::npos;
        v = ev.get_item(v, digits ? Value::integer(std::stoll(part)) : Value::string(part));
        if (dot == std::string::npos) return v;
        start = dot + 1;
    }
}

namespace {

ValueList items_of(Evaluator& ev, const Value& v) {
    ValueList items = iterate(v);
    ev.budget().step(items.size());
    return items;
}

// Sort key for case-insensitive comparisons: strings lower-cased.
Value fold(const Value& v, bool case_sensitive) {
    if (!case_sensitive && v.is_string()) return Value::string(utf8::to_lower(v.str()));
    return v;
}

Value f_length(Evaluator& ev, const Value& in, const CallArgs& args) {
    no_arguments(args, "length");
    switch (in.kind()) {
        case Kind::String: return Value::integer(static_cast<int64_t>(utf8::length(in.str())));
        case Kind::List: return Value::integer(static_cast<int64_t>(in.items().size()));
        case Kind::Dict: return Value::integer(static_cast<int64_t>(in.dict().size()));
        case Kind::Undefined: return Value::integer(0);
        case Kind::Object:
            if (dynamic_cast<Generator*>(in.obj())) return Value::integer(static_cast<int64_t>(items_of(ev, in).size()));
            [[fallthrough]];
        default: type_error(std::string("object of type '") + in.type_name() + "' has no len()");
    }
}

Value f_list(Evaluator& ev, const Value& in, const CallArgs& args) {
    no_arguments(args, "list");
    ValueList items = items_of(ev, in);
    ev.budget().allocate(items.size() * sizeof(Value));
    return Value::list(std::move(items));
}

Value f_first(Evaluator& ev, const Value& in, const CallArgs& args) {
    no_arguments(args, "first");
    const ValueList items = items_of(ev, in);
    if (items.empty()) return Value::undefined("No first item, sequence was empty.");
    return items.front();
}

Value f_last(Evaluator& ev, const Value& in, const CallArgs& args) {
    no_arguments(args, "last");
    if (in.is_object() && dynamic_cast<Generator*>(in.obj()))
        type_error(std::string("'") + in.type_name() + "' object is not reversible");
    const ValueList items = items_of(ev, in);
    if (items.empty()) return Value::undefined("No last item, sequence was empty.");
    return items.back();
}

Value f_join(Evaluator& ev, const Value& in, const CallArgs& args) {
    Bound b(args, "join", {"d", "attribute"});
    const std::string sep = py_str(b.get(0, Value::string("")));
    std::string out;
    bool first = true;
    for (const auto& item : items_of(ev, in)) {
        if (!first) out += sep;
        first = false;
        out += py_str(b.has(1) && !b[1].is_none() ? get_attribute_path(ev, item, b[1]) : item);
        ev.check_size(out.size());
    }
    return Value::string(std::move(out));
}

Value f_map(Evaluator& ev, const Value& in, const CallArgs& args) {
    ValueList out;
    const ValueList items = items_of(ev, in);
    if (const Value* attribute = args.keyword("attribute")) {
        const Value* dflt = args.keyword("default");
        for (const auto& [k, v] : args.keywords)
            if (k != "attribute" && k != "default") type_error("Unexpected keyword argument '" + k + "'");
        for (const auto& item : items) {
            Value v = get_attribute_path(ev, item, *attribute);
            if (v.is_undefined() && dflt) v = *dflt;
            out.push_back(std::move(v));
        }
    } else {
        if (args.positional.empty()) type_error("map requires a filter argument");
        const std::string name = py_str(args.positional[0]);
        CallArgs rest;
        rest.positional.assign(args.positional.begin() + 1, args.positional.end());
        rest.keywords = args.keywords;
        for (const auto& item : items) out.push_back(ev.filter(name, item, rest));
    }
    return make_generator(ev, std::move(out));
}

// select/reject(test, args...) and selectattr/rejectattr(attribute, test, args...).
Value select_impl(Evaluator& ev, const Value& in, const CallArgs& args, bool with_attr, bool keep_when) {
    size_t off = 0;
    Value attribute;
    if (with_attr) {
        if (args.positional.empty()) type_error("Missing parameter for attribute name");
        attribute = args.positional[0];
        off = 1;
    }
    std::string test_name;
    CallArgs rest;
    const bool has_test = args.positional.size() > off;
    if (has_test) {
        test_name = py_str(args.positional[off]);
        rest.positional.assign(args.positional.begin() + static_cast<std::ptrdiff_t>(off) + 1, args.positional.end());
        rest.keywords = args.keywords;
    }
    ValueList out;
    for (const auto& item : items_of(ev, in)) {
        const Value probe = with_attr ? get_attribute_path(ev, item, attribute) : item;
        const bool pass = has_test ? ev.test(test_name, probe, rest) : probe.truthy();
        if (pass == keep_when) out.push_back(item);
    }
    return make_generator(ev, std::move(out));
}

Value f_select(Evaluator& ev, const Value& in, const CallArgs& a) { return select_impl(ev, in, a, false, true); }
Value f_reject(Evaluator& ev, const Value& in, const CallArgs& a) { return select_impl(ev, in, a, false, false); }
Value f_selectattr(Evaluator& ev, const Value& in, const CallArgs& a) { return select_impl(ev, in, a, true, true); }
Value f_rejectattr(Evaluator& ev, const Value& in, const CallArgs& a) { return select_impl(ev, in, a, true, false); }

// The key an item sorts by: attribute (comma-separated: several), folded for case.
Value sort_key(Evaluator& ev, const Value& item, const Value& attribute, bool case_sensitive) {
    if (attribute.is_none() || attribute.is_undefined()) return fold(item, case_sensitive);
    if (attribute.is_string() && attribute.str().find(',') != std::string::npos) {
        ValueList parts;
        for (const auto& name : py_split(attribute.str(), std::string(","), -1, false))
            parts.push_back(fold(get_attribute_path(ev, item, Value::string(name)), case_sensitive));
        return Value::list(std::move(parts));
    }
    return fold(get_attribute_path(ev, item, attribute), case_sensitive);
}

ValueList sorted(Evaluator& ev, ValueList items, const Value& attribute, bool case_sensitive, bool reverse) {
    std::vector<std::pair<Value, size_t>> keyed;
    for (size_t i = 0; i < items.size(); ++i) keyed.emplace_back(sort_key(ev, items[i], attribute, case_sensitive), i);
    ev.budget().step(items.size() * 8);
    std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
        return reverse ? order(b.first, a.first) < 0 : order(a.first, b.first) < 0;
    });
    ValueList out;
    for (const auto& k : keyed) out.push_back(items[k.second]);
    return out;
}

Value f_sort(Evaluator& ev, const Value& in, const CallArgs& args) {
    Bound b(args, "sort", {"reverse", "case_sensitive", "attribute"});
    return Value::list(sorted(ev, items_of(ev, in), b.get(2, Value::none()), b.get(1, Value::boolean(false)).truthy(),
                              b.get(0, Value::boolean(false)).truthy()));
}

Value f_dictsort(Evaluator& ev, const Value& in, const CallArgs& args) {
    Bound b(args, "dictsort", {"case_sensitive", "by", "reverse"});
    if (!in.is_dict()) type_error(std::string("'") + in.type_name() + "' object has no attribute 'items'");
    const std::string by = py_str(b.get(1, Value::string("key")));
    if (by != "key" && by != "value") fail(ErrorKind::Type, "You can only sort by either \"key\" or \"value\"");
    ValueList pairs;
    for (const auto& [k, v] : in.dict().entries) pairs.push_back(Value::tuple({k, v}));
    return Value::list(sorted(ev, std::move(pairs), Value::integer(by == "key" ? 0 : 1),
                              b.get(0, Value::boolean(false)).truthy(), b.get(2, Value::boolean(false)).truthy()));
}

Value f_unique(Evaluator& ev, const Value& in, const CallArgs& args) {
    Bound b(args, "unique", {"case_sensitive", "attribute"});
    const bool cs = b.get(0, Value::boolean(false)).truthy();
    const Value attribute = b.get(1, Value::none());
    ValueList seen, out;
    for (const auto& item : items_of(ev, in)) {
        const Value key = sort_key(ev, item, attribute, cs);
        if (!hashable(key)) type_error(std::string("unhashable type: '") + key.type_name() + "'");
        ev.budget().step(seen.size());
        if (std::any_of(seen.begin(), seen.end(), [&](const Value& s) { return equal(s, key); })) continue;
        seen.push_back(key);
        out.push_back(item);
    }
    return make_generator(ev, std::move(out));
}

Value min_max(Evaluator& ev, const Value& in, const CallArgs& args, bool want_max) {
    Bound b(args, want_max ? "max" : "min", {"case_sensitive", "attribute"});
    const bool cs = b.get(0, Value::boolean(false)).truthy();
    const Value attribute = b.get(1, Value::none());
    const ValueList items = items_of(ev, in);
    if (items.empty()) return Value::undefined("No aggregated item, sequence was empty.");
    size_t best = 0;
    Value best_key = sort_key(ev, items[0], attribute, cs);
    for (size_t i = 1; i < items.size(); ++i) {
        Value key = sort_key(ev, items[i], attribute, cs);
        const int c = order(key, best_key, want_max ? ">" : "<");
        if (want_max ? c > 0 : c < 0) best = i, best_key = std::move(key);
    }
    return items[best];
}

Value f_min(Evaluator& ev, const Value& in, const CallArgs& a) { return min_max(ev, in, a, false); }
Value f_max(Evaluator& ev, const Value& in, const CallArgs& a) { return min_max(ev, in, a, true); }

Value f_sum(Evaluator& ev, const Value& in, const CallArgs& args) {
    Bound b(args, "sum", {"attribute", "start"});
    Value total = b.get(1, Value::integer(0));
    for (const auto& item : items_of(ev, in)) {
        const Value v = b.has(0) && !b[0].is_none() ? get_attribute_path(ev, item, b[0]) : item;
        total = binary_op(ev, BinOp::Add, total, v);
    }
    return total;
}

Value f_batch(Evaluator& ev, const Value& in, const CallArgs& args) {
    Bound b(args, "batch", {"linecount", "fill_with"}, 1);
    if (!b[0].is_integral()) type_error(std::string("'") + b[0].type_name() + "' object cannot be interpreted as an integer");
    const int64_t n = b[0].as_int();
    ValueList out, tmp;
    for (const auto& item : items_of(ev, in)) {
        if (static_cast<int64_t>(tmp.size()) == n) {
            out.push_back(Value::list(std::move(tmp)));
            tmp.clear();
        }
        tmp.push_back(item);
    }
    if (!tmp.empty()) {
        if (b.has(1) && !b[1].is_none())
            while (static_cast<int64_t>(tmp.size()) < n) tmp.push_back(b[1]);
        out.push_back(Value::list(std::move(tmp)));
    }
    return make_generator(ev, std::move(out));
}

Value f_reverse(Evaluator& ev, const Value& in, const CallArgs& args) {
    no_arguments(args, "reverse");
    if (in.is_string()) {
        std::u32string cps = utf8::decode(in.str());
        std::reverse(cps.begin(), cps.end());
        return Value::string(utf8::encode(cps), in.is_safe());
    }
    const bool generator = in.is_object() && dynamic_cast<Generator*>(in.obj());
    ValueList items = items_of(ev, in);
    std::reverse(items.begin(), items.end());
    if (generator) return Value::list(std::move(items));
    return make_generator(ev, std::move(items), in.is_dict() ? "dict_reversekeyiterator" : "list_reverseiterator");
}

Value f_items(Evaluator& ev, const Value& in, const CallArgs& args) {
    no_arguments(args, "items");
    if (in.is_undefined()) return make_generator(ev, {});
    if (!in.is_dict()) type_error("Can only get item pairs from a mapping.");
    ValueList out;
    for (const auto& [k, v] : in.dict().entries) out.push_back(Value::tuple({k, v}));
    ev.budget().step(out.size());
    return make_generator(ev, std::move(out));
}

const FilterEntry kSeqFilters[] = {
    {"length", f_length},   {"count", f_length},           {"list", f_list},           {"first", f_first},
    {"last", f_last},       {"join", f_join},              {"map", f_map},             {"select", f_select},
    {"reject", f_reject},   {"selectattr", f_selectattr},  {"rejectattr", f_rejectattr}, {"unique", f_unique},
    {"sort", f_sort},       {"dictsort", f_dictsort},      {"min", f_min},             {"max", f_max},
    {"sum", f_sum},         {"batch", f_batch},            {"reverse", f_reverse},     {"items", f_items},
};

}  // namespace

FilterFn find_seq_filter(const std::string& name) {
    for (const auto& f : kSeqFilters)
        if (name == f.name) return f.fn;
    return nullptr;
}

}  // namespace lugh::chat
