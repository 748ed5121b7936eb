// Perl data -> lugh::json values, for chat messages and template variables.
//
// Hashes become objects (keys sorted, so a render never depends on Perl's
// hash order), arrays arrays, undef null, 5.36 booleans booleans, integers
// integers, other numbers doubles, everything else strings (as UTF-8).
// Nesting deeper than 64 levels (a reference cycle, say) dies.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include <lugh/chat.hpp>
#include <lugh/json.hpp>

#include "xs/llm_objects.hpp"

namespace lugh_perl {

constexpr uint32_t kPromptTag = 0x4c756750;   // "LugP"

struct PromptEntry {
    lugh::chat::ChatTemplate tmpl;
    std::string format;   // the format name, "model" or "template"
};
using PromptTable = OwnedTable<PromptEntry>;

inline PromptEntry* prompt_arg(pTHX_ SV* sv, uint64_t owner, const char* what) {
    auto blob = read_blob<LlmBlob>(aTHX_ sv, "Lugh::Prompt", kPromptTag, what);
    return find_owned<PromptEntry>(aTHX_ blob.serial, owner, "Lugh::Prompt", what, "this Lugh::Prompt");
}

inline lugh::json::Value json_from_sv(pTHX_ SV* sv, const char* fn, int depth) {
    if (depth > 64) croak("%s: the data nests more than 64 levels deep (a reference cycle?)", fn);
    SvGETMAGIC(sv);
    if (!SvOK(sv)) return lugh::json::Value();
#ifdef SvIsBOOL
    if (SvIsBOOL(sv)) return lugh::json::Value(static_cast<bool>(SvTRUE_nomg(sv)));
#endif
    if (SvROK(sv)) {
        SV* inner = SvRV(sv);
        if (SvTYPE(inner) == SVt_PVAV) {
            AV* av = reinterpret_cast<AV*>(inner);
            std::vector<lugh::json::Value> items;
            for (SSize_t i = 0; i <= av_len(av); ++i) {
                SV** e = av_fetch(av, i, 0);
                items.push_back(json_from_sv(aTHX_ e ? *e : &PL_sv_undef, fn, depth + 1));
            }
            return lugh::json::Value::array(std::move(items));
        }
        if (SvTYPE(inner) == SVt_PVHV) {
            HV* hv = reinterpret_cast<HV*>(inner);
            std::vector<std::pair<std::string, SV*>> entries;
            hv_iterinit(hv);
            while (HE* he = hv_iternext(hv)) {
                STRLEN len;
                const char* k = HePV(he, len);
                SV* key = sv_2mortal(newSVpvn(k, len));
                if (HeUTF8(he)) SvUTF8_on(key);
                const char* bytes = SvPVutf8(key, len);
                entries.emplace_back(std::string(bytes, len), HeVAL(he));
            }
            std::sort(entries.begin(), entries.end(),
                      [](const auto& a, const auto& b) { return a.first < b.first; });
            std::vector<lugh::json::Value::Member> members;
            for (auto& e : entries) members.emplace_back(e.first, json_from_sv(aTHX_ e.second, fn, depth + 1));
            return lugh::json::Value::object(std::move(members));
        }
        croak("%s: only hash and array references can be passed to a template", fn);
    }
    if (SvIOK(sv) && !SvPOK(sv) && !SvNOK(sv)) {
        if (SvIsUV(sv)) return lugh::json::Value(static_cast<double>(SvUVX(sv)));
        return lugh::json::Value(static_cast<int64_t>(SvIVX(sv)));
    }
    if (SvNOK(sv) && !SvPOK(sv)) return lugh::json::Value(static_cast<double>(SvNVX(sv)));
    STRLEN len;
    const char* s = SvPVutf8_nomg(sv, len);
    return lugh::json::Value(std::string(s, len));
}

// One chat message: a hash reference with at least role and content.
inline lugh::json::Value message_arg(pTHX_ SV* sv, const char* fn, long index) {
    if (!SvROK(sv) || SvTYPE(SvRV(sv)) != SVt_PVHV)
        croak("%s: message %ld is not a hash reference ({ role => ..., content => ... })", fn, index);
    HV* hv = reinterpret_cast<HV*>(SvRV(sv));
    if (!hv_exists(hv, "role", 4)) croak("%s: message %ld has no role", fn, index);
    return json_from_sv(aTHX_ sv, fn, 0);
}

}  // namespace lugh_perl
