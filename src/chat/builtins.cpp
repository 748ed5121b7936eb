// The global functions templates call: range (bounded as jinja2's sandbox
// bounds it), dict, namespace, joiner, cycler-free; raise_exception and
// strftime_now as Hugging Face defines them.
#include <ctime>

#include "chat/objects.hpp"
#include "chat/operators.hpp"
#include "chat/signature.hpp"
#include "chat/value_text.hpp"

namespace lugh::chat {

namespace {

// jinja2's sandbox refuses ranges longer than this.
constexpr int64_t kMaxRange = 100000;

int64_t range_arg(const Value& v) {
    if (v.is_undefined()) undefined_error(v);
    if (!v.is_integral()) type_error(std::string("'") + v.type_name() + "' object cannot be interpreted as an integer");
    return v.as_int();
}

Value range_fn(Evaluator& ev, const CallArgs& args) {
    if (!args.keywords.empty()) type_error("range() takes no keyword arguments");
    const size_t n = args.positional.size();
    if (n < 1 || n > 3) type_error("range expected at most 3 arguments, got " + std::to_string(n));
    int64_t start = 0, stop, step = 1;
    if (n == 1) {
        stop = range_arg(args.positional[0]);
    } else {
        start = range_arg(args.positional[0]);
        stop = range_arg(args.positional[1]);
        if (n == 3) step = range_arg(args.positional[2]);
    }
    if (step == 0) fail(ErrorKind::Type, "range() arg 3 must not be zero");
    const __int128 span = static_cast<__int128>(stop) - start;
    __int128 count = 0;
    if (step > 0 && span > 0) count = (span + step - 1) / step;
    if (step < 0 && span < 0) count = (-span + (-static_cast<__int128>(step)) - 1) / -static_cast<__int128>(step);
    if (count > kMaxRange)
        fail(ErrorKind::Type, "Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).");
    ev.budget().step(static_cast<uint64_t>(count));
    ev.budget().allocate(static_cast<size_t>(count) * sizeof(Value));
    ValueList out;
    out.reserve(static_cast<size_t>(count));
    for (int64_t i = 0; i < static_cast<int64_t>(count); ++i) out.push_back(Value::integer(start + i * step));
    return Value::list(std::move(out));
}

// dict(mapping or pairs, **kwargs), the namespace() arguments too.
Dict dict_from(Evaluator& ev, const CallArgs& args, const char* what) {
    if (args.positional.size() > 1)
        type_error(std::string(what) + " expected at most 1 argument, got " + std::to_string(args.positional.size()));
    Dict d;
    if (!args.positional.empty()) {
        const Value& src = args.positional[0];
        if (src.is_dict()) {
            d = src.dict();
        } else {
            for (const auto& pair : iterate(src)) {
                const ValueList kv = iterate(pair);
                if (kv.size() != 2)
                    fail(ErrorKind::Type, "dictionary update sequence element has length " +
                                              std::to_string(kv.size()) + "; 2 is required");
                d.set(kv[0], kv[1]);
            }
        }
    }
    for (const auto& [k, v] : args.keywords) d.set(k, v);
    ev.budget().allocate(d.size() * 2 * sizeof(Value));
    return d;
}

Value dict_fn(Evaluator& ev, const CallArgs& args) { return Value::dict(dict_from(ev, args, "dict")); }

Value namespace_fn(Evaluator& ev, const CallArgs& args) {
    auto ns = std::make_shared<Namespace>();
    ns->attrs = dict_from(ev, args, "namespace");
    ev.track(ns);
    return Value::object(std::move(ns));
}

// joiner(sep): "" the first time it is called, sep afterwards.
class Joiner : public Callable {
public:
    explicit Joiner(std::string sep) : sep_(std::move(sep)) {}
    const char* type_name() const override { return "Joiner"; }
    std::string text(int) const override { return "<jinja2.utils.Joiner object>"; }
    Value call(Evaluator&, const CallArgs& args) override {
        no_arguments(args, "joiner");
        if (!used_) {
            used_ = true;
            return Value::string("");
        }
        return Value::string(sep_);
    }

private:
    std::string sep_;
    bool used_ = false;
};

Value joiner_fn(Evaluator&, const CallArgs& args) {
    Bound b(args, "joiner", {"sep"});
    return Value::object(std::make_shared<Joiner>(b.has(0) ? py_str(b[0]) : ", "));
}

// cycler(a, b, ...): .next() gives the items in turn, .current the next one, .reset() starts again.
class Cycler : public Object {
public:
    explicit Cycler(ValueList items) : items_(std::move(items)) {}
    const char* type_name() const override { return "Cycler"; }
    std::string text(int) const override { return "<jinja2.utils.Cycler object>"; }
    void release() override { items_.clear(); }
    bool attribute(const std::string& name, const Value& self, Value* out) const override {
        if (name == "current") {
            *out = items_[pos_];
        } else if (name == "items") {
            *out = Value::tuple(items_);
        } else if (name == "next" || name == "reset") {
            *out = Value::object(std::make_shared<Step>(self, name == "next"));
        } else {
            return false;
        }
        return true;
    }

private:
    // c.next / c.reset as callables.
    class Step : public Callable {
    public:
        Step(Value cycler, bool next) : cycler_(std::move(cycler)), next_(next) {}
        const char* type_name() const override { return "method"; }
        std::string text(int) const override { return next_ ? "<bound method Cycler.next>" : "<bound method Cycler.reset>"; }
        void release() override { cycler_ = Value(); }
        Value call(Evaluator&, const CallArgs& args) override {
            no_arguments(args, next_ ? "next" : "reset");
            auto* c = static_cast<Cycler*>(cycler_.obj());
            if (!next_) {
                c->pos_ = 0;
                return Value::none();
            }
            Value v = c->items_[c->pos_];
            c->pos_ = (c->pos_ + 1) % c->items_.size();
            return v;
        }

    private:
        Value cycler_;
        bool next_;
    };
    ValueList items_;
    size_t pos_ = 0;
};

Value cycler_fn(Evaluator& ev, const CallArgs& args) {
    if (!args.keywords.empty()) type_error("cycler() takes no keyword arguments");
    if (args.positional.empty()) type_error("at least one item has to be provided");
    auto c = std::make_shared<Cycler>(args.positional);
    ev.track(c);
    return Value::object(std::move(c));
}

Value lipsum_fn(Evaluator&, const CallArgs&) { fail(ErrorKind::Unsupported, "lipsum() is not supported (its text is random)"); }

Value raise_exception_fn(Evaluator&, const CallArgs& args) {
    Bound b(args, "raise_exception", {"message"}, 1);
    fail(ErrorKind::Raised, py_str(b[0]));
}

Value strftime_now_fn(Evaluator& ev, const CallArgs& args) {
    Bound b(args, "strftime_now", {"format"}, 1);
    if (!b[0].is_string()) type_error(std::string("strftime() argument 1 must be str, not ") + b[0].type_name());
    const std::string& fmt = b[0].str();
    if (fmt.size() > 4096) fail(ErrorKind::Limit, "strftime_now format longer than 4096 bytes");
    const std::time_t t = ev.now() ? ev.now() : std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    if (fmt.empty()) return Value::string("");
    std::string buf(fmt.size() * 64 + 64, '\0');
    const size_t n = std::strftime(buf.data(), buf.size(), fmt.c_str(), &tm);
    buf.resize(n);
    ev.check_size(n);
    return Value::string(std::move(buf));
}

struct Entry {
    const char* name;
    BuiltinFn fn;
};

const Entry kBuiltins[] = {
    {"range", range_fn},
    {"dict", dict_fn},
    {"namespace", namespace_fn},
    {"joiner", joiner_fn},
    {"cycler", cycler_fn},
    {"lipsum", lipsum_fn},
    {"raise_exception", raise_exception_fn},
    {"strftime_now", strftime_now_fn},
};

}  // namespace

Value make_generator(Evaluator& ev, ValueList items, const char* type) {
    auto g = std::make_shared<Generator>(std::move(items), type);
    ev.track(g);
    return Value::object(std::move(g));
}

Value find_builtin(const std::string& name) {
    for (const auto& e : kBuiltins)
        if (name == e.name) return Value::object(std::make_shared<Builtin>(e.name, e.fn));
    return Value();
}

}  // namespace lugh::chat
