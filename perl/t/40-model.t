# Lugh::Model and Lugh::Tokenizer on synthetic models (no fixtures needed):
# metadata, hyper-parameters, tensors, the vocabulary, and every error.
use strict;
use warnings;
use Test::More;
use FindBin;
use Lugh;
require "$FindBin::Bin/lib_llm.pl";

my $path = synth_model( arch => 'llama' );

for my $how (qw(model file path)) {
    my $m = Lugh::Model->new( $how => $path );
    is( $m->filename, $path, "new($how => ...) opens the file" );
}

for my $mmap ( 1, 0 ) {
    my $m = Lugh::Model->new( model => $path, use_mmap => $mmap );
    is( $m->architecture, 'llama', "use_mmap => $mmap: architecture" );
    # The tiny preset: 64 wide, 2 layers, 4 heads, 2 KV heads, FFN 128, 300 tokens.
    is_deeply( [ map { $m->$_ } qw(n_vocab n_embd n_layer n_head n_head_kv n_ff n_embd_head) ],
        [ 300, 64, 2, 4, 2, 128, 16 ], "use_mmap => $mmap: hyper-parameters" );
    is( $m->n_ctx_train, $m->get_kv('llama.context_length'), 'n_ctx_train is llama.context_length' );
}

my $m = Lugh::Model->new( model => $path );
my @names = $m->tensor_names;
is( $m->n_tensors, scalar @names, 'n_tensors counts tensor_names' );
ok( ( grep { $_ eq 'blk.1.ffn_down.weight' } @names ), 'the tensors include blk.1.ffn_down.weight' );
my ( $type, $n_dims, @shape ) = $m->tensor_info('token_embd.weight');
is( "$type", 'f32', 'tensor_info: type name' );
is( $type + 0, 0, 'tensor_info: type number (a dualvar)' );
is( $n_dims, 2, 'tensor_info: n_dims' );
is_deeply( \@shape, [ 64, 300 ], 'tensor_info: shape, ne[0] first' );
my $info = $m->tensor_info('blk.0.attn_k.weight');
is_deeply( $info->{shape}, [ 64, 32 ], 'scalar tensor_info: shape of attn_k (2 KV heads of 16)' );
is( $info->{size}, 64 * 32 * 4, 'scalar tensor_info: size in bytes' );
eval { $m->tensor_info('no.such.tensor') };
like( $@, qr/no\.such\.tensor/, 'tensor_info of a missing tensor dies naming it' );

my @keys = $m->kv_keys;
is( $m->n_kv, scalar @keys, 'n_kv counts kv_keys' );
is( $m->get_kv('general.architecture'), 'llama', 'get_kv: a string' );
is( $m->get_kv('llama.block_count'), 2, 'get_kv: a number' );
is( ref $m->get_kv('tokenizer.ggml.tokens'), 'ARRAY', 'get_kv: an array' );
is( scalar @{ $m->get_kv('tokenizer.ggml.tokens') }, 300, 'get_kv: the whole array' );
is( $m->get_kv('no.such.key'), undef, 'get_kv of a missing key is undef' );
ok( $m->n_params > 0 && $m->weight_bytes == 4 * $m->n_params, 'n_params and weight_bytes (F32)' );
ok( ( grep { $_ eq 'qwen2' } Lugh::Model->architectures ), 'architectures lists qwen2' );

my $q = Lugh::Model->new( model => synth_model( arch => 'qwen2', type => 'q8_0' ) );
is( $q->architecture, 'qwen2', 'a qwen2 model' );
is( '' . ( $q->tensor_info('blk.0.attn_q.weight') )[0], 'q8_0', 'its matrices are q8_0' );
is( '' . ( $q->tensor_info('blk.0.attn_q.bias') )[0], 'f32', 'its biases are f32' );

# The tokenizer.
my $tok = Lugh::Tokenizer->new( model => $m );
is( $tok->n_vocab, 300, 'n_vocab' );
is( $tok->bos_id, 1, 'bos_id' );
is( $tok->eos_id, 2, 'eos_id' );
for my $text ( 'hello world', "two\nlines", 'a, b.', '' ) {
    my @ids = $tok->encode($text);
    is( $ids[0], 1, "encode adds BOS ('$text')" );
    my @bare = $tok->encode( $text, add_bos => 0 );
    is_deeply( \@bare, [ @ids[ 1 .. $#ids ] ], 'add_bos => 0 leaves it out' );
    is( $tok->decode( \@ids ), $text, 'decode(\@ids) gives the text back' );
    is( $tok->decode(@ids),    $text, 'decode(@ids) too' );
    is( $tok->decode( \@bare ), length $text ? " $text" : '', 'ids without BOS decode as a continuation: the space stays' );
    is( join( '', map { $tok->token_to_piece($_) } @bare ), length $text ? " $text" : '',
        'the pieces are the bytes, with the SentencePiece space in front' );
}
is_deeply( [ $tok->encode( '</s>', add_bos => 0 ) ], [ $tok->encode( '</s>', add_bos => 0, parse_special => 0 ) ],
    'parse_special defaults to off' );
is_deeply( [ $tok->encode( '</s>', add_bos => 0, parse_special => 1 ) ], [2],
    'parse_special => 1 makes </s> the EOS token' );
isnt( scalar( () = $tok->encode( '</s>', add_bos => 0 ) ), 1, 'without it </s> is text' );
ok( $tok->is_eog(2), 'is_eog(eos)' );
ok( !$tok->is_eog(100), 'not is_eog(100)' );

# Errors: each dies with a message naming the problem, at the caller's line.
my @bad = (
    [ sub { Lugh::Model->new },                                   qr/model file is required/ ],
    [ sub { Lugh::Model->new( model => "$path.missing" ) },       qr/\Q$path.missing\E/ ],
    [ sub { Lugh::Model->new( model => $path, file => $path ) },  qr/give the file once/ ],
    [ sub { Lugh::Model->new( model => $path, mmap => 1 ) },      qr/unknown argument 'mmap'/ ],
    [ sub { Lugh::Model->new( model => $path, 'use_mmap' ) },     qr/name => value pairs/ ],
    [ sub { Lugh::Tokenizer->new( model => 'x' ) },               qr/expected a Lugh::Model object/ ],
    [ sub { Lugh::Tokenizer->new },                               qr/'model' is required/ ],
    [ sub { $tok->decode( [ 1, 300 ] ) },                         qr/300/ ],
    [ sub { $tok->decode( [ 1, 'x' ] ) },                         qr/ids\[1\] is 'x'/ ],
    [ sub { $tok->token_to_piece(-5) },                           qr/-5/ ],
    [ sub { $tok->encode( 'x', bos => 1 ) },                      qr/unknown argument 'bos'/ ],
    [ sub { Lugh::Model->write_synthetic( temp_dir() . '/x.gguf', type => 'q3' ) }, qr/type must be/ ],
);
for my $case (@bad) {
    my ( $code, $re ) = @$case;
    my $line = __LINE__ + 1;
    eval { $code->(); 1 } and do { fail("expected a die matching $re"); next };
    like( $@, $re, "dies: $re" );
}
eval { Lugh::Model->new( model => "$path.missing" ) };
like( $@, qr/ at \Q$0\E line \d+\.$/, 'the message ends at the caller\'s line' );

# A model file that is no model: a GGUF with a vocabulary but no architecture.
{
    my $ctx = Lugh::Context->new( mem_size => 1024 * 1024 );
    my $t = Lugh::Tensor->new_f32( $ctx, 4 )->set_name('w');
    my $file = temp_dir() . '/not-a-model.gguf';
    Lugh::GGUF::Writer->new->set( 'general.architecture', 'gpt-j' )->add_tensor($t)->write($file);
    eval { Lugh::Model->new( model => $file ) };
    like( $@, qr/gpt-j/, 'an unknown architecture dies naming it' );
}

done_testing;
