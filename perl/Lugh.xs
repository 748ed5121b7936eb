// Lugh.xs: the Perl face of Lugh, compiled as C++.
//
// C++ and standard headers come first: Perl's headers define macros with
// short common names that would otherwise break them. The per-class XSUBs
// live in xs/*.xsh, pulled in with INCLUDE: at the end of this file.

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <lugh/chat.hpp>
#include <lugh/generate.hpp>
#include <lugh/json.hpp>
#include <lugh/gguf.hpp>
#include <lugh/graph.hpp>
#include <lugh/lugh.hpp>
#include <lugh/model.hpp>
#include <lugh/ops.hpp>
#include <lugh/sampler.hpp>
#include <lugh/session.hpp>
#include <lugh/synth.hpp>
#include <lugh/tokenizer.hpp>

#define PERL_NO_GET_CONTEXT
#include "EXTERN.h"
#include "perl.h"
#include "XSUB.h"

#include "xs/args.hpp"
#include "xs/context_table.hpp"
#include "xs/generate_args.hpp"
#include "xs/gguf_objects.hpp"
#include "xs/gguf_values.hpp"
#include "xs/guarded.hpp"
#include "xs/llm_objects.hpp"
#include "xs/named_args.hpp"
#include "xs/graph_object.hpp"
#include "xs/objects.hpp"
#include "xs/op_args.hpp"
#include "xs/perl_json.hpp"

// Each Perl interpreter (the main one and every ithread) gets its own owner
// token: BOOT sets it for the first interpreter, CLONE for each new thread.
// A context is used and freed only by the interpreter whose token created it.
#define MY_CXT_KEY "Lugh::_guts" XS_VERSION
typedef struct {
    uint64_t owner;
} my_cxt_t;
START_MY_CXT

static std::atomic<uint64_t> next_owner_token{1};

static uint64_t current_owner(pTHX) {
    dMY_CXT;
    return MY_CXT.owner;
}

using lugh_perl::ContextArg;
using lugh_perl::guarded;

// Argument types of the typemap (see typemap).
typedef lugh_perl::ContextArg LughContext;
typedef lugh::Tensor LughTensor;
typedef lugh::Tensor LughOptTensor;
typedef lugh::UnaryOp LughUnaryOp;
typedef lugh::Graph LughGraph;
typedef lugh::gguf::File* LughGguf;
typedef lugh::gguf::Writer* LughGgufWriter;
typedef lugh_perl::ModelEntry* LughModel;
typedef lugh_perl::ModelEntry* LughTokenizer;

MODULE = Lugh    PACKAGE = Lugh

PROTOTYPES: DISABLE

BOOT:
{
    MY_CXT_INIT;
    MY_CXT.owner = next_owner_token++;
}

void
CLONE(...)
CODE:
{
    MY_CXT_CLONE;
    MY_CXT.owner = next_owner_token++;
}

INCLUDE: xs/context.xsh

INCLUDE: xs/tensor.xsh

INCLUDE: xs/ops.xsh

INCLUDE: xs/graph.xsh

INCLUDE: xs/gguf.xsh

INCLUDE: xs/model.xsh

INCLUDE: xs/inference.xsh

INCLUDE: xs/prompt.xsh
