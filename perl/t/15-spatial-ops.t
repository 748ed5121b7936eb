# The spatial, sorting and generating operations (issue 14) from Perl,
# against references computed in Perl; bad arguments die with the op's name.
use strict;
use warnings;
use Test::More;
use FindBin;
use Lugh;
require "$FindBin::Bin/lib_check.pl";

my $ctx = Lugh::Context->new( mem_size => 16 * 1024 * 1024 );
sub tensor { my ( $values, @dims ) = @_; my $t = Lugh::Tensor->new_f32( $ctx, @dims ); $t->set_f32(@$values); $t }
my $tol = 1e-5;

subtest 'arange and argsort' => sub {
    close_to( compute_tensor( $ctx, Lugh::Ops::arange( $ctx, 1, 3, 0.5 ) ), [ 1, 1.5, 2, 2.5 ], 0, 'arange' );
    my $x = tensor( [ 3, -1, 2, 0.5, 9, 4 ], 3, 2 );
    my $asc = Lugh::Ops::argsort( $ctx, $x, 0 );
    compute_tensor( $ctx, $asc );
    is_deeply( [ $asc->get_i32 ], [ 1, 2, 0, 0, 2, 1 ], 'argsort ascending, per row' );
    my $top = Lugh::Ops::cont( $ctx, Lugh::Ops::argsort_top_k( $ctx, $x, 2 ) );
    compute_tensor( $ctx, $top );
    is_deeply( [ $top->get_i32 ], [ 0, 2, 1, 2 ], 'argsort_top_k: the two largest of each row' );
};

subtest 'pad, roll, pad_reflect_1d' => sub {
    my $x = tensor( [ 1 .. 6 ], 3, 2 );
    close_to( compute_tensor( $ctx, Lugh::Ops::pad( $ctx, $x, 1, 1, 0, 0 ) ), [ 1, 2, 3, 0, 4, 5, 6, 0, 0, 0, 0, 0 ],
        0, 'pad' );
    close_to( compute_tensor( $ctx, Lugh::Ops::roll( $ctx, $x, 1, 0, 0, 0 ) ), [ 3, 1, 2, 6, 4, 5 ], 0, 'roll' );
    close_to( compute_tensor( $ctx, Lugh::Ops::pad_reflect_1d( $ctx, $x, 2, 1 ) ),
        [ 3, 2, 1, 2, 3, 2, 6, 5, 4, 5, 6, 5 ], 0, 'pad_reflect_1d' );
};

subtest 'conv_2d and pool_2d' => sub {
    my @img = map { $_ * 0.5 } 0 .. 15;    # 4 x 4, one channel
    my $img = tensor( \@img, 4, 4, 1, 1 );
    my $k   = tensor( [ 1, 0, 0, -1 ], 2, 2, 1, 1 );    # x[i, j] - x[i+1, j+1]
    my $y   = Lugh::Ops::conv_2d( $ctx, $k, $img, 1, 1, 0, 0, 1, 1 );
    close_to( compute_tensor( $ctx, $y, 2 ), [ (-2.5) x 9 ], $tol, 'conv_2d' );
    my $p = Lugh::Ops::pool_2d( $ctx, $img, 0, 2, 2, 2, 2, 0, 0 );    # max over 2 x 2
    close_to( compute_tensor( $ctx, $p ), [ 2.5, 3.5, 6.5, 7.5 ], 0, 'pool_2d max' );
    my $u = Lugh::Ops::upscale( $ctx, tensor( [ 1, 2 ], 2 ), 2, 0 );
    close_to( compute_tensor( $ctx, $u ), [ 1, 1, 2, 2, 1, 1, 2, 2 ], 0, 'upscale nearest: dims 0 and 1 doubled' );
};

subtest 'bad arguments die naming the op' => sub {
    my $x = tensor( [ 1 .. 6 ], 3, 2 );
    eval { Lugh::Ops::argsort( $ctx, $x, 5 ) };
    like( $@, qr/ops::argsort: sort order 5/, 'argsort order' );
    eval { Lugh::Ops::roll( $ctx, $x, 3, 0, 0, 0 ) };
    like( $@, qr/ops::roll: shift 3/, 'roll shift' );
    eval { Lugh::Ops::conv_2d( $ctx, $x, $x, 0, 1, 0, 0, 1, 1 ) };
    like( $@, qr/ops::conv_2d: .*stride 0/, 'conv_2d stride' );
    eval { Lugh::Ops::im2col( $ctx, $x, $x, 1, 1, 0, 0, 1, 1, 1, 99 ) };
    like( $@, qr/dst_type 99/, 'im2col type' );
};

done_testing;
