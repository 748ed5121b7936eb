package Lugh::Model;
use strict;
use warnings;

require Lugh;

1;
