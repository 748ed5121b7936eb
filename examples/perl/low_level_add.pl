#!/usr/bin/perl
# The LOW-LEVEL OPERATIONS example of Lugh::Context: add two tensors of 1000
# floats through a graph computed on 4 threads.
#
#   perl -Iperl/blib/lib -Iperl/blib/arch examples/perl/low_level_add.pl
use strict;
use warnings;
use Lugh;

my $ctx = Lugh::Context->new( mem_size => 10 * 1024 * 1024 );
my $a = Lugh::Tensor->new_f32( $ctx, 1000 );
my $b = Lugh::Tensor->new_f32( $ctx, 1000 );
$a->set_f32( map { $_ * 1.0 } 1 .. 1000 );    # 1.0, 2.0, 3.0, ...
$b->set_f32( map { $_ + 3.0 } 1 .. 1000 );    # 4.0, 5.0, 6.0, ...

my $c = Lugh::Ops::add( $ctx, $a, $b );       # describes c = a + b

my $graph = Lugh::Graph->new($ctx);
$graph->build_forward($c);
$graph->compute( $ctx, 4 );                   # 4 threads

my @result = $c->get_f32();
printf "graph: %d node(s), %d leaf(s)\n", $graph->n_nodes, $graph->n_leafs;
printf "c[0..4]   = %s\n", join ', ', @result[ 0 .. 4 ];
printf "c[995..999] = %s\n", join ', ', @result[ 995 .. 999 ];
my @wrong = grep { $result[$_] != ( $_ + 1 ) * 2 + 3 } 0 .. $#result;
printf "%d of %d elements equal a + b\n", @result - @wrong, scalar @result;
exit( @wrong ? 1 : 0 );
