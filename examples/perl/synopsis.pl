#!/usr/bin/perl
# The SYNOPSIS of Lugh::Context, made to show what it does.
#
#   perl -Iperl/blib/lib -Iperl/blib/arch examples/perl/synopsis.pl
use strict;
use warnings;
use Lugh;

# Create a context with 16 MB of memory
my $ctx = Lugh::Context->new( mem_size => 16 * 1024 * 1024 );
printf "context #%d: %d bytes, %d used\n", $ctx->id, $ctx->mem_size, $ctx->mem_used;

# Create tensors in this context
my $a = Lugh::Tensor->new_f32( $ctx, 1024 );
my $b = Lugh::Tensor->new_f32( $ctx, 1024 );
printf "two tensors of %d elements (%s): %d bytes used\n", $a->nelements, $a->type, $ctx->mem_used;

$a->set_f32( map { $_ / 2 } 0 .. 1023 );
$b->set_data( pack 'f*', map { 1023 - $_ } 0 .. 1023 );
my @a = $a->get_f32;
my @b = unpack 'f*', $b->get_data;
print "a[0..3] = @a[0..3]; b[0..3] = @b[0..3]\n";

# Tensors are automatically freed when context goes out of scope
my $live = Lugh::Context->live_count;
undef $ctx;
printf "after the context is gone: %d live contexts (was %d), a is %s\n", Lugh::Context->live_count, $live,
    $a->alive ? 'alive' : 'gone';
