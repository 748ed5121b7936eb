package Lugh::Tensor;
use strict;
use warnings;

require Lugh;

1;

__END__

=head1 NAME

Lugh::Tensor - a tensor of one to four dimensions in a Lugh::Context

=head1 VERSION

Version 0.01

=head1 SYNOPSIS

    use Lugh;

    my $ctx = Lugh::Context->new(mem_size => 1024 * 1024);

    my $m = Lugh::Tensor->new_f32($ctx, 3, 2);   # 3 columns, 2 rows
    $m->set_f32(1, 2, 3,
                4, 5, 6);
    my @values = $m->get_f32;                    # (1, 2, 3, 4, 5, 6)

    print $m->nelements, "\n";                   # 6
    print $m->n_dims, "\n";                      # 2
    print join('x', $m->shape), "\n";            # 3x2

    # Fast bulk access: one packed string instead of a list
    $m->set_data(pack 'f*', 6, 5, 4, 3, 2, 1);
    my @back = unpack 'f*', $m->get_data;

=head1 DESCRIPTION

A tensor is a block of numbers with a shape of one to four dimensions. Its
description and (unless the context is C<no_alloc>) its data live in the
arena of a L<Lugh::Context>.

The first dimension varies fastest: a tensor of shape C<(3, 2)> is two rows
of three numbers, stored as C<row 0, col 0>, C<row 0, col 1>, C<row 0, col 2>,
C<row 1, col 0>, ... Lists given to C<set_f32> and returned by C<get_f32> use
that order.

A tensor object does not keep its context alive. When the context is gone,
every method dies with a message saying so (see
L<Lugh::Context/Tensors do not keep their context alive>); C<alive> reports
it without dying.

=head1 CONSTRUCTORS

=head2 new_f32

    my $t = Lugh::Tensor->new_f32($ctx, @dims);

A new tensor of 32-bit floats with one to four dimensions. Each dimension is
a whole number of elements, 0 or more. The data is not initialised. Dies
when the number of dimensions is not 1 to 4, a dimension is not a whole
number or is negative, or the context's arena has no room left (the message
says how much was needed and how much is free).

    my $vector = Lugh::Tensor->new_f32($ctx, 100);
    my $matrix = Lugh::Tensor->new_f32($ctx, 100, 200);

=head2 new_i32

    my $ids = Lugh::Tensor->new_i32($ctx, @dims);

The same for 32-bit integers, as used for row indices by
L<Lugh::Ops/get_rows>.

=head1 METHODS

=head2 set_f32

    $t->set_f32(@values);

Writes every element, in order (first dimension fastest). Exactly
C<nelements> values must be given, otherwise it dies and the tensor is left
unchanged. Values are rounded to the tensor's type.

=head2 get_f32

    my @values = $t->get_f32;
    my $count  = $t->get_f32;    # scalar context: the number of elements (nothing is read)

Reads every element as a list of numbers.

=head2 set_i32

    $ids->set_i32(0, 2, 1);

As C<set_f32>, with whole numbers, for integer tensors.

=head2 get_i32

    my @ids = $ids->get_i32;

As C<get_f32>, returning whole numbers.

=head2 set_data

    $t->set_data(pack 'f*', @values);

Copies a string of bytes into the tensor's data. The string must be exactly
C<nbytes> long; for an F32 tensor that is what C<pack 'f*'> makes of
C<nelements> numbers. One call moves the whole block, which is many times
faster than passing a long list to C<set_f32>. Dies for a string of the wrong
length, a string of characters wider than a byte, and tensors without data.

=head2 get_data

    my @values = unpack 'f*', $t->get_data;

The tensor's data as one string of C<nbytes> bytes.

=head2 nelements

    my $n = $t->nelements;

The number of elements: the product of the dimensions.

=head2 n_dims

    my $d = $t->n_dims;

The number of dimensions, not counting trailing dimensions of size 1: a
tensor made with C<(5, 1, 1)> has 1.

=head2 shape

    my @dims = $t->shape;

The size of each of the C<n_dims> dimensions, first (fastest) one first.

=head2 nrows

    my $rows = $t->nrows;

The number of rows: C<nelements> divided by the first dimension.

=head2 nbytes

    my $bytes = $t->nbytes;

The size of the tensor's data in bytes.

=head2 type

    my $type = $t->type;
    print "float tensor\n" if $type eq 'f32';
    print "type number $type\n" if $type == 0;

The element type. The value is a name when used as a string and the ggml
type number when used as a number: C<f32> 0, C<f16> 1, C<bf16> 30, C<i8> 24,
C<i16> 25, C<i32> 26, and the block types of quantized weights C<q4_0> 2,
C<q4_1> 3, C<q5_0> 6, C<q5_1> 7, C<q8_0> 8, C<q2_K> 10, C<q3_K> 11,
C<q4_K> 12, C<q5_K> 13, C<q6_K> 14, C<q8_K> 15, C<iq4_nl> 20, C<iq4_xs> 23
(ggml's own names, capital K included). Single elements of a block type
cannot be read or written; C<get_data> gives its bytes.

=head2 name

    my $name = $t->name;

The tensor's name; empty unless one was set.

=head2 set_name

    $t->set_name('attn_q')->set_name('renamed');

Names the tensor (at most 63 bytes are kept) and returns the tensor.

=head2 alive

    print "usable\n" if $t->alive;

True while the tensor's context exists and belongs to the calling Perl
thread. Never dies.

=head1 ERRORS

Every method dies with the C++ library's message when something is wrong,
for example:

    lugh: Tensor::set_f32: tensor 'x' has 6 elements, but 5 values were given
    lugh: tensor used after its context #2 was destroyed or reset

=head1 SEE ALSO

L<Lugh>, L<Lugh::Context>, L<Lugh::Ops>, L<Lugh::Graph>

=head1 LICENSE

This library is free software; you can redistribute it and/or modify it
under the same terms as Perl itself.

=cut
