package Lugh::Tensor;
use strict;
use warnings;

require Lugh;

1;
