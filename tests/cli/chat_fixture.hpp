// The conversation tests' fixture (chat_test.cpp, chat_cache_test.cpp): a
// tiny synthetic model written once per test, sessions over it with an F32
// cache, and a greedy sampler kept to whole text pieces.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "conversation.hpp"
#include "lugh/synth.hpp"
#include "support/temp_dir.hpp"

namespace chattest {

using lugh::tool::Conversation;

class ChatConversation : public ::testing::Test {
protected:
    void SetUp() override {
        lugh::SynthSpec spec = lugh::synth_preset("tiny");
        spec.type = lugh::Type::F32;
        lugh::write_synth_model(spec, path);
        model = std::make_unique<lugh::Model>(path);
        tokenizer = std::make_unique<lugh::Tokenizer>(model->file());
    }
    lugh::Session session(int64_t n_ctx) const {
        lugh::SessionParams sp;
        sp.n_ctx = n_ctx;
        sp.n_threads = 2;
        sp.kv_type = lugh::Type::F32;
        return lugh::Session(*model, sp);
    }
    // Greedy, and kept off </s> and the byte tokens: a random model's replies
    // are then whole text pieces (valid UTF-8) of the length asked for.
    static lugh::SamplerParams greedy_pieces() {
        lugh::SamplerParams sp;
        sp.temperature = 0;
        for (int32_t id = 2; id < 259; ++id) sp.logit_bias.emplace_back(id, -1000.0f);
        return sp;
    }
    Conversation conversation(lugh::Session& s) const {
        return Conversation(s, *tokenizer, lugh::chat::ChatTemplate::from_format("chatml"), greedy_pieces());
    }

    lugh::test::TempDir dir;
    std::string path = dir / "tiny.gguf";
    std::unique_ptr<lugh::Model> model;
    std::unique_ptr<lugh::Tokenizer> tokenizer;
};

}  // namespace chattest
