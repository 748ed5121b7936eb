#!/usr/bin/perl
# Moving 1M floats between Perl and a tensor: lists (set_f32/get_f32) against
# packed strings (set_data/get_data). Run from perl/ after `make`:
#
#   perl -Mblib bench/set_get.pl [elements] [repetitions]
#
# Prints elements per second for each way and the ratio packed : list. The
# list figures include nothing but the call (the list is built beforehand);
# the packed figures include nothing but the call either (pack/unpack are
# timed separately, since a program holding its numbers in a list pays them).
use strict;
use warnings;
use Time::HiRes qw(time);
use Lugh;

my $n    = shift // 1_000_000;
my $reps = shift // 5;

my $ctx    = Lugh::Context->new( mem_size => 8 * $n + 1024 * 1024 );
my $t      = Lugh::Tensor->new_f32( $ctx, $n );
my @values = map { $_ * 0.5 } 0 .. $n - 1;
my $packed = pack 'f*', @values;

# Best of $reps runs: the least disturbed by the other jobs on the machine.
sub best {
    my ($code) = @_;
    my $best;
    for ( 1 .. $reps ) {
        my $t0 = time;
        $code->();
        my $dt = time - $t0;
        $best = $dt if !defined $best || $dt < $best;
    }
    return $best;
}

my %seconds;
$seconds{set_f32}  = best( sub { $t->set_f32(@values) } );
$seconds{get_f32}  = best( sub { my @got = $t->get_f32 } );
$seconds{set_data} = best( sub { $t->set_data($packed) } );
$seconds{get_data} = best( sub { my $got = $t->get_data } );
$seconds{pack}     = best( sub { my $p = pack 'f*', @values } );
$seconds{unpack}   = best( sub { my @u = unpack 'f*', $packed } );

# The two ways must agree before their speed means anything.
$t->set_data($packed);
my @check = $t->get_f32;
die "set_data/get_f32 disagree\n" unless $check[-1] == $values[-1] && @check == $n;

printf "%d elements, best of %d runs\n", $n, $reps;
printf "%-10s %10.3f ms %14.0f elements/s\n", $_, 1000 * $seconds{$_}, $n / $seconds{$_}
    for qw(set_f32 get_f32 set_data get_data pack unpack);
printf "ratio set_data : set_f32 = %.1fx faster\n", $seconds{set_f32} / $seconds{set_data};
printf "ratio get_data : get_f32 = %.1fx faster\n", $seconds{get_f32} / $seconds{get_data};
printf "with pack/unpack included: set %.1fx, get %.1fx\n",
    $seconds{set_f32} / ( $seconds{set_data} + $seconds{pack} ),
    $seconds{get_f32} / ( $seconds{get_data} + $seconds{unpack} );
