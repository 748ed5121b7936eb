# The examples of the Lugh::Context documentation (the seed), as tests.
use strict;
use warnings;
use Test::More;
use Lugh;

my $MB = 1024 * 1024;

subtest 'SYNOPSIS' => sub {
    # Create a context with 16 MB of memory
    my $ctx = Lugh::Context->new( mem_size => 16 * 1024 * 1024 );
    isa_ok( $ctx, 'Lugh::Context' );
    # Create tensors in this context
    my $a = Lugh::Tensor->new_f32( $ctx, 1024 );
    my $b = Lugh::Tensor->new_f32( $ctx, 1024 );
    isa_ok( $_, 'Lugh::Tensor' ) for $a, $b;
    is( $a->nelements, 1024, 'a has 1024 elements' );
    is( $ctx->n_tensors, 2, 'both tensors live in the context' );
};

subtest 'new: a small context (1 MB) and a large one (1 GB)' => sub {
    my $small = Lugh::Context->new( mem_size => 1024 * 1024 );
    is( $small->mem_size, $MB, 'small context: mem_size is 1 MB' );
    # The arena is mapped lazily, so asking for 1 GB costs nothing until used.
    my $large = Lugh::Context->new( mem_size => 1024 * 1024 * 1024 );
    is( $large->mem_size, 1024 * $MB, 'large context: mem_size is 1 GB' );
    my $t = Lugh::Tensor->new_f32( $large, 1000 );
    $t->set_f32( (0.5) x 1000 );
    is( ( $t->get_f32 )[999], 0.5, 'a tensor in the 1 GB context holds data' );
};

subtest 'mem_used grows by the tensor data' => sub {
    my $ctx = Lugh::Context->new( mem_size => 1024 * 1024 );
    my $before = $ctx->mem_used;
    cmp_ok( $before, '<', 1024, "initially small ($before bytes)" );
    my $tensor = Lugh::Tensor->new_f32( $ctx, 1000 );
    my $grown = $ctx->mem_used - $before;
    # 4000 bytes of data, plus the tensor record and alignment padding.
    cmp_ok( $grown, '>=', 4000, "grew by at least the 4000 bytes of data ($grown)" );
    cmp_ok( $grown, '<=', 4000 + 256 + 64, 'and by at most data + one record + one alignment' );
    is( $tensor->nbytes, 4000, 'the tensor holds 4000 bytes' );
    cmp_ok( $ctx->mem_used, '<=', $ctx->mem_size, 'mem_used never exceeds mem_size' );
};

subtest 'automatic cleanup when the context goes out of scope' => sub {
    my $live = Lugh::Context->live_count;
    my $tensor;
    {
        my $ctx = Lugh::Context->new( mem_size => 1024 * 1024 );
        $tensor = Lugh::Tensor->new_f32( $ctx, 1000 );
        is( Lugh::Context->live_count, $live + 1, 'one more live context inside the block' );
        ok( $tensor->alive, 'the tensor is usable inside the block' );
    }
    is( Lugh::Context->live_count, $live, 'the context was freed at the end of the block' );
    ok( !$tensor->alive, 'its tensor is no longer alive' );
};

subtest 'no_alloc contexts hold metadata only' => sub {
    my $ctx = Lugh::Context->new( mem_size => 64 * 1024, no_alloc => 1 );
    ok( $ctx->no_alloc, 'no_alloc is reported' );
    my $t = Lugh::Tensor->new_f32( $ctx, 1000, 1000 );
    cmp_ok( $ctx->mem_used, '<', 4000, 'a 1000x1000 tensor costs only its record' );
    like( eval { $t->get_f32; 1 } ? '' : $@, qr/has no data/, 'reading it dies: it has no data' );
    ok( !Lugh::Context->new( mem_size => 1024 )->no_alloc, 'contexts allocate data by default' );
};

subtest 'constructor errors' => sub {
    my $err = sub { my $code = shift; eval { $code->(); 1 } ? '' : $@ };
    like( $err->( sub { Lugh::Context->new } ), qr/mem_size is required/, 'missing mem_size dies naming it' );
    like( $err->( sub { Lugh::Context->new( no_alloc => 1 ) } ), qr/mem_size is required/, '... also with other args' );
    like( $err->( sub { Lugh::Context->new( mem_size => 0 ) } ), qr/mem_size must be .* greater than 0/, 'mem_size 0 dies' );
    like( $err->( sub { Lugh::Context->new( mem_size => -5 ) } ), qr/mem_size/, 'negative mem_size dies' );
    like( $err->( sub { Lugh::Context->new( mem_size => 'lots' ) } ), qr/mem_size/, 'non-numeric mem_size dies' );
    like( $err->( sub { Lugh::Context->new( mem_size => 1024, colour => 'red' ) } ), qr/unknown argument 'colour'/,
        'unknown arguments die' );
    like( $err->( sub { Lugh::Context->new('mem_size') } ), qr/name => value pairs/, 'an odd argument list dies' );
    my $huge = $err->( sub { Lugh::Context->new( mem_size => ~0 ) } );
    like( $huge, qr/^lugh: cannot create a context: allocating an arena of \d+ bytes failed/,
        'an arena that cannot be allocated dies with the core message' );
    like( $huge, qr/at \Q${\__FILE__}\E line/, '... reported at the caller' );
};

subtest 'at most 4096 live contexts' => sub {
    my $before = Lugh::Context->live_count;
    my ( @contexts, $error );
    while ( @contexts <= 4096 ) {
        my $ctx = eval { Lugh::Context->new( mem_size => 1024 ) };
        unless ($ctx) { $error = $@; last }
        push @contexts, $ctx;
    }
    is( $before + @contexts, 4096, 'exactly 4096 contexts can be live at once' );
    like( $error, qr/all 4096 context slots are in use/, 'the 4097th dies clearly' );
    @contexts = ();
    is( Lugh::Context->live_count, $before, 'freeing them returns every slot' );
    ok( Lugh::Context->new( mem_size => 1024 ), 'and new contexts can be made again' );
};

done_testing;
