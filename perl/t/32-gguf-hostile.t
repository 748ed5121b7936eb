# Hostile GGUF files die with a clear message, never crash; Lugh::GGUF and
# Writer objects are checked like the other objects (forgeries, threads).
use strict;
use warnings;
use Test::More;
use Config;
use File::Spec;
use File::Temp qw(tempdir);
use FindBin;
use Lugh;

my $dir = tempdir( CLEANUP => 1 );
my $die = sub { my $code = shift; eval { $code->(); 1 } ? '' : $@ };
my $slurp = sub { open my $fh, '<:raw', shift or die $!; local $/; <$fh> };
my $spew = sub { my ( $path, $bytes ) = @_; open my $fh, '>:raw', $path or die $!; print {$fh} $bytes; close $fh or die $! };

# A small valid file to damage.
my $good = "$dir/good.gguf";
{
    my $ctx = Lugh::Context->new( mem_size => 1024 * 1024 );
    my $t = Lugh::Tensor->new_f32( $ctx, 5, 3 )->set_name('t');
    $t->set_f32( 1 .. 15 );
    Lugh::GGUF::Writer->new->set( 'general.name', 'victim' )->set( 'k.list', [ 1 .. 4 ], 'u16' )
        ->set( 'k.words', [qw(x yy zzz)] )->add_tensor($t)->write($good);
}
my $bytes = $slurp->($good);

like( $die->( sub { Lugh::GGUF->new("$dir/missing.gguf") } ), qr/^lugh: .*missing\.gguf.* at \Q$0\E line \d+/,
    'a missing file dies naming it, at the caller\'s line' );
like( $die->( sub { Lugh::GGUF->new('') } ), qr/a file name is required/, 'an empty name dies' );
like( $die->( sub { Lugh::GGUF->new($dir) } ), qr/lugh: /, 'a directory dies' );
$spew->( "$dir/empty.gguf", '' );
like( $die->( sub { Lugh::GGUF->new("$dir/empty.gguf") } ), qr/empty\.gguf/, 'an empty file dies' );
$spew->( "$dir/magic.gguf", 'GGUX' . substr( $bytes, 4 ) );
like( $die->( sub { Lugh::GGUF->new("$dir/magic.gguf") } ), qr/magic/i, 'a bad magic dies' );
$spew->( "$dir/version.gguf", substr( $bytes, 0, 4 ) . pack( 'V', 99 ) . substr( $bytes, 8 ) );
like( $die->( sub { Lugh::GGUF->new("$dir/version.gguf") } ), qr/version/i, 'an unknown version dies' );

# Every truncation: refused when opened, or (inside the data section) when
# loaded in any mode, metadata-only too; only the padding after the last
# tensor may go missing.
my $data_offset = Lugh::GGUF->new($good)->data_offset;
my $data_end    = $data_offset + 60;    # the one 5 x 3 f32 tensor
my ( $open_refused, $load_refused, $unclear, $wrong ) = ( 0, 0, 0, 0 );
for my $len ( 0 .. length($bytes) - 1 ) {
    $spew->( "$dir/cut.gguf", substr( $bytes, 0, $len ) );
    my $gguf = eval { Lugh::GGUF->new("$dir/cut.gguf") };
    if ( !$gguf ) {
        $open_refused++;
        $unclear++ unless $@ =~ /^lugh: .*cut\.gguf/;
        $wrong++ if $len >= $data_end;
        next;
    }
    for my $mode (qw(copy mmap metadata)) {
        if ( eval { $gguf->load( mode => $mode ); 1 } ) {
            $wrong++ if $len < $data_end;
            next;
        }
        $load_refused++;
        $wrong++ if $len >= $data_end;
        $unclear++ unless $@ =~ /^lugh: .*cut\.gguf/;
    }
}
is( $wrong,   0, 'every file cut before the end of its data is refused, and only those' );
is( $unclear, 0, 'every refusal names the file' );
ok( $open_refused > $data_offset / 2, "truncations in the header are refused when opened ($open_refused)" );
ok( $load_refused > 0, "truncations in the data are refused when loaded ($load_refused)" );

# Every single-byte change of the header: never a crash; whatever opens, reads.
my $survived = 0;
for my $pos ( 0 .. $data_offset - 1 ) {
    for my $byte ( 0x00, 0xff ) {
        my $copy = $bytes;
        substr( $copy, $pos, 1 ) = chr $byte;
        $spew->( "$dir/flip.gguf", $copy );
        eval {
            my $gguf = Lugh::GGUF->new("$dir/flip.gguf");
            $gguf->get($_) for $gguf->keys;
            my @info = $gguf->tensors;
            $gguf->load( mode => $_ ) for qw(metadata mmap copy);
        };
        $survived++;
    }
}
is( $survived, 2 * $data_offset, 'every byte of the header set to 0 and 255: no crash' );

# The C++ tests' corpus of crafted files (in the source tree only).
my $corpus = File::Spec->catdir( $FindBin::Bin, File::Spec->updir, File::Spec->updir, qw(tests gguf corpus) );
SKIP: {
    skip 'no tests/gguf/corpus (outside the source tree)', 1 unless -d $corpus;
    my @bad = glob("$corpus/bad_*.gguf");
    ok( @bad >= 10, scalar(@bad) . ' crafted bad files' );
    for my $file (@bad) {
        my ($name) = $file =~ m{([^/]+)\z};
        for my $mode (qw(copy mmap metadata)) {
            my $error = $die->( sub { Lugh::GGUF->new($file)->load( mode => $mode ) } );
            like( $error, qr/^lugh: .*\Q$name\E/, "$name is refused ($mode), naming the file" );
        }
    }
    my $hand = Lugh::GGUF->new("$corpus/good_hand.gguf");
    ok( $hand->load, 'the good file of the corpus loads' );
}

# Objects: forgeries and destroyed or foreign ones are refused.
my $forged = bless \( my $s = 'junk' ), 'Lugh::GGUF';
like( $die->( sub { $forged->keys } ), qr/damaged/, 'a forged Lugh::GGUF object is refused' );
like( $die->( sub { Lugh::GGUF::keys('Lugh::GGUF') } ), qr/expected a Lugh::GGUF object/, 'a class name is not a file' );
my $forged_w = bless \( my $s2 = 'junk' ), 'Lugh::GGUF::Writer';
like( $die->( sub { $forged_w->set( 'a', 1 ) } ), qr/damaged/, 'a forged writer is refused' );
{
    my @warnings;
    local $SIG{__WARN__} = sub { push @warnings, @_ };
    undef $forged;
    undef $forged_w;
    is_deeply( \@warnings, [], 'destroying forged objects frees nothing and says nothing' );
}
my $gguf = Lugh::GGUF->new($good);
my $copy = bless \( my $blob = ${$gguf} ), 'Lugh::GGUF';    # the same bytes, as a thread would copy them
is( $copy->get('general.name'), 'victim', 'a byte copy names the same file' );
like( $die->( sub { ${$gguf} = 'x' } ), qr/read-only/, 'the inside of a Lugh::GGUF object cannot be changed' );
{
    my $short = Lugh::GGUF->new($good);
    my $stale = bless \( my $b2 = ${$short} ), 'Lugh::GGUF';
    undef $short;
    like( $die->( sub { $stale->keys } ), qr/this Lugh::GGUF object has been destroyed/, 'a copy outliving its file object dies' );
}

SKIP: {
    skip 'no ithreads', 3 unless $Config{useithreads};
    require threads;
    my $writer = Lugh::GGUF::Writer->new;
    my @errors = threads->create( { context => 'list' }, sub {
        my @e = ( $die->( sub { $gguf->keys } ), $die->( sub { $writer->set( 'a', 1 ) } ) );
        my $own = Lugh::GGUF->new($good)->load( mode => 'mmap' );
        push @e, join ' ', $own->get_tensor('t')->get_f32;
        return @e;
    } )->join;
    like( $errors[0], qr/belongs to another Perl thread/, "a thread cannot use its parent's Lugh::GGUF" );
    like( $errors[1], qr/belongs to another Perl thread/, "a thread cannot use its parent's writer" );
    is( $errors[2], join( ' ', 1 .. 15 ), 'a thread opens and maps its own' );
    is( $gguf->get('general.name'), 'victim', 'the parent\'s object still works' );
}

done_testing;
