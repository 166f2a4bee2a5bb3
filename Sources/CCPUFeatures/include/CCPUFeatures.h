#ifndef LYAPSWEEP_CCPUFEATURES_H
#define LYAPSWEEP_CCPUFEATURES_H

#include <stdint.h>

/// Bits of `lyapsweep_cpu_features()`: an instruction-set extension the CPU has and the operating system
/// saves the registers of (XCR0), so that code using it may run.
#define LYAPSWEEP_CPU_AVX2 0x1u
#define LYAPSWEEP_CPU_FMA 0x2u
#define LYAPSWEEP_CPU_BMI1 0x4u
#define LYAPSWEEP_CPU_BMI2 0x8u
#define LYAPSWEEP_CPU_F16C 0x10u
#define LYAPSWEEP_CPU_LZCNT 0x20u
#define LYAPSWEEP_CPU_MOVBE 0x40u
#define LYAPSWEEP_CPU_AVX512F 0x80u
#define LYAPSWEEP_CPU_AVX512CD 0x100u
#define LYAPSWEEP_CPU_AVX512BW 0x200u
#define LYAPSWEEP_CPU_AVX512DQ 0x400u
#define LYAPSWEEP_CPU_AVX512VL 0x800u

/// The extensions of the running CPU (cpuid and xgetbv on x86-64), as a mask of the bits above; 0 on
/// other architectures.
uint32_t lyapsweep_cpu_features(void);

#endif
