# Lugh::GGUF::Writer writes every value type and tensors; Lugh::GGUF reads
# back every key, type and byte.
use strict;
use warnings;
use utf8;
use Test::More;
use File::Temp qw(tempdir);
use FindBin;
use Lugh;
require "$FindBin::Bin/lib_check.pl";

my $dir = tempdir( CLEANUP => 1 );
my $die = sub { my $code = shift; eval { $code->(); 1 } ? '' : $@ };

# key => [value, type given to set, type read back (and array element type)]
my @keys = (
    [ 'general.architecture', 'toy',                undef, 'str' ],
    [ 'general.name',         'héllo ✓ wörld',      'str', 'str' ],
    [ 'k.u8',                 255,                  'u8',  'u8' ],
    [ 'k.i8',                 -128,                 'i8',  'i8' ],
    [ 'k.u16',                65535,                'u16', 'u16' ],
    [ 'k.i16',                -32768,               'i16', 'i16' ],
    [ 'k.u32',                4294967295,           'u32', 'u32' ],
    [ 'k.i32',                -2147483648,          'i32', 'i32' ],
    [ 'k.u64',                18446744073709551615, 'u64', 'u64' ],
    [ 'k.i64',                -9223372036854775807 - 1, 'i64', 'i64' ],
    [ 'k.f32',                0.375,                'f32', 'f32' ],
    [ 'k.f64',                3.141592653589793,    'f64', 'f64' ],
    [ 'k.true',               1,                    'bool', 'bool' ],
    [ 'k.false',              0,                    'bool', 'bool' ],
    [ 'k.int_guess',          7,                    undef, 'i32' ],
    [ 'k.big_guess',          1 << 40,               undef, 'i64' ],
    [ 'k.float_guess',        0.1,                  undef, 'f64' ],
    [ 'k.strings',            [ 'a', 'β', '' ],     undef, 'arr', 'str' ],
    [ 'k.u8s',                [ 0, 1, 255 ],        'u8',  'arr', 'u8' ],
    [ 'k.i16s',               [ -32768, 0, 32767 ], 'i16', 'arr', 'i16' ],
    [ 'k.u32s',               [ 1 .. 9 ],           'u32', 'arr', 'u32' ],
    [ 'k.i64s',               [ -1, 2**50 ],        'i64', 'arr', 'i64' ],
    [ 'k.u64s',               [ 0, 18446744073709551615 ], 'u64', 'arr', 'u64' ],
    [ 'k.f32s',               [ 0.5, -2.25, 1e10 ], 'f32', 'arr', 'f32' ],
    [ 'k.f64s',               [ 0.1, 1e-300 ],      'f64', 'arr', 'f64' ],
    [ 'k.bools',              [ 1, 0, 1, 1 ],       'bool', 'arr', 'bool' ],
    [ 'k.mixed_guess',        [ 1, 2.5 ],           undef, 'arr', 'f64' ],
    [ 'k.empty',              [],                   'i32', 'arr', 'i32' ],
);

my $ctx = Lugh::Context->new( mem_size => 4 * 1024 * 1024 );
my @values_a = wobble( 7 * 3, 0.2, 3 );
my $a = Lugh::Tensor->new_f32( $ctx, 7, 3 )->set_name('blk.0.a');
$a->set_f32(@values_a);
my $b = Lugh::Tensor->new_f32( $ctx, 33 )->set_name('b');
$b->set_f32( wobble( 33, 1.0, 100 ) );
my $idx = Lugh::Tensor->new_i32( $ctx, 5 )->set_name('idx');
$idx->set_i32( -2, -1, 0, 1, 2**31 - 1 );
my @tensors = ( $a, $b, $idx );

my $writer = Lugh::GGUF::Writer->new;
$writer->set_alignment(64);
$writer->set( $_->[0], $_->[1], $_->[2] ) for @keys;
$writer->set( 'k.replaced', 'first' );
$writer->set( 'k.replaced', 99, 'u16' );    # replaced in place: keeps its position
ok( $writer->remove('k.gone') == 0, 'remove of an absent key is false' );
$writer->set( 'k.gone', 1 );
ok( $writer->remove('k.gone'), 'remove of a present key is true' );
$writer->add_tensor($_) for @tensors;
my $path = "$dir/all.gguf";
is( $writer->write($path), $writer, 'write returns the writer' );

my $gguf = Lugh::GGUF->new($path);
isa_ok( $gguf, 'Lugh::GGUF' );
is( Lugh::GGUF->open($path)->n_tensors, 3, 'open is new' );
is( $gguf->version,   3,  'version 3' );
is( $gguf->alignment, 64, 'the alignment that was set' );
is( $gguf->data_offset % 64, 0, 'the data section starts aligned' );
is( $gguf->file_size, -s $path, 'file_size' );
is( $gguf->path, $path, 'path' );

my @want_keys = ( 'general.alignment', ( map { $_->[0] } @keys ), 'k.replaced' );
is_deeply( [ $gguf->keys ], \@want_keys, 'every key, in the order set' );
for my $k (@keys) {
    my ( $key, $value, undef, $type, $elem ) = @$k;
    ok( $gguf->has_key($key), "has_key $key" );
    is( $gguf->type($key), $type, "$key: type $type" );
    is( $gguf->array_type($key), $elem, "$key: elements are $elem" ) if $elem;
    my $got = $gguf->get($key);
    if ( ref $value ) {
        is( $gguf->array_size($key), scalar @$value, "$key: array_size" );
        if ( $elem eq 'f32' || $elem eq 'f64' ) {
            close_to( $got, $value, $elem eq 'f32' ? 1e-7 : 0, "$key: values" );
        }
        elsif ( $elem eq 'bool' ) {
            is_deeply( [ map { $_ ? 1 : 0 } @$got ], $value, "$key: values" );
        }
        else {
            is_deeply( $got, $value, "$key: values" );
        }
    }
    elsif ( $type eq 'bool' ) {
        is( !!$got, !!$value, "$key: value" );
    }
    else {
        is( $got, $value, "$key: value" );
    }
}
ok( utf8::is_utf8( $gguf->get('general.name') ), 'strings come back as text' );
is( $gguf->get('k.replaced'), 99, 'a replaced key has the new value' );
is( $gguf->type('k.replaced'), 'u16', '... and the new type' );
ok( !$gguf->has_key('k.gone'), 'a removed key is gone' );

# Typed getters, and their refusals.
is( $gguf->get_string('general.architecture'), 'toy', 'get_string' );
is( $gguf->get_int('k.i8'), -128, 'get_int' );
is( $gguf->get_uint('k.u64'), 18446744073709551615, 'get_uint reaches 2**64-1' );
is( $gguf->get_float('k.f32'), 0.375, 'get_float' );
ok( $gguf->get_bool('k.true') && !$gguf->get_bool('k.false'), 'get_bool' );
is( $gguf->value_string('k.u32s'), '[1, 2, 3, 4, 5, 6, 7, 8, ... (9 items)]', 'value_string' );
like( $die->( sub { $gguf->get_int('general.name') } ), qr/general\.name/, 'get_int on a string dies' );
like( $die->( sub { $gguf->get('no.such.key') } ),    qr/no\.such\.key/, 'get of a missing key dies' );
like( $die->( sub { $gguf->type('no.such.key') } ),   qr/no\.such\.key/, 'type of a missing key dies' );
like( $die->( sub { $gguf->get_int('k.u64') } ), qr/does not fit in int64/, 'get_int of a huge u64 dies' );

# Tensors: the table, then the bytes.
is( $gguf->n_tensors, 3, 'n_tensors' );
is_deeply( [ $gguf->tensor_names ], [qw(blk.0.a b idx)], 'tensor_names in order' );
my @info = $gguf->tensors;
is_deeply( [ map { $_->{type} } @info ], [qw(f32 f32 i32)], 'types' );
is_deeply( [ map { $_->{shape} } @info ], [ [ 7, 3 ], [33], [5] ], 'shapes, first dimension first' );
is_deeply( [ map { $_->{nbytes} } @info ], [ 84, 132, 20 ], 'nbytes' );
is( $info[0]{offset}, 0, 'the first tensor starts the data section' );
ok( !grep( { $_->{offset} % 64 } @info ), 'every offset is aligned' );
is_deeply( $gguf->tensor_info('b'), $info[1], 'tensor_info' );
ok( $gguf->has_tensor('idx') && !$gguf->has_tensor('nope'), 'has_tensor' );
like( $die->( sub { $gguf->tensor_info('nope') } ), qr/no tensor named 'nope'/, 'tensor_info of a missing tensor dies' );

my $loaded = $gguf->load;
is( $loaded->n_tensors, 3, 'load creates every tensor' );
for my $t (@tensors) {
    my $l = $loaded->get_tensor( $t->name );
    isa_ok( $l, 'Lugh::Tensor' );
    is_deeply( [ $l->shape ], [ $t->shape ], $t->name . ': shape' );
    is( $l->get_data, $t->get_data, $t->name . ': every byte' );
}
is_deeply( [ $loaded->get_tensor('idx')->get_i32 ], [ -2, -1, 0, 1, 2**31 - 1 ], 'i32 values' );

# Copying keys and tensors from the file writes the same bytes again.
my $copy = Lugh::GGUF::Writer->new->copy_keys($gguf);
$copy->add_tensor($_) for $loaded->tensors;
$copy->write("$dir/copy.gguf");
my $slurp = sub { open my $fh, '<:raw', shift or die $!; local $/; <$fh> };
ok( $slurp->($path) eq $slurp->("$dir/copy.gguf"), 'a file rewritten from what was read is byte for byte the same' );

# Header only.
$writer->write( "$dir/meta.gguf", 1 );
my $meta = Lugh::GGUF->new("$dir/meta.gguf");
is( $meta->n_tensors, 3, 'a header-only file lists the tensors' );
is_deeply( ( $meta->tensors )[0]{shape}, [ 7, 3 ], '... with their shapes' );
# It holds no tensor bytes, so it loads in no mode: a metadata-only context
# would hand a mapping loader offsets past the end of the file.
like( $die->( sub { $meta->load( mode => $_ ) } ), qr/meta\.gguf: tensor 'blk\.0\.a' needs bytes .* but the file has/,
    "loading it by $_ dies, naming the file and the tensor" )
    for qw(copy mmap metadata);
my $shapes = Lugh::GGUF->new($path)->load( mode => 'metadata' );
is_deeply( [ $shapes->get_tensor('blk.0.a')->shape ], [ 7, 3 ], 'a whole file loads metadata-only' );

# Writer errors name the key and the problem.
my $w = Lugh::GGUF::Writer->new;
my %bad = (
    'out of range'      => [ sub { $w->set( 'x', 256, 'u8' ) },          qr/key 'x': '256' does not fit in u8/ ],
    'negative unsigned' => [ sub { $w->set( 'x', -1, 'u32' ) },          qr/does not fit in u32/ ],
    'not whole'         => [ sub { $w->set( 'x', 1.5, 'i32' ) },         qr/not a whole number/ ],
    'not a number'      => [ sub { $w->set( 'x', 'abc', 'f32' ) },       qr/'abc' is not a number/ ],
    'bad element'       => [ sub { $w->set( 'x', [ 1, 'z' ], 'i32' ) },  qr/element 1: 'z' is not a number/ ],
    'unknown type'      => [ sub { $w->set( 'x', 1, 'q4' ) },            qr/unknown type 'q4'/ ],
    'mixed array'       => [ sub { $w->set( 'x', [ 1, 'a' ] ) },         qr/mix/ ],
    'empty untyped'     => [ sub { $w->set( 'x', [] ) },                 qr/empty array needs a type/ ],
    'undef'             => [ sub { $w->set( 'x', undef ) },              qr/undefined value/ ],
    'hash ref'          => [ sub { $w->set( 'x', {} ) },                 qr/scalar or an array reference/ ],
    'empty key'         => [ sub { $w->set( '', 1 ) },                   qr/lugh: / ],
    'alignment'         => [ sub { $w->set_alignment(48) },              qr/lugh: .*48/ ],
    'unnamed tensor'    => [ sub { $w->add_tensor( Lugh::Tensor->new_f32( $ctx, 2 ) ) }, qr/lugh: / ],
    'duplicate tensor'  => [ sub { $w->add_tensor($a); $w->add_tensor($a) }, qr/blk\.0\.a/ ],
    'unwritable path'   => [ sub { $w->write("$dir/no/such/dir/x.gguf") }, qr{no/such/dir} ],
);
for my $name ( sort keys %bad ) {
    like( $die->( $bad{$name}[0] ), $bad{$name}[1], "writer: $name dies" );
}
ok( !-e "$dir/no/such/dir/x.gguf", 'no file left behind' );

# A tensor whose context is gone when the file is written.
{
    my $tmp = Lugh::Context->new( mem_size => 1024 * 1024 );
    my $gone = Lugh::Tensor->new_f32( $tmp, 4 )->set_name('gone');
    my $w2 = Lugh::GGUF::Writer->new->add_tensor($gone);
    undef $tmp;
    like( $die->( sub { $w2->write("$dir/gone.gguf") } ), qr/context/, 'writing a tensor of a freed context dies' );
}

done_testing;
