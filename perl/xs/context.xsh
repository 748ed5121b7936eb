# Lugh::Context: an arena of memory. The Perl object holds the registry id and
# generation; ContextTable maps them to the lugh::Context and its owner thread.
# Argument checking (mem_size required, > 0) is done in lib/Lugh/Context.pm.

MODULE = Lugh    PACKAGE = Lugh::Context

SV*
_create(const char* cls, UV mem_size, int no_alloc)
CODE:
{
    lugh::ContextParams params;
    params.mem_size = static_cast<size_t>(mem_size);
    params.no_alloc = no_alloc != 0;
    const uint64_t owner = current_owner(aTHX);
    lugh::Context* ctx = guarded(aTHX_ [&] {
        auto* created = new lugh::Context(params);
        try {
            lugh_perl::ContextTable::instance().add(created, owner);
        } catch (...) {
            delete created;
            throw;
        }
        return created;
    });
    RETVAL = lugh_perl::new_context_object(aTHX_ ctx, cls);
}
OUTPUT:
    RETVAL

void
DESTROY(SV* self)
CODE:
{
    // Only the interpreter that created the context frees it: a copy made
    // when a Perl thread was spawned is destroyed with that thread and must
    // leave its parent's arena alone.
    // A damaged object (something else blessed into the class) owns nothing.
    SV* inner = SvROK(self) ? SvRV(self) : nullptr;
    if (!inner || !SvPOK(inner) || SvCUR(inner) != sizeof(lugh_perl::ContextBlob)) XSRETURN_EMPTY;
    lugh_perl::ContextBlob blob;
    std::memcpy(&blob, SvPVX(inner), sizeof blob);
    if (blob.tag != lugh_perl::kContextTag) XSRETURN_EMPTY;
    lugh::Context* ctx = lugh_perl::ContextTable::instance().take(blob.id, blob.generation, current_owner(aTHX));
    if (!ctx) XSRETURN_EMPTY;
    guarded(aTHX_ [&] { delete ctx; });
}

UV
mem_size(SV* self)
CODE:
{
    ContextArg c = lugh_perl::context_arg(aTHX_ self, current_owner(aTHX), "Lugh::Context::mem_size");
    RETVAL = guarded(aTHX_ [&] { return c.ctx->mem_size(); });
}
OUTPUT:
    RETVAL

UV
mem_used(SV* self)
CODE:
{
    ContextArg c = lugh_perl::context_arg(aTHX_ self, current_owner(aTHX), "Lugh::Context::mem_used");
    RETVAL = guarded(aTHX_ [&] { return c.ctx->mem_used(); });
}
OUTPUT:
    RETVAL

bool
no_alloc(SV* self)
CODE:
{
    ContextArg c = lugh_perl::context_arg(aTHX_ self, current_owner(aTHX), "Lugh::Context::no_alloc");
    RETVAL = guarded(aTHX_ [&] { return c.ctx->no_alloc(); });
}
OUTPUT:
    RETVAL

UV
n_tensors(SV* self)
CODE:
{
    ContextArg c = lugh_perl::context_arg(aTHX_ self, current_owner(aTHX), "Lugh::Context::n_tensors");
    RETVAL = guarded(aTHX_ [&] { return c.ctx->n_tensors(); });
}
OUTPUT:
    RETVAL

UV
id(SV* self)
CODE:
{
    ContextArg c = lugh_perl::context_arg(aTHX_ self, current_owner(aTHX), "Lugh::Context::id");
    RETVAL = c.id;
}
OUTPUT:
    RETVAL

UV
live_count(...)
CODE:
{
    PERL_UNUSED_VAR(items);
    RETVAL = guarded(aTHX_ [&] { return lugh::Context::live_count(); });
}
OUTPUT:
    RETVAL

SV*
get_tensor(LughContext c, SV* name)
CODE:
{
    STRLEN len;
    const char* s = SvPVutf8(name, len);
    RETVAL = lugh_perl::new_tensor_object(aTHX_ guarded(aTHX_ [&] { return c.ctx->get_tensor(std::string(s, len)); }));
}
OUTPUT:
    RETVAL

bool
has_tensor(LughContext c, SV* name)
CODE:
{
    STRLEN len;
    const char* s = SvPVutf8(name, len);
    RETVAL = guarded(aTHX_ [&] { return c.ctx->has_tensor(std::string(s, len)); });
}
OUTPUT:
    RETVAL

void
tensors(LughContext c)
PPCODE:
{
    // Every tensor of the context, in creation order (for a GGUF load: file order).
    const std::vector<lugh::Tensor> all = guarded(aTHX_ [&] { return c.ctx->tensors(); });
    EXTEND(SP, static_cast<SSize_t>(all.size()));
    for (const lugh::Tensor& t : all) mPUSHs(lugh_perl::new_tensor_object(aTHX_ t));
}
