# Helpers shared by the operation tests: run a tensor through a graph and
# compare with a reference computed in Perl (double precision).
use strict;
use warnings;
use Test::More;

sub compute_tensor {
    my ( $ctx, $t, $threads ) = @_;
    my $graph = Lugh::Graph->new($ctx);
    $graph->build_forward($t);
    $graph->compute( $ctx, $threads // 1 );
    return [ $t->get_f32 ];
}

# Element-wise comparison with a tolerance relative to the magnitude.
sub close_to {
    my ( $got, $want, $tol, $name ) = @_;
    if ( @$got != @$want ) {
        fail("$name: got " . scalar(@$got) . " values, expected " . scalar(@$want));
        return;
    }
    for my $i ( 0 .. $#$want ) {
        my ( $g, $w ) = ( $got->[$i], $want->[$i] );
        next if $w == $g;    # covers infinities
        if ( abs( $g - $w ) > $tol * ( 1 + abs $w ) ) {
            fail("$name: element $i is $g, expected $w");
            return;
        }
    }
    pass($name);
}

# Deterministic test data without a random generator: a wobbly sequence.
sub wobble {
    my ( $n, $offset, $scale ) = @_;
    return map { $scale * sin( 1.7 * $_ + $offset ) + 0.1 * cos( 0.3 * $_ ) } 0 .. $n - 1;
}

1;
