# The TENSOR CREATION section of the Lugh::Context documentation.
use strict;
use warnings;
use Test::More;
use Lugh;

# The seed's table: dimensions, elements and F32 memory.
my @table = ( [ [100], 100, 400 ], [ [ 100, 200 ], 20_000, 80_000 ], [ [ 100, 200, 300 ], 6_000_000, 24_000_000 ], );

# Room for the three tensors of the table (24 MB of data and a little more);
# the arena is faulted in lazily, so only touched pages cost memory.
my $ctx = Lugh::Context->new( mem_size => 26 * 1024 * 1024 );
for my $row (@table) {
    my ( $dims, $elements, $bytes ) = @$row;
    my $label = '(' . join( ', ', @$dims ) . ')';
    my $t = Lugh::Tensor->new_f32( $ctx, @$dims );
    is( $t->n_dims, scalar @$dims, "$label: n_dims" );
    is_deeply( [ $t->shape ], $dims, "$label: shape" );
    is( $t->nelements, $elements, "$label: $elements elements" );
    is( $t->nbytes, $bytes, "$label: $bytes bytes" );
    is( $t->type, 'f32', "$label: type is f32" );
}

# The 4-D tensor of the seed (100 x 200 x 300 x 400 F32) needs 9.6 GB of data:
# create it in a metadata-only context.
my $meta = Lugh::Context->new( mem_size => 1024 * 1024, no_alloc => 1 );
my $f32_4d = Lugh::Tensor->new_f32( $meta, 100, 200, 300, 400 );
is( $f32_4d->n_dims, 4, '4-D tensor: n_dims' );
is_deeply( [ $f32_4d->shape ], [ 100, 200, 300, 400 ], '4-D tensor: shape' );
is( $f32_4d->nelements, 2_400_000_000, '4-D tensor: 2.4e9 elements' );
is( $f32_4d->nbytes, 9_600_000_000, '4-D tensor: 9.6 GB of data' );

# In an allocating context that is too small, the same tensor dies clearly.
my $err = eval { Lugh::Tensor->new_f32( $ctx, 100, 200, 300, 400 ); 1 } ? '' : $@;
like( $err, qr/out of memory: a f32 tensor of shape \[100, 200, 300, 400\] needs/, 'too large for the arena: dies' );
like( $err, qr/at \Q${\__FILE__}\E line/, '... at the caller' );
my $n = $ctx->n_tensors;
ok( Lugh::Tensor->new_f32( $ctx, 10 ), 'the context stays usable after the failure' );
is( $ctx->n_tensors, $n + 1, '... and the failed tensor left nothing behind' );

# Dimension errors.
my $die = sub { my $code = shift; eval { $code->(); 1 } ? '' : $@ };
like( $die->( sub { Lugh::Tensor->new_f32( $ctx, 1, 2, 3, 4, 5 ) } ), qr/5 dimensions given, but a tensor has 1 to 4/,
    'five dimensions die' );
like( $die->( sub { Lugh::Tensor->new_f32($ctx) } ), qr/0 dimensions given/, 'no dimension dies' );
like( $die->( sub { Lugh::Tensor->new_f32( $ctx, -3 ) } ), qr/dimension 0 is -3/, 'a negative dimension dies' );
like( $die->( sub { Lugh::Tensor->new_f32( $ctx, 'ten' ) } ), qr/new_f32: dimension 0 is 'ten' \(not a number\); an integer is expected/,
    'a non-numeric dimension dies' );
like( $die->( sub { Lugh::Tensor->new_f32( $ctx, 2.5 ) } ), qr/dimension 0 is '2.5' \(not a whole number\)/, 'a fractional dimension dies' );
like( $die->( sub { Lugh::Tensor->new_f32( 'ctx', 10 ) } ), qr/expected a Lugh::Context object/,
    'a non-context first argument dies' );
like( $die->( sub { Lugh::Tensor->new_f32( $f32_4d, 10 ) } ), qr/expected a Lugh::Context object/,
    'a tensor is not a context' );

# A zero-sized dimension is allowed: an empty tensor.
my $empty = Lugh::Tensor->new_f32( $ctx, 0 );
is( $empty->nelements, 0, 'a tensor with a 0 dimension has no elements' );
is_deeply( [ $empty->get_f32 ], [], '... and get_f32 returns an empty list' );

done_testing;
