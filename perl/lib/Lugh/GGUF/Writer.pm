package Lugh::GGUF::Writer;
use strict;
use warnings;

require Lugh;

1;

__END__

=head1 NAME

Lugh::GGUF::Writer - write GGUF files: keys, then tensors

=head1 VERSION

Version 0.01

=head1 SYNOPSIS

    use Lugh;
    use File::Temp qw(tempdir);

    my $ctx = Lugh::Context->new( mem_size => 1024 * 1024 );
    my $w   = Lugh::Tensor->new_f32( $ctx, 4, 2 )->set_name('blk.0.weight');
    $w->set_f32( map { $_ / 8 } 1 .. 8 );

    my $path = tempdir( CLEANUP => 1 ) . '/model.gguf';
    my $writer = Lugh::GGUF::Writer->new;
    $writer->set( 'general.architecture', 'toy' );          # str
    $writer->set( 'toy.context_length', 128, 'u32' );        # a given type
    $writer->set( 'toy.scales', [ 0.5, 0.25 ], 'f32' );      # an array
    $writer->set( 'toy.labels', [qw(a b c)] );               # strings
    $writer->add_tensor($w);
    $writer->write($path);

    print Lugh::GGUF->new($path)->get('toy.context_length'), "\n";   # 128

=head1 DESCRIPTION

Collects keys and tensors, then writes them as a GGUF file (version 3,
little-endian) that L<Lugh::GGUF> and other GGUF readers can read back
unchanged. Tensors are stored in the order they were added.

=head1 METHODS

=head2 new

    my $writer = Lugh::GGUF::Writer->new;

An empty file: no keys, no tensors.

=head2 set

    $writer->set( $key, $value );
    $writer->set( $key, $value, $type );
    $writer->set( $key, \@values, $type );

Sets a key, replacing the value in place if the key is already there.
C<$type> is one of C<u8 i8 u16 i16 u32 i32 u64 i64 f32 f64 bool str>; with
an array reference it is the type of the elements. Numbers are checked
against the type: a value that is not a number, not whole for an integer
type, or out of its range dies, naming the key (and the element). For
C<f32> that range is the largest finite f32 (about 3.4e38): C<1e300> dies
instead of becoming an infinity (pass C<f64>); an infinity or NaN given as
such is kept. A key must not contain a NUL byte.

Without a type, the value decides: a string (anything Perl holds as text,
including a number once used as a string) is C<str>, an integer C<i32> (or
C<i64>, C<u64> when it needs them), any other number C<f64>, and Perl's own
booleans (C<!!1>, Perl 5.36 and later) C<bool>. An array takes the widest
of its elements' types; strings and numbers mixed, or an empty array, need
a type. Pass the type whenever another program reads the key: readers
usually expect one exact type (C<u32> for sizes, C<f32> for most floats).

Returns the writer, so calls can be chained.

=head2 remove

    my $was_there = $writer->remove($key);

=head2 set_alignment

    $writer->set_alignment(64);

Sets C<general.alignment> (a power of two up to 1 MiB): tensor data starts
at multiples of it. The default is 32. A value that is not a whole number
(C<32.5>) dies rather than being truncated.

=head2 copy_keys

    $writer->copy_keys($gguf);

Copies every key of a L<Lugh::GGUF> file, in order (for example to write a
converted copy of a model).

=head2 add_tensor

    $writer->add_tensor($tensor);

Adds a L<Lugh::Tensor> under its name (set one with
L<Lugh::Tensor/set_name>; names must be unique and non-empty). The name,
type and shape are taken now; the data is read when the file is written, so
its context must still be alive then. A tensor without data (from a
C<no_alloc> context) is written as zeros.

=head2 write

    $writer->write($path);
    $writer->write( $path, 1 );   # the header only, without the data section

Writes the file. Dies with the library's message when the file cannot be
written or a tensor's context is gone, or when C<$path> contains a NUL
byte. The file is written beside C<$path> under a temporary name and
renamed into place when complete: a failure leaves what was at C<$path>
untouched and no temporary file behind, and a program reading (or
memory-mapping) the old file keeps seeing it whole. A device (such as
C</dev/null>) is written in place and never removed; a symbolic link keeps
pointing where it did and its target is replaced.

=head1 THREAD SAFETY

A writer belongs to the Perl thread that created it; a copy in another
thread dies when used.

=head1 SEE ALSO

L<Lugh::GGUF>, L<Lugh::Tensor>

=head1 LICENSE

This library is free software; you can redistribute it and/or modify it
under the same terms as Perl itself.

=cut
