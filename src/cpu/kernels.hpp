// The kernel of each op, and how the executor schedules it.
#pragma once

#include <cstddef>

#include "cpu/kernel_args.hpp"

namespace lugh::cpu {

// Threads the node is split over: 0 for nodes with nothing to compute (views),
// 1 for nodes too small to be worth splitting (or inherently serial), else n_threads.
int n_tasks(const ggml_tensor* node, int n_threads);
// Scratch bytes one thread needs for this node.
size_t work_bytes_per_thread(const ggml_tensor* node);
// Run the node's kernel for thread args.ith of args.nth.
void run_kernel(ggml_tensor* node, const KernelArgs& args);

// Nodes with fewer elements of work than this run on one thread (tests set 0
// to exercise the split paths on small tensors).
size_t min_parallel_work();
void set_min_parallel_work(size_t elements);

// One function per family (src/cpu/<family>.cpp).
void compute_binary(ggml_tensor* dst, const KernelArgs& args);       // ADD SUB MUL DIV
void compute_map(ggml_tensor* dst, const KernelArgs& args);          // SCALE CLAMP SQR SQRT LOG UNARY
void compute_reduce(ggml_tensor* dst, const KernelArgs& args);       // SUM SUM_ROWS MEAN ARGMAX
void compute_norm(ggml_tensor* dst, const KernelArgs& args);         // NORM RMS_NORM
void compute_soft_max(ggml_tensor* dst, const KernelArgs& args);     // SOFT_MAX
void compute_diag_mask_inf(ggml_tensor* dst, const KernelArgs& args);
void compute_mul_mat(ggml_tensor* dst, const KernelArgs& args);
void compute_rope(ggml_tensor* dst, const KernelArgs& args);
void compute_get_rows(ggml_tensor* dst, const KernelArgs& args);
void compute_set_rows(ggml_tensor* dst, const KernelArgs& args);         // gather.cpp
void compute_flash_attn_ext(ggml_tensor* dst, const KernelArgs& args);   // attention.cpp
void compute_copy(ggml_tensor* dst, const KernelArgs& args);         // CPY DUP CONT
void compute_repeat(ggml_tensor* dst, const KernelArgs& args);
void compute_concat(ggml_tensor* dst, const KernelArgs& args);
// MAP_CUSTOM1..3, CUSTOM: the caller's function (src/cpu/custom.cpp), on
// custom_n_tasks threads (its n_tasks, at most n_threads).
void compute_custom(ggml_tensor* dst, const KernelArgs& args);
int custom_n_tasks(const ggml_tensor* node, int n_threads);
void compute_accumulate(ggml_tensor* dst, const KernelArgs& args);   // ACC ADD_ID
void compute_generate(ggml_tensor* dst, const KernelArgs& args);     // ARANGE TIMESTEP_EMBEDDING
void compute_argsort(ggml_tensor* dst, const KernelArgs& args);
void compute_pad(ggml_tensor* dst, const KernelArgs& args);          // PAD PAD_REFLECT_1D ROLL
void compute_conv(ggml_tensor* dst, const KernelArgs& args);         // IM2COL CONV_2D CONV_2D_DW CONV_TRANSPOSE_1D/2D
void compute_pool(ggml_tensor* dst, const KernelArgs& args);         // POOL_1D POOL_2D
void compute_upscale(ggml_tensor* dst, const KernelArgs& args);
void compute_rel_pos(ggml_tensor* dst, const KernelArgs& args);      // GET_REL_POS ADD_REL_POS

// Scratch per thread for the families that need it.
size_t mul_mat_work_bytes(const ggml_tensor* dst);
size_t flash_attn_work_bytes(const ggml_tensor* dst);

}  // namespace lugh::cpu
