// Bad vocabularies are clear errors naming the file and the key; a model
// file and a vocabulary-only file read the same way.
#include <gtest/gtest.h>

#include "tokenizer/vocab_fixture.hpp"

using tok_test::bpe_vocab;
using tok_test::spm_vocab;
using tok_test::VocabSpec;

namespace {

// The message of the error reading v, or "" when it reads.
std::string load_error(const VocabSpec& v) {
    gguf_test::TempPath path("tokbad");
    tok_test::write_vocab(v, path.str());
    try {
        lugh::Tokenizer tok(path.str());
    } catch (const lugh::Error& e) {
        return e.what();
    }
    return "";
}

bool has(const std::string& message, const std::string& part) { return message.find(part) != std::string::npos; }

}  // namespace

TEST(VocabErrors, ModelKey) {
    VocabSpec v = spm_vocab({});
    v.model = "bert";
    const std::string e = load_error(v);
    EXPECT_TRUE(has(e, "'bert'") && has(e, "not supported")) << e;
    v.model = "";
    EXPECT_FALSE(load_error(v).empty());

    gguf_test::TempPath path("tokbad");
    lugh::gguf::Writer w;
    w.set_string("general.architecture", "llama");
    w.write(path.str());
    try {
        lugh::Tokenizer tok(path.str());
        FAIL();
    } catch (const lugh::Error& err) {
        EXPECT_TRUE(has(err.what(), "tokenizer.ggml.model") && has(err.what(), path.str())) << err.what();
    }
}

TEST(VocabErrors, Tokens) {
    VocabSpec v = spm_vocab({{"a", 0}});
    v.tokens.push_back("a");   // twice
    v.scores.push_back(0);
    v.types.push_back(1);
    const std::string dup = load_error(v);
    EXPECT_TRUE(has(dup, "repeats token")) << dup;

    // Byte-level vocabularies find tokens by their bytes, and the few others by text: both catch repeats.
    VocabSpec twice = bpe_vocab({{"a", "b"}});
    twice.add(std::string("ab"));
    const std::string e1 = load_error(twice);
    EXPECT_TRUE(has(e1, "token 257 'ab' repeats token 256")) << e1;
    VocabSpec odd = bpe_vocab({{"a", "b"}});
    odd.add("a b");   // a real space: no byte-level encoding makes this text
    EXPECT_EQ(load_error(odd), "");
    odd.add("a b");
    const std::string e2 = load_error(odd);
    EXPECT_TRUE(has(e2, "token 258 'a b' repeats token 257")) << e2;

    VocabSpec empty = spm_vocab({});
    empty.tokens.clear();
    empty.scores.clear();
    empty.types.clear();
    empty.ids.clear();
    EXPECT_TRUE(has(load_error(empty), "no tokens")) << load_error(empty);

    VocabSpec short_scores = spm_vocab({{"a", 0}});
    short_scores.scores.pop_back();
    EXPECT_TRUE(has(load_error(short_scores), "scores for")) << load_error(short_scores);

    VocabSpec short_types = spm_vocab({{"a", 0}});
    short_types.types.pop_back();
    EXPECT_TRUE(has(load_error(short_types), "types for")) << load_error(short_types);
}

TEST(VocabErrors, WrongValueTypes) {
    gguf_test::TempPath path("tokbad");
    lugh::gguf::Writer w;
    w.set_string("tokenizer.ggml.model", "llama");
    const int32_t numbers[3] = {1, 2, 3};
    w.set_array("tokenizer.ggml.tokens", lugh::gguf::ValueType::I32, numbers, 3);
    w.write(path.str());
    try {
        lugh::Tokenizer tok(path.str());
        FAIL();
    } catch (const lugh::Error& e) {
        EXPECT_TRUE(has(e.what(), "tokenizer.ggml.tokens") && has(e.what(), "not an array of strings")) << e.what();
    }
    VocabSpec v = spm_vocab({});
    gguf_test::TempPath p2("tokbad");
    tok_test::write_vocab(v, p2.str());
    lugh::gguf::Writer w2;
    w2.copy_keys(lugh::gguf::File(p2.str()));
    w2.set_string("tokenizer.ggml.bos_token_id", "one");
    w2.set_u32("tokenizer.ggml.add_eos_token", 1);
    w2.write(p2.str());
    try {
        lugh::Tokenizer tok(p2.str());
        FAIL();
    } catch (const lugh::Error& e) {
        EXPECT_TRUE(has(e.what(), "bos_token_id") || has(e.what(), "add_eos_token")) << e.what();
    }
}

TEST(VocabErrors, BytePairsNeedMergesAndAKnownPreTokenizer) {
    VocabSpec v = bpe_vocab({{"a", "b"}});
    v.merges.clear();
    v.with_merges = false;
    EXPECT_TRUE(has(load_error(v), "tokenizer.ggml.merges")) << load_error(v);

    VocabSpec p = bpe_vocab({{"a", "b"}}, "no-such-pre");
    const std::string e = load_error(p);
    EXPECT_TRUE(has(e, "unknown pre-tokenizer 'no-such-pre'") && has(e, "qwen2")) << e;

    VocabSpec none = bpe_vocab({{"a", "b"}}, "");
    EXPECT_EQ(load_error(none), "");   // no key: "default", as upstream
}

TEST(VocabErrors, BosFlagWithoutBosId) {
    VocabSpec v = bpe_vocab({}, "glm4");   // a family without a default BOS
    v.flags["add_bos_token"] = true;
    EXPECT_TRUE(has(load_error(v), "adds BOS but has no bos_token_id")) << load_error(v);
    v.ids["bos"] = 5;
    EXPECT_EQ(load_error(v), "");
}

TEST(VocabErrors, OutOfRangeSpecialIdsKeepTheDefault) {
    VocabSpec v = spm_vocab({});
    v.ids["bos"] = 1000000;   // upstream warns and keeps its default
    v.ids["pad"] = 1000001;
    const tok_test::VocabFile f(v);
    EXPECT_EQ(f.tok().bos(), 1);
    EXPECT_EQ(f.tok().pad(), lugh::kNoToken);
}

TEST(VocabErrors, FilesThatAreNotThere) {
    EXPECT_THROW(lugh::Tokenizer("/nonexistent/vocab.gguf"), lugh::Error);
    gguf_test::TempPath path("tokbad");
    gguf_test::write_all(path.str(), {'n', 'o', 't', ' ', 'g', 'g', 'u', 'f'});
    EXPECT_THROW(lugh::Tokenizer(path.str()), lugh::Error);
}

TEST(VocabFiles, ModelAndVocabularyOnlyFilesReadAlike) {
    // The same vocabulary, once alone and once in a file that also has a tensor.
    VocabSpec v = spm_vocab({{"\xE2\x96\x81" "a", -1}});
    gguf_test::TempPath vocab_only("tokv"), model("tokm");
    tok_test::write_vocab(v, vocab_only.str());
    lugh::gguf::Writer w;
    w.copy_keys(lugh::gguf::File(vocab_only.str()));
    const float weights[4] = {1, 2, 3, 4};
    w.add_tensor("token_embd.weight", lugh::Type::F32, {2, 2}, weights);
    w.write(model.str());
    const lugh::Tokenizer a(vocab_only.str());
    const lugh::gguf::File file(model.str());
    const lugh::Tokenizer b(file);
    EXPECT_EQ(a.n_vocab(), b.n_vocab());
    EXPECT_EQ(a.encode("a a", true), b.encode("a a", true));
    // Copies share the vocabulary and outlive the original.
    lugh::Tokenizer c = b;
    { const lugh::Tokenizer d = c; EXPECT_EQ(d.memory_bytes(), b.memory_bytes()); }
    EXPECT_EQ(c.encode("a a", true), a.encode("a a", true));
}
