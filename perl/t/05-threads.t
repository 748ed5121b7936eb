# Perl ithreads: a thread gets copies of its parent's objects, but only the
# thread that created a context may use or free it.
use strict;
use warnings;
use Config;
use Test::More;

BEGIN {
    plan skip_all => 'this perl has no ithreads' unless $Config{useithreads};
}
use threads;
use Lugh;

my $ctx = Lugh::Context->new( mem_size => 1024 * 1024 );
my $t   = Lugh::Tensor->new_f32( $ctx, 4 );
$t->set_f32( 1, 2, 3, 4 );
my $used = $ctx->mem_used;
my $live = Lugh::Context->live_count;

my $report = threads->create(
    sub {
        my %r;
        $r{ctx_error}    = eval { $ctx->mem_used; 1 } ? '' : $@;
        $r{tensor_error} = eval { $t->get_f32;    1 } ? '' : $@;
        $r{tensor_alive} = $t->alive ? 1 : 0;
        # A context made in the thread works there.
        my $own = Lugh::Context->new( mem_size => 64 * 1024 );
        my $x   = Lugh::Tensor->new_f32( $own, 3 );
        $x->set_f32( 7, 8, 9 );
        $r{own_values} = join ',', $x->get_f32;
        $r{own_used}   = $own->mem_used;
        return \%r;
    }
)->join;

like( $report->{ctx_error}, qr/context #\d+ belongs to another Perl thread/,
    "the thread's copy of the parent's context refuses to work" );
like( $report->{tensor_error}, qr/belongs to another Perl thread/, "... and so does the copy of its tensor" );
ok( !$report->{tensor_alive}, 'alive is false in the other thread' );
is( $report->{own_values}, '7,8,9', 'a context created inside the thread works there' );
cmp_ok( $report->{own_used}, '>', 0, '... and counts its memory' );

is( $ctx->mem_used, $used, "the parent's context is intact after the thread ended" );
is_deeply( [ $t->get_f32 ], [ 1, 2, 3, 4 ], "... and so is its tensor's data" );
is( Lugh::Context->live_count, $live, "the thread's own context was freed with the thread" );

# A context returned from a thread died with the thread.
my ($returned) = threads->create( sub { Lugh::Context->new( mem_size => 4096 ) } )->join;
isa_ok( $returned, 'Lugh::Context' );
like( eval { $returned->mem_size; 1 } ? '' : $@, qr/context #\d+ has been freed/,
    'a context returned by a finished thread is reported as freed' );
undef $returned;
is( Lugh::Context->live_count, $live, 'destroying that copy frees nothing' );

# Several threads at once, each with its own contexts.
my @workers = map {
    my $k = $_;
    threads->create(
        sub {
            my $sum = 0;
            for my $round ( 1 .. 50 ) {
                my $c = Lugh::Context->new( mem_size => 64 * 1024 );
                my $v = Lugh::Tensor->new_f32( $c, 100 );
                $v->set_f32( ($k) x 100 );
                $sum += $_ for $v->get_f32;
            }
            return $sum;
        }
    );
} 1 .. 4;
my @sums = map { $_->join } @workers;
is_deeply( \@sums, [ map { 50 * 100 * $_ } 1 .. 4 ], 'four threads create and use contexts side by side' );
is( Lugh::Context->live_count, $live, 'and every one of their contexts was freed' );
is_deeply( [ $t->get_f32 ], [ 1, 2, 3, 4 ], "the parent's tensor is still intact" );

{
    # Graphs computed on native threads, inside two Perl threads at once.
    my @graph_workers = map {
        my $k = $_;
        threads->create(
            sub {
                my $c = Lugh::Context->new( mem_size => 1024 * 1024 );
                my $x = Lugh::Tensor->new_f32( $c, 257 );
                $x->set_f32( ($k) x 257 );
                my $y = Lugh::Ops::sum( $c, Lugh::Ops::scale( $c, $x, 2 ) );
                my $g = Lugh::Graph->new($c);
                $g->build_forward($y);
                $g->compute( $c, 2 );
                return ( $y->get_f32 )[0];
            }
        );
    } 1 .. 2;
    is_deeply( [ map { $_->join } @graph_workers ], [ 2 * 257, 4 * 257 ], 'graphs compute inside Perl threads' );
    my $sum = Lugh::Ops::sum( $ctx, $t );
    my $g   = Lugh::Graph->new($ctx);
    $g->build_forward($sum);
    $g->compute( $ctx, 2 );
    is( ( $sum->get_f32 )[0], 10, "and in the parent afterwards" );
}

done_testing;
