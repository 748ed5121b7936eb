package Lugh::Context;
use strict;
use warnings;
use Carp ();

require Lugh;

sub new {
    my $class = shift;
    Carp::croak("Lugh::Context->new: arguments come in name => value pairs") if @_ % 2;
    my %args = @_;
    my %known = ( mem_size => 1, no_alloc => 1 );
    for my $name ( sort keys %args ) {
        Carp::croak("Lugh::Context->new: unknown argument '$name' (known: mem_size, no_alloc)") unless $known{$name};
    }
    my $size = $args{mem_size};
    Carp::croak("Lugh::Context->new: mem_size is required (the size of the arena in bytes)")
        unless defined $size;
    Carp::croak("Lugh::Context->new: mem_size must be a whole number of bytes greater than 0, got '$size'")
        unless $size =~ /\A\s*\+?[0-9]+\s*\z/ && $size > 0;
    my $self = eval { $class->_create( $size, $args{no_alloc} ? 1 : 0 ) };
    return $self if $self;
    # Report the core's message at the caller's line, not at this one.
    ( my $error = $@ ) =~ s/ at \S+ line \d+\.\n\z//;
    Carp::croak($error);
}

1;
