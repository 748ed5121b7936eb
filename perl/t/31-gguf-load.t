# Loading a GGUF file's tensors into a context: copy, mmap and metadata
# modes, the mmap lifetime, read-only mapped data, and loaded tensors in a graph.
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);
use FindBin;
use Lugh;
require "$FindBin::Bin/lib_check.pl";

my $dir = tempdir( CLEANUP => 1 );
my $die = sub { my $code = shift; eval { $code->(); 1 } ? '' : $@ };

# W: 33 x 7 (K = 33 inputs, M = 7 outputs), x: 33 x 2 (N = 2 columns).
my ( $K, $M, $N ) = ( 33, 7, 2 );
# Rounded to f32 as stored, so the values must come back exactly.
my @w = map { unpack 'f', pack 'f', $_ } wobble( $K * $M, 0.3, 2 );
my @x = map { unpack 'f', pack 'f', $_ } wobble( $K * $N, 1.1, 1 );
my $path = "$dir/model.gguf";
{
    my $ctx = Lugh::Context->new( mem_size => 1024 * 1024 );
    my $wt = Lugh::Tensor->new_f32( $ctx, $K, $M )->set_name('w');
    $wt->set_f32(@w);
    my $xt = Lugh::Tensor->new_f32( $ctx, $K, $N )->set_name('x');
    $xt->set_f32(@x);
    Lugh::GGUF::Writer->new->set( 'general.architecture', 'test' )->add_tensor($wt)->add_tensor($xt)->write($path);
}

# y[m, n] = sum_k w[k, m] * x[k, n], in double precision.
my @want;
for my $n ( 0 .. $N - 1 ) {
    for my $m ( 0 .. $M - 1 ) {
        my $s = 0;
        $s += $w[ $m * $K + $_ ] * $x[ $n * $K + $_ ] for 0 .. $K - 1;
        push @want, $s;
    }
}

my %got;
for my $mode (qw(copy mmap)) {
    my $gguf = Lugh::GGUF->new($path);
    my $ctx  = $gguf->load( mode => $mode );
    isa_ok( $ctx, 'Lugh::Context', "$mode load" );
    is_deeply( [ map { $_->name } $ctx->tensors ], [qw(w x)], "$mode: tensors in file order" );
    ok( $ctx->has_tensor('w') && !$ctx->has_tensor('y'), "$mode: has_tensor" );
    is( $ctx->mem_size, $gguf->context_size( mode => $mode ), "$mode: the context is sized by context_size" );
    undef $gguf;    # the tensors must not depend on the GGUF object
    my $wt = $ctx->get_tensor('w');
    close_to( [ $wt->get_f32 ], \@w, 0, "$mode: w survives the GGUF object and holds the written values" );
    $got{$mode} = $wt->get_data;

    my $work = Lugh::Context->new( mem_size => 1024 * 1024 );
    my $y = Lugh::Ops::mul_mat( $work, $wt, $ctx->get_tensor('x') );
    for my $threads ( 1, 3 ) {
        close_to( compute_tensor( $work, $y, $threads ), \@want, 1e-5, "$mode: mul_mat of loaded tensors, $threads thread(s)" );
    }
    like( $die->( sub { $ctx->get_tensor('nope') } ), qr/nope/, "$mode: get_tensor of a missing name dies" );
}
is( $got{mmap}, $got{copy}, 'mmap and copy loads hold the same bytes' );

# Copy: ordinary, writable tensors; the file is untouched.
{
    my $ctx = Lugh::GGUF->new($path)->load;
    my $wt = $ctx->get_tensor('w');
    $wt->set_f32( (0) x ( $K * $M ) );
    is( ( $wt->get_f32 )[0], 0, 'a copied tensor can be written' );
    my $again = Lugh::GGUF->new($path)->load( mode => 'mmap' );
    close_to( [ $again->get_tensor('w')->get_f32 ], \@w, 0, '... without changing the file' );
}

# Mmap: little arena, read-only data, the mapping lives with the context.
{
    my $gguf = Lugh::GGUF->new($path);
    my $ctx  = $gguf->load( mode => 'mmap' );
    ok( $ctx->mem_used < 1024, 'an mmap load keeps only tensor records in the arena (' . $ctx->mem_used . ' bytes)' );
    my $wt = $ctx->get_tensor('w');
    like( $die->( sub { $wt->set_f32( (1) x ( $K * $M ) ) } ),
        qr/Tensor::set_f32: tensor 'w' is read-only: its data is memory-mapped from a file/,
        'set_f32 on a mapped tensor dies' );
    like( $die->( sub { $wt->set_data( pack 'f*', (1) x ( $K * $M ) ) } ), qr/read-only/, 'set_data dies' );
    like( $die->( sub { $wt->set_i32( (1) x ( $K * $M ) ) } ), qr/read-only/, 'set_i32 dies' );
    # The context is sized for the file's tensors: operations go in another one.
    my $work = Lugh::Context->new( mem_size => 1024 * 1024 );
    like( $die->( sub { Lugh::Ops::scale_inplace( $work, $wt, 2 ) } ), qr/scale_inplace: tensor 'w' is read-only/,
        'an in-place op on a mapped tensor dies when it is made' );
    my $zeros = Lugh::Tensor->new_f32( $work, $K, $M );
    $zeros->set_f32( (0) x ( $K * $M ) );
    like( $die->( sub { Lugh::Ops::cpy( $work, $zeros, $wt ) } ), qr/read-only/, 'so does a cpy into a mapped tensor' );
    my $view = Lugh::Ops::view_1d( $work, $wt, 2, 0 );
    like( $die->( sub { $view->set_f32( 1, 2 ) } ), qr/views tensor 'w', which is read-only/,
        'a view of a mapped tensor is read-only too' );
    close_to( [ $wt->get_f32 ], \@w, 0, 'the mapped data is unchanged' );
    my $twice = Lugh::Ops::scale( $work, $wt, 2 );
    close_to( compute_tensor( $work, $twice ), [ map { 2 * $_ } @w ], 1e-6, 'an op reading a mapped tensor computes' );
    undef $ctx;
    ok( !$wt->alive, 'the tensors go with the context' );
    like( $die->( sub { $wt->get_f32 } ), qr/used after its context/, 'and then die when used' );
    # The mapping is released with the context; another load maps the file again.
    my $ctx2 = $gguf->load( mode => 'mmap' );
    close_to( [ $ctx2->get_tensor('w')->get_f32 ], \@w, 0, 'a second mmap load works' );
    my $plain = Lugh::Context->new( mem_size => 1024 * 1024 );
    my $t = Lugh::Tensor->new_f32( $plain, 4 );
    $t->set_f32( 1 .. 4 );
    ok( 1, 'tensors of other contexts stay writable while a file is mapped' );
}

# Metadata only: shapes and types, no data.
{
    my $ctx = Lugh::GGUF->new($path)->load( mode => 'metadata' );
    ok( $ctx->no_alloc, 'a metadata load makes a no_alloc context' );
    my $wt = $ctx->get_tensor('w');
    is_deeply( [ $wt->shape ], [ $K, $M ], 'shape' );
    is( $wt->type, 'f32', 'type' );
    like( $die->( sub { $wt->get_data } ), qr/lugh: /, 'reading data dies' );
}

# Argument errors.
my $gguf = Lugh::GGUF->new($path);
like( $die->( sub { $gguf->load( mode => 'fast' ) } ), qr/mode must be 'copy', 'mmap' or 'metadata', got 'fast'/, 'unknown mode' );
like( $die->( sub { $gguf->load( speed => 1 ) } ), qr/unknown argument 'speed'/, 'unknown argument' );
like( $die->( sub { $gguf->load('mmap') } ), qr/name => value pairs/, 'odd argument list' );

done_testing;
