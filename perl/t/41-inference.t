# Lugh::Inference and Lugh::KVCache on synthetic models (no fixtures
# needed): the logits are the C++ engine's (`lugh eval` in the tree), the
# cache carries, rewinds and refuses what does not fit, sampling follows
# its distribution and repeats with a seed, generate streams and stops.
use strict;
use warnings;
use Test::More;
use FindBin;
use List::Util qw(sum max);
use Lugh;
require "$FindBin::Bin/lib_llm.pl";

my @prompt = ( 1, 50, 120, 7, 299, 33, 34, 35, 200, 12 );

for my $spec ( [ arch => 'llama' ], [ arch => 'qwen2', type => 'q8_0' ] ) {
    my %spec  = @$spec;
    my $label = join ' ', values %spec;
    my $path  = synth_model(@$spec);
    my $model = Lugh::Model->new( model => $path );
    my $inf   = Lugh::Inference->new( model => $model, n_ctx => 64, n_threads => 2 );
    is( $inf->n_ctx, 64, "$label: n_ctx" );
    is( $inf->n_vocab, 300, "$label: n_vocab" );

    my @logits = $inf->forward( tokens => \@prompt );
    is( scalar @logits, 300, "$label: forward gives n_vocab logits" );
    my $packed = $inf->forward( tokens => \@prompt, packed => 1 );
    is( length $packed, 300 * 4, "$label: packed => 1 gives one string of floats" );
    is( $packed, pack( 'f*', @logits ), "$label: the packed floats are the listed ones" );
    is( pack( 'f*', $inf->forward( \@prompt ) ), $packed, "$label: forward(\\\@tokens) is the same, and keeps no state" );

    # The C++ engine's logits for the same tokens: `lugh eval`, every position.
    my @rows;
    SKIP: {
        my $tool = lugh_tool() or skip 'no build/bin/lugh (outside the tree)', 2;
        my $out = temp_dir() . "/eval-$spec{arch}.f32";
        my $said = qx("$tool" eval -m "$path" --tokens @{[ join ',', @prompt ]} --logits "$out" -t 2 2>&1);
        $? == 0 or die "lugh eval failed: $said";
        open my $fh, '<:raw', $out or die $!;
        my $all = do { local $/; <$fh> };
        @rows = map { [ unpack 'f*', substr( $all, $_ * 1200, 1200 ) ] } 0 .. $#prompt;
        is( scalar @rows, scalar @prompt, "$label: lugh eval wrote a row per position" );
        # (eval computes every position's logits, a product of another shape: rounding differs)
        my $err = relative_error( \@logits, $rows[-1] );
        cmp_ok( $err, '<', 1e-5, "$label: forward's logits are lugh eval's last row ($err)" );
    }

    # The cache: one token at a time gives every position's logits.
    my $cache = $inf->create_kv_cache;
    isa_ok( $cache, 'Lugh::KVCache' );
    is( $cache->n_ctx, 64, "$label: the cache has the inference's n_ctx" );
    is( $cache->n_cached, 0, "$label: a new cache is empty" );
    my @step;
    push @step, [ $inf->forward_cache( $cache, [$_] ) ] for @prompt;
    is( $cache->n_cached, scalar @prompt, "$label: n_cached counts the positions" );
    cmp_ok( relative_error( $step[-1], \@logits ), '<', 1e-4, "$label: token by token ends where one batch does" );
    SKIP: {
        skip 'no lugh eval rows', 1 unless @rows;
        my $worst = max map { relative_error( $step[$_], $rows[$_] ) } 0 .. $#prompt;
        cmp_ok( $worst, '<', 1e-4, "$label: every position's logits match lugh eval's rows ($worst)" );
    }

    # Rewind and evaluate again: the same logits, exactly.
    $cache->clear;
    is( $cache->n_cached, 0, "$label: clear empties the cache" );
    $inf->forward_cache( $cache, [ @prompt[ 0 .. 4 ] ] );
    my $once = $inf->forward_cache( $cache, [ @prompt[ 5 .. $#prompt ] ], packed => 1 );
    $cache->resize(5);
    is( $cache->n_cached, 5, "$label: resize(5) keeps 5 positions" );
    is( $inf->forward_cache( $cache, [ @prompt[ 5 .. $#prompt ] ], packed => 1 ), $once,
        "$label: the same positions after a rewind give the same logits" );

    # What does not fit is refused, and the cache stays as it was.
    my $held = $cache->n_cached;
    eval { $inf->forward_cache( $cache, [ (5) x 60 ] ) };
    like( $@, qr/n_ctx|context|fit/i, "$label: tokens past n_ctx die" );
    is( $cache->n_cached, $held, "$label: ... and the cache keeps what it had" );
    eval { $cache->resize( $held + 1 ) };
    like( $@, qr/truncate|positions/, "$label: resize beyond what is held dies" );
    eval { $inf->forward( tokens => [ 1, 300 ] ) };
    like( $@, qr/300/, "$label: a token outside the vocabulary dies naming it" );
    eval { $inf->forward( tokens => [] ) };
    like( $@, qr/empty|no tokens/i, "$label: no tokens dies" );
    is( pack( 'f*', $inf->forward( tokens => \@prompt ) ), $packed, "$label: the inference works after the errors" );

    # Greedy generation is the greedy loop over forward_cache.
    my $loop = $inf->create_kv_cache;
    my @want;
    my @l = $inf->forward_cache( $loop, \@prompt );
    for ( 1 .. 12 ) {
        push @want, argmax( \@l );
        @l = $inf->forward_cache( $loop, [ $want[-1] ] );
    }
    my @seen;
    my @got = $inf->generate( \@prompt, max_tokens => 12, greedy => 1,
        callback => sub { push @seen, [ @_[ 0, 1 ] ]; return 0 } );
    is_deeply( \@got, \@want, "$label: greedy generate gives the argmax loop's tokens" );
    is_deeply( \@seen, [ map { [ $want[$_], $_ + 1 ] } 0 .. $#want ], "$label: the callback sees (token, count) for each" );
    is( scalar( $inf->generate( \@prompt, max_tokens => 5, greedy => 1 ) ), 5, "$label: scalar generate counts tokens" );
    my $t = $inf->timings;
    is( $t->{generated_tokens}, 5, "$label: timings: generated_tokens" );
    is( $t->{prompt_tokens}, scalar @prompt, "$label: timings: prompt_tokens" );
    is( $t->{stop}, 'max_tokens', "$label: timings: stop" );
}

# Long batches cut into n_batch pieces give the logits of one batch.
{
    my $model = Lugh::Model->new( model => synth_model( arch => 'llama' ) );
    my $small = Lugh::Inference->new( model => $model, n_ctx => 64, n_batch => 3 );
    my $whole = Lugh::Inference->new( model => $model, n_ctx => 64 );
    is( $small->n_batch, 3, 'n_batch' );
    my $err = relative_error( [ $small->forward( tokens => \@prompt ) ], [ $whole->forward( tokens => \@prompt ) ] );
    cmp_ok( $err, '<', 1e-4, "n_batch => 3: the same logits as one batch ($err)" );
}

# Generation features on one model.
my $model = Lugh::Model->new( model => synth_model( arch => 'llama' ) );
my $tok   = Lugh::Tokenizer->new( model => $model );
my $inf   = Lugh::Inference->new( model => $model, n_ctx => 128 );
my %sampling = ( temperature => 1.5, top_k => 0, top_p => 1, min_p => 0, max_tokens => 20 );
my @a = $inf->generate( \@prompt, %sampling, seed => 7 );
my @b = $inf->generate( \@prompt, %sampling, seed => 7 );
my @c = $inf->generate( \@prompt, %sampling, seed => 8 );
is( scalar @a, 20, 'max_tokens tokens' );
is_deeply( \@a, \@b, 'the same seed gives the same tokens' );
isnt( "@a", "@c", 'another seed gives other tokens' );

my @stopped = $inf->generate( \@prompt, %sampling, seed => 7, callback => sub { $_[1] >= 3 } );
is_deeply( \@stopped, [ @a[ 0 .. 2 ] ], 'a callback returning true stops after that token' );
is( $inf->timings->{stop}, 'callback', '... and timings says why' );
my @eos = $inf->generate( \@prompt, %sampling, seed => 7, eos_token => $a[3] );
is_deeply( \@eos, [ @a[ 0 .. ( grep { $a[$_] == $a[3] } 0 .. 3 )[0] - 1 ] ], 'eos_token ends generation before it' );
my $text = '';
my @streamed = $inf->generate( \@prompt, %sampling, seed => 7, on_text => sub { $text .= $_[0] } );
is( $text, $tok->decode( \@streamed ), 'on_text streams the text of the tokens' );
my ($cut) = substr( $text, 1 ) =~ /([a-z])/ or die "no letter in the generated text";
my $upto = '';
$inf->generate( \@prompt, %sampling, seed => 7, stop => [$cut], on_text => sub { $upto .= $_[0] } );
is( $upto, substr( $text, 0, index( $text, $cut ) ), 'a stop string ends the text where it begins' );
is( $inf->timings->{stop}, 'stop_string', '... stop: stop_string' );

# A die in the callback comes out of generate, and nothing is broken.
eval { $inf->generate( \@prompt, max_tokens => 5, callback => sub { die "enough\n" if $_[1] == 2; 0 } ) };
is( $@, "enough\n", 'a die in the callback comes out of generate' );
eval { $inf->generate( \@prompt, max_tokens => 5, callback => sub { die { code => 7 } } ) };
is( ref $@ && $@->{code}, 7, 'an exception object too' );
is_deeply( [ $inf->generate( \@prompt, %sampling, seed => 7 ) ], \@a, 'the inference works afterwards' );

# Generation continues in a cache: a chat keeps its history.
my $cache = $inf->create_kv_cache;
my @first = $inf->generate( \@prompt, greedy => 1, max_tokens => 4, cache => $cache );
is( $cache->n_cached, @prompt + 3, 'the cache holds the prompt and the evaluated tokens' );
my @next = $inf->generate( [ $first[-1] ], greedy => 1, max_tokens => 4, cache => $cache );
is_deeply( [ @first, @next ], [ $inf->generate( \@prompt, greedy => 1, max_tokens => 8 ) ],
    'two turns in one cache give the tokens of one longer generation' );
eval { $inf->generate( \@prompt, max_tokens => 3, cache => $cache, callback => sub { $cache->clear; 0 } ) };
like( $@, qr/in use by a running generate/, 'the callback cannot clear the cache being generated into' );
eval { $inf->generate( \@prompt, max_tokens => 3, callback => sub { $inf->forward( tokens => [1] ); 0 } ) };
like( $@, qr/in use by a running generate/, '... nor run forward on the inference generating' );
my $other_model = Lugh::Model->new( model => synth_model( arch => 'qwen2' ) );
my $other = Lugh::Inference->new( model => $other_model );
eval { $other->forward_cache( $cache, [1] ) };
like( $@, qr/another model/, "a cache of another model is refused" );

# Sampling from logits.
my @logits = map { log $_ } 1, 2, 3, 4, 0.5, 0.25;    # probabilities 1:2:3:4:0.5:0.25
is( $inf->sample_top_k( \@logits, top_k => 1 ), 3, 'top_k => 1 is the most likely' );
is( $inf->sample_top_p( \@logits, temperature => 0 ), 3, 'temperature 0 is greedy' );
is( $inf->sample_top_p( pack( 'f*', @logits ), temperature => 0 ), 3, 'packed logits are accepted' );
my @draws1 = map { $inf->sample_top_p( \@logits, temperature => 1, top_p => 1, ( $_ == 0 ? ( seed => 3 ) : () ) ) } 0 .. 49;
my @draws2 = map { $inf->sample_top_p( \@logits, temperature => 1, top_p => 1, ( $_ == 0 ? ( seed => 3 ) : () ) ) } 0 .. 49;
is_deeply( \@draws1, \@draws2, 'seed => N restarts the sequence of draws' );
my $n = 6000;
my %count;
$count{ $inf->sample_top_p( \@logits, temperature => 1, top_p => 1 ) }++ for 1 .. $n;
my $z = sum 1, 2, 3, 4, 0.5, 0.25;
my @p = map { $_ / $z } 1, 2, 3, 4, 0.5, 0.25;
my $chi2 = sum map { ( ( $count{$_} // 0 ) - $n * $p[$_] )**2 / ( $n * $p[$_] ) } 0 .. 5;
cmp_ok( $chi2, '<', 20.5, "draws follow the softmax (chi-square $chi2, 5 degrees of freedom, p = 0.001)" );
my %k2;
$k2{ $inf->sample_top_k( \@logits, temperature => 1, top_k => 2 ) }++ for 1 .. 2000;
is_deeply( [ sort keys %k2 ], [ 2, 3 ], 'top_k => 2 draws only the two most likely' );
cmp_ok( abs( $k2{3} / 2000 - 4 / 7 ), '<', 0.05, '... in proportion 4:3' );
my %p_cut;
$p_cut{ $inf->sample_top_p( \@logits, temperature => 1, top_p => 0.5 ) }++ for 1 .. 2000;
is_deeply( [ sort keys %p_cut ], [ 2, 3 ], 'top_p => 0.5 keeps the best tokens up to half the mass' );

# Argument errors name the method and the argument.
my @bad = (
    [ sub { Lugh::Inference->new( model => $model, n_ctx => 0 ) },  qr/n_ctx/ ],
    [ sub { Lugh::Inference->new( model => $model, n_ctx => 2.5 ) }, qr/n_ctx is '2.5'/ ],
    [ sub { Lugh::Inference->new( model => $model, kv_type => 'q4_0' ) }, qr/kv_type must be/ ],
    [ sub { Lugh::Inference->new( model => $tok ) },                qr/expected a Lugh::Model/ ],
    [ sub { $inf->forward( tokens => 'x' ) },                       qr/tokens must be an array reference/ ],
    [ sub { $inf->forward( tokens => [ 1, 2**40 ] ) },              qr/tokens\[1\]/ ],
    [ sub { $inf->forward( tokenz => [1] ) },                       qr/unknown argument 'tokenz'/ ],
    [ sub { $inf->generate( \@prompt, max_tokens => -1 ) },         qr/max_tokens/ ],
    [ sub { $inf->generate( \@prompt, callback => 1 ) },            qr/callback must be a code reference/ ],
    [ sub { $inf->generate( \@prompt, temperature => 'hot' ) },     qr/temperature is 'hot'/ ],
    [ sub { $inf->generate( \@prompt, top_p => -1 ) },              qr/top_p/ ],
    [ sub { $inf->sample_top_k( 'abc' ) },                          qr/packed string of floats/ ],
    [ sub { $inf->sample_top_k( [ 1, 'x' ] ) },                     qr/logits\[1\] is not a number/ ],
    [ sub { $inf->forward_cache( $inf, [1] ) },                     qr/expected a Lugh::KVCache/ ],
);
for my $case (@bad) {
    my ( $code, $re ) = @$case;
    eval { $code->(); 1 } and do { fail("expected a die matching $re"); next };
    like( $@, $re, "dies: $re" );
}

done_testing;
