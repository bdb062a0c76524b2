/*
 * Checks of data accesses against the cached segment descriptor, the part
 * of segmentation that runs on every memory operand. ops.h keeps the
 * common case inline (present, writable, expand-up data within its limit)
 * and the translator drops even that for flat segments (HF_FLAT); what is
 * left comes here. Deviation D30: QEMU's TCG checks neither limits nor
 * rights at access time.
 */
#include "target-i386/ops.h"

QEMU_NORETURN void x86_seg_limit_fault(CPUX86State *env, int seg, uintptr_t ra)
{
    int excp =
        seg == R_SS && env->level >= X86_CPU_386 ? EXCP0C_STACK : EXCP0D_GPF;
    raise_exception_err_ra(env, excp, 0, ra);
}

static bool seg_rights_ok(uint32_t flags, bool write)
{
    if (!(flags & DESC_P_MASK)) {
        return false; /* null selector (or never loaded) */
    }
    if (flags & DESC_CS_MASK) {
        return !write && (flags & DESC_R_MASK); /* code: read if readable */
    }
    return !write || (flags & DESC_W_MASK);
}

static bool seg_limit_ok(const SegmentCache *sc, uint32_t ea, unsigned size)
{
    uint32_t fl = sc->flags;

    if ((fl & (DESC_S_MASK | DESC_CS_MASK | DESC_E_MASK)) ==
        (DESC_S_MASK | DESC_E_MASK)) {
        /* expand-down: valid offsets are limit + 1 .. 64 KiB or 4 GiB - 1
         * (by the B bit), the whole access inside */
        uint32_t upper = (fl & DESC_B_MASK) ? 0xffffffffu : 0xffffu;
        return ea > sc->limit && ea <= upper - (size - 1) && upper >= size - 1;
    }
    /* a 4 GiB expand-up segment wraps at the top instead of faulting, as
     * AMD processors and Bochs do (the SDM's wording suggests a #GP) */
    return sc->limit == 0xffffffffu ||
           (sc->limit >= size - 1 && ea <= sc->limit - (size - 1));
}

void x86_seg_check_slow(CPUX86State *env, int seg, uint32_t ea, unsigned size,
                        bool write, uintptr_t ra)
{
    const SegmentCache *sc = &env->segs[seg];

    /* access rights count in protected mode only: real and V86 mode use
     * the cached limit (unreal mode) but not the type */
    if ((env->cr[0] & CR0_PE_MASK) && !(env->eflags & VM_MASK) &&
        !seg_rights_ok(sc->flags, write)) {
        if (seg == R_SS) {
            x86_seg_limit_fault(env, seg, ra);
        }
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    if (!seg_limit_ok(sc, ea, size)) {
        x86_seg_limit_fault(env, seg, ra);
    }
}
