// lugh chat: the conversation behind it (tools/cli/conversation.hpp) on a
// synthetic model — /reset starts again, a full context is one clear error
// that changes nothing — and the command itself on a pipe (one message per
// line), on the synthetic model and on ../shared's aidreams260K when it is
// there. What a turn reuses from the cache: chat_cache_test.cpp.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "chat_fixture.hpp"
#include "support/shared_fixtures.hpp"

namespace {

using chattest::ChatConversation;
using lugh::tool::Conversation;

TEST_F(ChatConversation, ResetForgetsAllButTheSystemMessageAndRepeatsTheFirstReply) {
    lugh::Session s = session(512);
    Conversation chat = conversation(s);
    chat.set_system("Be brief.");
    const Conversation::Turn a = chat.reply("Hi", 5);
    chat.reply("More", 5);
    chat.reset();
    EXPECT_EQ(s.n_past(), 0);
    ASSERT_EQ(chat.messages().size(), 1u);
    EXPECT_EQ(chat.messages()[0].get("content").as_string(), "Be brief.");
    const Conversation::Turn b = chat.reply("Hi", 5);
    EXPECT_EQ(b.n_reused, 0);
    EXPECT_EQ(b.result.tokens, a.result.tokens);
}

TEST_F(ChatConversation, AConversationPastTheContextIsAnErrorThatChangesNothing) {
    lugh::Session s = session(96);
    Conversation chat = conversation(s);
    const Conversation::Turn t = chat.reply("Hi", 2);
    const auto messages = chat.messages();
    const auto cached = chat.cached();
    try {
        chat.reply(std::string(200, 'x'), 2);
        FAIL() << "a message past the context was accepted";
    } catch (const lugh::Error& e) {
        EXPECT_NE(std::string(e.what()).find("no room for a reply"), std::string::npos) << e.what();
    }
    EXPECT_EQ(chat.messages(), messages);
    EXPECT_EQ(chat.cached(), cached);
    EXPECT_EQ(s.n_past(), static_cast<int64_t>(cached.size()));
    EXPECT_EQ(t.result.tokens.size(), 2u);
}

TEST_F(ChatConversation, AReplyCutShortByAFullContextStillJoins) {
    lugh::Session probe = session(512);
    const int64_t n_prompt = conversation(probe).reply("Hi", 1).n_prompt;
    lugh::Session s = session(n_prompt + 3);
    Conversation chat = conversation(s);
    const Conversation::Turn t = chat.reply("Hi", 100);
    EXPECT_EQ(t.result.stop, lugh::StopReason::ContextFull);
    EXPECT_EQ(s.n_past(), s.n_ctx());
    ASSERT_EQ(chat.messages().size(), 2u);
    EXPECT_EQ(chat.messages()[1].get("role").as_string(), "assistant");
}

// ---- the command, on a pipe ----------------------------------------------------

struct ChatRun {
    int status = -1;
    std::string err;   // stderr (stdout goes to /dev/null)
};

ChatRun lugh_chat(const std::string& args, const std::string& input, const lugh::test::TempDir& dir) {
    const std::string in = dir / "input.txt";
    std::ofstream(in, std::ios::binary) << input;
    const std::string cmd = std::string(LUGH_CLI_PATH) + " chat " + args + " < " + in + " 2>&1 >/dev/null";
    ChatRun r;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) r.err.append(buf, n);
    const int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

// The verbose lines' "N from the cache" figures, turn by turn.
std::vector<int> reused_per_turn(const std::string& err) {
    std::vector<int> out;
    const std::regex turn("prompt ([0-9]+) tokens, ([0-9]+) from the cache");
    for (auto it = std::sregex_iterator(err.begin(), err.end(), turn); it != std::sregex_iterator(); ++it)
        out.push_back(std::stoi((*it)[2]));
    return out;
}

TEST_F(ChatConversation, TheCommandReadsOneMessagePerLineUntilExit) {
    const ChatRun r = lugh_chat("-m " + path + " --format chatml -n 4 --temp 0 -v",
                                "Hello\n\nAnd then?\n/bogus\n/reset\nHello\n/exit\nnot read\n", dir);
    EXPECT_EQ(r.status, 0) << r.err;
    // Three turns (the empty line skipped, nothing after /exit): the second
    // continues the first in the cache, the third starts again.
    const std::vector<int> reused = reused_per_turn(r.err);
    ASSERT_EQ(reused.size(), 3u) << r.err;
    EXPECT_EQ(reused[0], 0);
    EXPECT_GT(reused[1], 0);
    EXPECT_EQ(reused[2], 0);
    EXPECT_NE(r.err.find("unknown command /bogus"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("a new conversation"), std::string::npos) << r.err;
}

TEST_F(ChatConversation, TheCommandChangesTheSystemMessageAndKeepsTheConversation) {
    const std::string args = "-m " + path + " --format chatml -n 4 --temp 0 -v --system 'You are terse.'";
    const ChatRun plain = lugh_chat(args, "Hello\nAnd then?\n", dir);
    const ChatRun changed = lugh_chat(args, "Hello\n/system You are verbose.\nAnd then?\n/system\nWhy?\n", dir);
    EXPECT_EQ(changed.status, 0) << changed.err;
    EXPECT_NE(changed.err.find("a new system message"), std::string::npos) << changed.err;
    EXPECT_NE(changed.err.find("no system message"), std::string::npos) << changed.err;
    const std::vector<int> kept = reused_per_turn(plain.err), rewound = reused_per_turn(changed.err);
    ASSERT_EQ(kept.size(), 2u) << plain.err;
    ASSERT_EQ(rewound.size(), 3u) << changed.err;
    // The second turn keeps the text before the system message's change
    // (less than without it), the third less again (up to the first role).
    EXPECT_GT(rewound[1], 1);
    EXPECT_LT(rewound[1], kept[1]);
    EXPECT_GE(rewound[2], 1);
    EXPECT_LT(rewound[2], rewound[1]);
}

TEST_F(ChatConversation, TheCommandSaysWhenTheContextIsFullAndGoesOn) {
    const ChatRun r = lugh_chat("-m " + path + " --format chatml -c 80 -n 2 --temp 0 -v",
                                std::string(100, 'x') + "\nHi\n", dir);
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("no room for a reply"), std::string::npos) << r.err;
    EXPECT_EQ(reused_per_turn(r.err).size(), 1u) << r.err;   // the short message still got its reply
}

TEST_F(ChatConversation, TheCommandRefusesBadUsage) {
    EXPECT_EQ(lugh_chat("", "", dir).status, 2);                                      // no model
    EXPECT_EQ(lugh_chat("-m " + path + " --format chatml --file x", "", dir).status, 2);   // two templates
    EXPECT_EQ(lugh_chat("-m " + path + " --format nonesuch", "", dir).status, 1);
    EXPECT_EQ(lugh_chat("-m " + (dir / "absent.gguf"), "", dir).status, 1);
}

TEST(ChatCommandShared, ARealModelChatsAndKeepsItsCache) {
    LUGH_SHARED_OR_SKIP(model, "models/real/aidreams260K.gguf");
    lugh::test::TempDir dir;
    const ChatRun r = lugh_chat("-m " + model + " -n 16 --temp 0 -v --system 'You tell stories.'",
                                "Once upon a time\nWhat happened next?\n", dir);
    EXPECT_EQ(r.status, 0) << r.err;
    const std::vector<int> reused = reused_per_turn(r.err);
    ASSERT_EQ(reused.size(), 2u) << r.err;
    EXPECT_GT(reused[1], 0);
}

}  // namespace
