package Lugh::Inference;
use strict;
use warnings;

require Lugh;
require Lugh::KVCache;

1;

__END__

=head1 NAME

Lugh::Inference - a model's forward pass, sampling and text generation

=head1 VERSION

Version 0.01

=head1 SYNOPSIS

    use Lugh;
    use File::Temp qw(tempdir);

    my $path = tempdir( CLEANUP => 1 ) . '/tiny.gguf';
    Lugh::Model->write_synthetic( $path, preset => 'tiny' );   # random weights: gibberish text

    my $model     = Lugh::Model->new( model => $path );
    my $tokenizer = Lugh::Tokenizer->new( model => $model );
    my $inference = Lugh::Inference->new( model => $model, n_ctx => 256, n_threads => 2 );

    # One forward pass: the logits of the next token
    my @tokens = $tokenizer->encode("Once upon a time");
    my @logits = $inference->forward( tokens => \@tokens );
    my $next   = $inference->sample_top_p( \@logits, temperature => 0.8, top_p => 0.95 );
    print "next token: $next\n";

    # Generation, streamed
    my @generated = $inference->generate(
        \@tokens,
        max_tokens  => 16,
        temperature => 0.8,
        top_k       => 40,
        seed        => 42,
        on_text     => sub { print $_[0] },
        callback    => sub { my ( $token, $count ) = @_; return 0 },   # true stops
    );
    print "\n", scalar(@generated), " tokens\n";

    # A KV cache carries the positions from call to call
    my $cache = $inference->create_kv_cache;
    @logits = $inference->forward_cache( $cache, \@tokens );
    @logits = $inference->forward_cache( $cache, [$next] );
    print $cache->n_cached, " positions cached\n";

=head1 DESCRIPTION

Runs a L<Lugh::Model> with Lugh's C++ engine: the forward pass is a Lugh
graph over a KV cache, planned once per batch shape and run by Lugh's
thread pool; sampling is llama.cpp's chain (penalties, top-k, top-p, min-p,
temperature, a seeded draw). C<generate> runs entirely in C++ and calls
Perl only for your callbacks, so it generates as fast as the C<lugh run>
command.

An inference holds a scratch KV cache of C<n_ctx> positions for C<forward>
and C<generate>; L<Lugh::KVCache> objects from C<create_kv_cache> keep
positions across calls. Like every object made from a model, an inference
dies when used once its L<Lugh::Model> is gone. Objects belong to the Perl
thread that made them: another thread's copy dies when used (each thread
loads its own model; the file's pages are shared).

=head1 CONSTRUCTOR

=head2 new

    my $inference = Lugh::Inference->new(
        model     => $model,
        n_ctx     => 2048,    # positions of the KV cache
        n_threads => 4,       # default: the cores, at most 4
        n_batch   => 512,     # most tokens per graph
        kv_type   => 'f16',   # or 'f32'
        seed      => 42,      # first seed of sample_top_p / sample_top_k
    );

=head1 METHODS

=head2 forward

    my @logits = $inference->forward( tokens => \@tokens );
    my $packed = $inference->forward( tokens => \@tokens, packed => 1 );
    my @logits = $inference->forward( \@tokens );

Evaluates the tokens from position 0 (nothing is kept from earlier calls)
and returns the logits of the last position: C<n_vocab> numbers. With
C<< packed => 1 >> they come as one string of native floats
(C<unpack 'f*'> reads it), which costs far less than a Perl list of 32000
numbers per token. Dies for an empty list, a token outside the vocabulary,
or more tokens than C<n_ctx>.

=head2 create_kv_cache

    my $cache = $inference->create_kv_cache;                 # n_ctx and kv_type of the inference
    my $cache = $inference->create_kv_cache( n_ctx => 512 );

A new, empty L<Lugh::KVCache>.

=head2 forward_cache

    my @logits = $inference->forward_cache( $cache, \@tokens );
    my $packed = $inference->forward_cache( $cache, \@tokens, packed => 1 );

Evaluates the tokens at the positions after what the cache holds, adds
them to it, and returns the logits of the last one. Tokens that do not fit
die and leave the cache as it was.

=head2 sample_top_p, sample_top_k

    my $id = $inference->sample_top_p( \@logits, temperature => 0.8, top_p => 0.95 );
    my $id = $inference->sample_top_k( \@logits, temperature => 0.8, top_k => 40 );

Draws a token id from logits (an array reference, or a packed string of
floats). C<temperature> 0 is greedy. Each call draws with the next seed of
the inference's sequence, so a run of calls repeats exactly for the same
C<seed> given to C<new>; C<< seed => N >> restarts the sequence.

=head2 generate

    my @ids = $inference->generate( \@prompt, %options );

Evaluates the prompt, then samples and evaluates one token after another,
and returns the generated ids (in scalar context, their count). Options:

=over 4

=item max_tokens (128)

=item temperature (0.8), top_k (40), top_p (0.95), min_p (0.05)

Temperature 0 (or C<< greedy => 1 >>) takes the most likely token; top-k 0,
top-p 1 and min-p 0 switch those filters off.

=item repeat_penalty (1: off), frequency_penalty (0), presence_penalty (0), penalty_last_n (64)

=item seed (42)

The same seed gives the same tokens, at any thread count.

=item eos_token

An id (or an array reference of ids) that ends generation besides the
vocabulary's own end-of-generation tokens. Ending tokens are not returned.

=item stop

A string or an array reference of strings: generation ends when the text
reaches one, and the streamed text ends where it begins.

=item callback

    callback => sub { my ( $token, $count, $text ) = @_; return $stop }

Called for each generated token with its id, its number (1 for the first)
and the text that became final with it (whole UTF-8 characters; text that
might begin a stop string is held back). Returning true stops generation
after that token. A C<die> in the callback stops generation and comes out
of C<generate>.

=item on_text

    on_text => sub { print $_[0] }

Called with each piece of text as it becomes final, including what was held
back until the end: together the pieces are the generated text.

=item cache

A L<Lugh::KVCache> to continue in: the prompt is evaluated after what it
holds (a chat keeps its history without evaluating it again). Without it,
generation starts from position 0 in the scratch cache.

=back

While C<generate> runs, the cache it uses refuses other calls (from the
callback): they die with "in use by a running generate".

=head2 timings

    my $t = $inference->timings;   # of the last generate

A hash reference: C<prompt_tokens>, C<prompt_ms>, C<generated_tokens>,
C<generate_ms>, C<tokens_per_second> and C<stop> (why generation ended:
max_tokens, eog, stop_string, callback or context_full).

=head2 n_ctx, n_batch, n_threads, n_vocab

The settings in use.

=head1 SEE ALSO

L<Lugh::Model>, L<Lugh::Tokenizer>, L<Lugh::KVCache>, L<Lugh::Prompt>;
F<examples/perl/generate.pl> and F<examples/perl/chat.pl> in the source tree.

=cut
