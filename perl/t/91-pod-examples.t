# The SYNOPSIS of every module runs as written.
use strict;
use warnings;
use Test::More;
use File::Spec;
use FindBin;
use Lugh;

my $lib = File::Spec->catdir( $FindBin::Bin, File::Spec->updir, 'lib' );
for my $module (qw(Lugh Lugh::Context Lugh::Tensor Lugh::Ops Lugh::Graph Lugh::GGUF Lugh::GGUF::Writer
                    Lugh::Model Lugh::Tokenizer Lugh::Inference Lugh::KVCache Lugh::Prompt)) {
    my $file = File::Spec->catfile( $lib, split /::/, "$module.pm" );
    open my $fh, '<', $file or die "$file: $!";
    my $pod = do { local $/; <$fh> };
    my ($synopsis) = $pod =~ /^=head1 SYNOPSIS\n(.*?)^=head1/ms;
    ok( defined $synopsis, "$module has a SYNOPSIS" ) or next;
    my $code = join "\n", grep { /^\s/ } split /\n/, $synopsis;
    my $output = '';
    {
        open my $capture, '>', \$output or die;
        my $old = select $capture;
        my $package = 'Synopsis::' . ( $module =~ s/:://gr );
        my $ok = eval "package $package; no strict; no warnings; $code; 1";
        select $old;
        ok( $ok, "$module: the SYNOPSIS runs" ) or diag($@);
    }
}
done_testing;
