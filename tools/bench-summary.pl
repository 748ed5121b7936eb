#!/usr/bin/env perl
# Prints a short table from a Google Benchmark JSON file (--benchmark_out):
# one line per benchmark with its time and every counter it reports.
#
#   perl tools/bench-summary.pl build/bench/results.json
#
# Counters are whatever a benchmark puts in state.counters (ratio_vs_stream,
# ratio_vs_openblas, ns_per_tensor, ...): any field of a benchmark entry that
# Google Benchmark does not define itself is shown, so new benchmarks need no
# change here.
use strict;
use warnings;
use JSON::PP ();

my $path = shift @ARGV or die "usage: $0 results.json\n";
open my $fh, '<', $path or die "bench-summary: cannot read $path: $!\n";
my $json = do { local $/; <$fh> };
close $fh;
# lugh_bench writes nothing when no benchmark matched the filter.
if ($json !~ /\S/) {
    print "\nBenchmark summary: no benchmarks ran ($path is empty)\n";
    exit 0;
}
my $doc = JSON::PP->new->decode($json);

# Fields Google Benchmark writes for every entry; the rest are user counters.
my %builtin = map { $_ => 1 } qw(
    name family_index per_family_instance_index run_name run_type repetitions
    repetition_index threads iterations real_time cpu_time time_unit label
    aggregate_name aggregate_unit error_occurred error_message
    bytes_per_second items_per_second
);

# 1234567 -> "1.23M"; ratios and small numbers keep three significant digits.
sub human {
    my ($v) = @_;
    return "$v" unless defined $v && $v =~ /^-?[\d.]+(?:e[-+]?\d+)?$/i;
    my $a = abs $v;
    return sprintf('%.3gG', $v / 1e9) if $a >= 1e9;
    return sprintf('%.3gM', $v / 1e6) if $a >= 1e6;
    return sprintf('%.3gk', $v / 1e3) if $a >= 1e4;
    return sprintf('%.3g', $v);
}

# A time in the unit that keeps it between 1 and 1000: "27.6 us", not "27600 ns".
my %ns_per = (ns => 1, us => 1e3, ms => 1e6, s => 1e9);
sub duration {
    my ($value, $unit) = @_;
    my $ns = $value * ($ns_per{$unit} // 1);
    for my $u (qw(s ms us)) {
        return sprintf('%.3g %s', $ns / $ns_per{$u}, $u) if $ns >= $ns_per{$u};
    }
    return sprintf('%.3g ns', $ns);
}

my @rows;
for my $b (@{ $doc->{benchmarks} || [] }) {
    my $name = $b->{name};
    if ($b->{error_occurred}) {
        push @rows, [ $name, 'ERROR', $b->{error_message} // 'failed' ];
        next;
    }
    my $time = defined $b->{real_time} ? duration($b->{real_time}, $b->{time_unit} // 'ns') : '';
    my @counters;
    for my $key (sort keys %$b) {
        next if $builtin{$key};
        push @counters, "$key=" . human($b->{$key});
    }
    push @counters, 'bytes/s=' . human($b->{bytes_per_second}) if defined $b->{bytes_per_second};
    push @counters, 'items/s=' . human($b->{items_per_second}) if defined $b->{items_per_second};
    push @counters, "($b->{label})" if defined $b->{label} && length $b->{label};
    push @rows, [ $name, $time, join('  ', @counters) ];
}

my $ctx = $doc->{context} || {};
printf "\nBenchmark summary (%s, %s CPUs @ %s MHz, %s)\n",
    $ctx->{date} // '?', $ctx->{num_cpus} // '?', $ctx->{mhz_per_cpu} // '?', $path;
if (!@rows) {
    print "  (no benchmarks ran)\n";
    exit 0;
}
my ($wn, $wt) = (9, 4);
for my $r (@rows) {
    $wn = length $r->[0] if length $r->[0] > $wn;
    $wt = length $r->[1] if length $r->[1] > $wt;
}
printf "  %-*s  %*s  %s\n", $wn, 'benchmark', $wt, 'time', 'counters';
printf "  %s  %s  %s\n", '-' x $wn, '-' x $wt, '-' x 8;
printf "  %-*s  %*s  %s\n", $wn, $_->[0], $wt, $_->[1], $_->[2] for @rows;
my $errors = grep { $_->[1] eq 'ERROR' } @rows;
exit($errors ? 1 : 0);
