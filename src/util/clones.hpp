// HOCTAP_VECTOR_CLONES: a function that is one loop over plain arrays, compiled for AVX2
// and AVX-512 as well as the baseline x86-64, the processor's best chosen when the
// library loads (GCC's target_clones, an ifunc resolver). The block checks of the
// kernels (kernel/kernel.cpp) and of member tables (evaluate/batch.cpp) use it: the
// decimals' check of a 100k-row batch of the citizen set took about 10M instructions as
// SSE2 and 4M as AVX2 (cachegrind, which runs no AVX-512). Not
// under ThreadSanitizer, whose instrumented resolver runs before its runtime and crashed
// the process; not on other compilers or systems, which get the plain function.
#pragma once

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__) && !defined(__SANITIZE_THREAD__)
#define HOCTAP_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define HOCTAP_VECTOR_CLONES
#endif
