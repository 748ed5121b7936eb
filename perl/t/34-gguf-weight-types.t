# The weight types of downloaded models (Q4_1 ... IQ4_XS, issue 11) in Perl:
# `lugh quantize` writes each, Lugh::GGUF describes it, and the tensors load
# (copied and memory-mapped) as Lugh::Tensor objects that name their type the
# way ggml does, with the byte sizes of the block layouts.
use strict;
use warnings;
use Test::More;
use File::Spec;
use File::Temp qw(tempdir);
use FindBin;
use Lugh;

my $tool = File::Spec->catfile( $FindBin::Bin, File::Spec->updir, File::Spec->updir, qw(build bin lugh) );
plan skip_all => "no $tool (in the source tree, after make)" unless -x $tool;

my $dir = tempdir( CLEANUP => 1 );
my ( $K, $M ) = ( 512, 3 );    # rows of two 256-element super-blocks
my $f32 = "$dir/w.gguf";
{
    my $ctx = Lugh::Context->new( mem_size => 1024 * 1024 );
    my $wt = Lugh::Tensor->new_f32( $ctx, $K, $M )->set_name('blk.0.ffn_up.weight');
    $wt->set_f32( map { sin( 0.7 * $_ ) * ( 1 + $_ % 5 ) } 0 .. $K * $M - 1 );
    Lugh::GGUF::Writer->new->set( 'general.architecture', 'llama' )->add_tensor($wt)->write($f32);
}

# name => [ggml type number, elements per block, bytes per block]
my %layout = (
    q4_1   => [ 3,  32,  20 ],  q5_0 => [ 6,  32,  22 ],  q5_1 => [ 7,  32,  24 ],
    q2_K   => [ 10, 256, 84 ],  q3_K => [ 11, 256, 110 ], q4_K => [ 12, 256, 144 ],
    q5_K   => [ 13, 256, 176 ], q6_K => [ 14, 256, 210 ], iq4_nl => [ 20, 32, 18 ],
    iq4_xs => [ 23, 256, 136 ],
);

for my $type ( sort keys %layout ) {
    my ( $number, $block, $bytes ) = @{ $layout{$type} };
    my $path = "$dir/w-$type.gguf";
    system( $tool, 'quantize', $f32, $path, lc $type ) == 0 or BAIL_OUT("lugh quantize $type failed");
    my $gguf = Lugh::GGUF->new($path);
    my $info = $gguf->tensor_info('blk.0.ffn_up.weight');
    is( $info->{type},   $type,                       "$type: Lugh::GGUF names the tensor's type" );
    is( $info->{nbytes}, $M * $K / $block * $bytes,    "$type: its size follows the block layout" );
    my %data;
    for my $mode (qw(copy mmap)) {
        my $ctx = $gguf->load( mode => $mode );    # tensors live as long as their context
        my $t   = $ctx->get_tensor('blk.0.ffn_up.weight');
        is( "" . $t->type, $type,   "$type $mode: Lugh::Tensor type name" );
        is( 0 + $t->type,  $number, "$type $mode: ggml type number" );
        is_deeply( [ $t->shape ], [ $K, $M ], "$type $mode: shape" );
        is( $t->nbytes, $info->{nbytes}, "$type $mode: nbytes" );
        $data{$mode} = $t->get_data;
    }
    ok( $data{copy} eq $data{mmap}, "$type: copied and mapped tensors hold the same bytes" );
    my $ctx = $gguf->load;
    like( eval { $ctx->get_tensor('blk.0.ffn_up.weight')->get_f32; 1 } ? '' : $@,
        qr/block type/, "$type: single elements of a block type are not read as floats" );
}

done_testing;
