// The option parser every `lugh` command uses: values are checked whole,
// errors name the option, --help comes from the declarations.
#include <gtest/gtest.h>

#include "args.hpp"

using lugh::tool::ArgParser;
using lugh::tool::UsageError;

namespace {

struct RunOptions {
    std::string model, prompt;
    int64_t n = 32;
    int threads = 4;
    double temp = 0.8;
    bool json = false;
    std::vector<std::string> stops;
};

ArgParser make_parser(RunOptions& o) {
    ArgParser p("lugh run", "-m MODEL [options]", "Generate text.");
    p.text(&o.model, "-m,--model", "MODEL", "the model").required("--model");
    p.text(&o.prompt, "-p,--prompt", "PROMPT", "the prompt");
    p.integer(&o.n, "-n", "N", "tokens", 0, 1000);
    p.integer(&o.threads, "-t,--threads", "T", "threads", 1, 512);
    p.number(&o.temp, "--temp", "T", "temperature", 0, 100);
    p.flag(&o.json, "--json", "json");
    p.list(&o.stops, "--stop", "TEXT", "stop string");
    return p;
}

std::string usage_error(const std::vector<std::string>& args) {
    RunOptions o;
    ArgParser p = make_parser(o);
    try {
        p.parse(args);
    } catch (const UsageError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(ArgParser, ParsesEverySpelling) {
    RunOptions o;
    ArgParser p = make_parser(o);
    ASSERT_TRUE(p.parse({"-m", "a.gguf", "--prompt=hi there", "-n", "7", "--threads=2", "--temp", "0",
                         "--json", "--stop", "a", "--stop=b"}));
    EXPECT_EQ(o.model, "a.gguf");
    EXPECT_EQ(o.prompt, "hi there");
    EXPECT_EQ(o.n, 7);
    EXPECT_EQ(o.threads, 2);
    EXPECT_EQ(o.temp, 0.0);
    EXPECT_TRUE(o.json);
    EXPECT_EQ(o.stops, (std::vector<std::string>{"a", "b"}));
    EXPECT_TRUE(p.given("-p"));
    EXPECT_TRUE(p.given("--prompt"));
}

TEST(ArgParser, DefaultsStayWhenNotGiven) {
    RunOptions o;
    ArgParser p = make_parser(o);
    ASSERT_TRUE(p.parse({"--model", "x"}));
    EXPECT_EQ(o.n, 32);
    EXPECT_EQ(o.temp, 0.8);
    EXPECT_FALSE(o.json);
    EXPECT_FALSE(p.given("-n"));
}

TEST(ArgParser, ValuesMayStartWithADash) {
    RunOptions o;
    ArgParser p = make_parser(o);
    ASSERT_TRUE(p.parse({"-m", "-weird-name.gguf", "-p", "-"}));
    EXPECT_EQ(o.model, "-weird-name.gguf");
    EXPECT_EQ(o.prompt, "-");
}

TEST(ArgParser, RefusesWhatIsNotWhole) {
    EXPECT_NE(usage_error({"-m", "x", "-n", "12x"}).find("-n: '12x' is not a whole number"), std::string::npos);
    EXPECT_NE(usage_error({"-m", "x", "-n", "1.5"}).find("not a whole number"), std::string::npos);
    EXPECT_NE(usage_error({"-m", "x", "-n", " 5"}).find("not a whole number"), std::string::npos);
    EXPECT_NE(usage_error({"-m", "x", "-n", ""}).find("not a whole number"), std::string::npos);
    EXPECT_NE(usage_error({"-m", "x", "-n", "1001"}).find("out of range (0 to 1000)"), std::string::npos);
    EXPECT_NE(usage_error({"-m", "x", "-n", "99999999999999999999"}).find("out of range"), std::string::npos);
    EXPECT_NE(usage_error({"-m", "x", "-t", "0"}).find("out of range (1 to 512)"), std::string::npos);
    EXPECT_NE(usage_error({"-m", "x", "--temp", "nan"}).find("out of range"), std::string::npos);
    EXPECT_NE(usage_error({"-m", "x", "--temp", "inf"}).find("out of range"), std::string::npos);
    EXPECT_NE(usage_error({"-m", "x", "--temp", "-1"}).find("out of range"), std::string::npos);
    EXPECT_NE(usage_error({"-m", "x", "--temp", "0.5.1"}).find("is not a number"), std::string::npos);
}

TEST(ArgParser, RefusesMisuse) {
    EXPECT_EQ(usage_error({}), "missing --model MODEL");
    EXPECT_EQ(usage_error({"-m"}), "-m needs a value (MODEL)");
    EXPECT_EQ(usage_error({"-m", "x", "--bogus"}), "unknown option '--bogus'");
    EXPECT_EQ(usage_error({"-m", "x", "-m", "y"}), "-m is given twice");
    EXPECT_EQ(usage_error({"-m", "x", "--model", "y"}), "--model is given twice");
    EXPECT_EQ(usage_error({"-m", "x", "--json=1"}), "--json takes no value");
    EXPECT_EQ(usage_error({"-m", "x", "stray"}), "unexpected argument 'stray'");
}

TEST(ArgParser, PositionalsAndDoubleDash) {
    std::string in, out, type;
    ArgParser p("lugh quantize", "IN OUT TYPE");
    p.positional(&in, "IN", "input").positional(&out, "OUT", "output").positional(&type, "TYPE", "type", true);
    ASSERT_TRUE(p.parse({"a", "--", "-b"}));
    EXPECT_EQ(in, "a");
    EXPECT_EQ(out, "-b");
    EXPECT_EQ(type, "");
    ArgParser q("lugh quantize", "IN OUT");
    q.positional(&in, "IN", "input").positional(&out, "OUT", "output");
    EXPECT_THROW(q.parse({"a"}), UsageError);
}

TEST(ArgParser, ExclusiveOptions) {
    std::string prompt, file;
    bool use_stdin = false;
    auto parser = [&] {
        ArgParser p("lugh tokenize", "");
        p.text(&prompt, "-p", "TEXT", "text").text(&file, "-f", "FILE", "file").flag(&use_stdin, "--stdin", "stdin");
        p.exclusive({"-p", "-f", "--stdin"}, true);
        return p;
    };
    ArgParser a = parser();
    EXPECT_TRUE(a.parse({"-f", "x"}));
    ArgParser b = parser();
    try {
        b.parse({"-p", "x", "--stdin"});
        FAIL() << "accepted two exclusive options";
    } catch (const UsageError& e) {
        EXPECT_STREQ(e.what(), "-p and --stdin cannot be used together");
    }
    ArgParser c = parser();
    try {
        c.parse({});
        FAIL() << "accepted none of the needed options";
    } catch (const UsageError& e) {
        EXPECT_STREQ(e.what(), "one of -p, -f or --stdin is needed");
    }
}

TEST(ArgParser, HelpListsEveryOption) {
    RunOptions o;
    ArgParser p = make_parser(o);
    const std::string help = p.help();
    EXPECT_NE(help.find("usage: lugh run -m MODEL [options]"), std::string::npos);
    EXPECT_NE(help.find("-m, --model MODEL"), std::string::npos);
    EXPECT_NE(help.find("the model (required)"), std::string::npos);
    EXPECT_NE(help.find("--stop TEXT"), std::string::npos);
    EXPECT_NE(help.find("(repeatable)"), std::string::npos);
    EXPECT_NE(help.find("-h, --help"), std::string::npos);
    testing::internal::CaptureStdout();
    EXPECT_FALSE(p.parse({"--help"}));
    EXPECT_EQ(testing::internal::GetCapturedStdout(), help);
}

// Found by fuzz/cli_args_fuzz.cpp: strtoll/strtod skip a leading tab or
// carriage return, so "\r2" was taken for 2.
TEST(ArgParser, LeadingWhiteSpaceOfAnyKindIsNotANumber) {
    for (const char* w : {" 2", "\t2", "\r2", "\n2", "\v2", "\f2"}) {
        SCOPED_TRACE(testing::PrintToString(std::string(w)));
        EXPECT_NE(usage_error({"-m", "x", "-n", w}).find("is not a whole number"), std::string::npos);
        EXPECT_NE(usage_error({"-m", "x", "--temp", w}).find("is not a number"), std::string::npos);
        EXPECT_THROW(lugh::tool::parse_integer("N", w, 0, 10), UsageError);
        EXPECT_THROW(lugh::tool::parse_number("X", w, 0, 10), UsageError);
    }
    EXPECT_EQ(lugh::tool::parse_integer("N", "-2", -5, 5), -2);
}
