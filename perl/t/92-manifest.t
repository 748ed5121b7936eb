#!/usr/bin/perl
# MANIFEST lists exactly the distribution's files: every entry exists, and
# every source under lib/, t/, xs/ and bench/ is listed (a file missing from
# MANIFEST is left out of the tarball `make dist` writes).
use strict;
use warnings;
use Test::More;
use File::Find;
use FindBin;

my $root = "$FindBin::Bin/..";
open my $fh, '<', "$root/MANIFEST" or die "MANIFEST: $!";
my %listed;
while (my $line = <$fh>) {
    next if $line =~ /^\s*(#|$)/;
    my ($path) = split ' ', $line;
    $listed{$path} = 1;
}
close $fh;

ok(-f "$root/$_", "MANIFEST entry $_ exists") for sort keys %listed;

my @present;
find({ no_chdir => 1, wanted => sub {
    return unless -f $_;
    (my $rel = $_) =~ s{^\Q$root\E/}{};
    push @present, $rel;
} }, map { "$root/$_" } grep { -d "$root/$_" } qw(lib t xs bench));
ok($listed{$_}, "$_ is listed in MANIFEST") for sort @present;

done_testing();
