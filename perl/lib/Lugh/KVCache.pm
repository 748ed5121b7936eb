package Lugh::KVCache;
use strict;
use warnings;

require Lugh;

1;

__END__

=head1 NAME

Lugh::KVCache - the attention keys and values of the positions evaluated so far

=head1 VERSION

Version 0.01

=head1 SYNOPSIS

    use Lugh;
    use File::Temp qw(tempdir);

    my $path = tempdir( CLEANUP => 1 ) . '/tiny.gguf';
    Lugh::Model->write_synthetic( $path, preset => 'tiny' );
    my $model     = Lugh::Model->new( model => $path );
    my $inference = Lugh::Inference->new( model => $model, n_ctx => 64 );

    my $cache = $inference->create_kv_cache;
    $inference->forward_cache( $cache, [ 1, 50, 60, 70 ] );
    print $cache->n_cached, " of ", $cache->n_ctx, " positions\n";   # 4 of 64
    $cache->resize(2);                                               # forget positions 2 and 3
    $inference->forward_cache( $cache, [ 80, 90 ] );                 # another ending
    $cache->clear;                                                   # empty

=head1 DESCRIPTION

A KV cache holds, for every layer, the keys and values of the positions a
model has evaluated, so that the next tokens attend to them without
evaluating them again: L<Lugh::Inference/forward_cache> and
L<Lugh::Inference/generate> (with C<< cache => $cache >>) add to it.
It is one buffer of C<n_ctx> positions (F16 by default), allocated when
the cache is made.

A cache dies when used once its L<Lugh::Model> is gone; it does not need the
L<Lugh::Inference> that made it (another inference of the same model can
use it).

=head1 METHODS

=head2 n_cached

The positions held.

=head2 n_ctx

The positions it can hold.

=head2 resize

    $cache->resize($n);

Rewinds to the first C<$n> positions (C<$n> at most C<n_cached>; dies
otherwise). Returns the cache.

=head2 clear

Forgets every position. Returns the cache.

=head2 kv_bytes

The bytes of its buffer.

=head1 SEE ALSO

L<Lugh::Inference>.

=cut
