use strict;
use warnings;
use Test::More;

use_ok('Lugh');
ok( defined $Lugh::VERSION, "Lugh has a version ($Lugh::VERSION)" );
can_ok( 'Lugh::Context', qw(new mem_size mem_used no_alloc n_tensors live_count) );
can_ok( 'Lugh::Tensor',
    qw(new_f32 new_i32 set_f32 get_f32 set_i32 get_i32 set_data get_data nelements n_dims shape type name set_name alive) );

done_testing;
