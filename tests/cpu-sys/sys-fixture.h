/*
 * Fixture for the system-architecture unit tests: one CPU over 4 MiB of
 * RAM at physical 0, descriptor tables built by hand in that RAM, and a
 * way to run a helper and catch the exception it raises.
 */
#ifndef BMX_TESTS_CPU_SYS_FIXTURE_H
#define BMX_TESTS_CPU_SYS_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "memory/memory.h"
#include "target-i386/cpu.h"

#define RAM_SIZE (4u * 1024 * 1024)

/* Where the tests put things (physical = linear while paging is off). */
#define GDT_BASE   0x1000u
#define GDT_LIMIT  0xffu /* 32 descriptors */
#define IDT_BASE   0x2000u
#define IDT_LIMIT  0x7ffu
#define TSS0_BASE  0x3000u /* the running task */
#define TSS1_BASE  0x3200u /* a second 386 task */
#define TSS2_BASE  0x3400u /* a 286 task */
#define LDT_BASE   0x4000u
#define STACK0_TOP 0x9000u /* ring 0 stack (TSS esp0) */
#define STACK1_TOP 0x8800u /* ring 1 stack (TSS esp1) */
#define STACK3_TOP 0x8000u /* ring 3 stack */

/* GDT selectors */
#define SEL_CODE0   0x08
#define SEL_DATA0   0x10
#define SEL_CODE3   0x1b
#define SEL_DATA3   0x23
#define SEL_TSS0    0x28
#define SEL_TSS1    0x30
#define SEL_LDT     0x38
#define SEL_NP_DATA 0x40 /* ring 0 data, not present */
#define SEL_XO_CODE 0x48 /* ring 0 execute-only code */
#define SEL_CGATE                                                              \
    0x50 /* 386 call gate, DPL 3 -> SEL_CODE0:0x5000, 2 params                 \
          */
#define SEL_CODE1    0x59 /* ring 1 code */
#define SEL_TGATE    0x60 /* task gate DPL 3 -> SEL_TSS1 */
#define SEL_DATA1    0x69 /* ring 1 data */
#define SEL_CONF0    0x70 /* ring 0 conforming readable code */
#define SEL_TSS2     0x78 /* 286 TSS */
#define SEL_DATA0_16 0x80 /* ring 0 16-bit data, limit 0xffff */
#define SEL_NP_CODE0 0x88 /* ring 0 code, not present */

/* descriptor flag shorthands (word 2 without base/limit) */
#define D_P      DESC_P_MASK
#define D_S      DESC_S_MASK
#define D_DPL(n) ((n) << DESC_DPL_SHIFT)
#define D_CODE   (DESC_S_MASK | DESC_CS_MASK)
#define D_DATA   (DESC_S_MASK)
#define D_32     (DESC_B_MASK | DESC_G_MASK)

extern X86CPU test_cpu;
extern CPUX86State *env;
extern CPUState *cs;
extern uint8_t *ram;

/* Builds memory and the CPU once per process. */
int sys_group_setup(void **state);
/* Zeroes RAM, resets the CPU, flushes the TLB. */
void sys_reset(void);
/* Protected mode, flat segments of level cpl, the standard GDT/IDT/TSS0
 * with TR loaded (TSS0: esp0 = STACK0_TOP, ss0 = SEL_DATA0). */
void sys_enter_pm(int cpl);

/* Shared helpers: ZF and CPL now; real mode at 1000:0050 with SS=2000,
 * SP=0100 and IVT entry 0x21 = 3000:0400; the standard IDT gates (0x80
 * ring-0 interrupt gate, 0x0d trap gate, ...); task 1's TSS; the type of
 * a GDT descriptor; an identity page directory over the first 4 MiB. */
bool zf(void);
int cpl(void);
void real_mode(void);
void idt_setup(void);
void tss1_setup(void);
int gdt_type(int sel);
void identity_page_dir(uint32_t pd, uint32_t pt);

void put_desc(uint32_t table, int index, uint32_t base, uint32_t limit,
              uint32_t flags);
void put_gate(uint32_t table, int index, int selector, uint32_t offset,
              int type, int dpl, int params);

static inline uint32_t rd32(uint32_t pa)
{
    return ram[pa] | ram[pa + 1] << 8 | ram[pa + 2] << 16 |
           (uint32_t)ram[pa + 3] << 24;
}
static inline uint16_t rd16(uint32_t pa)
{
    return (uint16_t)(ram[pa] | ram[pa + 1] << 8);
}
static inline void wr32(uint32_t pa, uint32_t v)
{
    ram[pa] = (uint8_t)v;
    ram[pa + 1] = (uint8_t)(v >> 8);
    ram[pa + 2] = (uint8_t)(v >> 16);
    ram[pa + 3] = (uint8_t)(v >> 24);
}
static inline void wr16(uint32_t pa, uint16_t v)
{
    ram[pa] = (uint8_t)v;
    ram[pa + 1] = (uint8_t)(v >> 8);
}

/* Runs stmt; the exception it raised (cs->exception_index) ends up in
 * *excp, -1 if none. Unwinding uses the engine's own mechanism. */
#define TRY(excp, stmt)                                                        \
    do {                                                                       \
        cs->exception_index = -1;                                              \
        if (__builtin_setjmp(cs->jmp_env) == 0) {                              \
            stmt;                                                              \
        }                                                                      \
        (excp) = cs->exception_index;                                          \
    } while (0)

/* stmt must raise excp with error code err. */
#define EXPECT_EXCP(stmt, excp, err)                                           \
    do {                                                                       \
        int got_;                                                              \
        env->old_exception = -1;                                               \
        TRY(got_, stmt);                                                       \
        if (got_ != (excp) || env->error_code != (err)) {                      \
            fail_msg("%s: got exception %d err %#x, want %d err %#x", #stmt,   \
                     got_, env->error_code, (excp), (err));                    \
        }                                                                      \
    } while (0)

#define EXPECT_OK(stmt)                                                        \
    do {                                                                       \
        int got_;                                                              \
        env->old_exception = -1;                                               \
        TRY(got_, stmt);                                                       \
        if (got_ != -1) {                                                      \
            fail_msg("%s: unexpected exception %d err %#x", #stmt, got_,       \
                     env->error_code);                                         \
        }                                                                      \
    } while (0)

#endif
