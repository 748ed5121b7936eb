// ContextTable: which Perl thread owns which live Lugh::Context.
//
// A Perl Lugh::Context object holds only a (registry id, generation) pair.
// This table maps that pair to the lugh::Context the XS code created and to
// the interpreter ("owner") that created it. Perl ithreads copy objects into
// new threads byte for byte, so two interpreters can hold the same pair: the
// owner token tells them apart, and only the owner may use or free the
// context. One mutex guards the table because interpreters run on real OS
// threads; the guarded work is a hash lookup, never a call back into Perl.
#pragma once

#include <cstdint>
#include <mutex>
#include <unordered_map>

#include <lugh/context.hpp>

namespace lugh_perl {

enum class Lookup { found, gone, foreign };

class ContextTable {
public:
    static ContextTable& instance() {
        static ContextTable table;
        return table;
    }

    // Record a context the XS code just created for interpreter `owner`.
    void add(lugh::Context* ctx, uint64_t owner) {
        std::lock_guard<std::mutex> lock(mutex_);
        entries_[key(ctx->id(), ctx->generation())] = Entry{ctx, owner};
    }

    // The context behind (id, generation) when `owner` may use it.
    lugh::Context* find(uint32_t id, uint32_t generation, uint64_t owner, Lookup* why) {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = entries_.find(key(id, generation));
        if (it == entries_.end()) {
            *why = Lookup::gone;
            return nullptr;
        }
        if (it->second.owner != owner) {
            *why = Lookup::foreign;
            return nullptr;
        }
        *why = Lookup::found;
        return it->second.ctx;
    }

    // Remove and return the context when `owner` created it; nullptr for a
    // copy held by another thread (which must leave the context alone).
    lugh::Context* take(uint32_t id, uint32_t generation, uint64_t owner) {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = entries_.find(key(id, generation));
        if (it == entries_.end() || it->second.owner != owner) return nullptr;
        lugh::Context* ctx = it->second.ctx;
        entries_.erase(it);
        return ctx;
    }

private:
    struct Entry {
        lugh::Context* ctx;
        uint64_t owner;
    };
    static uint64_t key(uint32_t id, uint32_t generation) { return (uint64_t(generation) << 32) | id; }

    std::mutex mutex_;
    std::unordered_map<uint64_t, Entry> entries_;
};

}  // namespace lugh_perl
