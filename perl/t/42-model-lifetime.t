# Objects made from a Lugh::Model die clearly once the model is gone;
# forged or damaged objects are refused; ithreads copies are refused in the
# other thread, free nothing there, and each thread can run its own model.
use strict;
use warnings;
use Config;
use POSIX ();
use Test::More;
use FindBin;
use Lugh;
require "$FindBin::Bin/lib_llm.pl";

my $path   = synth_model( arch => 'llama' );
my @prompt = ( 1, 20, 30, 40 );

# Every method of a tokenizer, inference and cache after their model is gone.
{
    my $model = Lugh::Model->new( model => $path );
    my $tok   = Lugh::Tokenizer->new( model => $model );
    my $inf   = Lugh::Inference->new( model => $model, n_ctx => 32 );
    my $cache = $inf->create_kv_cache;
    $inf->forward_cache( $cache, \@prompt );
    undef $model;
    my %calls = (
        'Tokenizer::encode'         => sub { $tok->encode('x') },
        'Tokenizer::decode'         => sub { $tok->decode( [1] ) },
        'Tokenizer::n_vocab'        => sub { $tok->n_vocab },
        'Tokenizer::bos_id'         => sub { $tok->bos_id },
        'Tokenizer::token_to_piece' => sub { $tok->token_to_piece(5) },
        'Inference::forward'        => sub { $inf->forward( tokens => \@prompt ) },
        'Inference::forward_cache'  => sub { $inf->forward_cache( $cache, [5] ) },
        'Inference::generate'       => sub { $inf->generate( \@prompt, max_tokens => 2 ) },
        'Inference::sample_top_p'   => sub { $inf->sample_top_p( [ 1, 2 ] ) },
        'Inference::create_kv_cache' => sub { $inf->create_kv_cache },
        'Inference::n_ctx'          => sub { $inf->n_ctx },
        'KVCache::n_cached'         => sub { $cache->n_cached },
        'KVCache::clear'            => sub { $cache->clear },
        'KVCache::resize'           => sub { $cache->resize(1) },
    );
    for my $name ( sort keys %calls ) {
        my $class = ( split /::/, $name )[0];
        eval { $calls{$name}->(); 1 } and do { fail("$name works without its model"); next };
        like( $@, qr/^lugh: Lugh::\Q$name\E: its Lugh::Model has been destroyed at /,
            "$name dies once the model is gone" );
    }
}

# A new model does not revive old objects, even when it is the same file.
{
    my $model = Lugh::Model->new( model => $path );
    my $tok   = Lugh::Tokenizer->new( model => $model );
    undef $model;
    my $again = Lugh::Model->new( model => $path );
    eval { $tok->n_vocab };
    like( $@, qr/its Lugh::Model has been destroyed/, 'a tokenizer stays dead when the file is opened again' );
    is( Lugh::Tokenizer->new( model => $again )->n_vocab, 300, 'a new tokenizer of the new model works' );
}

# The inference (or the cache) going away first leaves the rest working.
{
    my $model = Lugh::Model->new( model => $path );
    my $inf   = Lugh::Inference->new( model => $model, n_ctx => 32 );
    my $cache = $inf->create_kv_cache;
    my $want  = $inf->forward_cache( $cache, \@prompt, packed => 1 );
    undef $inf;
    is( $cache->n_cached, 4, 'a cache outlives the inference that made it' );
    my $inf2 = Lugh::Inference->new( model => $model, n_ctx => 32 );
    $cache->resize(0);
    is( $inf2->forward_cache( $cache, \@prompt, packed => 1 ), $want, '... and another inference of the model uses it' );
    my $model_copy = $model;    # a second Perl reference keeps the model
    undef $model;
    is( $cache->n_cached, 4, 'the model lives while any Perl reference to it does' );
}

# Forged and damaged objects.
{
    my $model = Lugh::Model->new( model => $path );
    my $forged = bless \( my $s = 'x' x 24 ), 'Lugh::Model';
    eval { $forged->n_vocab };
    like( $@, qr/this Lugh::Model object is damaged/, 'a forged model is refused' );
    my $tok = Lugh::Tokenizer->new( model => $model );
    my $fake = bless \( my $t = ${$tok} ), 'Lugh::Inference';
    eval { $fake->n_ctx };
    like( $@, qr/this Lugh::Inference object is damaged/, 'a tokenizer blessed as an inference is refused' );
    eval { Lugh::Model::n_vocab($tok) };
    like( $@, qr/expected a Lugh::Model object/, 'a tokenizer is no model' );
    eval { ${$model} = 'y' x 24 };
    like( $@, qr/read-only/, 'the object bytes are read-only' );
}

# A forked child uses the parent's memory-mapped model (the pages are shared).
SKIP: {
    skip 'no fork here', 1 unless $Config{d_fork};
    my $model = Lugh::Model->new( model => $path, use_mmap => 1 );
    my $inf   = Lugh::Inference->new( model => $model, n_ctx => 32 );
    my @want  = $inf->generate( \@prompt, greedy => 1, max_tokens => 6 );
    pipe my $from_child, my $to_parent or die $!;
    my $pid = fork // die "fork: $!";
    if ( !$pid ) {
        close $from_child;
        print {$to_parent} join ',', $inf->generate( \@prompt, greedy => 1, max_tokens => 6 );
        close $to_parent;
        POSIX::_exit(0);
    }
    close $to_parent;
    my $got = do { local $/; <$from_child> };
    waitpid $pid, 0;
    is( $got, join( ',', @want ), 'a forked child generates with the mapped model' );
}

SKIP: {
    skip 'this perl has no ithreads', 10 unless $Config{useithreads};
    require threads;
    my $model = Lugh::Model->new( model => $path );
    my $tok   = Lugh::Tokenizer->new( model => $model );
    my $inf   = Lugh::Inference->new( model => $model, n_ctx => 32 );
    my $cache = $inf->create_kv_cache;
    my $chat  = Lugh::Prompt->new( format => 'chatml' );
    my @want  = $inf->generate( \@prompt, greedy => 1, max_tokens => 6 );
    my $report = threads->create(
        sub {
            my %r;
            $r{model} = eval { $model->n_vocab;  1 } ? '' : $@;
            $r{tok}   = eval { $tok->encode('a'); 1 } ? '' : $@;
            $r{inf}   = eval { $inf->forward( tokens => [1] ); 1 } ? '' : $@;
            $r{cache} = eval { $cache->n_cached; 1 } ? '' : $@;
            $r{chat}  = eval { $chat->apply( { role => 'user', content => 'x' } ); 1 } ? '' : $@;
            # Its own model works in the thread.
            my $own = Lugh::Model->new( model => $path );
            $r{tokens} = join ',', Lugh::Inference->new( model => $own, n_ctx => 32 )
                ->generate( \@prompt, greedy => 1, max_tokens => 6 );
            return \%r;
        }
    )->join;
    like( $report->{model}, qr/Lugh::Model object belongs to another Perl thread/, "the thread's copy of a model is refused" );
    like( $report->{tok},   qr/belongs to another Perl thread/, '... of a tokenizer' );
    like( $report->{inf},   qr/belongs to another Perl thread/, '... of an inference' );
    like( $report->{cache}, qr/belongs to another Perl thread/, '... of a cache' );
    like( $report->{chat},  qr/Lugh::Prompt object belongs to another Perl thread/, '... of a prompt' );
    like( $chat->apply( { role => 'user', content => 'x' } ), qr/<\|im_start\|>user/, 'the parent prompt still works' );
    is( $report->{tokens}, join( ',', @want ), "a thread's own model generates the same tokens" );
    is( $model->n_vocab, 300, 'the parent model is intact after the thread ended' );
    is_deeply( [ $inf->generate( \@prompt, greedy => 1, max_tokens => 6 ) ], \@want, '... and its inference' );
    # Two threads generating side by side, each with its own model.
    my @threads = map {
        threads->create( sub {
            my $m = Lugh::Model->new( model => $path );
            my $i = Lugh::Inference->new( model => $m, n_ctx => 64, n_threads => 1 );
            return join ',', map { $i->generate( \@prompt, greedy => 1, max_tokens => 6 ) } 1 .. 5;
        } )
    } 1 .. 2;
    my @results = map { $_->join } @threads;
    is_deeply( \@results, [ ( join ',', (@want) x 5 ) x 2 ], 'two threads generating at once get the same tokens' );
}

done_testing;
