// Which `pre` names llama.cpp knows, which patterns each one means and which
// flags it sets (llama-vocab.cpp: the name -> pre-type table in load(), the
// pre-type -> regex table in llm_tokenizer_bpe). The patterns are the same
// regular expressions, rewritten only where PCRE2 on real text would
// otherwise differ from what llama.cpp computes (see pre_tokenizer.hpp).
#include <cstring>

#include "tokenizer/pre_tokenizer.hpp"

namespace lugh::tokenizer {

namespace {

// 's 't 're 've 'm 'll 'd in either case, as upstream spells (?i:...) for std::regex.
#define CONTRACTIONS R"((?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD]))"

// GPT-2's pattern. Upstream's copy ends at \s+(?!\S) and relies on the gaps
// between matches becoming words; the trailing \s+ gives the same words.
const char* const kGpt2 = R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

const char* const kLlama3 = CONTRACTIONS
    R"(|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

const char* const kQwen2 = CONTRACTIONS
    R"(|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

const char* const kQwen35 = CONTRACTIONS
    R"(|[^\r\n\p{L}\p{N}]?[\p{L}\p{M}]+|\p{N}| ?[^\s\p{L}\p{M}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

// Upstream's "(?=[\p{L}])([^a-z])" is a letter other than a-z; as one class
// it needs no lookahead and no capture (and no JIT stack on long words).
#define NOT_LOWER R"([^\P{L}a-z])"
#define NOT_UPPER R"([^\P{L}A-Z])"

const char* const kTekken = R"([^\r\n\p{L}\p{N}]?)" NOT_LOWER "*" NOT_UPPER R"(+|[^\r\n\p{L}\p{N}]?)" NOT_LOWER
    "+" NOT_UPPER R"(*|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

const char* const kGpt4o = R"([^\r\n\p{L}\p{N}]?)" NOT_LOWER "*" NOT_UPPER "+" CONTRACTIONS
    R"(?|[^\r\n\p{L}\p{N}]?)" NOT_LOWER "+" NOT_UPPER "*" CONTRACTIONS
    R"(?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

const char* const kJais2 = CONTRACTIONS
    R"(|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+)"
    R"(|\s{512}(?!\S)|\s{256}(?!\S)|\s{128}(?!\S)|\s{64}(?!\S)|\s{32}(?!\S)|\s{16}(?!\S)|\s{8}(?!\S)|\s{4}(?!\S)|\s{1,2}(?!\S)|\s{1})";

const char* const kSeedCoder = CONTRACTIONS
    R"(|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1}| ?[^\s\p{L}\p{N}\r\n]+|\s*[\r\n]+|\s+(?!\S)|\s+)";

const char* const kBailing =
    R"('(?:[sSdDmMtT]|[lL][lL]|[vV][eE]|[rR][eE])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+)";

const char* const kUfakzeka = R"([^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

const char* const kMiniCpm5 = CONTRACTIONS
    R"(|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}+| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

const char* const kFalconPunct = R"([\p{P}\$\+<=>\^~\|]+)";

// Upstream matches these with std::wregex after replacing every non-ASCII
// White_Space character with \v, so a class never matches one: U+3000 leaves
// the punctuation range and the white space inside U+0800..U+4E00 leaves the
// CJK one (U+1680, U+2000-200A, U+2028, U+2029, U+202F, U+205F, U+3000).
const char* const kCjk =
    R"([一-龥\x{0800}-\x{167F}\x{1681}-\x{1FFF}\x{200B}-\x{2027}\x{202A}-\x{202E}\x{2030}-\x{205E})"
    R"(\x{2060}-\x{2FFF}\x{3001}-\x{4E00}가-퟿]+)";
const char* const kDeepseekLetters =
    R"(\s?[A-Za-z\x{00B5}\x{00C0}-\x{00D6}\x{00D8}-\x{00F6}\x{00F8}-\x{01BA}\x{01BC}-\x{01BF})"
    R"(\x{01C4}-\x{0293}\x{0295}-\x{02AF}\x{0370}-\x{0373}\x{0376}\x{0377}\x{037B}-\x{037D}\x{037F})"
    R"(\x{0386}\x{0388}-\x{038A}\x{038C}\x{038E}-\x{03A1}\x{03A3}-\x{03F5}\x{03F7}-\x{0481})"
    R"(\x{048A}-\x{052F}\x{0531}-\x{0556}\x{10A0}-\x{10C5}\x{13A0}-\x{13F5}\x{13F8}-\x{13FD})"
    R"(\x{1C90}-\x{1CBA}\x{1CBD}-\x{1CBF}\x{1D00}-\x{1D2B}\x{1D6B}-\x{1D77}\x{1D79}-\x{1D9A})"
    R"(\x{1E00}-\x{1F15}\x{1F18}-\x{1F1D}\x{1F20}-\x{1F45}\x{1F48}-\x{1F4D}\x{1F50}-\x{1F57}\x{1F59})"
    R"(\x{1F5B}\x{1F5D}\x{1F5F}-\x{1F7D}\x{1F80}-\x{1FB4}\x{1FB6}-\x{1FBC}\x{1FBE}\x{1FC2}-\x{1FC4})"
    R"(\x{1FC6}-\x{1FCC}\x{1FD0}-\x{1FD3}\x{1FD6}-\x{1FDB}\x{1FE0}-\x{1FEC}\x{1FF2}-\x{1FF4})"
    R"(\x{1FF6}-\x{1FFC}\x{2102}\x{2107}\x{210A}-\x{2113}\x{2115}\x{2119}-\x{211D}\x{2124}\x{2126})"
    R"(\x{2128}\x{212A}-\x{212D}\x{212F}-\x{2134}\x{2139}\x{213C}-\x{213F}\x{2145}-\x{2149}\x{214E})"
    R"(\x{2183}\x{2184}\x{2C00}-\x{2C7B}\x{2C7E}-\x{2CE4}\x{2CEB}-\x{2CEE}\x{2CF2}\x{2CF3})"
    R"(\x{A640}-\x{A66D}\x{A680}-\x{A69B}\x{A722}-\x{A76F}\x{A771}-\x{A787}\x{A78B}-\x{A78E})"
    R"(\x{AB70}-\x{ABBF}\x{FB00}-\x{FB06}\x{FB13}-\x{FB17}\x{FF21}-\x{FF3A}\x{FF41}-\x{FF5A})"
    R"(\x{10400}-\x{1044F}\x{104B0}-\x{104D3}\x{104D8}-\x{104FB}\x{10C80}-\x{10CB2}\x{10CC0}-\x{10CF2})"
    R"(\x{118A0}-\x{118DF}\x{1E900}-\x{1E943}]+)";
const char* const kDeepseekPunct = R"(\s?[!-/:-~！-／：-～‘-‟、-。]+)";
const char* const kPoro = R"( ?[^(\s|.,!?…。，、।۔،)]+)";

struct Family {
    const char* names;   // space separated
    std::vector<std::string> patterns;
    bool clean_spaces = true;
    bool ignore_merges = false;
    bool add_bos = false;
    bool no_default_bos = false;
};

const std::vector<Family>& families() {
    static const std::vector<Family> all = {
        {"default", {kFalconPunct, kGpt2, R"(\p{N}+)", "[0-9][0-9][0-9]"}},
        {"llama3 llama-v3 llama-bpe falcon3 falcon-h1 pixtral midm-2.0 lfm2 jina-v5-nano", {kLlama3}, true, true, true},
        {"dbrx smaug-bpe", {kLlama3}},
        {"glm4 chatglm-bpe", {kLlama3}, true, false, false, true},
        {"deepseek-llm",
         {R"([\r\n])", kDeepseekLetters, kDeepseekPunct, R"(\s+$)", kCjk, R"(\p{N}+)"},
         false},
        {"deepseek-coder", {R"([\r\n])", R"(\s?\p{L}+)", R"(\s?\p{P}+)", kCjk, R"(\p{N})"}, false},
        {"falcon", {kFalconPunct, kGpt2, "[0-9][0-9][0-9]"}},
        {"starcoder refact codeshell exaone minerva-7b mellum2", {R"(\p{N})", kGpt2}},
        {"command-r smollm", {R"(\p{N})", kGpt2}, false},
        // "gpt-neox" is not an upstream name (NeoX-tokenizer models say mpt, olmo or
        // gpt-2); it is accepted as the rules those models share.
        {"gpt-2 phi-2 jina-es jina-de gigachat jina-v2-es jina-v2-de a.x-4.0 mellum modern-bert exaone4 "
         "jina-v1-en jina-v2-code roberta-bpe mpt olmo jais gpt-neox",
         {kGpt2}},
        {"trillion granite-docling", {kGpt2}, false},
        {"qwen2 deepseek-r1-qwen kormo f2llmv2 hunyuan solar-open grok-2", {kQwen2}, false},
        {"stablelm2 megrez", {kQwen2}},
        {"qwen35", {kQwen35}, false},
        {"jais-2", {kJais2}},
        {"tekken", {kTekken}, false, true, true},
        {"gpt-4o llama4 kanana2 talkie minimax-m2", {kGpt4o}, false},
        {"poro-chat", {kPoro}, false},
        {"bloom gpt3-finnish", {kPoro}},
        {"viking", {kPoro, R"(\p{N})"}, false},
        {"chameleon",
         {"<sentinel:[0-9]+>", "(IMGIMG)((A|B|C|D|E|F|G|H|I){1,4})Z", R"(([\t\n]|    |  ))", R"(\p{N})",
          R"([\p{P}!-/:-@\[-`{-~])", kGpt2},
         false, false, true},
        {"seed-coder", {kSeedCoder}, false},
        {"bailingmoe bailingmoe2 llada-moe", {kBailing}, false},
        {"ufakzeka", {kUfakzeka}, false},
        {"minicpm5", {R"(\p{N}{1,3})", kMiniCpm5}, true, true},
        {"laguna", {R"([^\n]+|[\n]+)", kQwen2}, false},
    };
    return all;
}

bool has_name(const char* names, std::string_view name) {
    for (const char* p = names; *p;) {
        const char* e = std::strchr(p, ' ');
        const size_t n = e ? static_cast<size_t>(e - p) : std::strlen(p);
        if (std::string_view(p, n) == name) return true;
        p += n + (e ? 1 : 0);
    }
    return false;
}

}  // namespace

std::unique_ptr<PreTokenizerRules> find_pre_tokenizer(std::string_view pre) {
    const std::string_view name = pre.empty() ? std::string_view("default") : pre;
    for (const Family& f : families()) {
        if (!has_name(f.names, name)) continue;
        auto rules = std::make_unique<PreTokenizerRules>();
        rules->name = std::string(name);
        rules->patterns = f.patterns;
        rules->clean_spaces = f.clean_spaces;
        rules->ignore_merges = f.ignore_merges;
        rules->add_bos = f.add_bos;
        rules->no_default_bos = f.no_default_bos;
        return rules;
    }
    return nullptr;
}

std::string supported_pre_tokenizers() {
    std::string out;
    for (const Family& f : families()) {
        for (const char* p = f.names; *p; ++p) out += (*p == ' ') ? std::string(", ") : std::string(1, *p);
        out += ", ";
    }
    out.resize(out.size() - 2);
    return out;
}

}  // namespace lugh::tokenizer
