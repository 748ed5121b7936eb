package LughDemo;
# What the model examples (generate.pl, chat.pl) share: the model they run
# when none is given.
use strict;
use warnings;
use Exporter qw(import);
use File::Basename qw(dirname);
use File::Spec;
use File::Temp qw(tempdir);
use Lugh;

our @EXPORT_OK = qw(demo_model_path);

# ../shared/models/real/aidreams260K.gguf beside the source tree (or under
# $LUGH_SHARED_DIR) when it is there; otherwise a small synthetic model with
# random weights, written into a temporary folder removed at exit (its text is
# gibberish, but every step is the real one).
sub demo_model_path {
    my $tree = File::Spec->catdir( dirname( File::Spec->rel2abs(__FILE__) ), ( File::Spec->updir ) x 3 );
    my $shared = $ENV{LUGH_SHARED_DIR} // File::Spec->catdir( $tree, File::Spec->updir, 'shared' );
    my $real = File::Spec->catfile( $shared, qw(models real aidreams260K.gguf) );
    return $real if -f $real;
    my $synthetic = File::Spec->catfile( tempdir( CLEANUP => 1 ), 'synthetic.gguf' );
    Lugh::Model->write_synthetic( $synthetic, preset => 'small' );
    return $synthetic;
}

1;
