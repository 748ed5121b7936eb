package Lugh::Tokenizer;
use strict;
use warnings;

require Lugh;

1;
