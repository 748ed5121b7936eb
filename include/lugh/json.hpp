// JSON values: read, build and write JSON-like data (chat messages, tool
// definitions, command-line JSON input and output).
//
//     lugh::json::Value msgs = lugh::json::parse_file("messages.json");
//     for (const auto& m : msgs.items()) std::cout << m.get("role").as_string() << "\n";
//
//     lugh::json::Value m = lugh::json::Value::object();
//     m.set("role", "user");
//     m.set("content", "Hi");
//     std::string text = m.dump();     // {"role": "user", "content": "Hi"}
//
// Objects keep their keys in order (a repeated key keeps its first place and
// its last value, as Python's json does). Integers that fit in 64 bits stay
// integers; other numbers are doubles. NaN, Infinity and -Infinity are read
// (Python writes them). Input is hostile: malformed text, invalid UTF-8 or
// nesting deeper than 512 levels is a lugh::Error naming the line and column.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lugh::json {

enum class Type { Null, Bool, Int, Float, String, Array, Object };

class Value {
public:
    using Member = std::pair<std::string, Value>;

    Value() = default;                        // null
    Value(std::nullptr_t) {}                  // null
    Value(bool b) : type_(Type::Bool), b_(b) {}
    Value(int i) : type_(Type::Int), i_(i) {}
    Value(int64_t i) : type_(Type::Int), i_(i) {}
    Value(double f) : type_(Type::Float), f_(f) {}
    Value(const char* s) : type_(Type::String), s_(s) {}
    Value(std::string s) : type_(Type::String), s_(std::move(s)) {}
    static Value array(std::vector<Value> items = {});
    static Value object(std::vector<Member> members = {});

    Type type() const { return type_; }
    bool is_null() const { return type_ == Type::Null; }
    bool is_string() const { return type_ == Type::String; }
    bool is_array() const { return type_ == Type::Array; }
    bool is_object() const { return type_ == Type::Object; }
    bool is_number() const { return type_ == Type::Int || type_ == Type::Float; }

    // Typed access; throws lugh::Error when the value has another type.
    bool as_bool() const;
    int64_t as_int() const;
    double as_number() const;        // an Int or a Float
    const std::string& as_string() const;
    const std::vector<Value>& items() const;      // arrays
    std::vector<Value>& items();
    const std::vector<Member>& members() const;   // objects
    std::vector<Member>& members();

    // Objects: the value of key, or nullptr.
    const Value* find(const std::string& key) const;
    // Objects: the value of key; throws if absent.
    const Value& get(const std::string& key) const;
    // Objects: set key (replacing its value in place, or appending it).
    Value& set(const std::string& key, Value value);
    // Arrays: append.
    void push_back(Value value);
    // Elements of an array or members of an object.
    size_t size() const;

    // Compact JSON with ", " and ": " separators, UTF-8 kept as is.
    std::string dump() const;

    bool operator==(const Value& other) const;
    bool operator!=(const Value& other) const { return !(*this == other); }

private:
    Type type_ = Type::Null;
    bool b_ = false;
    int64_t i_ = 0;
    double f_ = 0;
    std::string s_;
    std::shared_ptr<std::vector<Value>> array_;     // copy-on-write is not needed: values are small trees
    std::shared_ptr<std::vector<Member>> object_;
    void own();   // give this value its own copy before a change
};

// Parse one JSON document (what names the input in error messages).
Value parse(std::string_view text, const std::string& what = "JSON");
// Read and parse a file; errors name the file.
Value parse_file(const std::string& path);
// A JSON string literal for text as Python's json.dumps writes it: quotes,
// escapes of ", \ and control characters; with ascii_only (ensure_ascii) also
// every non-ASCII character as \uXXXX (surrogate pairs above U+FFFF).
std::string quote(std::string_view text, bool ascii_only = false);

}  // namespace lugh::json
