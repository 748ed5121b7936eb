package Lugh::Context;
use strict;
use warnings;
use Carp ();

require Lugh;

sub new {
    my $class = shift;
    Carp::croak("Lugh::Context->new: arguments come in name => value pairs") if @_ % 2;
    my %args = @_;
    my %known = ( mem_size => 1, no_alloc => 1 );
    for my $name ( sort keys %args ) {
        Carp::croak("Lugh::Context->new: unknown argument '$name' (known: mem_size, no_alloc)") unless $known{$name};
    }
    my $size = $args{mem_size};
    Carp::croak("Lugh::Context->new: mem_size is required (the size of the arena in bytes)")
        unless defined $size;
    Carp::croak("Lugh::Context->new: mem_size must be a whole number of bytes greater than 0, got '$size'")
        unless $size =~ /\A\s*\+?[0-9]+\s*\z/ && $size > 0;
    my $self = eval { $class->_create( $size, $args{no_alloc} ? 1 : 0 ) };
    return $self if $self;
    # Report the core's message at the caller's line, not at this one.
    ( my $error = $@ ) =~ s/ at \S+ line \d+\.\n\z//;
    Carp::croak($error);
}

1;

__END__

=head1 NAME

Lugh::Context - an arena of memory that tensors are allocated from

=head1 VERSION

Version 0.01

=head1 SYNOPSIS

    use Lugh;

    # One arena of 16 MB
    my $ctx = Lugh::Context->new(mem_size => 16 * 1024 * 1024);

    # Two tensors carved out of it
    my $a = Lugh::Tensor->new_f32($ctx, 1024);
    my $b = Lugh::Tensor->new_f32($ctx, 1024);

    # Nothing to free by hand: the arena, with both tensors, is released
    # when $ctx goes out of scope.

=head1 DESCRIPTION

A context owns one contiguous block of memory, its I<arena>. Creating a tensor
takes a fixed-size record for the tensor's description and, unless the
context was made with C<no_alloc>, room for its numbers, both from that
block. Allocation is therefore just moving a pointer, tensors made one after
the other sit next to each other in memory, and cleaning up is a single
release of the whole block.

    Context: one arena of mem_size bytes
    +----------------------------------------------------+
    | record A | record B | ...  free  ... | data B | data A |
    +----------------------------------------------------+

Typical uses are a long-lived context for model weights, a short-lived one
for the tensors of a computation, and scratch contexts for intermediate
values that are thrown away together.

=head1 CONSTRUCTOR

=head2 new

    my $ctx = Lugh::Context->new(mem_size => $bytes);
    my $meta = Lugh::Context->new(mem_size => $bytes, no_alloc => 1);

Creates a context with an arena of C<$bytes> bytes.

=over 4

=item mem_size (required)

The size of the arena in bytes, a whole number greater than 0.

=item no_alloc (optional)

When true, tensors get their description only and no room for data. Useful
to work out shapes and sizes of tensors far larger than memory, or when
another component provides the data later.

=back

Dies when C<mem_size> is missing, 0 or not a whole number, when an argument
is not known, when the system refuses to provide the arena, and when 4096
contexts are already alive in the process.

How large should the arena be? Count, for each tensor, about 256 bytes for
its description plus its data (elements times element size, rounded up to a
multiple of 64 bytes). A context holding 2 to 3 times the data you expect is
a comfortable start. Large arenas are cheap until used: the operating system
provides the pages when they are first touched.

    # A small context for a few tensors
    my $small = Lugh::Context->new(mem_size => 1024 * 1024);          # 1 MB

    # A large one, for model weights
    my $large = Lugh::Context->new(mem_size => 1024 * 1024 * 1024);   # 1 GB

=head1 METHODS

=head2 mem_size

    my $bytes = $ctx->mem_size;

The size of the arena in bytes, as given to C<new>.

=head2 mem_used

    my $bytes = $ctx->mem_used;

How many bytes of the arena are taken by tensor descriptions, tensor data
and alignment padding so far.

    my $ctx = Lugh::Context->new(mem_size => 1024 * 1024);
    print "Used: ", $ctx->mem_used, " bytes\n";    # nothing yet
    my $tensor = Lugh::Tensor->new_f32($ctx, 1000);
    print "Used: ", $ctx->mem_used, " bytes\n";    # 4000 bytes of data more,
                                                   # plus the tensor's record

=head2 no_alloc

    my $metadata_only = $ctx->no_alloc;

True when the context was created with C<< no_alloc => 1 >>.

=head2 n_tensors

    my $count = $ctx->n_tensors;

How many tensors have been created in the context.

=head2 get_tensor

    my $w = $ctx->get_tensor('blk.0.attn_q.weight');

The tensor of that name (see L<Lugh::Tensor/set_name>), as a
L<Lugh::Tensor>. Dies when the context holds no tensor of that name. This is
how the tensors of a L<Lugh::GGUF> load are reached.

=head2 has_tensor

    my $yes = $ctx->has_tensor('blk.0.attn_q.weight');

=head2 tensors

    my @all = $ctx->tensors;

Every tensor of the context, in the order they were created (for a context
loaded from a GGUF file: the file's order).

=head2 id

    my $slot = $ctx->id;

The context's slot number in the process-wide registry of contexts (see
L</IMPLEMENTATION NOTES>). Error messages name contexts by it.

=head2 live_count

    my $n = Lugh::Context->live_count;

A class method: how many contexts are alive in the whole process (all Perl
threads together).

=head1 MEMORY MANAGEMENT

=head2 Automatic cleanup

The arena is released when the last reference to the context object goes
away, and every tensor in it goes with it:

    {
        my $ctx    = Lugh::Context->new(mem_size => 1024 * 1024);
        my $tensor = Lugh::Tensor->new_f32($ctx, 1000);
        # ... use $tensor ...
    }
    # the arena, and the tensor, are gone here

=head2 Tensors do not keep their context alive

A tensor object does not hold a reference to its context. Once the context
is gone, every method called on one of its tensors dies with a message like

    lugh: tensor used after its context #3 was destroyed or reset

instead of reading freed memory. C<< $tensor->alive >> tells, without dying,
whether the tensor can still be used. Keep the context in scope for as long
as you use its tensors.

=head2 At most 4096 contexts

The registry has room for 4096 live contexts (a compile-time limit of the C++
library). Creating one more dies until another context is freed.

=head2 No freeing of single tensors

A tensor cannot be freed on its own: memory comes back only when the whole
context goes. Put tensors with different lifetimes in different contexts.

=head1 TENSOR CREATION

Tensors are made by the constructors of L<Lugh::Tensor>, which take the
context as their first argument:

    my $ctx = Lugh::Context->new(mem_size => 32 * 1024 * 1024);
    my $f32_1d = Lugh::Tensor->new_f32($ctx, 100);
    my $f32_2d = Lugh::Tensor->new_f32($ctx, 100, 200);
    my $f32_3d = Lugh::Tensor->new_f32($ctx, 100, 200, 300);

    # 100 x 200 x 300 x 400 floats are 9.6 GB: describe it without data
    my $meta   = Lugh::Context->new(mem_size => 1024 * 1024, no_alloc => 1);
    my $f32_4d = Lugh::Tensor->new_f32($meta, 100, 200, 300, 400);

Data needed by F32 tensors (4 bytes per element):

    Dimensions        Elements     Data
    (100)                  100     400 bytes
    (100, 200)          20,000     80 KB
    (100, 200, 300)  6,000,000     24 MB

=head1 LOW-LEVEL OPERATIONS

Contexts also hold the tensors that L<Lugh::Ops> creates, and
L<Lugh::Graph> computes them:

    my $ctx = Lugh::Context->new(mem_size => 10 * 1024 * 1024);
    my $a = Lugh::Tensor->new_f32($ctx, 1000);
    my $b = Lugh::Tensor->new_f32($ctx, 1000);
    $a->set_f32(map { $_ } 1 .. 1000);
    $b->set_f32(map { 2 * $_ } 1 .. 1000);

    my $c = Lugh::Ops::add($ctx, $a, $b);

    my $graph = Lugh::Graph->new($ctx);
    $graph->build_forward($c);
    $graph->compute($ctx, 4);            # on 4 threads

    my @result = $c->get_f32();          # 3, 6, 9, ...

=head1 THREAD SAFETY

A context belongs to the Perl thread that created it. When a new thread is
started with L<threads>, it receives copies of the parent's objects, but they
refuse to work there: using them dies with

    lugh: ...: context #3 belongs to another Perl thread; each thread must create its own contexts

and destroying them in the thread leaves the parent's arena alone. Contexts
created inside a thread work normally there and are freed when the thread
ends (a context object returned from a thread to its parent is therefore
already freed). The parent's objects are unaffected by anything its threads
do.

To use several CPU cores for one computation, pass a thread count to
L<Lugh::Graph/compute>: the work is split between native threads inside that
one call.

=head1 IMPLEMENTATION NOTES

=head2 Registry

The C++ library tracks contexts in a process-wide table of numbered slots.
Each slot has a I<generation> counter that moves on whenever its context is
freed. A Perl context object holds only the slot number and the generation;
a tensor object holds those of its context plus the library's tensor handle.
Every method looks the pair up (in a mutex-protected table that also records
which Perl thread owns the context) before touching any memory:

    Perl object -> (slot, generation) -> owner check -> C++ context -> arena

so a stale object is recognised and reported, never followed.

=head2 Errors

Errors raised by the C++ library carry its message unchanged, for example

    lugh: cannot create a context: all 4096 context slots are in use (LUGH_MAX_CONTEXTS)

=head1 SEE ALSO

L<Lugh>, L<Lugh::Tensor>, L<Lugh::Ops>, L<Lugh::Graph>, L<Lugh::GGUF>

=head1 LICENSE

This library is free software; you can redistribute it and/or modify it
under the same terms as Perl itself.

=cut
