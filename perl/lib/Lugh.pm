package Lugh;
use strict;
use warnings;

our $VERSION = '0.01';

require XSLoader;
XSLoader::load( 'Lugh', $VERSION );

require Lugh::Context;
require Lugh::Tensor;
require Lugh::GGUF;
require Lugh::Model;
require Lugh::Tokenizer;
require Lugh::Inference;
require Lugh::KVCache;
require Lugh::Prompt;

1;

__END__

=head1 NAME

Lugh - tensors in arena memory contexts, on Lugh's C++ core

=head1 VERSION

Version 0.01

=head1 SYNOPSIS

    use Lugh;

    my $ctx = Lugh::Context->new(mem_size => 16 * 1024 * 1024);
    my $x   = Lugh::Tensor->new_f32($ctx, 4);
    $x->set_f32(1, 2, 3, 4);
    print join(' ', $x->get_f32), "\n";   # 1 2 3 4

=head1 DESCRIPTION

Loading C<Lugh> loads the compiled part of the distribution and the classes
built on it:

=over 4

=item L<Lugh::Context>

An arena of memory. Every tensor lives in one, and all of them go away
together when the context does.

=item L<Lugh::Tensor>

A handle to a tensor of one to four dimensions: its shape, its type and its
numbers, readable and writable as Perl lists or as packed strings.

=item L<Lugh::Ops>

Functions that describe operations on tensors (C<add>, C<mul_mat>,
C<soft_max>, ...). They compute nothing by themselves: they return a new
tensor that records how it is to be computed.

=item L<Lugh::Graph>

Collects the operations a result depends on and runs them, on as many
threads as you ask for.

=item L<Lugh::GGUF>, L<Lugh::GGUF::Writer>

Read GGUF model files (their keys and tensor table, checked as hostile
input) and load their tensors into a context, copied or memory-mapped; write
such files.

=item L<Lugh::Model>, L<Lugh::Tokenizer>, L<Lugh::Inference>, L<Lugh::KVCache>, L<Lugh::Prompt>

Run language models: open a GGUF model (llama, qwen2), turn text into
token ids and back exactly as llama.cpp does, evaluate tokens over a KV
cache, sample and generate text at the speed of Lugh's C++ engine, and lay
out chat messages in the model's own template.

=back

Every error of the C++ library becomes a Perl exception (C<die>) carrying the
library's own message, which names the function, the tensors and the numbers
involved; catch it with C<eval> as usual.

=head1 BUILDING

Inside a Lugh source tree, C<make perl> at the top builds this distribution
against the tree's static library (it runs
C<perl Makefile.PL LUGH_BUILD=/abs/path/to/build>). Against an installed
Lugh, the ordinary

    perl Makefile.PL && make && make test && make install

finds the library with C<pkg-config lugh>; set C<PKG_CONFIG_PATH> when Lugh is
installed under a prefix that C<pkg-config> does not search.

=head1 SEE ALSO

L<Lugh::Context>, L<Lugh::Tensor>, L<Lugh::Ops>, L<Lugh::Graph>, L<Lugh::GGUF>,
L<Lugh::Model>, L<Lugh::Tokenizer>, L<Lugh::Inference>, L<Lugh::KVCache>, L<Lugh::Prompt>

=head1 LICENSE

This library is free software; you can redistribute it and/or modify it
under the same terms as Perl itself.

=cut
