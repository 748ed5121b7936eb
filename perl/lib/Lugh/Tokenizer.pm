package Lugh::Tokenizer;
use strict;
use warnings;

require Lugh;

1;

__END__

=encoding utf8

=head1 NAME

Lugh::Tokenizer - text to token ids and back, exactly as llama.cpp does, from a model's vocabulary

=head1 VERSION

Version 0.01

=head1 SYNOPSIS

    use Lugh;
    use File::Temp qw(tempdir);

    my $path = tempdir( CLEANUP => 1 ) . '/tiny.gguf';
    Lugh::Model->write_synthetic( $path, preset => 'tiny' );
    my $model = Lugh::Model->new( model => $path );

    my $tokenizer = Lugh::Tokenizer->new( model => $model );
    my @tokens = $tokenizer->encode("Hello, world!");   # BOS first
    print "@tokens\n";
    print $tokenizer->decode( \@tokens ), "\n";          # Hello, world!
    print $tokenizer->decode(@tokens), "\n";             # the same

    my @bare = $tokenizer->encode( "Hi", add_bos => 0 );
    printf "BOS %d, EOS %d, %d tokens in the vocabulary\n",
        $tokenizer->bos_id, $tokenizer->eos_id, $tokenizer->n_vocab;
    print join( '|', map { $tokenizer->token_to_piece($_) } @bare ), "\n";

=head1 DESCRIPTION

The vocabulary stored in a model's GGUF file (C<tokenizer.ggml.*>), with the
two algorithms llama.cpp implements: SentencePiece-style BPE
(C<tokenizer.ggml.model> "llama") and byte-level BPE ("gpt2", with its
pre-tokenizers). Token ids are exactly llama.cpp's for any input; any
bytes, valid UTF-8 or not, encode without error.

A tokenizer lives as long as its model: once the last reference to the
L<Lugh::Model> is gone, every method dies with "its Lugh::Model has been
destroyed".

=head1 METHODS

=head2 new

    my $tokenizer = Lugh::Tokenizer->new( model => $model );

Dies if the model's file has no vocabulary.

=head2 encode

    my @ids = $tokenizer->encode( $text, add_bos => 1, parse_special => 0 );
    my $n   = $tokenizer->encode($text);   # scalar context: the count

C<add_bos> (default 1): add the BOS (and EOS) the vocabulary asks for
(C<tokenizer.ggml.add_bos_token>); 0 adds none. C<add_special> is a synonym.
C<parse_special> (default 0): text such as C<< <s> >> or
C<< <|im_start|> >> becomes that control token; otherwise it is ordinary
text (so user input cannot inject control tokens). Perl character strings
are encoded as UTF-8.

=head2 decode

    my $text = $tokenizer->decode( \@ids );
    my $text = $tokenizer->decode(@ids);

The text of the ids, as a Perl character string when it is valid UTF-8.
Control tokens (C<< </s> >>, C<< <|im_end|> >>) are left out. Ids that
begin with BOS are read as an encoded text: BOS goes, and so does the space
SentencePiece put in front, so C<< decode(encode($text)) >> is C<$text>.
Other ids continue a text (generated tokens): their text exactly, a
leading space included, as llama.cpp prints them. Dies for an id outside
the vocabulary.

=head2 token_to_piece

    my $bytes = $tokenizer->token_to_piece($id);

The bytes one token stands for (a byte token gives one byte, which may be
part of a UTF-8 character; SentencePiece's word marker is a space).

=head2 token_text

The token as the vocabulary stores it (C<▁Hello>, C<< <0x0A> >>).

=head2 n_vocab, bos_id, eos_id, eot_id, unk_id, pad_id

The vocabulary size and its special ids (-1 where it has none).

=head2 is_eog, is_control

Whether an id ends generation (EOS, EOT and the others llama.cpp stops on),
and whether it is a control token (hidden by C<decode>).

=head1 SEE ALSO

L<Lugh::Model>, L<Lugh::Inference>, L<Lugh::Prompt>.

=cut
