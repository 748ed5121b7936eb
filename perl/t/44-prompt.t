# Lugh::Prompt: built-in formats, templates given as text, a model's own
# template; and, with ../shared (skipped when absent), every sample
# template renders every sample conversation exactly as Python's jinja2.
use strict;
use warnings;
use Test::More;
use FindBin;
use File::Spec;
use JSON::PP ();
use POSIX ();
use Lugh;
require "$FindBin::Bin/lib_llm.pl";

my @formats = Lugh::Prompt->available_formats;
ok( ( grep { $_ eq 'chatml' } @formats ) && ( grep { $_ eq 'llama3' } @formats ), 'available_formats lists chatml and llama3' );

my @conversation = ( { role => 'system', content => 'Be brief.' }, { role => 'user', content => "Hi \x{263a}" } );
my $chatml = Lugh::Prompt->new( format => 'chatml' );
is( $chatml->format_name, 'chatml', 'format_name' );
my $want = "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi \x{263a}<|im_end|>\n<|im_start|>assistant\n";
is( $chatml->apply(@conversation), $want, 'chatml: the messages, then the assistant turn opened (a character string)' );
is( $chatml->apply( \@conversation ), $want, 'an array reference of messages gives the same' );
is( $chatml->apply( \@conversation, add_generation_prompt => 0 ), substr( $want, 0, -length "<|im_start|>assistant\n" ),
    'add_generation_prompt => 0 leaves the assistant turn out' );
for my $format (@formats) {
    my $text = eval { Lugh::Prompt->new( format => $format )->apply(@conversation) };
    ok( defined $text && index( $text, "Hi \x{263a}" ) >= 0, "$format renders the user's text" ) or diag($@);
}

my $custom = Lugh::Prompt->new( template => '{{ bos_token }}{% for m in messages %}[{{ m.role }}|{{ m.content }}|{{ m.extra.n }}]{% endfor %}{{ flag }}',
    bos_token => 'B' );
is( $custom->format_name, 'template', 'format_name of a template' );
is( $custom->apply( [ { role => 'user', content => 'x', extra => { n => 7 } } ], variables => { flag => '!' } ),
    'B[user|x|7]!', 'a template sees nested fields, variables and bos_token' );
like( $custom->template_text, qr/^\{\{ bos_token \}\}/, 'template_text' );
my $dated = Lugh::Prompt->new( template => q({{ strftime_now("%Y-%m-%d") }}) );
is( $dated->apply( [], now => POSIX::mktime( 0, 0, 12, 30, 10, 126 ) ), '2026-11-30', 'now => sets the date strftime_now formats' );

# A model's template: the synthetic model has none, so its architecture's format.
my $model = Lugh::Model->new( model => synth_model( arch => 'qwen2' ) );
my $from_model = Lugh::Prompt->new( model => $model );
is( $from_model->format_name, 'model', 'format_name of a model template' );
like( $from_model->apply(@conversation), qr/<\|im_start\|>user\nHi \x{263a}<\|im_end\|>/, 'qwen2 without a template: chatml' );
undef $model;
ok( length $from_model->apply(@conversation), 'a prompt does not need its model after new' );

my @bad = (
    [ sub { Lugh::Prompt->new },                                   qr/give one of format/ ],
    [ sub { Lugh::Prompt->new( format => 'chatml', template => 'x' ) }, qr/give one of format/ ],
    [ sub { Lugh::Prompt->new( format => 'nope' ) },              qr/nope/ ],
    [ sub { Lugh::Prompt->new( template => "{% if %}" ) },         qr/line 1/ ],
    [ sub { Lugh::Prompt->new( template => '{{ raise_exception("no system here") }}' )->apply(@conversation) },
        qr/no system here/ ],
    [ sub { $chatml->apply( { content => 'x' } ) },                qr/message 0 has no role/ ],
    [ sub { $chatml->apply( \@conversation, tools => [] ) },      qr/unknown argument 'tools'/ ],
    [ sub { my $loop = { role => 'user' }; $loop->{self} = $loop; $chatml->apply($loop) }, qr/nests more than 64/ ],
    [ sub { $chatml->apply( { role => 'user', content => sub { 1 } } ) }, qr/only hash and array references/ ],
);
for my $case (@bad) {
    my ( $code, $re ) = @$case;
    eval { $code->(); 1 } and do { fail("expected a die matching $re"); next };
    like( $@, $re, "dies: $re" );
}

SKIP: {
    my $dir = shared_file('chat-templates/templates') or skip 'no ../shared/chat-templates', 1;
    my $base = File::Spec->catdir( $dir, File::Spec->updir );
    my $read = sub { open my $fh, '<:raw', $_[0] or die "$_[0]: $!"; local $/; my $s = <$fh>; utf8::decode($s); $s };
    my $conversations = JSON::PP->new->decode( $read->( File::Spec->catfile( $base, 'conversations.json' ) ) );
    my %refused = map { /^(\S+)\t(.*)$/ ? ( $1 => $2 ) : () } split /\n/, $read->( File::Spec->catfile( $base, qw(expected REFUSED) ) );
    my $date = POSIX::mktime( 0, 0, 12, 30, 10, 126 );
    for my $file ( sort glob File::Spec->catfile( $dir, '*.jinja' ) ) {
        my ($name) = $file =~ m{([^/]+)\.jinja$};
        my $prompt = Lugh::Prompt->new( template => $read->($file), bos_token => '<s>', eos_token => '</s>' );
        for my $conv ( sort keys %$conversations ) {
            my $c = $conversations->{$conv};
            my $got = eval { $prompt->apply( $c->{messages}, add_generation_prompt => $c->{add_generation_prompt}, now => $date ) };
            if ( my $why = $refused{"$name.$conv"} ) {
                like( $@, qr/\Q$why\E/, "$name $conv: refused as jinja2 refuses it" );
                next;
            }
            is( $got, $read->( File::Spec->catfile( $base, 'expected', "$name.$conv.txt" ) ), "$name $conv: jinja2's text" )
                or diag($@);
        }
    }
}

done_testing;
