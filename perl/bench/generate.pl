#!/usr/bin/perl
# Generation speed from Perl against the `lugh run` command, in the same run:
# the same model, prompt, context, threads and greedy decoding, alternating
# the two, best of R runs each (the least disturbed on a shared machine).
#
#   cd perl && perl -Mblib bench/generate.pl [MODEL.gguf] [TOKENS] [RUNS] [THREADS]
#
# Prints tokens/s of generation for: lugh run (as its timing line reports
# it); Perl generate streaming its text to a file handle through on_text
# (as lugh run streams to stdout); Perl generate with no callback; and the
# Perl figures measured around the call (wall clock, prompt included). The
# ratios to lugh run are what the XS layer costs (issue 13 asks >= 0.9).
use strict;
use warnings;
use File::Spec;
use FindBin;
use List::Util qw(max);
use Time::HiRes qw(time);
use Lugh;

my $root  = File::Spec->catdir( $FindBin::Bin, File::Spec->updir, File::Spec->updir );
my $model_path = ( shift // "" ) || File::Spec->catfile( $ENV{LUGH_SHARED_DIR} // File::Spec->catdir( $root, File::Spec->updir, 'shared' ),
    qw(models real aidreams260K.gguf) );
my $n       = shift // 200;
my $runs    = shift // 7;
my $threads = shift // 1;
my $tool    = File::Spec->catfile( $root, qw(build bin lugh) );
die "no model $model_path (give one)\n" unless -f $model_path;
die "no $tool: build the tree first\n" unless -x $tool;
my $prompt = 'Once upon a time';
my $n_ctx  = 512;

my $model = Lugh::Model->new( model => $model_path );
my $tok   = Lugh::Tokenizer->new( model => $model );
my @ids   = $tok->encode($prompt);
open my $sink, '>', File::Spec->devnull or die $!;

my %best;
sub keep { my ( $k, $v ) = @_; $best{$k} = max( $best{$k} // 0, $v ) }
for my $run ( 1 .. $runs ) {
    my $line = `"$tool" run -m "$model_path" -p "$prompt" -n $n -c $n_ctx -t $threads --temp 0 2>&1 >/dev/null`;
    my ($tps) = $line =~ /generated \d+ tokens at ([\d.]+) tokens\/s/ or die "cannot read lugh run's timing: $line";
    keep( 'lugh run', $tps );

    # A fresh inference each time: like lugh run, it builds and plans its graphs anew.
    my $inf = Lugh::Inference->new( model => $model, n_ctx => $n_ctx, n_threads => $threads );
    my $t0 = time;
    my @g = $inf->generate( \@ids, max_tokens => $n, greedy => 1, on_text => sub { print {$sink} $_[0] } );
    my $wall = time - $t0;
    keep( 'Perl generate, on_text', $inf->timings->{tokens_per_second} );
    keep( 'Perl generate, on_text, wall clock incl. prompt', @g / $wall );

    $inf = Lugh::Inference->new( model => $model, n_ctx => $n_ctx, n_threads => $threads );
    $t0 = time;
    @g = $inf->generate( \@ids, max_tokens => $n, greedy => 1 );
    $wall = time - $t0;
    keep( 'Perl generate, no callback', $inf->timings->{tokens_per_second} );
    keep( 'Perl generate, no callback, wall clock incl. prompt', @g / $wall );
}
printf "%s, %d tokens, %d threads, best of %d\n", $model->describe, $n, $threads, $runs;
for my $k ( 'lugh run', 'Perl generate, on_text', 'Perl generate, no callback',
    'Perl generate, on_text, wall clock incl. prompt', 'Perl generate, no callback, wall clock incl. prompt' )
{
    printf "%-52s %9.0f tokens/s  %5.2f x lugh run\n", $k, $best{$k}, $best{$k} / $best{'lugh run'};
}
