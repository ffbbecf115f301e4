// Which sanitizer the tests are built under, for GCC and clang alike: GCC defines
// __SANITIZE_ADDRESS__ and __SANITIZE_THREAD__, clang (before 16) only answers
// __has_feature. HOCTAP_TEST_ASAN and HOCTAP_TEST_TSAN are 1 under that sanitizer, else 0.
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define HOCTAP_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HOCTAP_TEST_ASAN 1
#endif
#endif
#ifndef HOCTAP_TEST_ASAN
#define HOCTAP_TEST_ASAN 0
#endif

#if defined(__SANITIZE_THREAD__)
#define HOCTAP_TEST_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define HOCTAP_TEST_TSAN 1
#endif
#endif
#ifndef HOCTAP_TEST_TSAN
#define HOCTAP_TEST_TSAN 0
#endif
