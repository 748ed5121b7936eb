# Every module has POD, and podchecker finds no errors or warnings in it;
# every function of Lugh::Ops is documented in Lugh::Ops or one of its
# group pages (Lugh::Ops::*, generated from the op table).
use strict;
use warnings;
use Test::More;
use File::Spec;
use FindBin;
use Pod::Checker;
use Lugh;

my $lib = File::Spec->catdir( $FindBin::Bin, File::Spec->updir, 'lib' );
my @op_pages = sort glob File::Spec->catfile( $lib, qw(Lugh Ops *.pod) );
ok( @op_pages >= 2, 'Lugh::Ops has its group pages' );
my @modules = ( ( map { File::Spec->catfile( $lib, @$_ ) }
    ['Lugh.pm'], [qw(Lugh Context.pm)], [qw(Lugh Tensor.pm)], [qw(Lugh Ops.pm)], [qw(Lugh Graph.pm)],
    [qw(Lugh GGUF.pm)], [qw(Lugh GGUF Writer.pm)],
    map { [ 'Lugh', "$_.pm" ] } qw(Model Tokenizer Inference KVCache Prompt) ), @op_pages );
for my $file (@modules) {
    my $checker = Pod::Checker->new( -warnings => 2 );
    open my $null, '>', File::Spec->devnull or die $!;
    $checker->parse_from_file( $file, $null );
    is( $checker->num_errors,   0, "$file: no POD errors" );
    is( $checker->num_warnings, 0, "$file: no POD warnings" );
}

# The functions documented by a =head2 (an _inplace twin is documented with its op).
my %documented;
for my $file ( File::Spec->catfile( $lib, qw(Lugh Ops.pm) ), @op_pages ) {
    open my $fh, '<', $file or die "$file: $!";
    while ( my $line = <$fh> ) {
        $documented{$1} = 1 if $line =~ /^=head2\s+(\w+)\s*$/;
    }
}
my @functions = grep { defined &{"Lugh::Ops::$_"} } keys %Lugh::Ops::;
ok( @functions > 100, 'Lugh::Ops has its functions (' . scalar(@functions) . ')' );
my @undocumented = sort grep { !$documented{ s/_inplace$//r } } @functions;
is( "@undocumented", '', 'every function of Lugh::Ops has a =head2 in Lugh::Ops or a Lugh::Ops::* page' );
done_testing;
