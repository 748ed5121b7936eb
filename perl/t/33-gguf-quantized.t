# Quantized and half-precision weights from a GGUF file work as Lugh::Tensor
# objects: `lugh quantize` (the tree's command-line tool) converts a file the
# Perl writer made, and mul_mat of each loaded weight matches a double
# precision reference within the types' error bounds (docs/weights.md).
use strict;
use warnings;
use Test::More;
use File::Spec;
use File::Temp qw(tempdir);
use FindBin;
use List::Util qw(max);
use Lugh;
require "$FindBin::Bin/lib_check.pl";

my $tool = File::Spec->catfile( $FindBin::Bin, File::Spec->updir, File::Spec->updir, qw(build bin lugh) );
plan skip_all => "no $tool (in the source tree, after make)" unless -x $tool;

my $dir = tempdir( CLEANUP => 1 );
my ( $K, $M, $N ) = ( 96, 5, 3 );    # rows of 3 blocks of 32
my @w = map { unpack 'f', pack 'f', $_ } wobble( $K * $M, 0.4, 3 );
my @x = map { unpack 'f', pack 'f', $_ } wobble( $K * $N, 2.0, 1 );
my $f32 = "$dir/w.gguf";
{
    my $ctx = Lugh::Context->new( mem_size => 1024 * 1024 );
    # Named like a model's weights: llama-quantize (and so `lugh quantize`)
    # converts only tensors whose name ends in "weight".
    my $wt = Lugh::Tensor->new_f32( $ctx, $K, $M )->set_name('w.weight');
    $wt->set_f32(@w);
    Lugh::GGUF::Writer->new->set( 'general.name', 'q' )->add_tensor($wt)->write($f32);
}

# Largest error of one weight / one input element, per block of 32.
sub block_max { my ( $v, $i ) = @_; my $b = int( $i / 32 ) * 32; max map { abs $v->[$_] } $b .. $b + 31 }
my %error = (
    q8_0 => sub { block_max(@_) / 254 * 1.01 + 1e-30 },
    q4_0 => sub { block_max(@_) / 8 * 1.01 + 1e-30 },
    f16  => sub { abs( $_[0][ $_[1] ] ) * 2**-11 },
    bf16 => sub { abs( $_[0][ $_[1] ] ) * 2**-8 },
);
# The input may be converted to the weight's type (q8_0 for both block types).
my %input = ( q8_0 => 'q8_0', q4_0 => 'q8_0', f16 => 'f16', bf16 => 'bf16' );

for my $type (qw(q8_0 q4_0 f16 bf16)) {
    my $path = "$dir/w-$type.gguf";
    system( $tool, 'quantize', $f32, $path, $type ) == 0 or BAIL_OUT("lugh quantize $type failed");
    my $gguf = Lugh::GGUF->new($path);
    is( $gguf->tensor_info('w.weight')->{type}, $type, "$type: the file holds a $type tensor" );
    is( $gguf->get('general.name'), 'q', "$type: keys are kept" );
    for my $mode (qw(copy mmap)) {
        my $weights = $gguf->load( mode => $mode );
        my $wt = $weights->get_tensor('w.weight');
        is( $wt->type, $type, "$type $mode: a $type Lugh::Tensor" );
        is_deeply( [ $wt->shape ], [ $K, $M ], "$type $mode: shape" );
        my $work = Lugh::Context->new( mem_size => 1024 * 1024 );
        my $xt = Lugh::Tensor->new_f32( $work, $K, $N );
        $xt->set_f32(@x);
        my $got = compute_tensor( $work, Lugh::Ops::mul_mat( $work, $wt, $xt ), 2 );
        my ( $worst, $bad ) = ( 0, 0 );
        for my $n ( 0 .. $N - 1 ) {
            my @xc = @x[ $n * $K .. $n * $K + $K - 1 ];
            for my $m ( 0 .. $M - 1 ) {
                my @wr = @w[ $m * $K .. $m * $K + $K - 1 ];
                my ( $want, $bound ) = ( 0, 1e-5 );
                for my $k ( 0 .. $K - 1 ) {
                    my $ew = $error{$type}->( \@wr, $k );
                    my $ex = $error{ $input{$type} }->( \@xc, $k );
                    $want  += $wr[$k] * $xc[$k];
                    $bound += abs( $xc[$k] ) * $ew + abs( $wr[$k] ) * $ex + $ew * $ex;
                }
                my $err = abs( $got->[ $n * $M + $m ] - $want );
                $worst = $err / $bound if $err / $bound > $worst;
                $bad++ if $err > $bound;
            }
        }
        is( $bad, 0, sprintf "$type $mode: mul_mat within the error bound (worst %.2f of it)", $worst );
        next unless $type eq 'f16';
        # With precision f32 the input is not rounded: against the stored
        # weights the only error left is float accumulation (the default's
        # rounding of the input to F16 is some 100 times larger).
        my @wd    = $wt->get_f32;
        my $exact = Lugh::Ops::mul_mat( $work, $wt, $xt );
        Lugh::Ops::mul_mat_set_prec( $exact, 'f32' );
        my $got32 = compute_tensor( $work, $exact, 2 );
        my ( $bad32, $bad16 ) = ( 0, 0 );
        for my $n ( 0 .. $N - 1 ) {
            for my $m ( 0 .. $M - 1 ) {
                my ( $want, $mag ) = ( 0, 0 );
                for my $k ( 0 .. $K - 1 ) {
                    my $p = $wd[ $m * $K + $k ] * $x[ $n * $K + $k ];
                    $want += $p;
                    $mag  += abs $p;
                }
                $bad32++ if abs( $got32->[ $n * $M + $m ] - $want ) > 1e-6 * $mag;
                $bad16++ if abs( $got->[ $n * $M + $m ] - $want ) > 1e-6 * $mag;
            }
        }
        is( $bad32, 0, "f16 $mode: with mul_mat_set_prec('f32') only float rounding is left" );
        ok( $bad16 > 0, "f16 $mode: the default precision rounds the input (the check above can fail)" );
    }
}

my $ctx = Lugh::Context->new( mem_size => 1024 * 1024 );
my $a   = Lugh::Tensor->new_f32( $ctx, 4, 2 );
my $sum = Lugh::Ops::add( $ctx, $a, $a );
like( eval { Lugh::Ops::mul_mat_set_prec( $sum, 'f32' ); 1 } ? '' : $@, qr/not a mul_mat node/,
    'mul_mat_set_prec dies for a tensor that is not a mul_mat result' );
my $prod = Lugh::Ops::mul_mat( $ctx, $a, $a );
like( eval { Lugh::Ops::mul_mat_set_prec( $prod, 'half' ); 1 } ? '' : $@, qr/unknown precision 'half'/,
    'mul_mat_set_prec dies for an unknown name' );
like( eval { Lugh::Ops::mul_mat_set_prec( $prod, 7 ); 1 } ? '' : $@, qr/precision 7 is not/,
    'mul_mat_set_prec dies for an unknown number' );
ok( eval { Lugh::Ops::mul_mat_set_prec( $prod, 10 ); Lugh::Ops::mul_mat_set_prec( $prod, 'default' ); 1 },
    'mul_mat_set_prec takes ggml numbers and names' );

done_testing;
