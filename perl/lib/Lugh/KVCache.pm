package Lugh::KVCache;
use strict;
use warnings;

require Lugh;

1;
