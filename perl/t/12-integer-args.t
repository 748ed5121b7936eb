# Integer arguments are checked, never cut: every binding reads them through
# one converter (xs/args.hpp). These calls used to truncate silently
# (2**32 + 1 became 1, 12.7 became 12, 'abc' became 0); each now dies with
# a message naming the function, the argument and the range, and nothing is
# created.
use strict;
use warnings;
use Test::More;
use Lugh;

my $die = sub { my $code = shift; eval { $code->(); 1 } ? '' : $@ };

my $ctx = Lugh::Context->new( mem_size => 4 * 1024 * 1024 );
my $a   = Lugh::Tensor->new_f32( $ctx, 4, 3 );
$a->set_f32( 1 .. 12 );
my $big = 2**32 + 1;

subtest 'op arguments' => sub {
    my $n = $ctx->n_tensors;
    like( $die->( sub { Lugh::Ops::concat( $ctx, $a, $a, $big ) } ),
        qr/^Lugh::Ops::concat: dim is 4294967297, outside -2147483648\.\.2147483647/, 'concat dim 2**32 + 1' );
    like( $die->( sub { Lugh::Ops::permute( $ctx, $a, 2**32, 1, 2, 3 ) } ), qr/permute: axis0 is 4294967296, outside/,
        'permute axis 2**32' );
    like( $die->( sub { Lugh::Ops::reshape( $ctx, $a, 12.7 ) } ),
        qr/reshape: shape is '12.7' \(not a whole number\); an integer is expected/, 'reshape 12.7' );
    like( $die->( sub { Lugh::Ops::reshape( $ctx, $a, [ 4, 'three' ] ) } ), qr/shape is 'three' \(not a number\)/,
        'a size in an array ref' );
    like( $die->( sub { Lugh::Ops::view_1d( $ctx, $a, 2.9, 4.9 ) } ), qr/view_1d: ne0 is '2.9' \(not a whole number\)/,
        'view_1d 2.9' );
    like( $die->( sub { Lugh::Ops::view_1d( $ctx, $a, 2, 4.9 ) } ), qr/view_1d: offset is '4.9'/, 'view_1d offset 4.9' );
    like( $die->( sub { Lugh::Ops::view_1d( $ctx, $a, 2, -4 ) } ), qr/offset is -4, outside 0\.\./,
        'a negative byte offset' );
    like( $die->( sub { Lugh::Ops::diag_mask_inf( $ctx, $a, undef ) } ), qr/n_past is undefined; an integer is expected/,
        'undef is not 0' );
    like( $die->( sub { Lugh::Ops::diag_mask_inf( $ctx, $a, 'abc' ) } ), qr/n_past is 'abc' \(not a number\)/,
        'a string is not 0' );
    like( $die->( sub { Lugh::Ops::diag_mask_inf( $ctx, $a, 9**9**9 ) } ), qr/n_past is 'Inf' \(not a finite number\)/,
        'inf' );
    like( $die->( sub { Lugh::Ops::unary( $ctx, $a, 2**32 + 8 ) } ), qr/unary: op is 4294967304, outside/,
        'a unary function number out of range' );
    is( $ctx->n_tensors, $n, 'nothing was created' );
    # What is an integer is taken, in any spelling.
    is_deeply( [ Lugh::Ops::reshape( $ctx, $a, '6', 2.0 )->shape ], [ 6, 2 ], "'6' and 2.0 are integers" );
    is_deeply( [ Lugh::Ops::reshape( $ctx, $a, '12e0' )->shape ], [12], "so is '12e0'" );
    is_deeply( [ Lugh::Ops::cont_2d( $ctx, $a, -(-6), 2 )->shape ], [ 6, 2 ], 'and an integer expression' );
};

subtest 'tensor and graph arguments' => sub {
    my $ids = Lugh::Tensor->new_i32( $ctx, 2 );
    like( $die->( sub { $ids->set_i32( 2**32 + 5, 0 ) } ),
        qr/set_i32: value 0 is 4294967301, outside -2147483648\.\.2147483647/, 'set_i32 2**32 + 5' );
    like( $die->( sub { $ids->set_i32( 1, 2**32 + 1 ) } ), qr/value 1 is 4294967297/, 'a get_rows index 2**32 + 1' );
    like( $die->( sub { $ids->set_i32( 1.5, 0 ) } ), qr/value 0 is '1.5' \(not a whole number\)/, 'set_i32 1.5' );
    $ids->set_i32( -2147483648, 2147483647 );
    is_deeply( [ $ids->get_i32 ], [ -2147483648, 2147483647 ], 'the ends of the range are kept' );
    like( $die->( sub { Lugh::Tensor->new_f32( $ctx, 2**63 ) } ), qr/dimension 0 is .*outside/, 'a dimension past int64' );

    my $y = Lugh::Ops::scale( $ctx, $a, 2 );
    my $g = Lugh::Graph->new($ctx)->build_forward($y);
    like( $die->( sub { $g->node(2**32) } ), qr/Lugh::Graph::node: i is 4294967296, outside/, 'node(2**32)' );
    is( $g->node(0)->nelements, 12, 'node(0) is still node 0' );
    like( $die->( sub { $g->compute( $ctx, 2**32 + 1 ) } ), qr/compute: n_threads is 4294967297, outside/,
        'compute with 2**32 + 1 threads' );
    like( $die->( sub { $g->compute( $ctx, 1.5 ) } ), qr/n_threads is '1.5'/, 'compute with 1.5 threads' );
    like( $die->( sub { Lugh::Graph->new( $ctx, -1 ) } ), qr/Lugh::Graph::new: max_nodes is -1, outside 0\.\./,
        'a negative graph size' );
    $g->compute( $ctx, 2 );
    is_deeply( [ $y->get_f32 ], [ map { 2 * $_ } 1 .. 12 ], 'and the graph computes' );
};

done_testing;
