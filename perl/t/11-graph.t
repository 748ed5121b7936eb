# Lugh::Graph: the LOW-LEVEL OPERATIONS example of the Lugh::Context page,
# and every method of the graph.
use strict;
use warnings;
use Test::More;
use Lugh;

my $die = sub { my $code = shift; eval { $code->(); 1 } ? '' : $@ };

subtest 'the LOW-LEVEL OPERATIONS example' => sub {
    my $ctx = Lugh::Context->new( mem_size => 10 * 1024 * 1024 );
    my $a = Lugh::Tensor->new_f32( $ctx, 1000 );
    my $b = Lugh::Tensor->new_f32( $ctx, 1000 );
    $a->set_f32( map { $_ * 1.0 } 1 .. 1000 );
    $b->set_f32( map { $_ + 3.0 } 1 .. 1000 );
    my $c = Lugh::Ops::add( $ctx, $a, $b );
    my $graph = Lugh::Graph->new($ctx);
    $graph->build_forward($c);
    $graph->compute( $ctx, 4 );    # 4 threads
    my @result = $c->get_f32();
    is( scalar @result, 1000, '1000 results' );
    is_deeply( \@result, [ map { 2 * $_ + 3 } 1 .. 1000 ], 'each is a + b' );
};

subtest 'graph methods' => sub {
    my $ctx = Lugh::Context->new( mem_size => 4 * 1024 * 1024 );
    my $x = Lugh::Tensor->new_f32( $ctx, 33, 7 )->set_name('x');
    $x->set_f32( map { sin $_ } 1 .. 33 * 7 );
    my $h = Lugh::Ops::silu( $ctx, Lugh::Ops::scale( $ctx, $x, 2 ) );
    my $y = Lugh::Ops::soft_max( $ctx, $h )->set_name('y');
    my $graph = Lugh::Graph->new($ctx);
    isa_ok( $graph, 'Lugh::Graph' );
    is( $graph->n_nodes, 0, 'a new graph is empty' );
    is( $graph->size, 2048, 'room for 2048 nodes by default' );
    is( $graph->build_forward($y), $graph, 'build_forward returns the graph' );
    is( $graph->n_nodes, 3, 'scale, silu and soft_max are the nodes' );
    is( $graph->n_leafs, 1, 'x is the only leaf' );
    is( $graph->node(-1)->name, 'y', 'node(-1) is the result' );
    is_deeply( [ $graph->node(0)->shape ], [ 33, 7 ], 'node(0) has the shape of the first operation' );
    ok( $graph->has_tensor('y'), 'has_tensor finds a named node' );
    ok( !$graph->has_tensor('nothing'), '... and not an unknown name' );
    is( $graph->get_tensor('x')->name, 'x', 'get_tensor finds a leaf by name' );
    like( $die->( sub { $graph->get_tensor('nothing') } ), qr/^lugh: .*nothing/, 'get_tensor of an unknown name dies' );
    like( $die->( sub { $graph->node(3) } ), qr/^lugh: /, 'node out of range dies' );

    is( $graph->compute( $ctx, 1 ), $graph, 'compute returns the graph' );
    my @one = $y->get_f32;
    $graph->compute( $ctx, 3 );
    is_deeply( [ $y->get_f32 ], \@one, 'the same results on 3 threads as on 1' );
    $graph->compute($ctx);
    is_deeply( [ $y->get_f32 ], \@one, 'the thread count defaults to 1' );
    my $sum = 0;
    $sum += $_ for @one[ 0 .. 32 ];
    cmp_ok( abs( $sum - 1 ), '<', 1e-5, 'a row of the softmax sums to 1' );

    my $small = Lugh::Graph->new( $ctx, 2 );
    is( $small->size, 2, 'a graph with room for 2 nodes' );
    like( $die->( sub { $small->build_forward($y) } ), qr/^lugh: /, 'a graph that is too small dies when full' );
    like( $die->( sub { $graph->compute( $ctx, 0 ) } ), qr/^lugh: /, '0 threads die' );
};

subtest 'errors' => sub {
    my $meta = Lugh::Context->new( mem_size => 1024 * 1024, no_alloc => 1 );
    my $p = Lugh::Tensor->new_f32( $meta, 8 );
    my $q = Lugh::Ops::neg( $meta, $p );
    my $g = Lugh::Graph->new($meta);
    $g->build_forward($q);
    like( $die->( sub { $g->compute( $meta, 1 ) } ), qr/^lugh: .*(no data|data)/, 'computing tensors without data dies' );

    my $graph;
    {
        my $ctx = Lugh::Context->new( mem_size => 1024 * 1024 );
        $graph = Lugh::Graph->new($ctx);
        ok( $graph->alive, 'a graph is alive with its context' );
    }
    ok( !$graph->alive, 'and dead without it' );
    like( $die->( sub { $graph->n_nodes } ), qr/^lugh: .*(destroyed|freed)/, 'using it then dies' );
    like( $die->( sub { Lugh::Graph->new('ctx') } ), qr/expected a Lugh::Context object/, 'new needs a context' );
};

subtest 'a graph over tensors of another context' => sub {
    my $b = Lugh::Context->new( mem_size => 1024 * 1024 );
    my $a = Lugh::Context->new( mem_size => 64 * 1024 );
    my $x = Lugh::Tensor->new_f32( $a, 7 )->set_name('x');
    $x->set_f32( 1 .. 7 );
    my $y = Lugh::Ops::scale( $b, $x, 2 )->set_name('y');
    my $graph = Lugh::Graph->new($b)->build_forward($y)->compute( $b, 2 );
    is_deeply( [ $y->get_f32 ], [ map { 2 * $_ } 1 .. 7 ], 'computes while both contexts live' );

    my $leaf = $graph->get_tensor('x');
    my $node = $graph->node(-1);
    ok( $leaf->alive && $node->alive, 'node and get_tensor give live tensors' );
    is( $leaf->name, 'x', 'get_tensor finds the leaf of the other context' );
    my $a_id = $a->id;
    undef $a;    # frees the context holding x
    ok( !$leaf->alive, 'the tensor of the freed context is dead' );
    like( $die->( sub { $leaf->get_f32 } ), qr/^lugh: .*context #$a_id was destroyed or reset/,
        'using it dies naming its own context' );
    ok( $node->alive, 'the node in the graph\'s context lives on' );
    ok( $graph->alive, 'and so does the graph' );
    like( $die->( sub { $graph->compute( $b, 1 ) } ),
        qr/^lugh: Graph::\w+: the graph reads tensors of context #$a_id, which was destroyed or reset after the graph was built/,
        'compute dies instead of reading freed memory' );
    like( $die->( sub { $graph->node(0) } ), qr/context #$a_id, which was destroyed/, 'node dies the same way' );
};

done_testing;
