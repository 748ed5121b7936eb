#!/usr/bin/perl
# Chat with a language model in its own chat template, keeping the
# conversation's KV cache from turn to turn: each turn evaluates only the
# part of the prompt the cache does not hold yet.
#
#   perl -Iperl/blib/lib -Iperl/blib/arch examples/perl/chat.pl [--format NAME] [MODEL.gguf]
#
# On a terminal it reads your messages line by line (an empty line or EOF
# ends); otherwise (make demo) it plays a short scripted conversation. The
# model is found as in generate.pl; small models answer nonsense, but every
# step is the real one.
use strict;
use warnings;
use FindBin;
use Getopt::Long qw(GetOptions);
use lib "$FindBin::Bin/lib";
use Lugh;
use LughDemo qw(demo_model_path);

GetOptions( 'format=s' => \my $format, 'n=i' => \( my $max_tokens = 48 ) )
    or die "usage: $0 [--format NAME] [-n N] [MODEL.gguf]\n";
my $path = shift // demo_model_path();

my $model     = Lugh::Model->new( model => $path );
my $tokenizer = Lugh::Tokenizer->new( model => $model );
# Small models were trained on short contexts; positions beyond work, if less well.
my $inference = Lugh::Inference->new( model => $model, n_ctx => 1024 );
my $template  = $format ? Lugh::Prompt->new( format => $format ) : Lugh::Prompt->new( model => $model );
my $cache     = $inference->create_kv_cache;

my @messages = ( { role => 'system', content => 'You are a helpful assistant.' } );
my @cached;    # the tokens whose keys and values the cache holds
my $interactive = -t STDIN && -t STDOUT;
my @script = ( 'Tell me a story.', 'What happened next?' );
binmode STDOUT, ':encoding(UTF-8)';
$| = 1;
printf "chat.pl: %s, template '%s'\n", $model->describe, $template->format_name;

while (1) {
    print "> " if $interactive;
    my $line = $interactive ? <STDIN> : shift @script;
    last unless defined $line && $line =~ /\S/;
    chomp $line;
    print "> $line\n" unless $interactive;
    push @messages, { role => 'user', content => $line };

    # The whole conversation in the template; the cache keeps the prefix it shares.
    my @tokens = $tokenizer->encode( $template->apply( \@messages, add_generation_prompt => 1 ), parse_special => 1 );
    my $same = 0;
    $same++ while $same < @cached && $same < $#tokens && $cached[$same] == $tokens[$same];
    $cache->resize($same);
    if ( @tokens + $max_tokens > $cache->n_ctx ) {
        print "[the conversation fills the context: starting again]\n";
        @messages = ( $messages[0], $messages[-1] );
        @cached = ();
        $cache->clear;
        redo if @tokens < $cache->n_ctx;
        last;
    }
    my $reply = '';
    my @reply = $inference->generate(
        [ @tokens[ $same .. $#tokens ] ],
        cache       => $cache,
        max_tokens  => $max_tokens,
        temperature => 0.7,
        seed        => 7,
        on_text     => sub { $reply .= $_[0]; print $_[0] },
    );
    print "\n";
    # The cache holds the prompt and every reply token but the last.
    @cached = ( @tokens, @reply[ 0 .. $#reply - 1 ] );
    @cached = @cached[ 0 .. $cache->n_cached - 1 ];
    push @messages, { role => 'assistant', content => $reply };
}
