// HOCTAP_VECTOR_CLONES: a function that is loops over plain arrays, compiled for AVX-512
// (x86-64-v4), AVX2 and the baseline x86-64, the processor's best chosen when the library
// loads (GCC's target_clones, an ifunc resolver): 64-bit compares and selects run four to
// an instruction, and AVX-512 adds 64-bit multiplies, double-to-int64 conversions and
// compares into mask registers. The block evaluator's loops (evaluate/block_*.cpp), the
// checks of member tables (evaluate/batch.cpp) and the CSV reader's line count
// (dataset/csv.cpp) use it. Everything such a function calls in its loops must be inlined
// into it (HOCTAP_INLINE_LOOP, HOCTAP_LAMBDA_INLINE): GCC's inlining differs between
// copies, and a call left out of line runs the baseline code.
// Not under ThreadSanitizer, whose instrumented resolver runs before its runtime and
// crashed the process; not on other compilers or systems, which get the plain function;
// not when built with HOCTAP_VECTOR_CLONES=OFF (the sanitizer build, so that the suite also
// runs the plain copy a vector machine never picks). HOCTAP_VECTOR_AVX512=OFF leaves out
// the AVX-512 copy. Used in .cpp files only: for the tests, src/CMakeLists.txt compiles
// the files that use it again without their AVX-512 copy (hoctap_avx2_tests), so that an
// AVX-512 machine tests the AVX2 one; a cloned function in a header would keep its
// AVX-512 copy in the files that include it.
#pragma once

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__) && !defined(__SANITIZE_THREAD__) && \
    !defined(HOCTAP_NO_VECTOR_CLONES)
#if defined(HOCTAP_NO_AVX512_CLONE)
#define HOCTAP_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define HOCTAP_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#endif
#else
#define HOCTAP_VECTOR_CLONES
#endif

// A loop a cloned function calls, inlined into it so that it is built for each clone's
// target (a function left out of line is built for the baseline only).
#if defined(__GNUC__)
#define HOCTAP_INLINE_LOOP inline __attribute__((always_inline))
#define HOCTAP_LAMBDA_INLINE __attribute__((always_inline))
#else
#define HOCTAP_INLINE_LOOP inline
#define HOCTAP_LAMBDA_INLINE
#endif

// The next loop unrolled four times: for a loop of a few instructions a step that its
// counter's increment and test would otherwise slow, and that the compiler does not
// vectorise (a chain from step to step).
#if defined(__GNUC__)
#define HOCTAP_UNROLL_4 _Pragma("GCC unroll 4")
#else
#define HOCTAP_UNROLL_4
#endif
