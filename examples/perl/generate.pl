#!/usr/bin/perl
# Generate text with a language model: the prompt in, the text streamed out
# as the model writes it.
#
#   perl -Iperl/blib/lib -Iperl/blib/arch examples/perl/generate.pl [-n N] [--temp T] [MODEL.gguf] [PROMPT]
#
# Without a model it uses ../shared/models/real/aidreams260K.gguf (or
# $LUGH_SHARED_DIR/models/...) when there, and otherwise writes a small
# synthetic model with random weights first (its text is gibberish, but
# every step is the real one): lib/LughDemo.pm.
use strict;
use warnings;
use FindBin;
use Getopt::Long qw(GetOptions);
use lib "$FindBin::Bin/lib";
use Lugh;
use LughDemo qw(demo_model_path);

GetOptions( 'n=i' => \( my $max_tokens = 64 ), 'temp=f' => \( my $temperature = 0 ), 'seed=i' => \( my $seed = 42 ) )
    or die "usage: $0 [-n N] [--temp T] [--seed S] [MODEL.gguf] [PROMPT]\n";
my $path   = shift // demo_model_path();
my $prompt = shift // 'Once upon a time';

my $model     = Lugh::Model->new( model => $path );
my $tokenizer = Lugh::Tokenizer->new( model => $model );
my $inference = Lugh::Inference->new( model => $model, n_ctx => $model->n_ctx_train );

$| = 1;
binmode STDOUT, ':encoding(UTF-8)';
print $prompt;
my @tokens = $inference->generate(
    [ $tokenizer->encode($prompt) ],
    max_tokens  => $max_tokens,
    temperature => $temperature,    # 0: greedy
    seed        => $seed,
    on_text     => sub { print $_[0] },
);
print "\n";
my $t = $inference->timings;
printf STDERR "generate.pl: %s, %d prompt tokens, %d generated at %.0f tokens/s (%s)\n",
    $model->describe, $t->{prompt_tokens}, scalar @tokens, $t->{tokens_per_second}, $t->{stop};
