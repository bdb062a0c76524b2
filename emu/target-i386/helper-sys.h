/*
 * Private to the system-architecture files in emu/target-i386: descriptor
 * decoding, the stack accessor used by interrupt delivery and far
 * transfers, and the task switch they share. Not for other rooms.
 */
#ifndef BMX_TARGET_I386_HELPER_SYS_H
#define BMX_TARGET_I386_HELPER_SYS_H

#include "target-i386/cpu.h"

/* A descriptor's base and limit (byte granular after G is applied). */
static inline uint32_t get_seg_base(uint32_t e1, uint32_t e2)
{
    return (e1 >> 16) | ((e2 & 0xff) << 16) | (e2 & 0xff000000);
}

static inline uint32_t get_seg_limit(uint32_t e1, uint32_t e2)
{
    uint32_t limit = (e1 & 0xffff) | (e2 & 0x000f0000);

    if (e2 & DESC_G_MASK) {
        limit = (limit << 12) | 0xfff;
    }
    return limit;
}

static inline void load_seg_cache_raw_dt(SegmentCache *sc, uint32_t e1,
                                         uint32_t e2)
{
    sc->base = get_seg_base(e1, e2);
    sc->limit = get_seg_limit(e1, e2);
    sc->flags = e2;
}

static inline int sys_cpl(CPUX86State *env)
{
    return env->hflags & HF_CPL_MASK;
}

static inline int desc_dpl(uint32_t e2)
{
    return (e2 >> DESC_DPL_SHIFT) & 3;
}

static inline int desc_type(uint32_t e2)
{
    return (e2 >> DESC_TYPE_SHIFT) & 0xf;
}

/* SS.B decides whether the stack pointer is SP or ESP. */
static inline uint32_t get_sp_mask(uint32_t e2)
{
    return (e2 & DESC_B_MASK) ? 0xffffffffu : 0xffffu;
}

/* Writes only the bits of ESP the stack size covers (SP keeps ESP's top). */
static inline void sys_set_esp(CPUX86State *env, uint32_t val, uint32_t sp_mask)
{
    env->regs[R_ESP] = (env->regs[R_ESP] & ~sp_mask) | (val & sp_mask);
}

/* Reads the 8-byte descriptor for selector from the GDT or LDT; false if
 * the selector is beyond the table's limit. Faults of the reads themselves
 * (#PF) are raised with ra. */
bool sys_load_desc(CPUX86State *env, uint32_t *e1, uint32_t *e2, int selector,
                   uintptr_t ra);

/* V86 segment: base selector*16, limit 64 KiB, writable, DPL 3. */
void sys_load_seg_vm(CPUX86State *env, int seg, int selector);

/*
 * A stack being pushed or popped without committing ESP: every access is
 * base + (sp & sp_mask), so a fault in the middle leaves the CPU state
 * untouched and the instruction restartable.
 */
typedef struct StackAccess {
    CPUX86State *env;
    uintptr_t ra;
    uint32_t ss_base;
    uint32_t sp;
    uint32_t sp_mask;
    int mmu_idx;
} StackAccess;

/* Sets sa up on the current SS:ESP. */
void sys_stack_init_current(StackAccess *sa, CPUX86State *env, uintptr_t ra);
void sys_pushw(StackAccess *sa, uint32_t val);
void sys_pushl(StackAccess *sa, uint32_t val);
uint32_t sys_popw(StackAccess *sa);
uint32_t sys_popl(StackAccess *sa);

/* How a task switch was started: it decides busy bits, NT and back link. */
#define SWITCH_TSS_JMP  0
#define SWITCH_TSS_IRET 1
#define SWITCH_TSS_CALL 2

/* Switches to the task of a TSS descriptor (or a task gate, type 5) whose
 * words are e1/e2. next_eip is saved as the old task's EIP. An exception
 * delivered through a task gate passes its error code, pushed on the new
 * task's stack. */
void sys_switch_tss(CPUX86State *env, int tss_selector, uint32_t e1,
                    uint32_t e2, int source, uint32_t next_eip,
                    bool has_error_code, uint32_t error_code, uintptr_t ra);

/* Delivery of interrupts and exceptions (sys-int-helper.c). */
int exception_has_error_code(int intno);
/* The inner stack for privilege level dpl from the current TSS (#TS if
 * the TSS is too short). */
void sys_get_ss_esp_from_tss(CPUX86State *env, uint32_t *ss, uint32_t *esp,
                             int dpl, uintptr_t ra);
/* Checks the inner stack segment ss for a switch to level dpl: #TS(ss)
 * unless it is a present writable data segment with RPL = DPL = dpl. */
void sys_check_inner_ss(CPUX86State *env, uint32_t ss, int dpl, uint32_t *ss_e1,
                        uint32_t *ss_e2, uintptr_t ra);

/* The page walk (excp_helper.c): translates addr for an access, setting
 * A/D bits, without touching the TLB; on a fault fills *err (#PF, error
 * code, CR2) and leaves CR2 itself alone. */
typedef struct X86TranslateResult {
    hwaddr paddr;
    int prot;
    uint32_t page_size;
} X86TranslateResult;

typedef struct X86TranslateFault {
    int exception_index;
    int error_code;
    uint32_t cr2;
} X86TranslateFault;

bool x86_get_physical_address(CPUX86State *env, uint32_t addr,
                              MMUAccessType access_type, int mmu_idx,
                              X86TranslateResult *out, X86TranslateFault *err);

#endif /* BMX_TARGET_I386_HELPER_SYS_H */
