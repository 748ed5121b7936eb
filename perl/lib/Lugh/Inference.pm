package Lugh::Inference;
use strict;
use warnings;

require Lugh;

1;
