// `lugh tokenize` end to end, on a vocabulary the test writes: the three
// output forms, the three inputs, --no-bos and --parse-special, and clear
// failures (exit 1 for bad files and input, 2 for bad usage).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>

#include "tokenizer/vocab_fixture.hpp"

namespace {

const std::string kSp = "\xE2\x96\x81";

struct CliRun {
    int status;
    std::string out;
};

// Runs `lugh tokenize ARGS`, stdout captured, stderr dropped.
CliRun lugh_tokenize(const std::string& args) {
    const std::string cmd = std::string(LUGH_CLI_PATH) + " tokenize " + args + " 2>/dev/null";
    FILE* p = popen(cmd.c_str(), "r");
    CliRun r{-1, ""};
    if (!p) return r;
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
    const int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

void write_text(const std::string& path, const std::string& text);

class TokenizeCommand : public ::testing::Test {
protected:
    void SetUp() override {
        auto v = tok_test::spm_vocab({{kSp, -1}, {"h", -2}, {"i", -2}, {"hi", -1}, {kSp + "hi", -0.5}});
        start = v.add("<|im_start|>", 0, 3);
        tok_test::write_vocab(v, vocab.str());
    }
    gguf_test::TempPath vocab{"tokcli"};
    lugh::TokenId start = 0;
    std::string m() const { return "-m " + vocab.str(); }
    std::string hi_id() const { return std::to_string(lugh::Tokenizer(vocab.str()).find(kSp + "hi")); }
};

void write_text(const std::string& path, const std::string& text) {
    FILE* f = std::fopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
}

}  // namespace

TEST_F(TokenizeCommand, PrintsIdsAndPieces) {
    const CliRun r = lugh_tokenize(m() + " -p hi");
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "1 '<s>'\n" + hi_id() + " ' hi'\n");
    const CliRun ids = lugh_tokenize(m() + " -p 'hi hi' --ids --no-bos");
    EXPECT_EQ(ids.out, "[" + hi_id() + ", " + hi_id() + "]\n");
    // Byte tokens print escaped when they are not text on their own; control characters too.
    gguf_test::TempPath text("tokcli_bytes");
    write_text(text.str(), "x\n\xC3");
    const CliRun bytes = lugh_tokenize(m() + " --no-bos -f " + text.str());
    EXPECT_NE(bytes.out.find(" 'x'\n"), std::string::npos) << bytes.out;
    EXPECT_NE(bytes.out.find(" '\\n'\n"), std::string::npos) << bytes.out;
    EXPECT_NE(bytes.out.find(" '\\xc3'\n"), std::string::npos) << bytes.out;
}

TEST_F(TokenizeCommand, ParsesSpecialTokensOnRequest) {
    EXPECT_EQ(lugh_tokenize(m() + " --no-bos --ids --parse-special -p '<|im_start|>hi'").out,
              "[" + std::to_string(start) + ", " + hi_id() + "]\n");
    EXPECT_EQ(lugh_tokenize(m() + " --no-bos --ids -p '<|im_start|>hi'").out.find(std::to_string(start) + ","),
              std::string::npos);
}

TEST_F(TokenizeCommand, ReadsFilesStandardInputAndJsonLines) {
    gguf_test::TempPath text("tokcli_text");
    write_text(text.str(), "hi");
    EXPECT_EQ(lugh_tokenize(m() + " --ids -f " + text.str()).out, "[1, " + hi_id() + "]\n");
    EXPECT_EQ(lugh_tokenize(m() + " --ids --stdin < " + text.str()).out, "[1, " + hi_id() + "]\n");
    gguf_test::TempPath lines("tokcli_jsonl");
    write_text(lines.str(), "\"hi\"\n\"\"\n\"hi\\u0020hi\"\r\n");
    const CliRun r = lugh_tokenize(m() + " --jsonl --no-bos --stdin < " + lines.str());
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "[" + hi_id() + "]\n[]\n[" + hi_id() + ", " + hi_id() + "]\n");
    EXPECT_EQ(lugh_tokenize(m() + " --jsonl -f " + lines.str()).out.substr(0, 4), "[1, ");
}

TEST_F(TokenizeCommand, FailsClearly) {
    gguf_test::TempPath lines("tokcli_bad");
    write_text(lines.str(), "\"hi\"\nnot json\n\"hi\"\n");
    const CliRun bad = lugh_tokenize(m() + " --jsonl --stdin < " + lines.str());
    EXPECT_EQ(bad.status, 1);
    EXPECT_EQ(bad.out, "[1, " + hi_id() + "]\n");   // what came before the bad line is out
    EXPECT_EQ(lugh_tokenize(m()).status, 2);                         // no input named
    EXPECT_EQ(lugh_tokenize(m() + " -p a --stdin").status, 2);       // two inputs
    EXPECT_EQ(lugh_tokenize(m() + " -p a --ids --jsonl").status, 2);
    EXPECT_EQ(lugh_tokenize("-p a").status, 2);                      // no model
    EXPECT_EQ(lugh_tokenize("-m /nonexistent.gguf -p a").status, 1);
    EXPECT_EQ(lugh_tokenize(m() + " -f /nonexistent.txt").status, 1);
}
