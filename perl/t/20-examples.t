# The Perl examples of the source tree (examples/perl/*.pl) run and exit 0.
# Skipped outside the tree (an installed distribution has no examples/).
use strict;
use warnings;
use Test::More;
use File::Spec;
use FindBin;

my $dir = File::Spec->catdir( $FindBin::Bin, File::Spec->updir, File::Spec->updir, 'examples', 'perl' );
my @scripts = sort glob( File::Spec->catfile( $dir, '*.pl' ) );
plan skip_all => 'no examples/perl next to this distribution' unless @scripts;

for my $script (@scripts) {
    my $output = `"$^X" -Mblib "$script" 2>&1`;
    is( $?, 0, "$script exits 0" ) or diag($output);
    like( $output, qr/\S/, "$script prints something" );
}
done_testing;
