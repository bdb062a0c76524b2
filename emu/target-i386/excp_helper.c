/*
 * Raising exceptions (with double- and triple-fault escalation) and the
 * 32-bit two-level page walk behind the softmmu TLB.
 *
 * Follows QEMU's target/i386/tcg/excp_helper.c and
 * tcg/system/excp_helper.c (mmu_translate, non-PAE part):
 * - 486 and later: the PDE's accessed bit is set as soon as the PDE is used
 *   to reach a page table, so a walk that then faults on the PTE leaves
 *   PDE.A set and PTE.A clear (QEMU's order). The 386 sets both A bits only
 *   for an access that is allowed (deviation D36). The PTE's (or 4 MiB
 *   PDE's) A and D bits are written only when the access is allowed.
 * - A read of a clean page maps it read-only in the TLB, so the first write
 *   walks again and sets D.
 * - The A/D updates are physical stores that do not invalidate translated
 *   code (x86_stl_phys_notdirty).
 */
#include "target-i386/helper-sys.h"
#include "machine/machine.h"

/*
 * Returns the exception to deliver when intno is raised while an earlier
 * exception (env->old_exception) is still being delivered: #DF for a
 * contributory fault on a contributory fault, or for a contributory or
 * page fault on a page fault; a fault while delivering #DF shuts the CPU
 * down (triple fault).
 */
static int check_exception(CPUX86State *env, int intno, int *error_code)
{
    int old = env->old_exception;
    bool first_contributory = old == 0 || (old >= 10 && old <= 13);
    bool second_contributory = intno == 0 || (intno >= 10 && intno <= 13);

    if (old == EXCP08_DBLE) {
        qemu_printf("bmx86: triple fault (exception %d while delivering "
                    "#DF): CPU shutdown\n",
                    intno);
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
        return EXCP_HLT;
    }
    if ((first_contributory && second_contributory) ||
        (old == EXCP0E_PAGE && (second_contributory || intno == EXCP0E_PAGE))) {
        intno = EXCP08_DBLE;
        *error_code = 0;
    }
    if (second_contributory || intno == EXCP0E_PAGE || intno == EXCP08_DBLE) {
        env->old_exception = intno;
    }
    return intno;
}

static QEMU_NORETURN void raise_interrupt2(CPUX86State *env, int intno,
                                           int is_int, int error_code,
                                           int next_eip_addend,
                                           uintptr_t retaddr)
{
    CPUState *cs = env_cpu(env);

    if (!is_int) {
        intno = check_exception(env, intno, &error_code);
    }
    cs->exception_index = intno;
    env->error_code = error_code;
    env->exception_is_int = is_int;
    env->exception_next_eip = env->eip + next_eip_addend;
    cpu_loop_exit_restore(cs, retaddr);
}

void raise_interrupt(CPUX86State *env, int intno, int is_int, int error_code,
                     int next_eip_addend)
{
    raise_interrupt2(env, intno, is_int, error_code, next_eip_addend, 0);
}

void raise_exception_err(CPUX86State *env, int exception_index, int error_code)
{
    raise_interrupt2(env, exception_index, 0, error_code, 0, 0);
}

void raise_exception_err_ra(CPUX86State *env, int exception_index,
                            int error_code, uintptr_t retaddr)
{
    raise_interrupt2(env, exception_index, 0, error_code, 0, retaddr);
}

void raise_exception(CPUX86State *env, int exception_index)
{
    raise_interrupt2(env, exception_index, 0, 0, 0, 0);
}

void raise_exception_ra(CPUX86State *env, int exception_index,
                        uintptr_t retaddr)
{
    raise_interrupt2(env, exception_index, 0, 0, 0, retaddr);
}

/* ---- the page walk ---- */

/* Deviation D19. A 4 MiB PDE's bits 21:13 would be physical address bits 39:32
 * with PSE-36; bmx86's CPUs have 32 physical address bits, so they are reserved
 * (RSVD fault). Bit 12 (PAT) is ignored, as in QEMU. */
#define PSE_PDE_RSVD_MASK 0x003fe000u

static uint32_t pte_load(CPUState *cs, hwaddr addr)
{
    return x86_ldl_phys(cs, addr);
}

static void pte_set(CPUState *cs, hwaddr addr, uint32_t pte, uint32_t set,
                    bool debug)
{
    if (!debug && (set & ~pte)) {
        x86_stl_phys_notdirty(cs, addr, pte | set);
    }
}

/*
 * Walks the page tables for addr. debug: no A/D updates and no access
 * checks (the debugger's view). On a fault, *err gets #PF, its error code
 * (P, W, U, RSVD; I/D is never set: no NX/SMEP before PAE) and CR2.
 */
static bool walk(CPUX86State *env, uint32_t addr, MMUAccessType access_type,
                 int mmu_idx, bool debug, X86TranslateResult *out,
                 X86TranslateFault *err)
{
    CPUState *cs = env_cpu(env);
    const bool is_user = mmu_idx == MMU_USER_IDX;
    const uint32_t a20 = env->a20_mask;
    hwaddr pde_addr, pte_addr;
    uint32_t pde, pte, ptep, page_size;
    int prot, error_code;

    pde_addr = ((env->cr[3] & 0xfffff000u) + ((addr >> 20) & 0xffc)) & a20;
    pde = pte_load(cs, pde_addr);
    if (!(pde & PG_PRESENT_MASK)) {
        goto do_fault;
    }

    if ((pde & PG_PSE_MASK) && (env->cr[4] & CR4_PSE_MASK)) {
        if (pde & PSE_PDE_RSVD_MASK) {
            goto do_fault_rsvd;
        }
        page_size = 4096 * 1024;
        pte = pde;
        pte_addr = pde_addr;
        ptep = pde;
    } else {
        if (env->level >= X86_CPU_486) {
            pte_set(cs, pde_addr, pde, PG_ACCESSED_MASK, debug);
        }
        pte_addr = ((pde & ~0xfffu) + ((addr >> 10) & 0xffc)) & a20;
        pte = pte_load(cs, pte_addr);
        if (!(pte & PG_PRESENT_MASK)) {
            goto do_fault;
        }
        /* U/S and R/W of both levels must allow the access */
        ptep = pde & pte;
        page_size = 4096;
    }

    if (debug) {
        prot = PAGE_READ | PAGE_WRITE | PAGE_EXEC;
    } else {
        if (is_user && !(ptep & PG_USER_MASK)) {
            goto do_fault_protect;
        }
        prot = PAGE_READ | PAGE_EXEC;
        /* supervisor writes ignore R/W unless CR0.WP (486+) */
        if ((ptep & PG_RW_MASK) || !(is_user || (env->cr[0] & CR0_WP_MASK))) {
            prot |= PAGE_WRITE;
        }
        if (!(prot & (1 << access_type))) {
            goto do_fault_protect;
        }
        if (page_size == 4096 && env->level < X86_CPU_486) {
            /* Deviation D36: the 386 marks the directory entry only now */
            pte_set(cs, pde_addr, pde, PG_ACCESSED_MASK, false);
        }
        if (access_type == MMU_DATA_STORE) {
            pte_set(cs, pte_addr, pte, PG_ACCESSED_MASK | PG_DIRTY_MASK, false);
        } else {
            pte_set(cs, pte_addr, pte, PG_ACCESSED_MASK, false);
            if (!(pte & PG_DIRTY_MASK)) {
                /* the first write must come back here to set D */
                prot &= ~PAGE_WRITE;
            }
        }
    }

    if ((env->cr[4] & CR4_PGE_MASK) && (pte & PG_GLOBAL_MASK)) {
        prot |= PAGE_TLB_GLOBAL; /* survives a CR3 load */
    }
    out->paddr = ((pte & ~(page_size - 1)) | (addr & (page_size - 1))) & a20;
    out->prot = prot;
    out->page_size = page_size;
    return true;

do_fault_rsvd:
    /* Deviation D18: RSVD|P, as hardware reports it. */
    error_code = PG_ERROR_RSVD_MASK | PG_ERROR_P_MASK;
    goto do_fault_cont;
do_fault_protect:
    error_code = PG_ERROR_P_MASK;
    goto do_fault_cont;
do_fault:
    error_code = 0;
do_fault_cont:
    if (is_user) {
        error_code |= PG_ERROR_U_MASK;
    }
    if (access_type == MMU_DATA_STORE) {
        error_code |= PG_ERROR_W_MASK;
    }
    err->exception_index = EXCP0E_PAGE;
    err->error_code = error_code;
    err->cr2 = addr;
    return false;
}

bool x86_get_physical_address(CPUX86State *env, uint32_t addr,
                              MMUAccessType access_type, int mmu_idx,
                              X86TranslateResult *out, X86TranslateFault *err)
{
    if (mmu_idx != MMU_PHYS_IDX && (env->cr[0] & CR0_PG_MASK)) {
        return walk(env, addr, access_type, mmu_idx, false, out, err);
    }
    /* paging off (or a physical access): identity through the A20 gate */
    out->paddr = addr & env->a20_mask;
    out->prot = PAGE_READ | PAGE_WRITE | PAGE_EXEC;
    out->page_size = TARGET_PAGE_SIZE;
    return true;
}

bool x86_cpu_tlb_fill(CPUState *cs, vaddr addr, int size,
                      MMUAccessType access_type, int mmu_idx, bool probe,
                      uintptr_t retaddr)
{
    CPUX86State *env = cpu_env(cs);
    X86TranslateResult out;
    X86TranslateFault err;

    (void)size;
    if (x86_get_physical_address(env, addr, access_type, mmu_idx, &out, &err)) {
        /* a 4 MiB page is entered one 4 KiB page at a time; the size lets
         * tlb_flush_page drop all of it */
        tlb_set_page_with_attrs(
            cs, addr & TARGET_PAGE_MASK32, out.paddr & TARGET_PAGE_MASK,
            cpu_get_mem_attrs(env), out.prot, mmu_idx, out.page_size);
        return true;
    }
    if (probe) {
        env->error_code = err.error_code;
        return false;
    }
    env->cr[2] = err.cr2;
    raise_exception_err_ra(env, err.exception_index, err.error_code, retaddr);
}

int64_t x86_cpu_get_phys_page_debug(CPUState *cs, vaddr addr)
{
    CPUX86State *env = cpu_env(cs);
    X86TranslateResult out;
    X86TranslateFault err;

    if (!(env->cr[0] & CR0_PG_MASK)) {
        return (addr & env->a20_mask) & TARGET_PAGE_MASK32;
    }
    if (!walk(env, addr, MMU_DATA_LOAD, MMU_KSMAP_IDX, true, &out, &err)) {
        return -1;
    }
    return (int64_t)(out.paddr & TARGET_PAGE_MASK);
}
