/*
 * The x87 inside the CPU (issue 13): the register stack, the status and
 * tag words, exceptions and the instruction/operand pointers, shared by
 * the ESC handlers (exec-fpu*.c). The arithmetic is emu/fpu/.
 */
#ifndef BMX_TARGET_I386_FPU_HELPER_H
#define BMX_TARGET_I386_FPU_HELPER_H

#include "target-i386/ops.h"

/* Status word bits (QEMU's FPUS_*). */
#define FPUS_IE 0x0001
#define FPUS_DE 0x0002
#define FPUS_ZE 0x0004
#define FPUS_OE 0x0008
#define FPUS_UE 0x0010
#define FPUS_PE 0x0020
#define FPUS_SF 0x0040
#define FPUS_SE 0x0080 /* ES: an unmasked exception is pending */
#define FPUS_C0 0x0100
#define FPUS_C1 0x0200
#define FPUS_C2 0x0400
#define FPUS_C3 0x4000
#define FPUS_B  0x8000
#define FPUS_CC (FPUS_C0 | FPUS_C1 | FPUS_C2 | FPUS_C3)
#define FPUC_EM 0x003f

/* ST(i) as a physical register number. */
static inline int fpu_st(CPUX86State *env, int i)
{
    return (env->fpstt + i) & 7;
}

static inline floatx80 *fpu_reg(CPUX86State *env, int i)
{
    return &env->fpregs[fpu_st(env, i)];
}

static inline bool fpu_empty(CPUX86State *env, int i)
{
    return env->fptags[fpu_st(env, i)] != 0;
}

/* Does the x87 exist on this CPU level (the 286 and 386 have none)? */
static inline bool x86_has_fpu(const CPUX86State *env)
{
    return env->level >= X86_CPU_486;
}

/* FNINIT's state (also reset): control 037F, status 0, all empty. */
void fpu_init_state(CPUX86State *env);
/* The float_status after a control word change (QEMU's
 * update_fp_status). */
void update_fp_status(CPUX86State *env);
/* fpu_get_fsw/fpu_set_fsw, fpu_get_ftw/fpu_set_ftw, cpu_set_fpuc: cpu.h */
/* FXAM's class of ST(0) in C0/C2/C3, sign in C1 */
uint16_t fpu_fxam_cc(CPUX86State *env);

/* The checks every ESC instruction starts with: CR0.EM/TS give #NM; a
 * waiting one (not FN*) reports a pending unmasked exception first: #MF
 * with CR0.NE, else FERR# (IRQ 13 on the PC). */
void fpu_prepare(CPUX86State *env, const X86Op *op, bool waiting);
/* WAIT/FWAIT: #NM with MP and TS, then the pending exception. */
void fpu_check_pending(CPUX86State *env, const X86Op *op);
/* Drives FERR#; FNINIT, FNCLEX and FNSAVE release it and IGNNE#. */
void fpu_set_ferr(CPUX86State *env, int level);
void fpu_clear_ferr(CPUX86State *env);

/* The last instruction (and its memory operand's) pointers and opcode:
 * every non-control instruction sets them once it can no longer fault. */
void fpu_set_ptrs(CPUX86State *env, const X86Op *op);

/* Start of an operation: clears the sticky flags of the float_status. */
static inline float_status *fpu_status(CPUX86State *env)
{
    env->fp_status.float_exception_flags = 0;
    env->fp_status.rounded_up = false;
    return &env->fp_status;
}

/* Ends an operation: merges its flags into the status word (C1 = the
 * result was rounded up), sets ES and B for unmasked ones. Returns false
 * when an unmasked invalid, denormal or zero-divide exception stops the
 * result from being written. */
bool fpu_commit(CPUX86State *env);
/* Raises flags (FPUS_*) the way a rounded operation would. */
void fpu_raise_flags(CPUX86State *env, uint16_t flags);

/* Stack faults: IE+SF; C1 = 1 for overflow, 0 for underflow. Return true
 * if the exception is masked (the masked response must be stored). */
bool fpu_stack_underflow(CPUX86State *env);
bool fpu_stack_overflow(CPUX86State *env);

/* Pushes (TOP - 1, tag valid) / pops (tag empty, TOP + 1). */
static inline void fpu_push(CPUX86State *env, floatx80 v)
{
    env->fpstt = (env->fpstt - 1) & 7;
    env->fpregs[env->fpstt] = v;
    env->fptags[env->fpstt] = 0;
}

static inline void fpu_pop(CPUX86State *env)
{
    env->fptags[env->fpstt] = 1;
    env->fpstt = (env->fpstt + 1) & 7;
}

/* A push with the overflow check: false if nothing was pushed (unmasked
 * overflow). */
bool fpu_push_checked(CPUX86State *env, floatx80 v);

/* Memory operands: the linear address of size bytes (segment checked,
 * the op's address size), loads and stores through the softmmu. */
uint32_t fpu_addr(CPUX86State *env, const X86Op *op, unsigned size, bool write);
uint32_t fpu_ldl(CPUX86State *env, const X86Op *op, uint32_t a);
uint16_t fpu_lduw(CPUX86State *env, const X86Op *op, uint32_t a);
uint64_t fpu_ldq(CPUX86State *env, const X86Op *op, uint32_t a);
floatx80 fpu_ldt(CPUX86State *env, const X86Op *op, uint32_t a);
void fpu_stl(CPUX86State *env, const X86Op *op, uint32_t a, uint32_t v);
void fpu_stw(CPUX86State *env, const X86Op *op, uint32_t a, uint16_t v);
void fpu_stq(CPUX86State *env, const X86Op *op, uint32_t a, uint64_t v);
void fpu_stt(CPUX86State *env, const X86Op *op, uint32_t a, floatx80 v);

/* Decoder entry (exec-fpu.c): the handler of an ESC instruction (D8-DF)
 * on this CPU level, op_ud for invalid encodings. */
X86OpFn x86_fpu_decode(const CPUX86State *env, const X86Op *op);

/* Shared by the exec-fpu files: a compare into C0/C2/C3 (false: an
 * unmasked invalid left them), and dst = a op b for the D8 /r operation
 * k (0 add, 1 mul, 4 sub, 5 subr, 6 div, 7 divr) into ST(dst). Both add
 * to the flags since the last fpu_status() and commit them. */
bool fpu_compare_cc(CPUX86State *env, floatx80 a, floatx80 b, bool quiet);
void fpu_arith_to(CPUX86State *env, int k, floatx80 a, floatx80 b, int dst);

/* Handlers shared between the exec-fpu files. */
OPFN(op_fpu_mem); /* exec-fpu-mem.c: loads, stores, memory arithmetic */
OPFN(op_fpu_env); /* exec-fpu-env.c: FLDENV FSTENV FRSTOR FSAVE */
OPFN(op_fpu_ctl); /* exec-fpu-env.c: FLDCW FSTCW FSTSW m16 */
OPFN(op_fxsave);  /* exec-fpu-env.c: 0F AE /0 /1 */

#endif
