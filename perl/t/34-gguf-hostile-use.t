# Misuse of Lugh::GGUF and its Writer found by a hostile probe: each case
# dies with a clear message and destroys nothing.
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);
use Lugh;

my $dir = tempdir( CLEANUP => 1 );
my $die = sub { my $code = shift; eval { $code->(); 1 } ? '' : $@ };
my $slurp = sub { open my $fh, '<:raw', shift or die $!; local $/; <$fh> };
my $spew = sub { my ( $path, $bytes ) = @_; open my $fh, '>:raw', $path or die $!; print {$fh} $bytes; close $fh or die $! };
my $entries = sub { opendir my $dh, $dir or die $!; return sort grep { !/^\.\.?\z/ } readdir $dh };

my $ctx = Lugh::Context->new( mem_size => 4 * 1024 * 1024 );
my $big = Lugh::Tensor->new_f32( $ctx, 64 * 1024 )->set_name('big');
$big->set_f32( (1) x ( 64 * 1024 ) );
my $writer = Lugh::GGUF::Writer->new->set( 'general.name', 'model' )->add_tensor($big);
my $good = "$dir/good.gguf";
$writer->write($good);

subtest 'a NUL byte in a path is refused, never cut short' => sub {
    like( $die->( sub { Lugh::GGUF->new("$good\0junk") } ), qr/contains a NUL byte/, 'opening "good.gguf\0junk" dies' );
    like( $die->( sub { $writer->write("$dir/new.gguf\0junk") } ), qr/contains a NUL byte/, 'writing to one dies' );
    ok( !-e "$dir/new.gguf", '... and creates no truncated name' );
};

subtest 'a NUL byte in a key is refused' => sub {
    my $w = Lugh::GGUF::Writer->new;
    like( $die->( sub { $w->set( "a\0b", 1, 'u8' ) } ), qr/contains a NUL byte/, 'set dies' );
    $w->set( 'a', 1, 'u8' )->write("$dir/keys.gguf");
    my $gguf = Lugh::GGUF->new("$dir/keys.gguf");
    is_deeply( [ $gguf->keys ], ['a'], 'only the good key was written' );
    ok( !$gguf->has_key("a\0b"), 'looking "a\0b" up does not find "a"' );
};

subtest 'f32 values are range-checked like integers' => sub {
    my $w = Lugh::GGUF::Writer->new;
    like( $die->( sub { $w->set( 'x', 1e300, 'f32' ) } ), qr/key 'x': 1e\+300 is out of the range of f32/,
        '1e300 as f32 dies' );
    like( $die->( sub { $w->set( 'x', [ 1, -1e39 ], 'f32' ) } ), qr/element 1: .* out of the range of f32/,
        '... in an array too' );
    $w->set( 'max', 3.4028234663852886e38, 'f32' )->set( 'inf', 9**9**9, 'f32' )->set( 'big', 1e300, 'f64' );
    $w->write("$dir/floats.gguf");
    my $gguf = Lugh::GGUF->new("$dir/floats.gguf");
    is( $gguf->get('max'), 3.4028234663852886e38, 'the largest f32 is kept' );
    is( $gguf->get('inf'), 9**9**9, 'an infinity given as such is kept' );
    is( $gguf->get('big'), 1e300, '1e300 as f64 is kept' );
};

subtest 'integer arguments are whole numbers in range' => sub {
    my $w = Lugh::GGUF::Writer->new;
    like( $die->( sub { $w->set_alignment(32.5) } ), qr/set_alignment: '32\.5' is not a whole number/, '32.5 dies' );
    like( $die->( sub { $w->set_alignment( 2**32 + 32 ) } ), qr/not a whole number from 0 to 4294967295/,
        '2**32 + 32 dies' );
    like( $die->( sub { $w->set_alignment(-32) } ), qr/not a whole number/, '-32 dies' );
    is( $w->set_alignment('64'), $w, 'a whole number (even as a string) is taken' );
};

subtest 'a failed write leaves the old file and no temporary' => sub {
    $spew->( "$dir/keep.gguf", 'keep me' );
    # A file size limit makes the disk "full" half-way through the 256 KiB.
    $spew->( "$dir/child.pl", sprintf <<'CHILD', "$dir/keep.gguf" );
$SIG{XFSZ} = 'IGNORE';
use Lugh;
my $c = Lugh::Context->new( mem_size => 4 << 20 );
my $t = Lugh::Tensor->new_f32( $c, 65536 )->set_name('t');
eval { Lugh::GGUF::Writer->new->add_tensor($t)->write('%s'); 1 } and exit 3;
print $@;
CHILD
    open my $pipe, '-|', 'sh', '-c', 'ulimit -f 16 && exec "$0" -Mblib "$1" 2>&1', $^X, "$dir/child.pl" or die $!;
    my $out = do { local $/; <$pipe> };
    close $pipe;
    SKIP: {
        skip "the shell could not set a file size limit: $out", 3 if $? >> 8 == 3 && $out eq '';
        is( $? >> 8, 0, 'the write died' ) or diag $out;
        like( $out, qr/keep\.gguf/, '... naming the file' );
        is( $slurp->("$dir/keep.gguf"), 'keep me', 'the old file is untouched' );
    }
    ok( !grep( /lugh-/, $entries->() ), 'no temporary file is left' ) or diag join ' ', $entries->();
};

subtest 'a device is written in place and never removed' => sub {
    plan skip_all => 'making a device node needs root' unless $> == 0;
    system( 'mknod', "$dir/full", 'c', 1, 7 ) == 0 or plan skip_all => 'mknod failed';
    like( $die->( sub { $writer->write("$dir/full") } ), qr/No space left/, 'writing to a full device dies' );
    ok( -c "$dir/full", 'the device node is still there' );
    ok( eval { $writer->write('/dev/null'); 1 }, 'writing to /dev/null works' );
};

subtest 'rewriting a file that is mapped keeps the mapping intact' => sub {
    my $mapped = Lugh::GGUF->new($good)->load( mode => 'mmap' );
    my $t = Lugh::Tensor->new_f32( $ctx, 4 )->set_name('small');
    $t->set_f32( 1 .. 4 );
    Lugh::GGUF::Writer->new->add_tensor($t)->write($good);
    is( ( $mapped->get_tensor('big')->get_f32 )[65535], 1, 'the mapped tensor still reads its old bytes' );
    is_deeply( [ Lugh::GGUF->new($good)->tensor_names ], ['small'], 'the file holds the new tensors' );
};

subtest 'tensor_info finds a tensor by name' => sub {
    my $w = Lugh::GGUF::Writer->new;
    my $c = Lugh::Context->new( mem_size => 1024 * 1024 );
    $w->add_tensor( Lugh::Tensor->new_f32( $c, 1 )->set_name("t$_") ) for 0 .. 999;
    $w->write( "$dir/many.gguf", 1 );
    my $gguf = Lugh::GGUF->new("$dir/many.gguf");
    is( $gguf->tensor_info('t999')->{name}, 't999', 'the last of 1000' );
    like( $die->( sub { $gguf->tensor_info('t1000') } ), qr/no tensor named 't1000'/, 'a missing name dies' );
};

done_testing;
