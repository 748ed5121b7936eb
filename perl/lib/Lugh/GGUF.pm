package Lugh::GGUF;
use strict;
use warnings;
use Carp ();

require Lugh;
require Lugh::GGUF::Writer;

# How tensor data reaches the context (numbered as lugh::gguf::Load).
my %MODES = ( copy => 0, mmap => 1, metadata => 2 );

sub new {
    my ( $class, $path ) = @_;
    Carp::croak("Lugh::GGUF->new: a file name is required") unless defined $path && length $path;
    my $self = eval { $class->_open($path) };
    return $self if $self;
    ( my $error = $@ ) =~ s/ at \S+ line \d+\.\n\z//;
    Carp::croak($error);
}

sub open { my $class = shift; return $class->new(@_) }

sub _mode {
    my ( $self, $method, @args ) = @_;
    Carp::croak("Lugh::GGUF::$method: arguments come in name => value pairs") if @args % 2;
    my %args = @args;
    for my $name ( sort CORE::keys %args ) {
        Carp::croak("Lugh::GGUF::$method: unknown argument '$name' (known: mode)") unless $name eq 'mode';
    }
    my $mode = $args{mode} // 'copy';
    Carp::croak("Lugh::GGUF::$method: mode must be 'copy', 'mmap' or 'metadata', got '$mode'")
        unless exists $MODES{$mode};
    return $MODES{$mode};
}

sub load {
    my $self = shift;
    my $mode = $self->_mode( 'load', @_ );
    my $ctx  = eval { $self->_load($mode) };
    return $ctx if $ctx;
    ( my $error = $@ ) =~ s/ at \S+ line \d+\.\n\z//;
    Carp::croak($error);
}

sub context_size {
    my $self = shift;
    return $self->_context_size( $self->_mode( 'context_size', @_ ) );
}

sub tensor_info {
    my ( $self, $name ) = @_;
    my $info = eval { $self->_tensor_info($name) };    # found by name in the reader's index
    return $info if $info;
    ( my $error = $@ ) =~ s/ at \S+ line \d+\.\n\z//;
    Carp::croak($error);
}

1;

__END__

=head1 NAME

Lugh::GGUF - read GGUF model files: their metadata, and their tensors into a context

=head1 VERSION

Version 0.01

=head1 SYNOPSIS

    use Lugh;
    use File::Temp qw(tempdir);

    # Make a small file to read (see Lugh::GGUF::Writer)
    my $path = tempdir( CLEANUP => 1 ) . '/tiny.gguf';
    my $src  = Lugh::Context->new( mem_size => 1024 * 1024 );
    my $w    = Lugh::Tensor->new_f32( $src, 3, 2 )->set_name('w');
    $w->set_f32( 1 .. 6 );
    Lugh::GGUF::Writer->new
        ->set( 'general.name', 'tiny' )
        ->set( 'tiny.layers', 2, 'u32' )
        ->add_tensor($w)
        ->write($path);

    # Read it
    my $gguf = Lugh::GGUF->new($path);
    print $gguf->get('general.name'), "\n";             # tiny
    for my $t ( $gguf->tensors ) {
        print "$t->{name} $t->{type} [@{ $t->{shape} }]\n";   # w f32 [3 2]
    }

    # Every tensor, in a new context
    my $weights = $gguf->load( mode => 'mmap' );
    my $loaded  = $weights->get_tensor('w');
    print join( ' ', $loaded->get_f32 ), "\n";          # 1 2 3 4 5 6

=head1 DESCRIPTION

GGUF is the file format in which ggml-based programs store model weights: a
header of typed I<keys> (the metadata: architecture, sizes, vocabulary,
...), a table describing each tensor (name, element type, shape, where its
bytes are), and the tensor data. C<Lugh::GGUF> opens such a file, answers
questions about its keys and tensors, and loads the tensors into a
L<Lugh::Context>, where they are ordinary L<Lugh::Tensor> objects that
L<Lugh::Ops> and L<Lugh::Graph> work with.

Files are treated as hostile input: the whole header is checked when the
file is opened (counts and lengths against the file's size, known types, at
most 4 dimensions, tensors inside the data section and not overlapping, no
duplicate keys or names, ...), and a file that fails a check is refused with
a message naming the file, the position and the numbers. Nothing is
allocated that the file does not actually contain.

=head1 CONSTRUCTOR

=head2 new

    my $gguf = Lugh::GGUF->new($path);

Opens and checks the file. Dies with the library's message when the file
cannot be read (for example C<No such file or directory>) or is refused (a
bad magic number, a truncated header, an impossible count, a key with a
NUL byte, ...), or when C<$path> contains a NUL byte (it would name another
file). C<open> is another name for C<new>.

=head1 METHODS

=head2 Header

    my $v      = $gguf->version;       # 3 (2 is read too)
    my $align  = $gguf->alignment;     # general.alignment, 32 by default
    my $offset = $gguf->data_offset;   # where the data section starts
    my $bytes  = $gguf->file_size;
    my $path   = $gguf->path;

=head2 Keys

    my @keys = $gguf->keys;                   # in file order
    if ( $gguf->has_key('general.name') ) { ... }
    my $type = $gguf->type('tiny.layers');    # 'u32'

C<type> names the value type: C<u8 i8 u16 i16 u32 i32 u64 i64 f32 f64 bool
str>, or C<arr> for an array; then C<array_type> names the type of its
elements and C<array_size> their number. Asking about a missing key dies.

=head2 get

    my $name   = $gguf->get('general.name');          # a string
    my $layers = $gguf->get('tiny.layers');           # a number
    my $tokens = $gguf->get('tokenizer.ggml.tokens'); # an array reference

Returns the value as Perl sees it: a number for the integer and float
types, true or false for C<bool>, a string for C<str> (marked as UTF-8
text when it is valid UTF-8, as GGUF strings should be; raw bytes
otherwise), and for an array a reference to an array of such values.

=head2 Typed getters

    my $s = $gguf->get_string($key);   # str only
    my $i = $gguf->get_int($key);      # any integer type
    my $u = $gguf->get_uint($key);     # any non-negative integer, up to 2**64-1
    my $f = $gguf->get_float($key);    # f32 or f64
    my $b = $gguf->get_bool($key);     # bool
    my $p = $gguf->value_string($key); # printable form, e.g. '[1, 2, 3]'

Each dies when the key holds another type, naming both.

=head2 Tensors

    my @names = $gguf->tensor_names;      # in file order
    my $n     = $gguf->n_tensors;
    my $yes   = $gguf->has_tensor('w');
    my @info  = $gguf->tensors;           # one hash reference each
    my $info  = $gguf->tensor_info('w');

C<tensor_info> finds the tensor by name in an index, so looking up every
tensor of a large file stays fast. Each hash holds C<name>, C<type> (C<'f32'>, C<'f16'>, C<'bf16'>,
C<'q8_0'>, C<'q4_0'>, C<'q4_K'>, C<'q6_K'>, C<'iq4_xs'>, ...: the names of
L<Lugh::Tensor/type>), C<shape> (an array reference, the first
dimension first, as in L<Lugh::Tensor/shape>), C<offset> (bytes from the
start of the data section) and C<nbytes>.

=head2 load

    my $ctx = $gguf->load;                       # mode => 'copy'
    my $ctx = $gguf->load( mode => 'mmap' );
    my $ctx = $gguf->load( mode => 'metadata' );
    my $w   = $ctx->get_tensor('w');             # a Lugh::Tensor

Creates a new L<Lugh::Context> sized for exactly the file's tensors and
creates every tensor in it, named as in the file. Use
L<Lugh::Context/get_tensor> or L<Lugh::Context/tensors> to reach them.

=over 4

=item copy

The data is copied into the context. The tensors are like any others:
readable and writable.

=item mmap

The tensors' data stays in the file, which is mapped into memory read-only:
loading costs the same whatever the size of the file, nothing is copied,
and processes that map the same file share the pages. The mapping belongs to
the context: the C<Lugh::GGUF> object may go away, the tensors stay valid
for as long as the context lives. Writing into these tensors (C<set_f32>,
C<set_data>, an in-place operation or a copy into one of them) dies instead
of touching the read-only pages. Rewriting the file with
L<Lugh::GGUF::Writer> is safe (it replaces the file whole; the mapping keeps
the old one), but another program truncating it in place is not.

=item metadata

Names, types and shapes only, in a C<no_alloc> context; reading data dies.

=back

A file that does not hold every tensor's bytes (its data section truncated,
missing as in a header-only file, or a tensor placed past its end) is
refused by every mode, C<metadata> too: whoever fills such tensors later
would read past the end of the file. It can still be opened, to read its
keys and tensor table. C<< $gguf->context_size(mode => ...) >> gives the
arena size a load takes.

=head1 THREAD SAFETY

As with contexts, a C<Lugh::GGUF> object belongs to the Perl thread that
opened it: a copy in another thread dies when used and closes nothing when
destroyed. Open the file again in each thread (with C<mmap>, the pages are
shared anyway).

=head1 SEE ALSO

L<Lugh::GGUF::Writer>, L<Lugh::Context>, L<Lugh::Tensor>, L<Lugh>

=head1 LICENSE

This library is free software; you can redistribute it and/or modify it
under the same terms as Perl itself.

=cut
