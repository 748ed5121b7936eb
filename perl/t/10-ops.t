# Every Lugh::Ops function against a reference computed in Perl.
use strict;
use warnings;
use Test::More;
use List::Util qw(sum max);
use FindBin;
use Lugh;
require "$FindBin::Bin/lib_check.pl";

my $ctx = Lugh::Context->new( mem_size => 16 * 1024 * 1024 );
my ( $K, $M ) = ( 7, 3 );    # rows of 7, 3 of them: odd sizes on purpose
my @av = wobble( $K * $M, 0.3, 2 );
my @bv = wobble( $K * $M, 1.1, 1.5 );
my @rowv = wobble( $K, 2.0, 1 );
my @posv = map { 0.5 + abs $_ } @av;    # for sqrt and log

sub tensor { my ( $values, @dims ) = @_; my $t = Lugh::Tensor->new_f32( $ctx, @dims ); $t->set_f32(@$values); $t }
my $a   = tensor( \@av,   $K, $M );
my $b   = tensor( \@bv,   $K, $M );
my $row = tensor( \@rowv, $K );
my $pos = tensor( \@posv, $K, $M );
my $tol = 1e-5;

sub rows { my ( $v, $k ) = @_; map { [ @$v[ $_ * $k .. $_ * $k + $k - 1 ] ] } 0 .. @$v / $k - 1 }
my $run = sub { compute_tensor( $ctx, @_ ) };

subtest 'binary arithmetic, with and without broadcasting' => sub {
    my %ref = (
        add => sub { $_[0] + $_[1] },
        sub => sub { $_[0] - $_[1] },
        mul => sub { $_[0] * $_[1] },
        div => sub { $_[0] / $_[1] },
    );
    for my $op ( sort keys %ref ) {
        no strict 'refs';
        my $f = \&{"Lugh::Ops::$op"};
        close_to( $run->( $f->( $ctx, $a, $b ) ), [ map { $ref{$op}->( $av[$_], $bv[$_] ) } 0 .. $#av ], $tol, $op );
        close_to( $run->( $f->( $ctx, $a, $row ) ), [ map { $ref{$op}->( $av[$_], $rowv[ $_ % $K ] ) } 0 .. $#av ],
            $tol, "$op with a broadcast row" );
        my $target = tensor( \@av, $K, $M );
        my $in     = Lugh::Ops->can("${op}_inplace")->( $ctx, $target, $b );
        $run->($in);
        close_to( [ $target->get_f32 ], [ map { $ref{$op}->( $av[$_], $bv[$_] ) } 0 .. $#av ], $tol,
            "${op}_inplace writes into its first input" );
    }
    like( eval { Lugh::Ops::add( $ctx, $a, tensor( [ 1 .. 4 ], 4 ) ); 1 } ? '' : $@, qr/^lugh: .*add/,
        'shapes that cannot broadcast die, naming the operation' );
};

subtest 'scale and clamp' => sub {
    close_to( $run->( Lugh::Ops::scale( $ctx, $a, -0.25 ) ), [ map { -0.25 * $_ } @av ], $tol, 'scale' );
    my $s = tensor( \@av, $K, $M );
    $run->( Lugh::Ops::scale_inplace( $ctx, $s, 3 ) );
    close_to( [ $s->get_f32 ], [ map { 3 * $_ } @av ], $tol, 'scale_inplace' );
    close_to( $run->( Lugh::Ops::clamp( $ctx, tensor( \@av, $K, $M ), -0.5, 1 ) ),
        [ map { $_ < -0.5 ? -0.5 : $_ > 1 ? 1 : $_ } @av ], $tol, 'clamp' );
};

subtest 'element-wise functions' => sub {
    my %ref = (
        sqr     => [ \@av,   sub { $_[0]**2 } ],
        sqrt    => [ \@posv, sub { sqrt $_[0] } ],
        log     => [ \@posv, sub { log $_[0] } ],
        neg     => [ \@av,   sub { -$_[0] } ],
        abs     => [ \@av,   sub { abs $_[0] } ],
        exp     => [ \@av,   sub { exp $_[0] } ],
        relu    => [ \@av,   sub { $_[0] > 0 ? $_[0] : 0 } ],
        tanh    => [ \@av,   sub { my $e = exp( 2 * $_[0] ); ( $e - 1 ) / ( $e + 1 ) } ],
        sigmoid => [ \@av,   sub { 1 / ( 1 + exp( -$_[0] ) ) } ],
        silu    => [ \@av,   sub { $_[0] / ( 1 + exp( -$_[0] ) ) } ],
        gelu    => [
            \@av,
            sub {
                my $x = shift;
                my $u = sqrt( 2 / 3.14159265358979 ) * ( $x + 0.044715 * $x**3 );
                my $e = exp( 2 * $u );
                0.5 * $x * ( 1 + ( $e - 1 ) / ( $e + 1 ) );
            }
        ],
    );
    for my $op ( sort keys %ref ) {
        my ( $input, $f ) = @{ $ref{$op} };
        my $want = [ map { $f->($_) } @$input ];
        my $tolerance = $op eq 'gelu' ? 1e-3 : 1e-5;
        close_to( $run->( Lugh::Ops->can($op)->( $ctx, tensor( $input, $K, $M ) ) ), $want, $tolerance, $op );
        my $t = tensor( $input, $K, $M );
        $run->( Lugh::Ops->can("${op}_inplace")->( $ctx, $t ) );
        close_to( [ $t->get_f32 ], $want, $tolerance, "${op}_inplace" );
    }
    close_to( $run->( Lugh::Ops::unary( $ctx, $a, 'neg' ) ), [ map { -$_ } @av ], $tol, "unary by name" );
    close_to( $run->( Lugh::Ops::unary( $ctx, $a, 0 ) ), [ map { abs } @av ], $tol, "unary by number (0 = abs)" );
    my $u = tensor( \@av, $K, $M );
    $run->( Lugh::Ops::unary_inplace( $ctx, $u, 'relu' ) );
    close_to( [ $u->get_f32 ], [ map { $_ > 0 ? $_ : 0 } @av ], $tol, 'unary_inplace' );
    like( eval { Lugh::Ops::unary( $ctx, $a, 'wiggle' ); 1 } ? '' : $@, qr/unknown unary function 'wiggle'/,
        'an unknown unary function dies' );
};

subtest 'reductions' => sub {
    my @r = rows( \@av, $K );
    close_to( $run->( Lugh::Ops::sum( $ctx, $a ) ), [ sum(@av) ], 1e-5, 'sum' );
    my $sr = Lugh::Ops::sum_rows( $ctx, $a );
    is_deeply( [ $sr->shape ], [ 1, $M ], 'sum_rows has one column per row' );
    close_to( $run->($sr), [ map { sum(@$_) } @r ], 1e-5, 'sum_rows' );
    close_to( $run->( Lugh::Ops::mean( $ctx, $a ) ), [ map { sum(@$_) / $K } @r ], 1e-5, 'mean' );
    my $am = Lugh::Ops::argmax( $ctx, $a );
    $run->($am);
    my @want = map { my $x = $_; my $m = max(@$x); ( grep { $x->[$_] == $m } 0 .. $#$x )[0] } @r;
    is_deeply( [ $am->get_i32 ], \@want, 'argmax gives the index of each row maximum' );
    is( $am->type, 'i32', 'argmax gives integers' );
};

subtest 'normalisation and attention helpers' => sub {
    my @r = rows( \@av, $K );
    my $eps = 1e-5;
    my @norm = map {
        my $x = $_; my $m = sum(@$x) / $K; my $v = sum( map { ( $_ - $m )**2 } @$x ) / $K;
        map { ( $_ - $m ) / sqrt( $v + $eps ) } @$x
    } @r;
    my @rms = map { my $x = $_; my $s = sqrt( sum( map { $_**2 } @$x ) / $K + $eps ); map { $_ / $s } @$x } @r;
    my @soft = map { my $x = $_; my $m = max(@$x); my @e = map { exp( $_ - $m ) } @$x; my $s = sum(@e); map { $_ / $s } @e } @r;
    close_to( $run->( Lugh::Ops::norm( $ctx, $a, $eps ) ), \@norm, 1e-4, 'norm' );
    close_to( $run->( Lugh::Ops::rms_norm( $ctx, $a, $eps ) ), \@rms, 1e-4, 'rms_norm' );
    close_to( $run->( Lugh::Ops::soft_max( $ctx, $a ) ), \@soft, 1e-5, 'soft_max' );
    for my $op (qw(norm rms_norm)) {
        my $t = tensor( \@av, $K, $M );
        $run->( Lugh::Ops->can("${op}_inplace")->( $ctx, $t, $eps ) );
        close_to( [ $t->get_f32 ], $op eq 'norm' ? \@norm : \@rms, 1e-4, "${op}_inplace" );
    }
    my $st = tensor( \@av, $K, $M );
    $run->( Lugh::Ops::soft_max_inplace( $ctx, $st ) );
    close_to( [ $st->get_f32 ], \@soft, 1e-5, 'soft_max_inplace' );

    # soft_max_ext: softmax(a * scale + mask), and with no mask.
    my $scale = 0.7;
    my @ext = map {
        my $i = $_; my @x = map { $av[ $i * $K + $_ ] * $scale + $bv[ $i * $K + $_ ] } 0 .. $K - 1;
        my $m = max(@x); my @e = map { exp( $_ - $m ) } @x; my $s = sum(@e); map { $_ / $s } @e
    } 0 .. $M - 1;
    close_to( $run->( Lugh::Ops::soft_max_ext( $ctx, $a, $b, $scale, 0 ) ), \@ext, 1e-5, 'soft_max_ext with a mask' );
    close_to( $run->( Lugh::Ops::soft_max_ext( $ctx, $a, undef, 1, 0 ) ), \@soft, 1e-5,
        'soft_max_ext with undef for no mask' );

    # diag_mask_inf: column j of row i is masked when j > n_past + i.
    my $n_past = 2;
    my @masked = map { my $i = int( $_ / $K ); my $j = $_ % $K; $j > $n_past + $i ? -9**9**9 : $av[$_] } 0 .. $#av;
    close_to( $run->( Lugh::Ops::diag_mask_inf( $ctx, $a, $n_past ) ), \@masked, $tol, 'diag_mask_inf' );
    my $dm = tensor( \@av, $K, $M );
    $run->( Lugh::Ops::diag_mask_inf_inplace( $ctx, $dm, $n_past ) );
    close_to( [ $dm->get_f32 ], \@masked, $tol, 'diag_mask_inf_inplace' );
};

subtest 'mul_mat' => sub {
    my $N  = 5;
    my @xv = wobble( $K * $N, 0.7, 1 );
    my $x  = tensor( \@xv, $K, $N );
    my $y  = Lugh::Ops::mul_mat( $ctx, $a, $x );
    is_deeply( [ $y->shape ], [ $M, $N ], '[K, M] x [K, N] gives [M, N]' );
    my @want;
    for my $n ( 0 .. $N - 1 ) {
        for my $m ( 0 .. $M - 1 ) { push @want, sum( map { $av[ $m * $K + $_ ] * $xv[ $n * $K + $_ ] } 0 .. $K - 1 ) }
    }
    close_to( compute_tensor( $ctx, $y, 1 ), \@want, 1e-5, 'mul_mat on 1 thread' );
    close_to( compute_tensor( $ctx, $y, 3 ), \@want, 1e-5, 'mul_mat on 3 threads' );
    like( eval { Lugh::Ops::mul_mat( $ctx, $a, tensor( [ (1) x 8 ], 4, 2 ) ); 1 } ? '' : $@, qr/mul_mat/,
        'rows of different lengths die' );
};

subtest 'flash_attn_ext' => sub {
    # One query head over two keys: softmax of the dot products weights the value rows.
    my $q = tensor( [ 1, 2 ], 2, 1, 1 );
    my $k = tensor( [ 1, 0, 0, 1 ], 2, 2, 1 );
    my $v = tensor( [ 10, 20, 30, 40 ], 2, 2, 1 );
    my ( $s0, $s1 ) = ( 1 * 0.5, 2 * 0.5 );    # q.k scaled by 0.5
    my $p0   = exp($s0) / ( exp($s0) + exp($s1) );
    my @want = ( $p0 * 10 + ( 1 - $p0 ) * 30, $p0 * 20 + ( 1 - $p0 ) * 40 );
    close_to( $run->( Lugh::Ops::flash_attn_ext( $ctx, $q, $k, $v, undef, 0.5, 0, 0 ) ), \@want, $tol, 'two keys' );
    my $mask = tensor( [ 0, -9**9**9 ], 2, 1 );    # the second key hidden
    close_to( $run->( Lugh::Ops::flash_attn_ext( $ctx, $q, $k, $v, $mask, 0.5, 0, 0 ) ), [ 10, 20 ], $tol, 'masked key' );
    like( eval { Lugh::Ops::flash_attn_ext( $ctx, $q, $k, $v, undef, 0.5, 8, 0 ); 1 } ? '' : $@, qr/ALiBi/,
        'max_bias is refused' );
};

subtest 'get_rows, set_rows, cpy, dup, cont, repeat, concat' => sub {
    my @r   = rows( \@av, $K );
    my $ids = Lugh::Tensor->new_i32( $ctx, 4 );
    $ids->set_i32( 2, 0, 2, 1 );
    close_to( $run->( Lugh::Ops::get_rows( $ctx, $a, $ids ) ), [ map { @{ $r[$_] } } 2, 0, 2, 1 ], $tol, 'get_rows' );

    my $cache = Lugh::Tensor->new_f32( $ctx, $K, $M );
    $cache->set_f32( (0) x ( $K * $M ) );
    my $where = Lugh::Tensor->new_i32( $ctx, 2 );
    $where->set_i32( 1, 0 );
    my $two = Lugh::Tensor->new_i32( $ctx, 2 );
    $two->set_i32( 2, 0 );
    $run->( Lugh::Ops::set_rows( $ctx, $cache, Lugh::Ops::get_rows( $ctx, $a, $two ), $where ) );
    my @want = ( @{ $r[0] }, @{ $r[2] }, (0) x ( $K * ( $M - 2 ) ) );
    close_to( [ $cache->get_f32 ], \@want, $tol, 'set_rows writes rows where the indices say' );

    my $dst = Lugh::Tensor->new_f32( $ctx, $K, $M );
    $dst->set_f32( (0) x ( $K * $M ) );
    $run->( Lugh::Ops::cpy( $ctx, $a, $dst ) );
    close_to( [ $dst->get_f32 ], \@av, $tol, 'cpy fills the destination' );
    close_to( $run->( Lugh::Ops::dup( $ctx, $a ) ), \@av, $tol, 'dup' );

    my @transposed = map { my $k = $_; map { $av[ $_ * $K + $k ] } 0 .. $M - 1 } 0 .. $K - 1;
    my $tr = Lugh::Ops::transpose( $ctx, $a );
    is_deeply( [ $tr->shape ], [ $M, $K ], 'transpose swaps the first two dimensions' );
    close_to( $run->( Lugh::Ops::cont( $ctx, $tr ) ), \@transposed, $tol, 'cont of a transpose' );
    my $c2 = Lugh::Ops::cont_2d( $ctx, $tr, $K, $M );
    is_deeply( [ $c2->shape ], [ $K, $M ], 'cont_2d gives the asked shape' );
    close_to( $run->($c2), \@transposed, $tol, 'cont_2d keeps the order of the view' );
    is_deeply( [ Lugh::Ops::cont_1d( $ctx, $tr, $K * $M )->shape ], [ $K * $M ], 'cont_1d' );
    is_deeply( [ Lugh::Ops::cont_3d( $ctx, $tr, $M, $K, 1 )->shape ], [ $M, $K ], 'cont_3d' );
    is_deeply( [ Lugh::Ops::cont_4d( $ctx, $tr, $K, 1, $M, 1 )->shape ], [ $K, 1, $M ], 'cont_4d' );

    my $rep = Lugh::Ops::repeat( $ctx, $row, $a );
    close_to( $run->($rep), [ map { @rowv } 1 .. $M ], $tol, 'repeat tiles a row' );

    my $cat0 = Lugh::Ops::concat( $ctx, $a, $b, 0 );
    is_deeply( [ $cat0->shape ], [ 2 * $K, $M ], 'concat along dimension 0' );
    my @rb = rows( \@bv, $K );
    close_to( $run->($cat0), [ map { ( @{ $r[$_] }, @{ $rb[$_] } ) } 0 .. $M - 1 ], $tol, 'concat 0 values' );
    close_to( $run->( Lugh::Ops::concat( $ctx, $a, $b, 1 ) ), [ @av, @bv ], $tol, 'concat along dimension 1' );
};

subtest 'views: reshape, view, permute' => sub {
    my $v = tensor( [ 1 .. 24 ], 24 );
    is_deeply( [ Lugh::Ops::reshape( $ctx, $v, 4, 6 )->shape ], [ 4, 6 ], 'reshape with a list' );
    is_deeply( [ Lugh::Ops::reshape( $ctx, $v, [ 2, 3, 4 ] )->shape ], [ 2, 3, 4 ], 'reshape with an array ref' );
    is_deeply( [ Lugh::Ops::reshape_1d( $ctx, $v, 24 )->shape ], [24], 'reshape_1d' );
    my $m = Lugh::Ops::reshape_2d( $ctx, $v, 6, 4 );
    is_deeply( [ $m->shape ], [ 6, 4 ], 'reshape_2d' );
    is_deeply( [ $m->get_f32 ], [ 1 .. 24 ], 'a reshape shares the data at once' );
    is_deeply( [ Lugh::Ops::reshape_3d( $ctx, $v, 2, 3, 4 )->shape ], [ 2, 3, 4 ], 'reshape_3d' );
    is_deeply( [ Lugh::Ops::reshape_4d( $ctx, $v, 2, 3, 2, 2 )->shape ], [ 2, 3, 2, 2 ], 'reshape_4d' );
    like( eval { Lugh::Ops::reshape_2d( $ctx, $v, 5, 5 ); 1 } ? '' : $@, qr/^lugh: .*reshape/,
        'a reshape to another element count dies' );
    like( eval { Lugh::Ops::reshape_2d( $ctx, $v, 24 ); 1 } ? '' : $@, qr/Usage: Lugh::Ops::reshape_2d\(ctx, a, ne0, ne1\)/,
        'a wrong number of sizes dies' );

    my $tail = Lugh::Ops::view_1d( $ctx, $v, 5, 4 * 10 );
    is_deeply( [ $tail->get_f32 ], [ 11 .. 15 ], 'view_1d at a byte offset' );
    my $sub = Lugh::Ops::view_2d( $ctx, $m, 2, 3, 6 * 4, 4 * 1 );
    is_deeply( $run->( Lugh::Ops::cont( $ctx, $sub ) ), [ 2, 3, 8, 9, 14, 15 ], 'view_2d with a row stride' );
    my $v3 = Lugh::Ops::view_3d( $ctx, $v, 2, 2, 2, 4 * 3, 4 * 12, 0 );
    is_deeply( $run->( Lugh::Ops::cont( $ctx, $v3 ) ), [ 1, 2, 4, 5, 13, 14, 16, 17 ], 'view_3d' );
    my $v4 = Lugh::Ops::view_4d( $ctx, $v, 2, 1, 2, 2, 4 * 2, 4 * 6, 4 * 12, 0 );
    is_deeply( $run->( Lugh::Ops::cont( $ctx, $v4 ) ), [ 1, 2, 7, 8, 13, 14, 19, 20 ], 'view_4d' );
    like( eval { Lugh::Ops::view_1d( $ctx, $v, 10, 4 * 20 ); 1 } ? '' : $@, qr/^lugh: /,
        'a view reaching past its source dies' );

    like( eval { Lugh::Ops::transpose( $ctx, $m )->get_data; 1 } ? '' : $@, qr/not contiguous/,
        'get_data of a transposed view dies: it is not contiguous' );
    is_deeply( [ Lugh::Ops::transpose( $ctx, $m )->get_f32 ], [ map { my $c = $_; map { $c + 1 + 6 * $_ } 0 .. 3 } 0 .. 5 ],
        'get_f32 reads a transposed view in its own order' );

    my $x = Lugh::Ops::reshape_3d( $ctx, $v, 2, 3, 4 );
    my $p = Lugh::Ops::permute( $ctx, $x, 1, 0, 2, 3 );
    is_deeply( [ $p->shape ], [ 3, 2, 4 ], 'permute moves dimensions' );
    # permute(1,0,2,3) swaps the first two dimensions: element (i, j, k) of the
    # result is element (j, i, k) of the source.
    my @want = map { my $k = $_; map { my $j = $_; map { 1 + $j + 2 * $_ + 6 * $k } 0 .. 2 } 0 .. 1 } 0 .. 3;
    is_deeply( $run->( Lugh::Ops::cont( $ctx, $p ) ), \@want, 'permute values' );
};

subtest 'rope' => sub {
    my ( $hd, $nh, $nt ) = ( 4, 2, 3 );
    my @qv = wobble( $hd * $nh * $nt, 0.2, 1 );
    my $q  = tensor( \@qv, $hd, $nh, $nt );
    my $positions = Lugh::Tensor->new_i32( $ctx, $nt );
    $positions->set_i32( 0, 1, 5 );
    my $base = 10000;
    # Mode 0 rotates neighbours (x[2i], x[2i+1]) by pos * base^(-2i/n_dims).
    my @want;
    for my $t ( 0 .. $nt - 1 ) {
        my $p = ( 0, 1, 5 )[$t];
        for my $h ( 0 .. $nh - 1 ) {
            my $o = ( $t * $nh + $h ) * $hd;
            for my $i ( 0 .. $hd / 2 - 1 ) {
                my $theta = $p * $base**( -2 * $i / $hd );
                my ( $x0, $x1 ) = @qv[ $o + 2 * $i, $o + 2 * $i + 1 ];
                push @want, $x0 * cos($theta) - $x1 * sin($theta), $x0 * sin($theta) + $x1 * cos($theta);
            }
        }
    }
    close_to( $run->( Lugh::Ops::rope( $ctx, $q, $positions, $hd, 0 ) ), \@want, 1e-4, 'rope, mode 0' );
    my @ext = ( $ctx, $q, $positions, undef, $hd, 0, 0, $base, 1, 0, 1, 32, 1 );
    close_to( $run->( Lugh::Ops::rope_ext(@ext) ), \@want, 1e-4, 'rope_ext with the defaults agrees' );
    my $qi = tensor( \@qv, $hd, $nh, $nt );
    $ext[1] = $qi;
    $run->( Lugh::Ops::rope_ext_inplace(@ext) );
    close_to( [ $qi->get_f32 ], \@want, 1e-4, 'rope_ext_inplace' );
    my $qr = tensor( \@qv, $hd, $nh, $nt );
    $run->( Lugh::Ops::rope_inplace( $ctx, $qr, $positions, $hd, 0 ) );
    close_to( [ $qr->get_f32 ], \@want, 1e-4, 'rope_inplace (new with the op table: every face has every op)' );
};

subtest 'argument errors' => sub {
    like( eval { Lugh::Ops::add( $ctx, $a, 'b' ); 1 } ? '' : $@, qr/expected a Lugh::Tensor object/,
        'a non-tensor argument dies' );
    like( eval { Lugh::Ops::add( $a, $a, $b ); 1 } ? '' : $@, qr/expected a Lugh::Context object/,
        'a missing context dies' );
    like( eval { Lugh::Ops::add( $ctx, $a ); 1 } ? '' : $@, qr/Usage: Lugh::Ops::add/, 'a missing argument dies' );
    my $gone;
    { my $c = Lugh::Context->new( mem_size => 1 << 16 ); $gone = Lugh::Tensor->new_f32( $c, $K, $M ) }
    like( eval { Lugh::Ops::add( $ctx, $a, $gone ); 1 } ? '' : $@, qr/used after its context/,
        'a tensor of a freed context dies' );
};

done_testing;
