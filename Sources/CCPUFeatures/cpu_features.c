#include "CCPUFeatures.h"

#if defined(__x86_64__)
#include <cpuid.h>

/// The OS-enabled register state (XCR0); only valid when cpuid reports OSXSAVE.
static uint64_t read_xcr0(void) {
    uint32_t low, high;
    __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    return ((uint64_t)high << 32) | low;
}

uint32_t lyapsweep_cpu_features(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    const int osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
    const int fma = (c >> 12) & 1, movbe = (c >> 22) & 1, f16c = (c >> 29) & 1;
    if (!osxsave || !avx) return 0;
    const uint64_t xcr0 = read_xcr0();
    const int ymm = (xcr0 & 0x6) == 0x6;              // SSE and AVX state
    const int zmm = ymm && (xcr0 & 0xE0) == 0xE0;     // and the opmask and upper-zmm state
    if (!ymm) return 0;
    uint32_t features = 0;
    if (fma) features |= LYAPSWEEP_CPU_FMA;
    if (movbe) features |= LYAPSWEEP_CPU_MOVBE;
    if (f16c) features |= LYAPSWEEP_CPU_F16C;
    if (__get_cpuid(0x80000001, &a, &b, &c, &d) && ((c >> 5) & 1)) features |= LYAPSWEEP_CPU_LZCNT;
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
        if ((b >> 3) & 1) features |= LYAPSWEEP_CPU_BMI1;
        if ((b >> 5) & 1) features |= LYAPSWEEP_CPU_AVX2;
        if ((b >> 8) & 1) features |= LYAPSWEEP_CPU_BMI2;
        if (zmm) {
            if ((b >> 16) & 1) features |= LYAPSWEEP_CPU_AVX512F;
            if ((b >> 17) & 1) features |= LYAPSWEEP_CPU_AVX512DQ;
            if ((b >> 28) & 1) features |= LYAPSWEEP_CPU_AVX512CD;
            if ((b >> 30) & 1) features |= LYAPSWEEP_CPU_AVX512BW;
            if ((b >> 31) & 1) features |= LYAPSWEEP_CPU_AVX512VL;
        }
    }
    return features;
}
#else
uint32_t lyapsweep_cpu_features(void) { return 0; }
#endif
