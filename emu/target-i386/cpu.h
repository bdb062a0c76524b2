/*
 * emu/target-i386: the i386 CPU (386/486/586 integer core), QEMU's
 * CPUX86State layout and names, so helpers can be written from knowledge of
 * QEMU's target/i386. This is the room's one public header.
 *
 * What lives where:
 *   cpu.c, helper.c, cc_helper.c, smm_helper.c   state, reset, flags, SMM
 *   translate.c (front end), run.c + exec-*.c (back end)   the engine's ops
 *   seg_helper.c, sys-*.c   segment loads, far control transfer, IRET,
 *                  interrupt and exception delivery, task switch,
 *                  descriptor tests, I/O permission
 *   excp_helper.c  page walk / x86_cpu_tlb_fill
 *   disas.c, trace.c   the --trace output (compiled out with BMX_TRACE=0)
 *
 * Calling convention for helpers (no GETPC in an interpreter): when the
 * engine calls a helper declared here, env->eip holds the address of the
 * current instruction and the lazy flags in env are valid, so a helper may
 * raise an exception with ra = 0. Helpers that need the next instruction
 * get it as an argument (next_eip / next_eip_addend).
 */
#ifndef BMX_TARGET_I386_CPU_H
#define BMX_TARGET_I386_CPU_H

#include "util/util.h"
#include "mmu/mmu.h"
#include "tcg/tcg.h"
#include "fpu/fpu.h"

/* ---- registers ---- */
#define R_EAX 0
#define R_ECX 1
#define R_EDX 2
#define R_EBX 3
#define R_ESP 4
#define R_EBP 5
#define R_ESI 6
#define R_EDI 7
/* regs[R_ZERO] is always 0: the base or index of an effective address
 * that has none, so the back end adds without testing (ops.h). */
#define R_ZERO 8

#define R_ES 0
#define R_CS 1
#define R_SS 2
#define R_DS 3
#define R_FS 4
#define R_GS 5

/* ---- segment descriptor flags (SegmentCache.flags = descriptor word 2) */
#define DESC_G_SHIFT       23
#define DESC_G_MASK        (1 << DESC_G_SHIFT)
#define DESC_B_SHIFT       22
#define DESC_B_MASK        (1 << DESC_B_SHIFT)
#define DESC_L_SHIFT       21
#define DESC_L_MASK        (1 << DESC_L_SHIFT)
#define DESC_AVL_SHIFT     20
#define DESC_AVL_MASK      (1 << DESC_AVL_SHIFT)
#define DESC_P_SHIFT       15
#define DESC_P_MASK        (1 << DESC_P_SHIFT)
#define DESC_DPL_SHIFT     13
#define DESC_DPL_MASK      (3 << DESC_DPL_SHIFT)
#define DESC_S_SHIFT       12
#define DESC_S_MASK        (1 << DESC_S_SHIFT)
#define DESC_TYPE_SHIFT    8
#define DESC_TYPE_MASK     (15 << DESC_TYPE_SHIFT)
#define DESC_A_MASK        (1 << 8)
#define DESC_CS_MASK       (1 << 11) /* 1=code segment 0=data segment */
#define DESC_C_MASK        (1 << 10) /* code: conforming */
#define DESC_R_MASK        (1 << 9)  /* code: readable */
#define DESC_E_MASK        (1 << 10) /* data: expansion direction */
#define DESC_W_MASK        (1 << 9)  /* data: writable */
#define DESC_TSS_BUSY_MASK (1 << 9)

/* ---- EFLAGS ---- */
#define CC_C 0x0001
#define CC_P 0x0004
#define CC_A 0x0010
#define CC_Z 0x0040
#define CC_S 0x0080
#define CC_O 0x0800

#define TF_SHIFT   8
#define IOPL_SHIFT 12
#define VM_SHIFT   17

#define TF_MASK   0x00000100
#define IF_MASK   0x00000200
#define DF_MASK   0x00000400
#define IOPL_MASK 0x00003000
#define NT_MASK   0x00004000
#define RF_MASK   0x00010000
#define VM_MASK   0x00020000
#define AC_MASK   0x00040000
#define VIF_MASK  0x00080000
#define VIP_MASK  0x00100000
#define ID_MASK   0x00200000

/* ---- hflags: state the translator specializes on (QEMU's bits) ---- */
#define HF_CPL_SHIFT         0
#define HF_BPT_SHIFT         2 /* DR7 enables an instruction/data breakpoint */
#define HF_INHIBIT_IRQ_SHIFT 3 /* STI/MOV SS interrupt shadow */
#define HF_CS32_SHIFT        4
#define HF_SS32_SHIFT        5
#define HF_ADDSEG_SHIFT      6 /* DS, ES or SS base may be non-zero */
#define HF_PE_SHIFT          7
#define HF_TF_SHIFT          8
#define HF_MP_SHIFT          9 /* these three must be contiguous: CR0 bits */
#define HF_EM_SHIFT          10
#define HF_TS_SHIFT          11
#define HF_IOPL_SHIFT        12 /* 2 bits, must match IOPL_SHIFT */
#define HF_LMA_SHIFT         14
#define HF_CS64_SHIFT        15
#define HF_RF_SHIFT          16
#define HF_VM_SHIFT          17 /* must match VM_SHIFT */
#define HF_AC_SHIFT          18
#define HF_SMM_SHIFT         19
#define HF_SVME_SHIFT        20
#define HF_GUEST_SHIFT       21
#define HF_OSFXSR_SHIFT      22
#define HF_SMAP_SHIFT        23
#define HF_IOBPT_SHIFT       24 /* an I/O breakpoint is enabled (CR4.DE) */
/* 25..30: segment i (R_ES..R_GS, never R_CS) is flat: base 0, limit 4 GiB,
 * present writable expand-up data, so the translator may drop its limit
 * and rights checks. Bit 31 stays clear (TB chain_flags uses ~0). */
#define HF_FLAT_SHIFT 25

#define HF_CPL_MASK         (3 << HF_CPL_SHIFT)
#define HF_BPT_MASK         (1 << HF_BPT_SHIFT)
#define HF_INHIBIT_IRQ_MASK (1 << HF_INHIBIT_IRQ_SHIFT)
#define HF_CS32_MASK        (1 << HF_CS32_SHIFT)
#define HF_SS32_MASK        (1 << HF_SS32_SHIFT)
#define HF_ADDSEG_MASK      (1 << HF_ADDSEG_SHIFT)
#define HF_PE_MASK          (1 << HF_PE_SHIFT)
#define HF_TF_MASK          (1 << HF_TF_SHIFT)
#define HF_MP_MASK          (1 << HF_MP_SHIFT)
#define HF_EM_MASK          (1 << HF_EM_SHIFT)
#define HF_TS_MASK          (1 << HF_TS_SHIFT)
#define HF_IOPL_MASK        (3 << HF_IOPL_SHIFT)
#define HF_LMA_MASK         (1 << HF_LMA_SHIFT)
#define HF_CS64_MASK        (1 << HF_CS64_SHIFT)
#define HF_RF_MASK          (1 << HF_RF_SHIFT)
#define HF_VM_MASK          (1 << HF_VM_SHIFT)
#define HF_AC_MASK          (1 << HF_AC_SHIFT)
#define HF_SMM_MASK         (1 << HF_SMM_SHIFT)
#define HF_SVME_MASK        (1 << HF_SVME_SHIFT)
#define HF_GUEST_MASK       (1 << HF_GUEST_SHIFT)
#define HF_OSFXSR_MASK      (1 << HF_OSFXSR_SHIFT)
#define HF_SMAP_MASK        (1 << HF_SMAP_SHIFT)
#define HF_IOBPT_MASK       (1 << HF_IOBPT_SHIFT)
#define HF_FLAT_MASK        (0x3du << HF_FLAT_SHIFT) /* all but R_CS */

#define HF2_GIF_SHIFT            0
#define HF2_HIF_SHIFT            1
#define HF2_NMI_SHIFT            2 /* NMI blocked until IRET */
#define HF2_VINTR_SHIFT          3
#define HF2_SMM_INSIDE_NMI_SHIFT 4
#define HF2_GIF_MASK             (1 << HF2_GIF_SHIFT)
#define HF2_HIF_MASK             (1 << HF2_HIF_SHIFT)
#define HF2_NMI_MASK             (1 << HF2_NMI_SHIFT)
#define HF2_VINTR_MASK           (1 << HF2_VINTR_SHIFT)
#define HF2_SMM_INSIDE_NMI_MASK  (1 << HF2_SMM_INSIDE_NMI_SHIFT)

/* ---- control registers ---- */
#define CR0_PE_SHIFT 0
#define CR0_MP_SHIFT 1
#define CR0_PE_MASK  (1u << 0)
#define CR0_MP_MASK  (1u << 1)
#define CR0_EM_MASK  (1u << 2)
#define CR0_TS_MASK  (1u << 3)
#define CR0_ET_MASK  (1u << 4)
#define CR0_NE_MASK  (1u << 5)
#define CR0_WP_MASK  (1u << 16)
#define CR0_AM_MASK  (1u << 18)
#define CR0_NW_MASK  (1u << 29)
#define CR0_CD_MASK  (1u << 30)
#define CR0_PG_MASK  (1u << 31)

#define CR4_VME_MASK    (1u << 0)
#define CR4_PVI_MASK    (1u << 1)
#define CR4_TSD_MASK    (1u << 2)
#define CR4_DE_MASK     (1u << 3)
#define CR4_PSE_MASK    (1u << 4)
#define CR4_PAE_MASK    (1u << 5)
#define CR4_MCE_MASK    (1u << 6)
#define CR4_PGE_MASK    (1u << 7)
#define CR4_PCE_MASK    (1u << 8)
#define CR4_OSFXSR_MASK (1u << 9)

/* ---- debug registers (SDM vol. 3, 17.2) ---- */
#define DR6_BD           (1u << 13) /* general detect */
#define DR6_BS           (1u << 14) /* single step */
#define DR6_BT           (1u << 15) /* task switch */
#define DR6_FIXED_1      0xffff0ff0u
#define DR7_GD           (1u << 13)
#define DR7_FIXED_1      0x00000400u
#define DR7_TYPE_SHIFT   16 /* R/Wn: 2 bits at 16 + 4n */
#define DR7_LEN_SHIFT    18 /* LENn: 2 bits at 18 + 4n */
#define DR7_TYPE_BP_INST 0
#define DR7_TYPE_DATA_WR 1
#define DR7_TYPE_IO_RW   2 /* with CR4.DE */
#define DR7_TYPE_DATA_RW 3

/* ---- page tables (non-PAE) ---- */
#define PG_PRESENT_BIT   0
#define PG_RW_BIT        1
#define PG_USER_BIT      2
#define PG_PWT_BIT       3
#define PG_PCD_BIT       4
#define PG_ACCESSED_BIT  5
#define PG_DIRTY_BIT     6
#define PG_PSE_BIT       7
#define PG_GLOBAL_BIT    8
#define PG_PRESENT_MASK  (1u << PG_PRESENT_BIT)
#define PG_RW_MASK       (1u << PG_RW_BIT)
#define PG_USER_MASK     (1u << PG_USER_BIT)
#define PG_PWT_MASK      (1u << PG_PWT_BIT)
#define PG_PCD_MASK      (1u << PG_PCD_BIT)
#define PG_ACCESSED_MASK (1u << PG_ACCESSED_BIT)
#define PG_DIRTY_MASK    (1u << PG_DIRTY_BIT)
#define PG_PSE_MASK      (1u << PG_PSE_BIT)
#define PG_GLOBAL_MASK   (1u << PG_GLOBAL_BIT)

#define PG_ERROR_W_BIT     1
#define PG_ERROR_P_MASK    0x01
#define PG_ERROR_W_MASK    (1 << PG_ERROR_W_BIT)
#define PG_ERROR_U_MASK    0x04
#define PG_ERROR_RSVD_MASK 0x08
#define PG_ERROR_I_D_MASK  0x10

/* ---- MSRs a PC touches ---- */
#define MSR_IA32_TSC             0x10
#define MSR_IA32_APICBASE        0x1b
#define MSR_IA32_SYSENTER_CS     0x174
#define MSR_IA32_SYSENTER_ESP    0x175
#define MSR_IA32_SYSENTER_EIP    0x176
#define MSR_MTRRcap              0xfe
#define MSR_MTRRdefType          0x2ff
#define MSR_IA32_MISC_ENABLE     0x1a0
#define MSR_PAT                  0x277
#define MSR_P6_PERFCTR0          0xc1
#define MSR_P6_EVNTSEL0          0x186
#define MSR_MTRRphysBase(r)      (0x200 + 2 * (r))
#define MSR_MTRRphysMask(r)      (0x200 + 2 * (r) + 1)
#define MSR_MTRRfix64K_00000     0x250
#define MSR_MTRRfix16K_80000     0x258
#define MSR_MTRRfix16K_A0000     0x259
#define MSR_MTRRfix4K_C0000      0x268
#define MSR_MTRRfix4K_F8000      0x26f
#define MSR_MTRRcap_VCNT         8
#define MSR_IA32_APICBASE_BSP    (1 << 8)
#define MSR_IA32_APICBASE_ENABLE (1 << 11)

/* ---- exceptions ---- */
#define EXCP00_DIVZ  0
#define EXCP01_DB    1
#define EXCP02_NMI   2
#define EXCP03_INT3  3
#define EXCP04_INTO  4
#define EXCP05_BOUND 5
#define EXCP06_ILLOP 6
#define EXCP07_PREX  7
#define EXCP08_DBLE  8
#define EXCP09_XERR  9
#define EXCP0A_TSS   10
#define EXCP0B_NOSEG 11
#define EXCP0C_STACK 12
#define EXCP0D_GPF   13
#define EXCP0E_PAGE  14
#define EXCP10_COPR  16
#define EXCP11_ALGN  17
#define EXCP12_MCHK  18

/* ---- lazy condition codes: how to compute OSZAPC from cc_dst/src/src2 */
typedef enum {
    CC_OP_DYNAMIC, /* must use dynamic code to get cc_op (translator only) */
    CC_OP_EFLAGS,  /* all cc are explicitly computed, CC_SRC = flags */

    CC_OP_MULB, /* modify all flags, C, O = (CC_SRC != 0) */
    CC_OP_MULW,
    CC_OP_MULL,
    CC_OP_MULQ_UNUSED,

    CC_OP_ADDB, /* modify all flags, CC_DST = res, CC_SRC = src1 */
    CC_OP_ADDW,
    CC_OP_ADDL,
    CC_OP_ADDQ_UNUSED,

    CC_OP_ADCB, /* modify all flags, CC_DST = res, CC_SRC = src1, SRC2=C */
    CC_OP_ADCW,
    CC_OP_ADCL,
    CC_OP_ADCQ_UNUSED,

    CC_OP_SUBB, /* modify all flags, CC_DST = res, CC_SRC = src1 */
    CC_OP_SUBW,
    CC_OP_SUBL,
    CC_OP_SUBQ_UNUSED,

    CC_OP_SBBB, /* modify all flags, CC_DST = res, CC_SRC = src1, SRC2=C */
    CC_OP_SBBW,
    CC_OP_SBBL,
    CC_OP_SBBQ_UNUSED,

    CC_OP_LOGICB, /* modify all flags, CC_DST = res */
    CC_OP_LOGICW,
    CC_OP_LOGICL,
    CC_OP_LOGICQ_UNUSED,

    CC_OP_INCB, /* modify all flags except C, CC_DST = res, CC_SRC = C */
    CC_OP_INCW,
    CC_OP_INCL,
    CC_OP_INCQ_UNUSED,

    CC_OP_DECB, /* modify all flags except C, CC_DST = res, CC_SRC = C */
    CC_OP_DECW,
    CC_OP_DECL,
    CC_OP_DECQ_UNUSED,

    CC_OP_SHLB, /* modify all flags, CC_DST = res, CC_SRC.msb = C */
    CC_OP_SHLW,
    CC_OP_SHLL,
    CC_OP_SHLQ_UNUSED,

    CC_OP_SARB, /* modify all flags, CC_DST = res, CC_SRC.lsb = C */
    CC_OP_SARW,
    CC_OP_SARL,
    CC_OP_SARQ_UNUSED,

    CC_OP_CLR, /* Z and P set, all other flags clear */
    CC_OP_NB,
} CCOp;

/* Note: for CC_OP_SUB*, cc_src holds the second operand (subtrahend) and
 * cc_dst the result, as in QEMU: src1 = cc_dst + cc_src. */

typedef struct SegmentCache {
    uint32_t selector;
    uint32_t base;
    uint32_t limit;
    uint32_t flags;
} SegmentCache;

typedef enum X86CPULevel {
    /* 286-compatible real mode, for the 286 conformance data: no 386
     * opcodes or prefixes, FLAGS 12-15 read as 0 in real mode */
    X86_CPU_286 = 2,
    X86_CPU_386 = 3,
    X86_CPU_486 = 4,
    X86_CPU_586 = 5,
    X86_CPU_686 = 6, /* P6 family: Pentium II */
} X86CPULevel;

typedef struct CPUArchState {
    /* standard registers */
    uint32_t regs[9]; /* EAX..EDI, then R_ZERO */
    uint32_t eip;
    uint32_t eflags; /* all flags except OSZAPC and DF (kept lazily) */

    /* lazy condition codes */
    uint32_t cc_dst;
    uint32_t cc_src;
    uint32_t cc_src2;
    uint32_t cc_op;
    int32_t df; /* D flag: 1 or -1 */
    uint32_t hflags;
    uint32_t hflags2;
    /* Bit i: segment i is present writable expand-up data with a limit of
     * at least 0xFFFF, so an access inside the first 64 KiB needs no other
     * check (the real-mode case; ops.h). Kept by cpu_x86_load_seg_cache
     * (base and selector do not matter). */
    uint32_t seg_fast16;

    SegmentCache segs[6];
    SegmentCache ldt;
    SegmentCache tr;
    SegmentCache gdt; /* only base and limit are used */
    SegmentCache idt; /* only base and limit are used */

    uint32_t cr[5]; /* CR0..CR4 (CR1 unused) */
    uint32_t dr[8]; /* debug registers (DR4/DR5 alias DR6/DR7) */
    uint32_t a20_mask;

    /* breakpoints DR7 enables, bit n = DRn (x86_bpt_update, bpt_helper.c) */
    uint8_t bpt_insn;
    uint8_t bpt_data;
    uint8_t bpt_io;
    uint8_t bpt_gdb; /* the debugger watches memory (tcg/breakpoint.c) */
    /* DR6.Bn of the data/I/O breakpoints the current instruction hit; the
     * #DB trap (CPU_INTERRUPT_DBTRAP) follows the instruction */
    uint32_t bpt_hit;

    /* exception state */
    int error_code;
    int exception_is_int;
    uint32_t exception_next_eip;
    int old_exception; /* for double fault detection */

    /* system state */
    uint32_t smbase;
    uint64_t tsc;
    uint64_t tsc_offset;
    uint32_t sysenter_cs;
    uint32_t sysenter_esp;
    uint32_t sysenter_eip;
    uint64_t efer; /* unused before long mode */
    uint64_t apic_base;
    uint64_t msr_ia32_misc_enable;
    uint64_t mtrr_deftype;
    uint64_t mtrr_fixed[11];
    uint64_t mtrr_var_base[MSR_MTRRcap_VCNT];
    uint64_t mtrr_var_mask[MSR_MTRRcap_VCNT];
    uint64_t pat;
    uint64_t perfctr[2]; /* P6 PerfCtr0/1: kept, not counted (D38) */
    uint64_t evntsel[2];

    /* x87 (486 and later; fpu_helper.c, docs/fpu.md). QEMU's names:
     * fpregs by physical register, fpstt = TOP, fpus the status word
     * without TOP, fptags[i] = 1 when physical register i is empty. */
    floatx80 fpregs[8];
    unsigned int fpstt;
    uint16_t fpus;
    uint16_t fpuc;
    uint8_t fptags[8];
    uint16_t fpop; /* last non-control instruction's opcode (11 bits) */
    uint32_t fpip; /* its offset, and CS */
    uint16_t fpcs;
    uint32_t fpdp; /* its memory operand's offset, and segment selector */
    uint16_t fpds;
    float_status fp_status; /* rounding and precision from fpuc */
    bool ferr;              /* FERR# asserted (CR0.NE = 0: IRQ 13) */
    bool ignne; /* IGNNE# (port 0xF0): CR0.NE = 0 ignores x87 errors */

    /* CPU model */
    X86CPULevel level;
    uint32_t cpuid_level; /* highest basic CPUID leaf; CPUID absent: 0 */
    uint32_t cpuid_vendor1, cpuid_vendor2, cpuid_vendor3;
    uint32_t cpuid_version;      /* family/model/stepping, also EDX at reset */
    uint32_t cpuid_features;     /* leaf 1 EDX */
    uint32_t cpuid_ext_features; /* leaf 1 ECX */
    bool has_cpuid;
    uint32_t eflags_writable_mask; /* AC (486+), ID (586 / CPUID) */
} CPUX86State;

typedef struct X86CPU {
    CPUState parent_obj;
    CPUX86State env;
    /* INTR acknowledge: returns the vector the PIC delivers (or -1). */
    int (*get_pic_interrupt)(void *opaque);
    void *pic_opaque;
    /* WRMSR IA32_APIC_BASE with a local APIC: returns the MSR's new value
     * (NULL: no APIC, the MSR is plain storage) */
    uint64_t (*set_apic_base)(void *opaque, uint64_t val);
    void *apic_opaque;
    /* FERR# (QEMU's cpu_set_ferr / ferr_irq): the PC wires it to IRQ 13
     * (NULL: not connected) */
    void (*set_ferr)(void *opaque, int level);
    void *ferr_opaque;
} X86CPU;

#define CPUID_FP87 (1u << 0)
#define CPUID_VME  (1u << 1)
#define CPUID_DE   (1u << 2)
#define CPUID_PSE  (1u << 3)
#define CPUID_TSC  (1u << 4)
#define CPUID_MSR  (1u << 5)
#define CPUID_CX8  (1u << 8)
#define CPUID_APIC (1u << 9)
#define CPUID_SEP  (1u << 11)
#define CPUID_MTRR (1u << 12)
#define CPUID_PGE  (1u << 13)
#define CPUID_CMOV (1u << 15)
#define CPUID_PAT  (1u << 16)
#define CPUID_FXSR (1u << 24)

static inline X86CPU *env_archcpu(CPUX86State *env)
{
    return container_of(env, X86CPU, env);
}
static inline CPUState *env_cpu(CPUX86State *env)
{
    return &env_archcpu(env)->parent_obj;
}
static inline X86CPU *X86_CPU(CPUState *cs)
{
    return container_of(cs, X86CPU, parent_obj);
}
static inline CPUX86State *cpu_env(CPUState *cs)
{
    return &X86_CPU(cs)->env;
}

/* ================= public API for machines and harnesses ================= */

/* Initializes a statically allocated CPU of the given level and resets it.
 * The machine gives it address spaces with cpu_address_space_init(cs, 0,
 * "cpu-memory", get_system_memory()) (and asidx 1 for SMM) -- or sets
 * cs->as directly; port I/O goes to address_space_io. */
void x86_cpu_init(X86CPU *cpu, X86CPULevel level);
/* Power-on / RESET# state: CS=F000 base FFFF0000, EIP=FFF0, EDX=signature,
 * the TSC at 0. */
void x86_cpu_reset(X86CPU *cpu);
/* QEMU's: the TSC's ticks before tsc_offset (virtual time, exec-system.c). */
uint64_t cpu_get_tsc(CPUX86State *env);
/* The x87 for debuggers and harnesses (fpu_helper.c): the status word with
 * TOP, the full 16-bit tag word (from the contents), and QEMU's
 * cpu_set_fpuc (the control word with its rounding and precision). */
uint16_t fpu_get_fsw(CPUX86State *env);
void fpu_set_fsw(CPUX86State *env, uint16_t fsw);
uint16_t fpu_get_ftw(CPUX86State *env);
void fpu_set_ftw(CPUX86State *env, uint16_t ftw);
void cpu_set_fpuc(CPUX86State *env, uint16_t fpuc);
void cpu_x86_set_a20(X86CPU *cpu, int a20_state);
/* IGNNE# (QEMU's cpu_set_ignne, the PC's port 0xF0): FERR# drops and,
 * with CR0.NE = 0, pending x87 errors are ignored until FNINIT/FNCLEX. */
void x86_cpu_set_ignne(X86CPU *cpu);

/* Harness state access. After writing registers, segments, CRs or EFLAGS
 * directly, call x86_cpu_state_changed(): it recomputes hflags (CPL from
 * CS.selector in PM, 0 in real mode, 3 in V86) and flushes the TLB and the
 * jump cache. Write EFLAGS with cpu_load_eflags(env, v, ~0), read it with
 * cpu_compute_eflags(env). */
void x86_cpu_state_changed(X86CPU *cpu);
/* Full EFLAGS (lazy bits folded in). */
uint32_t cpu_compute_eflags(CPUX86State *env);
/* Loads EFLAGS bits under update_mask (OSZAPC and DF are always taken). */
void cpu_load_eflags(CPUX86State *env, uint32_t eflags, uint32_t update_mask);
/* Real-mode / V86 segment load: base = selector << 4, limit 0xffff. */
void cpu_x86_load_seg_real(CPUX86State *env, int seg, uint32_t selector);

/* Port I/O through address_space_io (also used by IN/OUT). */
uint8_t cpu_inb(uint32_t addr);
uint16_t cpu_inw(uint32_t addr);
uint32_t cpu_inl(uint32_t addr);
void cpu_outb(uint32_t addr, uint8_t val);
void cpu_outw(uint32_t addr, uint16_t val);
void cpu_outl(uint32_t addr, uint32_t val);

/* ================= helpers of the engine's files ================= */

/* Recomputes the hflags bits that derive from CR0/CR4/EFLAGS/segments
 * (PE, MP/EM/TS, CS32, SS32, ADDSEG, VM, IOPL, TF, AC). */
void x86_update_hflags(CPUX86State *env);
#define cpu_sync_bndcs_hflags(env) ((void)0)
void cpu_x86_update_cr0(CPUX86State *env, uint32_t new_cr0); /* helper.c */
void cpu_x86_update_cr3(CPUX86State *env, uint32_t new_cr3); /* helper.c */
void cpu_x86_update_cr4(CPUX86State *env, uint32_t new_cr4); /* helper.c */
/* The CR4 bits the model has; MOV CR4 with another bit set is #GP(0). */
uint32_t x86_cr4_valid_mask(const CPUX86State *env);
/* tlb_flush, keeping global pages when CR4.PGE (a CR3 load) */
void x86_tlb_flush_cr3(CPUX86State *env);
void cpu_x86_update_dr7(CPUX86State *env, uint32_t new_dr7); /* bpt_helper.c */
void x86_cpu_set_cpl(CPUX86State *env, int cpl);
/* Debug registers (bpt_helper.c). MOV from/to DRn (env->eip at the
 * instruction): #UD for DR4/DR5 with CR4.DE, #DB on DR7.GD. */
uint32_t helper_get_dr(CPUX86State *env, int reg);
void helper_set_dr(CPUX86State *env, int reg, uint32_t val);
/* Recomputes the enabled breakpoints from DR7 and CR4.DE (HF_BPT_MASK,
 * HF_IOBPT_MASK); flushes translations and the TLB if any was or is on. */
void x86_bpt_update(CPUX86State *env);
/* Softmmu slow path: an access to a TLB_WATCHPOINT page. */
void x86_bpt_check_access(CPUX86State *env, uint32_t addr, int size,
                          bool is_write);
/* Which accesses to the page at page must be checked: PAGE_READ and/or
 * PAGE_WRITE (only called with data breakpoints enabled). */
int x86_bpt_page_watch(CPUX86State *env, uint32_t page);
/* IN/OUT/INS/OUTS with HF_IOBPT_MASK: an I/O breakpoint hit traps after
 * the instruction. */
void x86_bpt_check_io(CPUX86State *env, uint32_t port, int size);
/* The #DB trap after an instruction: DR6 gets the breakpoints hit and
 * dr6_set. Does not return. */
QEMU_NORETURN void x86_debug_trap(CPUX86State *env, uint32_t dr6_set);
/* TF: the single-step trap (DR6.BS), with any breakpoint hit merged. */
QEMU_NORETURN void helper_single_step(CPUX86State *env);
/* An exception ended the instruction: its breakpoint hits never trap. */
void x86_bpt_cancel(CPUX86State *env);
/* Enters SMM (SMI) and RSM; smm_helper.c. */
void do_smm_enter(X86CPU *cpu);
void helper_rsm(CPUX86State *env);
/* Handles pending interrupt_request bits; true if one was taken. */
bool x86_cpu_exec_interrupt(CPUState *cs, int interrupt_request);
uint32_t cpu_cc_compute_all(CPUX86State *env);
/* CC_P for each value of a result's low byte (no libgcc call on ARM). */
extern const uint8_t x86_parity_table[256];
uint32_t cpu_cc_compute_c(CPUX86State *env);

/* Present, writable, expand-up data: a segment whose accesses need only
 * the limit test (the fast paths of ops.h and the two below). */
static inline bool x86_seg_is_rw_data(uint32_t flags)
{
    uint32_t need = DESC_P_MASK | DESC_S_MASK | DESC_W_MASK;
    return (flags & (need | DESC_CS_MASK | DESC_E_MASK)) == need;
}

/* Keeps env->seg_fast16 for segment seg_reg. */
static inline void x86_seg_fast16_update(CPUX86State *env, int seg_reg)
{
    const SegmentCache *sc = &env->segs[seg_reg];
    bool fast = sc->limit >= 0xffff && x86_seg_is_rw_data(sc->flags);
    env->seg_fast16 =
        (env->seg_fast16 & ~(1u << seg_reg)) | ((uint32_t)fast << seg_reg);
}

/* The HF_FLAT bit a data segment cache entry earns (0 for CS). */
static inline uint32_t x86_seg_flat_bit(const SegmentCache *sc, int seg_reg)
{
    bool flat = seg_reg != R_CS && sc->base == 0 && sc->limit == 0xffffffffu &&
                x86_seg_is_rw_data(sc->flags);
    return (uint32_t)flat << (HF_FLAT_SHIFT + seg_reg);
}

/* Sets a segment cache entry; updates CPL (CS), CS32/SS32/ADDSEG and
 * the segment's HF_FLAT bit. */
static inline void cpu_x86_load_seg_cache(CPUX86State *env, int seg_reg,
                                          uint32_t selector, uint32_t base,
                                          uint32_t limit, uint32_t flags)
{
    SegmentCache *sc = &env->segs[seg_reg];
    uint32_t new_hflags;

    sc->selector = selector;
    sc->base = base;
    sc->limit = limit;
    sc->flags = flags;

    if (seg_reg == R_CS) {
        /* in real mode CPL stays what it was (0); in PM it is the RPL */
        if ((env->cr[0] & CR0_PE_MASK) && !(env->eflags & VM_MASK)) {
            env->hflags = (env->hflags & ~HF_CPL_MASK) | (selector & 3);
        } else if (env->eflags & VM_MASK) {
            env->hflags |= HF_CPL_MASK; /* V86 runs at CPL 3 */
        }
    }
    new_hflags =
        (env->segs[R_CS].flags & DESC_B_MASK) >> (DESC_B_SHIFT - HF_CS32_SHIFT);
    new_hflags |=
        (env->segs[R_SS].flags & DESC_B_MASK) >> (DESC_B_SHIFT - HF_SS32_SHIFT);
    if (!(env->cr[0] & CR0_PE_MASK) || (env->eflags & VM_MASK) ||
        !(new_hflags & HF_CS32_MASK)) {
        new_hflags |= HF_ADDSEG_MASK;
    } else {
        new_hflags |= ((env->segs[R_DS].base | env->segs[R_ES].base |
                        env->segs[R_SS].base) != 0)
                      << HF_ADDSEG_SHIFT;
    }
    new_hflags |= x86_seg_flat_bit(sc, seg_reg);
    x86_seg_fast16_update(env, seg_reg);
    env->hflags =
        (env->hflags & ~(HF_CS32_MASK | HF_SS32_MASK | HF_ADDSEG_MASK |
                         (1u << (HF_FLAT_SHIFT + seg_reg)))) |
        new_hflags;
}

static inline int cpu_mmu_index(CPUX86State *env, bool ifetch)
{
    (void)ifetch;
    return (env->hflags & HF_CPL_MASK) == 3 ? MMU_USER_IDX : MMU_KSMAP_IDX;
}
static inline int cpu_mmu_index_kernel(CPUX86State *env)
{
    (void)env;
    return MMU_KSMAP_IDX;
}

/* Guest memory through the TLB, QEMU's names (mmu/mmu.h has the
 * *_mmuidx_ra forms). "kernel" = supervisor access (descriptor tables,
 * TSS, interrupt stack frames at CPL 0). */
static inline uint32_t cpu_ldub_data_ra(CPUX86State *env, uint32_t a,
                                        uintptr_t ra)
{
    return cpu_ldub_mmuidx_ra(env, a, cpu_mmu_index(env, false), ra);
}
static inline uint32_t cpu_lduw_data_ra(CPUX86State *env, uint32_t a,
                                        uintptr_t ra)
{
    return cpu_lduw_mmuidx_ra(env, a, cpu_mmu_index(env, false), ra);
}
static inline uint32_t cpu_ldl_data_ra(CPUX86State *env, uint32_t a,
                                       uintptr_t ra)
{
    return cpu_ldl_mmuidx_ra(env, a, cpu_mmu_index(env, false), ra);
}
static inline void cpu_stb_data_ra(CPUX86State *env, uint32_t a, uint32_t v,
                                   uintptr_t ra)
{
    cpu_stb_mmuidx_ra(env, a, v, cpu_mmu_index(env, false), ra);
}
static inline void cpu_stw_data_ra(CPUX86State *env, uint32_t a, uint32_t v,
                                   uintptr_t ra)
{
    cpu_stw_mmuidx_ra(env, a, v, cpu_mmu_index(env, false), ra);
}
static inline void cpu_stl_data_ra(CPUX86State *env, uint32_t a, uint32_t v,
                                   uintptr_t ra)
{
    cpu_stl_mmuidx_ra(env, a, v, cpu_mmu_index(env, false), ra);
}
static inline uint32_t cpu_ldub_kernel_ra(CPUX86State *env, uint32_t a,
                                          uintptr_t ra)
{
    return cpu_ldub_mmuidx_ra(env, a, MMU_KSMAP_IDX, ra);
}
static inline uint32_t cpu_lduw_kernel_ra(CPUX86State *env, uint32_t a,
                                          uintptr_t ra)
{
    return cpu_lduw_mmuidx_ra(env, a, MMU_KSMAP_IDX, ra);
}
static inline uint32_t cpu_ldl_kernel_ra(CPUX86State *env, uint32_t a,
                                         uintptr_t ra)
{
    return cpu_ldl_mmuidx_ra(env, a, MMU_KSMAP_IDX, ra);
}
static inline void cpu_stb_kernel_ra(CPUX86State *env, uint32_t a, uint32_t v,
                                     uintptr_t ra)
{
    cpu_stb_mmuidx_ra(env, a, v, MMU_KSMAP_IDX, ra);
}
static inline void cpu_stw_kernel_ra(CPUX86State *env, uint32_t a, uint32_t v,
                                     uintptr_t ra)
{
    cpu_stw_mmuidx_ra(env, a, v, MMU_KSMAP_IDX, ra);
}
static inline void cpu_stl_kernel_ra(CPUX86State *env, uint32_t a, uint32_t v,
                                     uintptr_t ra)
{
    cpu_stl_mmuidx_ra(env, a, v, MMU_KSMAP_IDX, ra);
}
#define cpu_ldub_kernel(env, a)   cpu_ldub_kernel_ra(env, a, 0)
#define cpu_lduw_kernel(env, a)   cpu_lduw_kernel_ra(env, a, 0)
#define cpu_ldl_kernel(env, a)    cpu_ldl_kernel_ra(env, a, 0)
#define cpu_stb_kernel(env, a, v) cpu_stb_kernel_ra(env, a, v, 0)
#define cpu_stw_kernel(env, a, v) cpu_stw_kernel_ra(env, a, v, 0)
#define cpu_stl_kernel(env, a, v) cpu_stl_kernel_ra(env, a, v, 0)

/* Physical accesses for the page walker (helper.c): they go
 * through the CPU's current address space (SMM or normal) with the A20
 * mask applied; the notdirty store sets A/D bits without invalidating
 * translated code on that page. */
uint32_t x86_lduw_phys(CPUState *cs, uint64_t addr);
uint32_t x86_ldl_phys(CPUState *cs, uint64_t addr);
uint64_t x86_ldq_phys(CPUState *cs, uint64_t addr);
void x86_stb_phys(CPUState *cs, uint64_t addr, uint8_t val);
void x86_stl_phys_notdirty(CPUState *cs, uint64_t addr, uint32_t val);
void x86_stw_phys(CPUState *cs, uint64_t addr, uint32_t val);
void x86_stl_phys(CPUState *cs, uint64_t addr, uint32_t val);
AddressSpace *cpu_addressspace(CPUState *cs, MemTxAttrs attrs);
MemTxAttrs cpu_get_mem_attrs(CPUX86State *env); /* secure = in SMM */

/* ============ implemented in seg_helper.c, sys-*.c, excp_helper.c ============
 */

/* Set exception_index/error_code/exception_is_int/exception_next_eip and
 * unwind to cpu_exec (cpu_loop_exit_restore), which then delivers it
 * through x86_cpu_do_interrupt. */
QEMU_NORETURN void raise_exception(CPUX86State *env, int exception_index);
QEMU_NORETURN void raise_exception_ra(CPUX86State *env, int exception_index,
                                      uintptr_t retaddr);
QEMU_NORETURN void raise_exception_err(CPUX86State *env, int exception_index,
                                       int error_code);
QEMU_NORETURN void raise_exception_err_ra(CPUX86State *env, int exception_index,
                                          int error_code, uintptr_t retaddr);
/* Software interrupt (INT n, INT3, INTO): next_eip_addend = insn length. */
QEMU_NORETURN void raise_interrupt(CPUX86State *env, int intno, int is_int,
                                   int error_code, int next_eip_addend);

/* Delivers cs->exception_index (seg_helper.c). */
void x86_cpu_do_interrupt(CPUState *cs);
void do_interrupt_all(X86CPU *cpu, int intno, int is_int, int error_code,
                      uint32_t next_eip, int is_hw);
/* INTR/NMI delivery from x86_cpu_exec_interrupt. */
void do_interrupt_x86_hardirq(CPUX86State *env, int intno, int is_hw);

/* Protected-mode segment register load (MOV/POP Sreg, LDS...). */
void helper_load_seg(CPUX86State *env, int seg_reg, int selector);
void helper_ljmp_protected(CPUX86State *env, int new_cs, uint32_t new_eip,
                           uint32_t next_eip);
/* shift: 0 = 16-bit operand size, 1 = 32-bit. */
void helper_lcall_real(CPUX86State *env, uint32_t new_cs, uint32_t new_eip,
                       int shift, uint32_t next_eip);
void helper_lcall_protected(CPUX86State *env, int new_cs, uint32_t new_eip,
                            int shift, uint32_t next_eip);
void helper_lret_protected(CPUX86State *env, int shift, int addend);
void helper_iret_real(CPUX86State *env, int shift);
void helper_iret_protected(CPUX86State *env, int shift, int next_eip);
void helper_lldt(CPUX86State *env, int selector);
void helper_ltr(CPUX86State *env, int selector);
/* LAR/LSL set or clear ZF through the lazy flags (CC_OP_EFLAGS). */
uint32_t helper_lar(CPUX86State *env, uint32_t selector);
uint32_t helper_lsl(CPUX86State *env, uint32_t selector);
void helper_verr(CPUX86State *env, uint32_t selector);
void helper_verw(CPUX86State *env, uint32_t selector);
/* I/O permission: #GP(0) unless CPL <= IOPL or the TSS bitmap allows all
 * size bytes from port. Called by IN/OUT/INS/OUTS when PE && (CPL > IOPL
 * || VM). */
void helper_check_io(CPUX86State *env, uint32_t port, int size);

/* excp_helper.c: the page walk. Returns true and installs the page with
 * tlb_set_page_with_attrs; on a fault returns false if probe, else raises
 * #PF (CR2, error code) with retaddr. */
bool x86_cpu_tlb_fill(CPUState *cs, vaddr addr, int size,
                      MMUAccessType access_type, int mmu_idx, bool probe,
                      uintptr_t retaddr);
/* Debugger/harness translation: -1 if unmapped (excp_helper.c). */
int64_t x86_cpu_get_phys_page_debug(CPUState *cs, vaddr addr);

/* ---- tracing (trace.c, disas.c; QEMU's -d cpu/in_asm/int) ---- */
#define CPU_DUMP_CODE 0x00010000
#define CPU_DUMP_FPU  0x00020000
#define CPU_DUMP_CCOP 0x00040000
/* QEMU's x86_cpu_dump_state layout (EAX=... EFL=... [D-SZAPC], segment
 * caches, GDT/IDT, CRs, DRs; CCS/CCD/CCO with CPU_DUMP_CCOP). */
void x86_cpu_dump_state(CPUState *cs, int flags);
/* Disassembles one instruction (Intel syntax, objdump -M intel style)
 * from code[0..avail) located at eip; code32 picks 32-bit default operand
 * and address sizes. Writes NUL-terminated text ("(bad)" for an unknown
 * or truncated one) and returns the instruction's length (>= 1 if avail
 * > 0). */
int x86_disas(char *buf, size_t size, const uint8_t *code, int avail,
              uint32_t eip, bool code32);
/* The "int" trace line (and register dump) of an interrupt delivery. */
void x86_log_interrupt(CPUX86State *env, int intno, int is_int, int error_code,
                       int is_hw);

#endif /* BMX_TARGET_I386_CPU_H */
