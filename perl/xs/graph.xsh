# Lugh::Graph: collect the operations a tensor depends on, then run them.

MODULE = Lugh    PACKAGE = Lugh::Graph

SV*
new(const char* cls, LughContext ctx, size_t max_nodes = lugh::Graph::kDefaultSize)
CODE:
{
    lugh::Graph graph = guarded(aTHX_ [&] { return lugh::Graph(*ctx.ctx, max_nodes); });
    RETVAL = lugh_perl::new_graph_object(aTHX_ ctx, graph, cls);
}
OUTPUT:
    RETVAL

SV*
build_forward(LughGraph graph, LughTensor t)
CODE:
{
    guarded(aTHX_ [&] { graph.build_forward(t); });
    RETVAL = SvREFCNT_inc_simple_NN(ST(0));   // the graph, for chaining
}
OUTPUT:
    RETVAL

SV*
compute(LughGraph graph, LughContext ctx, int n_threads = 1)
CODE:
{
    guarded(aTHX_ [&] { graph.compute(*ctx.ctx, n_threads); });
    RETVAL = SvREFCNT_inc_simple_NN(ST(0));
}
OUTPUT:
    RETVAL

IV
n_nodes(LughGraph graph)
ALIAS:
    n_leafs = 1
    size = 2
CODE:
    RETVAL = guarded(aTHX_ [&]() -> IV { return ix == 1 ? graph.n_leafs() : ix == 2 ? graph.size() : graph.n_nodes(); });
OUTPUT:
    RETVAL

SV*
node(LughGraph graph, int i)
CODE:
    RETVAL = lugh_perl::new_tensor_object(aTHX_ guarded(aTHX_ [&] { return graph.node(i); }));
OUTPUT:
    RETVAL

SV*
get_tensor(LughGraph graph, SV* name)
CODE:
{
    STRLEN len;
    const char* s = SvPVutf8(name, len);
    RETVAL = lugh_perl::new_tensor_object(aTHX_ guarded(aTHX_ [&] { return graph.get_tensor(std::string(s, len)); }));
}
OUTPUT:
    RETVAL

bool
has_tensor(LughGraph graph, SV* name)
CODE:
{
    STRLEN len;
    const char* s = SvPVutf8(name, len);
    RETVAL = guarded(aTHX_ [&] { return graph.has_tensor(std::string(s, len)); });
}
OUTPUT:
    RETVAL

bool
alive(SV* self)
CODE:
{
    auto blob = lugh_perl::read_blob<lugh_perl::GraphBlob>(aTHX_ self, "Lugh::Graph", lugh_perl::kGraphTag,
                                                           "Lugh::Graph::alive");
    lugh_perl::Lookup why;
    RETVAL = lugh_perl::ContextTable::instance().find(blob.ctx_id, blob.ctx_generation, current_owner(aTHX), &why) &&
             blob.handle.alive();
}
OUTPUT:
    RETVAL
