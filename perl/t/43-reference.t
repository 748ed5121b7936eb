# Against llama.cpp (../shared/models, skipped when absent): on the trained
# aidreams260K model, greedy generate gives llama.cpp's tokens and text,
# and forward / forward_cache give its logits.
use strict;
use warnings;
use Test::More;
use FindBin;
use JSON::PP ();
use List::Util qw(max);
use Lugh;
require "$FindBin::Bin/lib_llm.pl";

my $path = shared_file('models/real/aidreams260K.gguf')
    or plan skip_all => 'no ../shared/models/real/aidreams260K.gguf (set LUGH_SHARED_DIR)';

my $model = Lugh::Model->new( model => $path );
my $tok   = Lugh::Tokenizer->new( model => $model );
my %inf   = map { $_ => Lugh::Inference->new( model => $model, n_ctx => 128, kv_type => $_ ) } qw(f16 f32);

for my $p (qw(p1 p2)) {
    my $json = shared_file("models/reference/aidreams260K.$p.json") or next;
    my $ref = do { open my $fh, '<:raw', $json or die $!; local $/; JSON::PP->new->utf8->decode(<$fh>) };
    my @prompt = @{ $ref->{prompt_tokens} };
    my @want   = @{ $ref->{generated} };
    is_deeply( [ $tok->encode( $ref->{prompt} ) ], \@prompt, "$p: encode gives llama.cpp's prompt tokens" );
    for my $kv (qw(f16 f32)) {
        my @got = $inf{$kv}->generate( \@prompt, greedy => 1, max_tokens => scalar @want );
        is_deeply( \@got, \@want, "$p: greedy generate gives llama.cpp's " . @want . " tokens ($kv cache)" );
    }
    my $text = '';
    my @from_text = $inf{f16}->generate( [ $tok->encode( $ref->{prompt} ) ], greedy => 1,
        max_tokens => scalar @want, on_text => sub { $text .= $_[0] } );
    is_deeply( \@from_text, \@want, "$p: the same from the prompt text" );
    is( $tok->decode( \@want ), $ref->{text}, "$p: decode gives llama.cpp's text" );
    is( $text, $ref->{text}, "$p: so does the text streamed by on_text" );

    # Logits: every step's row of the reference, with an F32 cache.
    my $rows = shared_file("models/reference/aidreams260K.$p.logits.f32");
    my $all  = do { open my $fh, '<:raw', $rows or die $!; local $/; <$fh> };
    my $n    = $model->n_vocab;
    my @sequence = ( @prompt, @want );
    my $ref_row = sub { [ unpack 'f*', substr( $all, $_[0] * $n * 4, $n * 4 ) ] };
    my $err = relative_error( [ $inf{f32}->forward( tokens => \@prompt ) ], $ref_row->(0) );
    cmp_ok( $err, '<', 1e-4, "$p: forward gives llama.cpp's logits of the prompt ($err)" );
    my $cache = $inf{f32}->create_kv_cache;
    my @l = $inf{f32}->forward_cache( $cache, \@prompt );
    my $worst = relative_error( \@l, $ref_row->(0) );
    for my $step ( 1 .. $#want ) {
        @l = $inf{f32}->forward_cache( $cache, [ $want[ $step - 1 ] ] );
        $worst = max $worst, relative_error( \@l, $ref_row->($step) );
    }
    cmp_ok( $worst, '<', 1e-4, "$p: forward_cache token by token gives every step's logits ($worst)" );
    $err = relative_error( [ $inf{f32}->forward( tokens => [ @sequence[ 0 .. $#sequence - 1 ] ] ) ], $ref_row->($#want) );
    cmp_ok( $err, '<', 1e-4, "$p: forward over the whole sequence gives the last step's ($err)" );
}

# Seeded sampling repeats exactly, and streams the text of its tokens.
my @prompt = $tok->encode('Once upon a time');
my %opts = ( max_tokens => 40, temperature => 0.9, top_k => 40, top_p => 0.95, min_p => 0.05, repeat_penalty => 1.1 );
my @a = $inf{f16}->generate( \@prompt, %opts, seed => 1234 );
my @b = $inf{f16}->generate( \@prompt, %opts, seed => 1234 );
is_deeply( \@a, \@b, 'seeded sampling repeats exactly' );
my $other = Lugh::Inference->new( model => $model, n_ctx => 128, n_threads => 1 );
is_deeply( [ $other->generate( \@prompt, %opts, seed => 1234 ) ], \@a, '... at another thread count too' );

done_testing;
