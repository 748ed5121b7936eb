package Lugh::Graph;
use strict;
use warnings;

require Lugh;

1;

__END__

=head1 NAME

Lugh::Graph - compute tensors described by Lugh::Ops

=head1 VERSION

Version 0.01

=head1 SYNOPSIS

    use Lugh;

    my $ctx = Lugh::Context->new(mem_size => 10 * 1024 * 1024);
    my $a = Lugh::Tensor->new_f32($ctx, 1000);
    my $b = Lugh::Tensor->new_f32($ctx, 1000);
    $a->set_f32(1 .. 1000);
    $b->set_f32(map { 0.5 } 1 .. 1000);

    my $c = Lugh::Ops::add($ctx, $a, $b);

    my $graph = Lugh::Graph->new($ctx);
    $graph->build_forward($c);
    $graph->compute($ctx, 4);            # 4 threads
    my @result = $c->get_f32;            # 1.5, 2.5, 3.5, ...

=head1 DESCRIPTION

A graph is the list of operations needed to compute some tensors, in an
order where every operation comes after its inputs. It is stored in a
context's arena, and like the tensors there it must not be used once the
context is gone (it then dies saying so). When the graph's operations read
tensors of other contexts, keep those contexts alive too: the graph checks
only its own.

=head1 CONSTRUCTOR

=head2 new

    my $graph = Lugh::Graph->new($ctx);
    my $big   = Lugh::Graph->new($ctx, 8192);

A new, empty graph in C<$ctx>, with room for C<2048> operations unless
another maximum is given. Dies when the arena has no room for it.

=head1 METHODS

=head2 build_forward

    $graph->build_forward($tensor);

Adds C<$tensor> and every operation it depends on (the ones not in the graph
already) to the graph. Call it once per result you want; returns the graph.
Dies when the graph is full.

=head2 compute

    $graph->compute($ctx, $n_threads);

Runs every operation of the graph, splitting each across C<$n_threads>
native threads (default 1). The results are the same for any number of
threads. Afterwards the tensors of the graph hold their values. Dies when a
tensor has no data (a C<no_alloc> context) or an input is invalid (a row
number outside its table, say), with a message naming the tensor; returns
the graph.

=head2 n_nodes, n_leafs, size

    printf "%d operations on %d inputs (room for %d)\n",
        $graph->n_nodes, $graph->n_leafs, $graph->size;

The number of operations, the number of inputs and constants, and the
maximum number of operations.

=head2 node

    my $last = $graph->node(-1);

Operation C<$i> of the graph as a tensor (negative numbers count from the
end: C<-1> is the last result added). Dies when out of range.

=head2 get_tensor, has_tensor

    $c->set_name('sum');
    my $same = $graph->get_tensor('sum') if $graph->has_tensor('sum');

The tensor of the graph with the given name; C<get_tensor> dies when there
is none.

=head2 alive

    print "usable\n" if $graph->alive;

True while the graph's context exists and belongs to the calling Perl
thread. Never dies.

=head1 SEE ALSO

L<Lugh>, L<Lugh::Ops>, L<Lugh::Tensor>, L<Lugh::Context>

=head1 LICENSE

This library is free software; you can redistribute it and/or modify it
under the same terms as Perl itself.

=cut
