# A tensor whose context is gone dies with a clear message (it never keeps
# its context alive, and never touches freed memory).
use strict;
use warnings;
use Test::More;
use Lugh;

my $die = sub { my $code = shift; eval { $code->(); 1 } ? '' : $@ };

my $tensor;
{
    my $ctx = Lugh::Context->new( mem_size => 1024 * 1024 );
    $tensor = Lugh::Tensor->new_f32( $ctx, 1000 );
    $tensor->set_f32( (1) x 1000 );
}
ok( !$tensor->alive, 'alive is false once the context is gone' );

my %calls = (
    get_f32   => sub { $tensor->get_f32 },
    set_f32   => sub { $tensor->set_f32( (1) x 1000 ) },
    get_data  => sub { $tensor->get_data },
    set_data  => sub { $tensor->set_data( pack 'f*', (1) x 1000 ) },
    nelements => sub { $tensor->nelements },
    n_dims    => sub { $tensor->n_dims },
    shape     => sub { $tensor->shape },
    type      => sub { $tensor->type },
    name      => sub { $tensor->name },
    set_name  => sub { $tensor->set_name('late') },
);
for my $method ( sort keys %calls ) {
    like( $die->( $calls{$method} ), qr/^lugh: tensor used after its context #\d+ was destroyed/,
        "$method on a tensor of a freed context dies" );
}

# A new context may take the same registry slot: the old tensor must still
# be recognised as dead (the generation differs), not read the new arena.
my $again = Lugh::Context->new( mem_size => 1024 * 1024 );
my $fresh = Lugh::Tensor->new_f32( $again, 1000 );
$fresh->set_f32( (2) x 1000 );
like( $die->( sub { $tensor->get_f32 } ), qr/used after its context/, 'a reused slot does not revive old tensors' );
is( ( $fresh->get_f32 )[0], 2, 'the new tensor is unaffected' );

# Views and other tensors made from a tensor share its fate.
my $ctx2 = Lugh::Context->new( mem_size => 1024 * 1024 );
my @in_ctx2 = map { Lugh::Tensor->new_f32( $ctx2, 10 ) } 1 .. 3;
undef $ctx2;
ok( !( grep { $_->alive } @in_ctx2 ), 'undef on the last reference frees the context and all its tensors' );

# A view made in one context of a tensor in another dies when the other
# goes, although its own context lives; so does an op over it.
{
    my $owner    = Lugh::Context->new( mem_size => 1024 * 1024 );
    my $borrower = Lugh::Context->new( mem_size => 1024 * 1024 );
    my $x        = Lugh::Tensor->new_f32( $owner, 8 );
    $x->set_f32( 0 .. 7 );
    my $view = Lugh::Ops::view_1d( $borrower, $x, 4, 16 );
    my $sum  = Lugh::Ops::add( $borrower, $x, $x );
    is_deeply( [ $view->get_f32 ], [ 4 .. 7 ], 'a view into another context reads it while it lives' );
    undef $owner;
    ok( $view->alive, "the view's own context still lives" );
    like( $die->( sub { $view->get_f32 } ), qr/reads tensors of context #\d+, which was destroyed or reset/,
        'reading the view after its source context is gone dies' );
    like( $die->( sub { Lugh::Graph->new($borrower)->build_forward($sum) } ), qr/reads tensors of context #\d+/,
        'building a graph over an op whose sources are gone dies' );
    my $own = Lugh::Tensor->new_f32( $borrower, 2 );
    $own->set_f32( 1, 2 );
    is_deeply( [ $own->get_f32 ], [ 1, 2 ], "the borrowing context's own tensors are unaffected" );
}

# Objects are read-only blobs: tampering is refused, not trusted.
my $ctx3 = Lugh::Context->new( mem_size => 4096 );
like( $die->( sub { ${$ctx3} = 'x' } ), qr/read-only/, 'the inside of a context object cannot be changed' );
my $fake = bless \( my $s = 'not a tensor' ), 'Lugh::Tensor';
like( $die->( sub { $fake->nelements } ), qr/damaged/, 'a forged tensor object is rejected' );
like( $die->( sub { Lugh::Tensor::nelements('Lugh::Tensor') } ), qr/expected a Lugh::Tensor object/,
    'a class name is not a tensor' );

my $forged = bless \( my $j = 'junk' ), 'Lugh::Context';
like( $die->( sub { $forged->mem_size } ), qr/damaged/, 'a forged context object is rejected' );
{
    my @warnings;
    local $SIG{__WARN__} = sub { push @warnings, @_ };
    undef $forged;
    is_deeply( \@warnings, [], 'destroying a forged context object frees nothing and says nothing' );
}

done_testing;
