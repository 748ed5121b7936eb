#include <gtest/gtest.h>

#include <lugh/lugh.hpp>

TEST(Smoke, CreatesTensor) {
    lugh::Context ctx(1 << 20);
    auto t = lugh::Tensor::new_f32(ctx, {4});
    t.set_f32({1, 2, 3, 4});
    EXPECT_EQ(t.get_f32()[2], 3.0f);
}
