# Reading and writing tensor data: lists of numbers and packed strings.
use strict;
use warnings;
use Test::More;
use Lugh;

my $ctx = Lugh::Context->new( mem_size => 4 * 1024 * 1024 );
my $die = sub { my $code = shift; eval { $code->(); 1 } ? '' : $@ };

subtest 'set_f32 / get_f32' => sub {
    my $t = Lugh::Tensor->new_f32( $ctx, 3, 2 );
    $t->set_f32( 1 .. 6 );
    is_deeply( [ $t->get_f32 ], [ 1 .. 6 ], 'values come back in the order given' );
    $t->set_f32( 0.5, -1.25, 1e10, -0.0, 3.75, 1 / 3 );
    my @got = $t->get_f32;
    is( $got[0], 0.5, 'exact binary fractions survive' );
    is( $got[2], 1e10, 'large values survive' );
    cmp_ok( abs( $got[5] - 1 / 3 ), '<', 1e-7, 'other values are rounded to single precision' );
    is( scalar( $t->get_f32 ), 6, 'in scalar context get_f32 gives the element count' );
    like( $die->( sub { $t->set_f32( 1 .. 5 ) } ), qr/has 6 elements, but 5 values were given/, 'too few values die' );
    like( $die->( sub { $t->set_f32( 1 .. 7 ) } ), qr/has 6 elements, but 7 values were given/, 'too many values die' );
    like( $die->( sub { $t->set_f32() } ), qr/has 6 elements, but 0 values were given/, 'no values die' );
    is_deeply( [ $t->get_f32 ], [ 0.5, -1.25, 1e10, -0.0, 3.75, $got[5] ], 'a failed set_f32 changes nothing' );
};

subtest 'set_data / get_data with pack "f*"' => sub {
    my $n = 1001;
    my $t = Lugh::Tensor->new_f32( $ctx, $n );
    my @values = map { $_ * 0.25 - 100 } 0 .. $n - 1;
    $t->set_data( pack 'f*', @values );
    is_deeply( [ $t->get_f32 ], \@values, 'set_data writes what get_f32 reads' );
    is( length $t->get_data, 4 * $n, 'get_data returns nbytes bytes' );
    is_deeply( [ unpack 'f*', $t->get_data ], \@values, 'get_data unpacks to the same values' );
    $t->set_f32( reverse @values );
    is( $t->get_data, pack( 'f*', reverse @values ), 'get_data sees what set_f32 wrote' );
    like( $die->( sub { $t->set_data( pack 'f*', 1, 2, 3 ) } ), qr/holds 4004 bytes, but 12 were given/,
        'a packed string of the wrong length dies' );
    like( $die->( sub { $t->set_data("\x{263a}") } ), qr/Wide character/, 'a string of characters is not bytes' );
    my $meta = Lugh::Context->new( mem_size => 4096, no_alloc => 1 );
    my $m    = Lugh::Tensor->new_f32( $meta, 4 );
    like( $die->( sub { $m->get_data } ), qr/has no data/, 'get_data of a tensor without data dies' );
    like( $die->( sub { $m->set_data( pack 'f*', 1 .. 4 ) } ), qr/has no data/, '... and so does set_data' );
    # 2^60 elements without data: refused before anything is allocated (an
    # allocation of 2^62 bytes first ended the process with "Out of memory!").
    my $huge = Lugh::Tensor->new_f32( $meta, 2**30, 2**30 );
    like( $die->( sub { my @v = $huge->get_f32 } ), qr/has no data/, 'get_f32 of a huge tensor without data dies first' );
    my $huge_i = Lugh::Tensor->new_i32( $meta, 2**30, 2**30 );
    like( $die->( sub { my @v = $huge_i->get_i32 } ), qr/has no data/, '... and so does get_i32' );
    is( scalar $huge->get_f32, 1 << 60, 'in scalar context get_f32 still counts the elements' );
    my $ints = Lugh::Tensor->new_i32( $ctx, 3 );
    $ints->set_i32( 1, -2, 3 );
    is_deeply( [ unpack 'l*', $ints->get_data ], [ 1, -2, 3 ], 'get_data of an i32 tensor gives its int32 bytes' );
};

subtest 'integer tensors' => sub {
    my $t = Lugh::Tensor->new_i32( $ctx, 4 );
    is( $t->type, 'i32', 'type is i32' );
    is( $t->type + 0, 26, '... numbered as ggml numbers it' );
    $t->set_i32( 3, -1, 7, 2**31 - 1 );
    is_deeply( [ $t->get_i32 ], [ 3, -1, 7, 2**31 - 1 ], 'set_i32 / get_i32 round trip' );
    is_deeply( [ $t->get_f32 ], [ 3, -1, 7, 2**31 ], 'get_f32 converts to floats' );
    like( $die->( sub { $t->set_i32(1) } ), qr/has 4 elements, but 1 values were given/, 'wrong count dies' );
};

subtest 'metadata' => sub {
    my $t = Lugh::Tensor->new_f32( $ctx, 7, 3, 2 );
    is( $t->n_dims, 3, 'n_dims' );
    is_deeply( [ $t->shape ], [ 7, 3, 2 ], 'shape' );
    is( $t->nelements, 42, 'nelements' );
    is( $t->nrows, 6, 'nrows' );
    is( $t->nbytes, 168, 'nbytes' );
    is( $t->type, 'f32', 'type as a string' );
    is( $t->type + 0, 0, 'type as a number' );
    my $trailing = Lugh::Tensor->new_f32( $ctx, 5, 1, 1 );
    is( $trailing->n_dims, 1, 'trailing dimensions of 1 do not count' );
    is( $t->name, '', 'a new tensor has an empty name' );
    is( $t->set_name('weights'), $t, 'set_name returns the tensor' );
    is( $t->name, 'weights', 'name reads it back' );
    $t->set_name( 'x' x 100 );
    is( $t->name, 'x' x 63, 'names are cut to 63 bytes' );
    $t->set_name("caf\x{e9}");
    is( $t->name, "caf\x{e9}", 'names keep their characters' );
};

done_testing;
