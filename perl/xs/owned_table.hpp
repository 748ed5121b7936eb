// OwnedTable<T>: C++ objects that Perl objects name by a serial number.
//
// Lugh::GGUF and Lugh::GGUF::Writer objects are not contexts, so they have no
// registry slot; instead each C++ object gets a serial number that is never
// reused, and the Perl object stores only that number. As in ContextTable, the
// table remembers which interpreter ("owner") created the object: copies
// that ithreads make byte for byte are refused in other threads, and only
// the owner's DESTROY deletes the object.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "xs/context_table.hpp"   // Lookup

namespace lugh_perl {

template <typename T>
class OwnedTable {
public:
    static OwnedTable& instance() {
        static OwnedTable table;
        return table;
    }

    // Take ownership of `object` for interpreter `owner`; returns its serial number.
    uint64_t add(std::unique_ptr<T> object, uint64_t owner) {
        std::lock_guard<std::mutex> lock(mutex_);
        const uint64_t serial = next_++;
        entries_[serial] = Entry{std::move(object), owner};
        return serial;
    }

    // The object behind `serial` when `owner` may use it.
    T* find(uint64_t serial, uint64_t owner, Lookup* why) {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = entries_.find(serial);
        if (it == entries_.end()) {
            *why = Lookup::gone;
            return nullptr;
        }
        if (it->second.owner != owner) {
            *why = Lookup::foreign;
            return nullptr;
        }
        *why = Lookup::found;
        return it->second.object.get();
    }

    // Remove and return the object when `owner` created it (empty otherwise).
    std::unique_ptr<T> take(uint64_t serial, uint64_t owner) {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = entries_.find(serial);
        if (it == entries_.end() || it->second.owner != owner) return nullptr;
        std::unique_ptr<T> object = std::move(it->second.object);
        entries_.erase(it);
        return object;
    }

private:
    struct Entry {
        std::unique_ptr<T> object;
        uint64_t owner;
    };
    std::mutex mutex_;
    uint64_t next_ = 1;
    std::unordered_map<uint64_t, Entry> entries_;
};

}  // namespace lugh_perl
