# Every module has POD, and podchecker finds no errors or warnings in it.
use strict;
use warnings;
use Test::More;
use File::Spec;
use FindBin;
use Pod::Checker;

my $lib = File::Spec->catdir( $FindBin::Bin, File::Spec->updir, 'lib' );
my @modules = map { File::Spec->catfile( $lib, @$_ ) }
    ['Lugh.pm'], [qw(Lugh Context.pm)], [qw(Lugh Tensor.pm)], [qw(Lugh Ops.pm)], [qw(Lugh Graph.pm)],
    [qw(Lugh GGUF.pm)], [qw(Lugh GGUF Writer.pm)],
    map { [ 'Lugh', "$_.pm" ] } qw(Model Tokenizer Inference KVCache Prompt);
for my $file (@modules) {
    my $checker = Pod::Checker->new( -warnings => 2 );
    open my $null, '>', File::Spec->devnull or die $!;
    $checker->parse_from_file( $file, $null );
    is( $checker->num_errors,   0, "$file: no POD errors" );
    is( $checker->num_warnings, 0, "$file: no POD warnings" );
}
done_testing;
