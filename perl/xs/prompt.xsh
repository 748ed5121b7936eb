# Lugh::Prompt: a chat template (a model's own, a built-in format, or any
# Jinja text) that turns messages into the prompt text. Messages are Perl
# data converted to lugh::json values (xs/perl_json.hpp) before the render.

MODULE = Lugh    PACKAGE = Lugh::Prompt

SV*
new(const char* cls, ...)
CODE:
{
    const char* fn = "Lugh::Prompt->new";
    lugh_perl::NamedArgs args(aTHX_ &ST(1), items - 1, fn, {"format", "model", "template", "bos_token", "eos_token"});
    const int given = (args.get("format") ? 1 : 0) + (args.get("model") ? 1 : 0) + (args.get("template") ? 1 : 0);
    if (given != 1) croak("%s: give one of format => NAME, model => $model or template => TEXT", fn);
    lugh_perl::ModelEntry* m =
        args.get("model") ? lugh_perl::model_arg(aTHX_ args.get("model"), current_owner(aTHX), fn) : nullptr;
    const std::string format = args.text(aTHX_ "format", ""), text = args.text(aTHX_ "template", "");
    std::unique_ptr<lugh_perl::PromptEntry> entry = guarded(aTHX_ [&] {
        using lugh::chat::ChatTemplate;
        return std::make_unique<lugh_perl::PromptEntry>(lugh_perl::PromptEntry{
            m ? ChatTemplate::from_model(m->model.file())
              : !format.empty() ? ChatTemplate::from_format(format) : ChatTemplate::from_text(text),
            m ? std::string("model") : !format.empty() ? format : std::string("template")});
    });
    if (args.get("bos_token")) entry->tmpl.options().bos_token = args.text(aTHX_ "bos_token", "");
    if (args.get("eos_token")) entry->tmpl.options().eos_token = args.text(aTHX_ "eos_token", "");
    const uint64_t serial = lugh_perl::PromptTable::instance().add(std::move(entry), current_owner(aTHX));
    RETVAL = lugh_perl::new_llm_object(aTHX_ lugh_perl::kPromptTag, serial, 0, cls);
}
OUTPUT:
    RETVAL

void
DESTROY(SV* self)
CODE:
    lugh_perl::destroy_owned<lugh_perl::PromptEntry, lugh_perl::LlmBlob>(aTHX_ self, current_owner(aTHX), lugh_perl::kPromptTag);

SV*
apply(SV* self, ...)
CODE:
{
    // apply(@messages, add_generation_prompt => 1) or apply(\@messages, ...):
    // the messages (hash references) come first, then name => value pairs.
    const char* fn = "Lugh::Prompt::apply";
    lugh_perl::PromptEntry* p = lugh_perl::prompt_arg(aTHX_ self, current_owner(aTHX), fn);
    std::vector<lugh::json::Value> messages;
    I32 i = 1;
    if (i < items && SvROK(ST(i)) && SvTYPE(SvRV(ST(i))) == SVt_PVAV) {
        AV* av = reinterpret_cast<AV*>(SvRV(ST(i)));
        for (SSize_t k = 0; k <= av_len(av); ++k) {
            SV** e = av_fetch(av, k, 0);
            messages.push_back(lugh_perl::message_arg(aTHX_ e ? *e : &PL_sv_undef, fn, static_cast<long>(k)));
        }
        ++i;
    } else {
        for (; i < items && SvROK(ST(i)); ++i)
            messages.push_back(lugh_perl::message_arg(aTHX_ ST(i), fn, static_cast<long>(i - 1)));
    }
    lugh_perl::NamedArgs args(aTHX_ &ST(i), items - i, fn, {"add_generation_prompt", "variables", "now"});
    const bool add_generation_prompt = args.flag(aTHX_ "add_generation_prompt", true);
    lugh::chat::Options options = p->tmpl.options();
    options.now = static_cast<std::time_t>(args.integer<int64_t>(aTHX_ "now", 0));
    if (SV* vars = args.get("variables")) {
        lugh::json::Value v = lugh_perl::json_from_sv(aTHX_ vars, fn, 0);
        if (!v.is_object()) croak("%s: variables must be a hash reference", fn);
        for (auto& member : v.members()) options.variables.set(member.first, member.second);
    }
    const std::string text = guarded(aTHX_ [&] { return p->tmpl.apply(messages, add_generation_prompt, options); });
    RETVAL = lugh_perl::utf8_text_sv(aTHX_ text.data(), text.size());
}
OUTPUT:
    RETVAL

SV*
format_name(SV* self)
ALIAS:
    template_text = 1
CODE:
{
    lugh_perl::PromptEntry* p = lugh_perl::prompt_arg(aTHX_ self, current_owner(aTHX), lugh_perl::xsub_name(aTHX_ cv));
    const std::string& s = ix ? p->tmpl.source() : p->format;
    RETVAL = lugh_perl::utf8_text_sv(aTHX_ s.data(), s.size());
}
OUTPUT:
    RETVAL

void
available_formats(...)
PPCODE:
{
    const std::vector<std::string> names = guarded(aTHX_ [] { return lugh::chat::format_names(); });
    EXTEND(SP, static_cast<SSize_t>(names.size()));
    for (const auto& n : names) mPUSHs(newSVpvn(n.data(), n.size()));
}
