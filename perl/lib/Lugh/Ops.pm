package Lugh::Ops;
use strict;
use warnings;

require Lugh;

1;

__END__

=head1 NAME

Lugh::Ops - operations on tensors, recorded for a Lugh::Graph to compute

=head1 VERSION

Version 0.01

=head1 SYNOPSIS

    use Lugh;

    my $ctx = Lugh::Context->new(mem_size => 4 * 1024 * 1024);
    my $x = Lugh::Tensor->new_f32($ctx, 4, 2);    # 2 rows of 4
    my $w = Lugh::Tensor->new_f32($ctx, 4);       # one row, broadcast
    $x->set_f32(1 .. 8);
    $w->set_f32(0.5, 0.5, 2, 2);

    my $y = Lugh::Ops::mul($ctx, $x, $w);         # nothing computed yet
    my $z = Lugh::Ops::soft_max($ctx, Lugh::Ops::silu($ctx, $y));

    my $graph = Lugh::Graph->new($ctx);
    $graph->build_forward($z);
    $graph->compute($ctx, 2);
    my @probabilities = $z->get_f32;              # each row sums to 1

=head1 DESCRIPTION

Every function here takes the context as its first argument, then tensors
and plain numbers, and returns a new L<Lugh::Tensor> made in that context. The
new tensor only I<describes> the result: its data is filled in when a
L<Lugh::Graph> that contains it is computed. Inputs are checked at once, and
a mismatch (shapes that do not fit, a wrong type) dies with a message naming
the operation and the shapes; nothing is created then.

Shapes are written first dimension first, as C<new_f32> takes them: C<[K, M]>
is M rows of K numbers. "Row" always means the first dimension.

The C<_inplace> variants write their result into the memory of their first
input and return a view of it; after the graph runs, the input holds the
result.

Inputs may come from other contexts than C<$ctx>. The result then reads
their memory when it is computed. A graph built over such a result records
those contexts and refuses to compute (it dies) once one of them was
destroyed or reset, but a view made in C<$ctx> of another context's tensor
only knows its own context: keep every context whose tensors went into a
result alive for as long as the result is used.

Functions are called with their full name, as C<Lugh::Ops::add($ctx, $a, $b)>;
none is exported.

=head1 ELEMENT-WISE ARITHMETIC

=head2 add, sub, mul, div

    my $c = Lugh::Ops::add($ctx, $a, $b);    # also add_inplace, sub_inplace, ...

C<a + b>, C<a - b>, C<a * b>, C<a / b>, element by element. C<$b> may be
smaller than C<$a> when each of its dimensions divides C<$a>'s: it is then
repeated to C<$a>'s shape (a bias row added to every row, say). The result
has C<$a>'s shape.

=head2 scale

    my $half = Lugh::Ops::scale($ctx, $a, 0.5);    # also scale_inplace

Every element multiplied by a number.

=head2 clamp

    my $c = Lugh::Ops::clamp($ctx, $a, -1, 1);

Every element limited to the range C<[min, max]>.

=head1 ELEMENT-WISE FUNCTIONS

=head2 sqr, sqrt, log, exp, neg, abs

    my $squares = Lugh::Ops::sqr($ctx, $a);    # each also as NAME_inplace

Square, square root, natural logarithm, exponential, negation and absolute
value of every element.

=head2 relu, gelu, silu, tanh, sigmoid

    my $h = Lugh::Ops::gelu($ctx, $a);    # each also as NAME_inplace

The activation functions: C<max(0, x)>; GELU (in its tanh approximation);
SiLU, C<x * sigmoid(x)>; hyperbolic tangent; logistic sigmoid.

=head2 unary

    my $h = Lugh::Ops::unary($ctx, $a, 'gelu_quick');    # also unary_inplace

Applies one of the element-wise functions by name or by ggml's number for it:
C<abs> (0), C<sgn>, C<neg>, C<step>, C<tanh>, C<elu>, C<relu>, C<sigmoid>,
C<gelu>, C<gelu_quick>, C<silu>, C<hardswish>, C<hardsigmoid>, C<exp> (13).

=head1 REDUCTIONS

=head2 sum

    my $total = Lugh::Ops::sum($ctx, $a);    # shape [1]

The sum of all elements.

=head2 sum_rows, mean

    my $row_sums  = Lugh::Ops::sum_rows($ctx, $m);   # [K, M] -> [1, M]
    my $row_means = Lugh::Ops::mean($ctx, $m);

The sum, or the mean, of each row.

=head2 argmax

    my $best = Lugh::Ops::argmax($ctx, $logits);     # [K, M] -> I32 [M]

The index of the largest element of each row, as an integer tensor (read it
with C<get_i32>).

=head1 NORMALISATION AND ATTENTION

=head2 norm, rms_norm

    my $n = Lugh::Ops::norm($ctx, $x, 1e-5);        # also norm_inplace
    my $r = Lugh::Ops::rms_norm($ctx, $x, 1e-6);    # also rms_norm_inplace

Each row shifted to mean 0 and scaled to variance 1 (C<norm>), or divided by
its root mean square (C<rms_norm>); the number is the epsilon added under the
square root.

=head2 soft_max

    my $p = Lugh::Ops::soft_max($ctx, $scores);    # also soft_max_inplace

The softmax of each row: exponentials scaled to sum to 1.

=head2 soft_max_ext

    my $p = Lugh::Ops::soft_max_ext($ctx, $scores, $mask, $scale, $max_bias);

The softmax of C<scores * scale + mask> for each row. C<$mask> may be
C<undef> for none; a C<$max_bias> above 0 adds ALiBi position slopes.

=head2 flash_attn_ext

    my $out = Lugh::Ops::flash_attn_ext($ctx, $q, $k, $v, $mask, $scale);   # [D, T, H], [D, N, Hkv] x 2 -> [Dv, H, T]
    my $capped = Lugh::Ops::flash_attn_ext($ctx, $q, $k, $v, undef, $scale, 0, 30);   # no mask, softcap 30

Attention in one node: for every head, C<softmax($q $k^T * $scale + $mask) $v>.
C<$q> is F32 [D, T, H]; C<$k> and C<$v> are F32 or F16 [D, N, Hkv] and
[Dv, N, Hkv], where H is a multiple of Hkv (grouped-query attention: query
head h reads key/value head h / (H / Hkv)). C<$mask> (F32 or F16 [N, T], or
C<undef>) is added to the scores; C<-inf> hides a key. The optional
C<$max_bias> must be 0; a C<$logit_softcap> above 0 caps the scores as
C<softcap * tanh(s / softcap)>. The result is F32 [Dv, H, T].

=head2 diag_mask_inf

    my $causal = Lugh::Ops::diag_mask_inf($ctx, $scores, $n_past);

Sets to minus infinity every element whose column is more than C<$n_past>
past its row number, so that a following softmax ignores the future
(also C<diag_mask_inf_inplace>).

=head2 rope_ext, rope

    my $q2 = Lugh::Ops::rope_ext($ctx, $q, $pos, $freq_factors, $n_dims, $mode,
        $n_ctx_orig, $freq_base, $freq_scale, $ext_factor, $attn_factor,
        $beta_fast, $beta_slow);                   # also rope_ext_inplace
    my $k2 = Lugh::Ops::rope($ctx, $k, $pos, $n_dims, $mode);

Rotary position embedding of C<$q> (shape C<[head_dim, n_head, n_tokens]>)
by the positions in the integer tensor C<$pos> (C<n_tokens> of them). The
first C<$n_dims> numbers of each head are rotated in pairs, by angles that
shrink geometrically from pair to pair. C<$mode> 0 pairs neighbours, 2
(NeoX) pairs the first half with the second. C<$freq_factors> may be
C<undef>. C<rope> uses the usual defaults (base 10000, no scaling).

=head1 MATRIX PRODUCT

=head2 mul_mat

    my $y = Lugh::Ops::mul_mat($ctx, $w, $x);    # [K, M] x [K, N] -> [M, N]

Each row of C<$x> multiplied with each row of C<$w>: element C<(m, n)> of
the result is the dot product of row C<m> of C<$w> and row C<n> of C<$x>.
Both must have the same row length C<K>. Higher dimensions broadcast.

For F16 weights (loaded from a GGUF file) the rows of C<$x> are rounded to
F16 first, as ggml does; see
L</mul_mat_set_prec> to keep them in F32.

=head2 mul_mat_set_prec

    my $y = Lugh::Ops::mul_mat($ctx, $w_f16, $x);
    Lugh::Ops::mul_mat_set_prec($y, 'f32');      # or 'default'; ggml's 10 / 0

Sets the precision of a C<mul_mat> result before the graph runs. C<'f32'>
keeps C<$x> in single precision for F16 weights (about twice the memory
traffic per weight in a matrix-vector product, exact to float rounding);
C<'default'> rounds it to F16. Dies for a tensor that is not a C<mul_mat>
result or an unknown precision.

=head1 GATHERING, COPYING AND TILING

=head2 get_rows

    my $emb = Lugh::Ops::get_rows($ctx, $table, $ids);   # [K, R] and I32 [N] -> [K, N]

The rows of C<$table> whose numbers are in the integer tensor C<$ids>.

=head2 set_rows

    my $done = Lugh::Ops::set_rows($ctx, $cache, $rows, $where);   # [K, R], [K, N], I32 [N]

Writes row C<i> of C<$rows> (F32) into row C<$where-E<gt>[i]> of C<$cache>
(converted to its type: F32, F16, BF16, Q8_0 or Q4_0) and returns a view of
C<$cache>; compute the returned tensor. The other rows keep their values.
An index outside C<$cache>'s rows makes the compute die.

=head2 cpy

    my $done = Lugh::Ops::cpy($ctx, $a, $b);

Copies C<$a> into C<$b> (same number of elements; converting the type if
they differ) and returns a view of C<$b>; compute the returned tensor.

=head2 dup, cont, cont_1d .. cont_4d

    my $copy = Lugh::Ops::dup($ctx, $a);
    my $flat = Lugh::Ops::cont($ctx, Lugh::Ops::transpose($ctx, $m));
    my $rows = Lugh::Ops::cont_2d($ctx, $a, 6, 2);

A copy; a contiguous copy (the usual way to materialise a transposed or
permuted view); a contiguous copy with a new shape.

=head2 repeat

    my $tiled = Lugh::Ops::repeat($ctx, $a, $b);

C<$a> repeated to the shape of C<$b> (whose dimensions are multiples of C<$a>'s).

=head2 concat

    my $ab = Lugh::Ops::concat($ctx, $a, $b, $dim);

C<$a> and C<$b> joined along dimension C<$dim> (0 to 3); the other
dimensions must agree.

=head1 VIEWS

Views share the data of their source: nothing is copied, and writing through
one changes the other. They must not outlive the context of their source.

=head2 reshape, reshape_1d .. reshape_4d

    my $m = Lugh::Ops::reshape($ctx, $v, 4, 3);      # or reshape($ctx, $v, [4, 3])
    my $n = Lugh::Ops::reshape_2d($ctx, $v, 6, 2);

The same contiguous data with another shape of the same number of elements.

=head2 view_1d .. view_4d

    my $tail = Lugh::Ops::view_1d($ctx, $v, 3, 4 * 2);            # 3 floats from byte 8
    my $sub  = Lugh::Ops::view_2d($ctx, $m, 2, 3, $row_bytes, 0);

A window into C<$a>: sizes, then the byte strides of dimensions 1 and up,
then the byte offset of the first element. Dies when the window reaches past
the source.

=head2 permute, transpose

    my $t = Lugh::Ops::transpose($ctx, $m);          # [K, M] -> [M, K]
    my $p = Lugh::Ops::permute($ctx, $x, 0, 2, 1, 3);

Reorders dimensions without moving data: C<permute> sends dimension I<i> of
the source to position I<axis_i>; C<transpose> swaps the first two.

=head1 SEE ALSO

L<Lugh>, L<Lugh::Graph>, L<Lugh::Tensor>, L<Lugh::Context>

=head1 LICENSE

This library is free software; you can redistribute it and/or modify it
under the same terms as Perl itself.

=cut
