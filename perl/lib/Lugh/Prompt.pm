package Lugh::Prompt;
use strict;
use warnings;

require Lugh;

1;

__END__

=head1 NAME

Lugh::Prompt - chat messages to prompt text, in a model's own chat template

=head1 VERSION

Version 0.01

=head1 SYNOPSIS

    use Lugh;

    my $prompt = Lugh::Prompt->new( format => 'chatml' );
    my $text = $prompt->apply(
        { role => 'system', content => 'You are terse.' },
        { role => 'user',   content => 'Hi!' },
        add_generation_prompt => 1,
    );
    print $text;
    # <|im_start|>system
    # You are terse.<|im_end|>
    # <|im_start|>user
    # Hi!<|im_end|>
    # <|im_start|>assistant

    print join( ', ', Lugh::Prompt->available_formats ), "\n";
    print $prompt->format_name, "\n";   # chatml

    # A model's own template (tokenizer.chat_template), or the built-in format of its architecture:
    #   my $prompt = Lugh::Prompt->new( model => $model );
    # Any Jinja template:
    my $custom = Lugh::Prompt->new(
        template => "{% for m in messages %}{{ m.role }}: {{ m.content }}\n{% endfor %}" );
    print $custom->apply( [ { role => 'user', content => 'Hello' } ] );

=head1 DESCRIPTION

Chat models are trained on conversations laid out in one exact text format
(ChatML's C<< <|im_start|> >> markers, Llama 2's C<[INST]>, ...). Most GGUF
files carry that layout as a Jinja template in C<tokenizer.chat_template>;
C<Lugh::Prompt> renders it exactly as Hugging Face's C<apply_chat_template>
does (Python's jinja2), with Lugh's own template engine. Templates come
from strangers: the engine reads nothing but the variables it is given, and
every render is bounded in steps, output and memory.

Tokenize the result with C<< parse_special => 1 >> so that the template's
markers become the model's control tokens (L<Lugh::Tokenizer/encode>).

=head1 CONSTRUCTOR

=head2 new

    my $prompt = Lugh::Prompt->new( format => 'chatml' );
    my $prompt = Lugh::Prompt->new( model => $model );
    my $prompt = Lugh::Prompt->new( template => $jinja_text );

    my $prompt = Lugh::Prompt->new( template => $text, bos_token => '<s>', eos_token => '</s>' );

Give exactly one of C<format>, C<model> and C<template>. C<format>: a built-in format (see C<available_formats>).
C<model>: the template in the model's file, or else the built-in format of
its architecture; the template sees the vocabulary's BOS and EOS text as
C<bos_token> and C<eos_token>. C<template>: any template text. Dies for an
unknown format, and for a template with a syntax error (naming its line
and column). C<bos_token> and C<eos_token> set (or replace) the text the
template sees for them.

=head1 METHODS

=head2 apply

    my $text = $prompt->apply( @messages, add_generation_prompt => 1 );
    my $text = $prompt->apply( \@messages, add_generation_prompt => 0 );
    my $text = $prompt->apply( \@messages, variables => { enable_thinking => 0 } );

Messages are hash references with a C<role> ('system', 'user', 'assistant',
...) and usually a C<content>; any other fields (nested hashes and arrays
too) reach the template as they are. C<add_generation_prompt> (default 1)
ends the text with the opening of the assistant's turn. C<variables> adds
variables of your own; C<now> (seconds since the epoch) is the date
C<strftime_now()> formats (default: the current time). Returns the text (a Perl character string). A
template's C<raise_exception("...")> dies with exactly its message.

=head2 format_name

The format given to C<new>, or "model" / "template".

=head2 template_text

The template's source text.

=head2 available_formats

    my @names = Lugh::Prompt->available_formats;   # chatml, llama2, llama3, mistral, ...

=head1 SEE ALSO

L<Lugh::Tokenizer>, L<Lugh::Inference>; F<examples/perl/chat.pl> in the
source tree.

=cut
