# Helpers of the model tests: small synthetic models written by
# Lugh::Model->write_synthetic, the shared fixtures (../shared beside the
# project, or LUGH_SHARED_DIR) and the tree's `lugh` command when present.
use strict;
use warnings;
use File::Spec;
use File::Temp qw(tempdir);
use FindBin;

my $tmp;

# A synthetic model file (written once per name and options in a temporary directory).
my %written;
sub synth_model {
    my (%opts) = @_;
    $tmp //= tempdir( CLEANUP => 1 );
    my $key  = join ',', map { "$_=$opts{$_}" } sort keys %opts;
    return $written{$key} if $written{$key};
    ( my $file = "synth-$key.gguf" ) =~ s/[^\w.-]+/_/g;
    my $path = File::Spec->catfile( $tmp, $file );
    Lugh::Model->write_synthetic( $path, preset => 'tiny', %opts );
    return $written{$key} = $path;
}

sub project_root { return File::Spec->catdir( $FindBin::Bin, File::Spec->updir, File::Spec->updir ) }

# A file under the shared fixtures, or undef when they are absent.
sub shared_file {
    my ($sub) = @_;
    my $dir = $ENV{LUGH_SHARED_DIR} // File::Spec->catdir( project_root(), File::Spec->updir, 'shared' );
    my $path = File::Spec->catfile( $dir, split m{/}, $sub );
    return -e $path ? $path : undef;
}

# The tree's `lugh` command, or undef outside the tree.
sub lugh_tool {
    my $tool = File::Spec->catfile( project_root(), qw(build bin lugh) );
    return -x $tool ? $tool : undef;
}

sub temp_dir { $tmp //= tempdir( CLEANUP => 1 ); return $tmp }

# Largest |a - b| over the largest |b|.
sub relative_error {
    my ( $a, $b ) = @_;
    my ( $diff, $scale ) = ( 0, 0 );
    for my $i ( 0 .. $#$b ) {
        my $d = abs( $a->[$i] - $b->[$i] );
        $diff  = $d if $d > $diff;
        $scale = abs $b->[$i] if abs $b->[$i] > $scale;
    }
    return $scale ? $diff / $scale : $diff;
}

sub argmax {
    my ($v) = @_;
    my $best = 0;
    $v->[$_] > $v->[$best] and $best = $_ for 1 .. $#$v;
    return $best;
}

1;
