package Lugh::Model;
use strict;
use warnings;

require Lugh;

1;

__END__

=head1 NAME

Lugh::Model - a language model in a GGUF file: its metadata, tensors and hyper-parameters

=head1 VERSION

Version 0.01

=head1 SYNOPSIS

    use Lugh;
    use File::Temp qw(tempdir);

    # A small model with random weights, so that this example needs no download
    my $path = tempdir( CLEANUP => 1 ) . '/tiny.gguf';
    Lugh::Model->write_synthetic( $path, preset => 'tiny', arch => 'llama' );

    my $model = Lugh::Model->new( model => $path );       # memory-mapped
    print "Architecture: ", $model->architecture, "\n";   # llama
    print "Tensors: ", $model->n_tensors, ", metadata keys: ", $model->n_kv, "\n";
    print "Layers: ", $model->n_layer, ", width: ", $model->n_embd, "\n";

    my $n_layers = $model->get_kv('llama.block_count');   # 2
    my @names    = $model->tensor_names;
    my ( $type, $n_dims, @shape ) = $model->tensor_info('token_embd.weight');
    print "token_embd.weight: $type, [@shape]\n";           # f32, [64 300]

=head1 DESCRIPTION

A C<Lugh::Model> opens a GGUF model file and checks it: the architecture
(C<< Lugh::Model->architectures >>: llama, qwen2), its hyper-parameters and
every tensor the architecture needs, with the right shape and type. A file
that fails any check dies with one message naming the key or tensor at
fault. The model is what L<Lugh::Tokenizer>, L<Lugh::Inference> and
L<Lugh::Prompt> are made from.

By default the file is memory-mapped: nothing is copied, loading takes the
same time for a 1 MB and a 2 GB file, and the pages are shared with every
other process mapping it (forked children included). C<< use_mmap => 0 >>
reads the weights into memory instead.

The objects made from a model hold no reference to it: when the last Perl
reference to the model goes, they die when used ("its Lugh::Model has been
destroyed"), as tensors do when their context goes. Keep the model in a
variable for as long as you use them.

=head1 CONSTRUCTOR

=head2 new

    my $model = Lugh::Model->new( model => $path );
    my $model = Lugh::Model->new( file => $path, use_mmap => 0 );

C<model>, C<file> and C<path> are the same argument (give one).
C<use_mmap> (default 1) maps the file; 0 copies it. Dies with the core's
message (naming the file and the key or tensor) for a missing, truncated or
refused file.

=head1 METHODS

=head2 filename, architecture, name, describe

The path given to C<new>; C<general.architecture>; C<general.name> (or
''); a one-line summary such as "llama 1.1B Q4_0".

=head2 n_vocab, n_ctx_train, n_embd, n_layer, n_head, n_head_kv, n_ff, n_embd_head

The hyper-parameters as the engine reads them: vocabulary size (rows of the
token embedding), the context length the model was trained on, the width,
layers, query heads, key/value heads, feed-forward width and head width.

=head2 n_tensors, tensor_names

The number of tensors in the file and their names, in file order.

=head2 tensor_info

    my ( $type, $n_dims, @shape ) = $model->tensor_info($name);
    my $info = $model->tensor_info($name);   # { name, type, n_dims, shape => [...], size }

C<$type> is a dualvar: the type name ('f32', 'q8_0', ...) as a string and
ggml's type number as a number. The shape lists C<ne[0]> (the row length)
first; C<size> is the bytes of data. Dies for a name the file lacks.

=head2 n_kv, kv_keys, get_kv

    my $value = $model->get_kv('llama.context_length');

The metadata: how many keys, their names in file order, and one key's value
(a number, a string, a boolean, or an array reference for arrays; undef
when the key is absent).

=head2 n_params, weight_bytes

Elements and bytes of all tensors.

=head2 architectures

    my @names = Lugh::Model->architectures;   # llama, qwen2

=head2 write_synthetic

    Lugh::Model->write_synthetic( $path, preset => 'tiny', arch => 'llama', type => 'f32', seed => 1 );

Writes a model of a real architecture with seeded random weights and a
SentencePiece-style vocabulary (C<< <unk> >>, C<< <s> >>, C<< </s> >>, the
256 byte tokens, then pieces), for tests and benchmarks that need no
download. Presets: C<tiny> (64 wide, 2 layers, 300 tokens), C<small> (256
wide, 512 tokens), C<tinyllama> (the shape of TinyLlama-1.1B). C<arch>:
llama or qwen2; C<type>: f32, f16, bf16, q8_0 or q4_0; C<tied_output>: no
output matrix (the embedding doubles as it); C<n_ctx_train>. Its text is
gibberish, but every step of inference is the real one.

=head1 ERRORS

Every error dies with a message naming the method, the argument or the
file; the C++ core's messages come through unchanged (with Perl's
" at FILE line N."). Unknown arguments die too.

=head1 SEE ALSO

L<Lugh::Tokenizer>, L<Lugh::Inference>, L<Lugh::KVCache>, L<Lugh::Prompt>,
L<Lugh::GGUF> (any GGUF file, and its tensors as L<Lugh::Tensor> objects).

=cut
