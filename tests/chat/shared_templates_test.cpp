// The real chat templates in ../shared/chat-templates: every template renders
// every conversation exactly as Python jinja2 did (expected/NAME.CONV.txt),
// and refuses, with jinja2's message, the pairs jinja2 refused (REFUSED).
#include <dirent.h>

#include <ctime>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "chat/chat_test_util.hpp"
#include "lugh/chat.hpp"
#include "support/shared_fixtures.hpp"

namespace {

std::string read(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

bool exists(const std::string& path) { return std::ifstream(path).good(); }


}  // namespace

TEST(SharedChatTemplates, RenderExactlyAsJinja2) {
    LUGH_SHARED_OR_SKIP(dir, "chat-templates");
    const auto convs = lugh::json::parse(read(dir + "/conversations.json"));
    std::map<std::string, std::string> refused;   // "name.conv" -> message
    std::istringstream lines(read(dir + "/expected/REFUSED"));
    for (std::string line; std::getline(lines, line);) {
        const size_t tab = line.find('\t');
        if (tab != std::string::npos) refused[line.substr(0, tab)] = line.substr(tab + 1);
    }
    DIR* d = opendir((dir + "/templates").c_str());
    ASSERT_NE(d, nullptr);
    int rendered = 0, refusals = 0;
    while (dirent* e = readdir(d)) {
        const std::string file = e->d_name;
        if (file.size() < 7 || file.substr(file.size() - 6) != ".jinja") continue;
        const std::string name = file.substr(0, file.size() - 6);
        const auto tmpl = lugh::chat::ChatTemplate::from_text(read(dir + "/templates/" + file), name);
        for (const auto& [conv_name, conv] : convs.members()) {
            const std::string id = name + "." + conv_name;
            SCOPED_TRACE(id);
            lugh::chat::Options opt;
            opt.bos_token = "<s>";
            opt.eos_token = "</s>";
            opt.now = lugh::test::local_noon(2026, 11, 30);
            const std::string expected_path = dir + "/expected/" + id + ".txt";
            try {
                const std::string out =
                    tmpl.apply(conv.get("messages").items(), conv.get("add_generation_prompt").as_bool(), opt);
                EXPECT_TRUE(exists(expected_path)) << "jinja2 refused this pair, Lugh rendered it";
                EXPECT_EQ(out, read(expected_path));
                ++rendered;
            } catch (const lugh::chat::TemplateError& err) {
                ASSERT_TRUE(refused.count(id)) << "refused: " << err.what();
                EXPECT_EQ(err.message(), refused[id]);
                EXPECT_EQ(err.kind(), lugh::chat::ErrorKind::Raised);
                ++refusals;
            }
        }
    }
    closedir(d);
    EXPECT_GT(rendered, 0);
    EXPECT_EQ(static_cast<size_t>(refusals), refused.size());
}
