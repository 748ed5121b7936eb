// The eight real vocabularies of ../shared/vocab against llama.cpp's ids for
// its own test strings: every string must give exactly the reference ids (no
// BOS, no special parsing) and decode back to itself. Skips when ../shared is absent.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "lugh/gguf.hpp"
#include "lugh/tokenizer.hpp"
#include "support/shared_fixtures.hpp"

namespace {

struct Case {
    std::string text;
    std::vector<lugh::TokenId> ids;
};

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// NAME.gguf.inp: strings separated by "\n__ggml_vocab_test__\n"; NAME.gguf.out: one line of ids per string.
std::vector<Case> read_cases(const std::string& vocab_path) {
    const std::string inp = slurp(vocab_path + ".inp");
    const std::string out = slurp(vocab_path + ".out");
    const std::string sep = "\n__ggml_vocab_test__\n";
    std::vector<std::string> texts;
    for (size_t at = 0;;) {
        const size_t next = inp.find(sep, at);
        if (next == std::string::npos) break;
        texts.push_back(inp.substr(at, next - at));
        at = next + sep.size();
    }
    std::vector<Case> cases;
    std::istringstream lines(out);
    std::string line;
    for (const std::string& t : texts) {
        std::getline(lines, line);
        Case c{t, {}};
        std::istringstream ids(line);
        for (lugh::TokenId id; ids >> id;) c.ids.push_back(id);
        cases.push_back(c);
    }
    return cases;
}

std::string ids_text(const std::vector<lugh::TokenId>& ids) {
    std::string s;
    for (auto id : ids) s += std::to_string(id) + " ";
    return s;
}

class SharedVocab : public ::testing::TestWithParam<const char*> {};

TEST_P(SharedVocab, GivesReferenceIdsAndRoundTrips) {
    LUGH_SHARED_OR_SKIP(dir, "vocab");
    const std::string path = dir + "/ggml-vocab-" + GetParam() + ".gguf";
    const lugh::Tokenizer tok(path);
    const std::vector<Case> cases = read_cases(path);
    ASSERT_GE(cases.size(), 40u) << path;
    size_t bad_ids = 0, bad_text = 0;
    for (const Case& c : cases) {
        const std::vector<lugh::TokenId> ids = tok.encode(c.text, false, false);
        if (ids != c.ids) {
            ++bad_ids;
            ADD_FAILURE() << GetParam() << ": '" << c.text << "'\n  want " << ids_text(c.ids) << "\n  got  "
                          << ids_text(ids);
        }
        lugh::Tokenizer::DecodeOptions exact;
        exact.clean_spaces = false;
        const std::string back = tok.decode(c.ids, exact);
        if (back != c.text) {
            ++bad_text;
            ADD_FAILURE() << GetParam() << ": decode of '" << c.text << "' gives '" << back << "'";
        }
    }
    EXPECT_EQ(bad_ids, 0u);
    EXPECT_EQ(bad_text, 0u);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, SharedVocab,
                         ::testing::Values("llama-spm", "phi-3", "llama-bpe", "gpt-2", "qwen2", "deepseek-llm",
                                           "falcon", "starcoder"),
                         [](const auto& info) {
                             std::string n = info.param;
                             for (char& c : n)
                                 if (c == '-') c = '_';
                             return n;
                         });

}  // namespace
