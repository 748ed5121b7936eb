package Lugh;
use strict;
use warnings;

our $VERSION = '0.01';

require XSLoader;
XSLoader::load( 'Lugh', $VERSION );

require Lugh::Context;
require Lugh::Tensor;

1;
