/*
 * The CPU side of QEMU's -d: the register dump (cpu), the guest code of
 * a new TB (in_asm) and the line per interrupt delivery (int), in QEMU's
 * layouts so logs can be compared with QEMU's. Callers test the log mask
 * first; nothing here runs unless tracing is on.
 */
#include "target-i386/ops.h"
#include "target-i386/translate.h"

/* uint32_t is unsigned long on arm-none-eabi: printf wants unsigned. */
#define U(x) ((unsigned)(x))

static void dump_seg(CPUX86State *env, const char *name, const SegmentCache *sc)
{
    static const char *const sys_type[16] = {
        "Reserved",   "TSS16-avl", "LDT",       "TSS16-busy",
        "CallGate16", "TaskGate",  "IntGate16", "TrapGate16",
        "Reserved",   "TSS32-avl", "Reserved",  "TSS32-busy",
        "CallGate32", "Reserved",  "IntGate32", "TrapGate32",
    };
    uint32_t f = sc->flags;

    qemu_printf("%-3s=%04x %08x %08x %08x", name, U(sc->selector & 0xffff),
                U(sc->base), U(sc->limit), U(f & 0x00ffff00));
    if ((env->hflags & HF_PE_MASK) && (f & DESC_P_MASK)) {
        qemu_printf(" DPL=%u ", U((f & DESC_DPL_MASK) >> DESC_DPL_SHIFT));
        if (f & DESC_S_MASK) {
            if (f & DESC_CS_MASK) {
                qemu_printf("%s [%c%c", (f & DESC_B_MASK) ? "CS32" : "CS16",
                            (f & DESC_C_MASK) ? 'C' : '-',
                            (f & DESC_R_MASK) ? 'R' : '-');
            } else {
                qemu_printf("%s [%c%c", (f & DESC_B_MASK) ? "DS  " : "DS16",
                            (f & DESC_E_MASK) ? 'E' : '-',
                            (f & DESC_W_MASK) ? 'W' : '-');
            }
            qemu_printf("%c]", (f & DESC_A_MASK) ? 'A' : '-');
        } else {
            qemu_printf("%s",
                        sys_type[(f & DESC_TYPE_MASK) >> DESC_TYPE_SHIFT]);
        }
    }
    qemu_printf("\n");
}

static void cc_op_name(uint32_t op, char *buf)
{
    static const char *const names[] = {"MUL",   "ADD", "ADC", "SUB", "SBB",
                                        "LOGIC", "INC", "DEC", "SHL", "SAR"};
    const char *n;
    size_t l;

    if (op == CC_OP_DYNAMIC || op == CC_OP_EFLAGS || op == CC_OP_CLR ||
        op >= CC_OP_NB) {
        n = op == CC_OP_DYNAMIC  ? "DYNAMIC"
            : op == CC_OP_EFLAGS ? "EFLAGS"
            : op == CC_OP_CLR    ? "CLR"
                                 : "?";
        memcpy(buf, n, strlen(n) + 1);
        return;
    }
    n = names[(op - CC_OP_MULB) / 4];
    l = strlen(n);
    memcpy(buf, n, l);
    buf[l] = "BWLQ"[(op - CC_OP_MULB) & 3];
    buf[l + 1] = 0;
}

void x86_cpu_dump_state(CPUState *cs, int flags)
{
    static const char *const seg_name[6] = {"ES", "CS", "SS", "DS", "FS", "GS"};
    CPUX86State *env = cpu_env(cs);
    uint32_t efl = cpu_compute_eflags(env);
    int i;

    qemu_printf("EAX=%08x EBX=%08x ECX=%08x EDX=%08x\n"
                "ESI=%08x EDI=%08x EBP=%08x ESP=%08x\n"
                "EIP=%08x EFL=%08x [%c%c%c%c%c%c%c] CPL=%u II=%u A20=%u "
                "SMM=%u HLT=%u\n",
                U(env->regs[R_EAX]), U(env->regs[R_EBX]), U(env->regs[R_ECX]),
                U(env->regs[R_EDX]), U(env->regs[R_ESI]), U(env->regs[R_EDI]),
                U(env->regs[R_EBP]), U(env->regs[R_ESP]), U(env->eip), U(efl),
                (efl & DF_MASK) ? 'D' : '-', (efl & CC_O) ? 'O' : '-',
                (efl & CC_S) ? 'S' : '-', (efl & CC_Z) ? 'Z' : '-',
                (efl & CC_A) ? 'A' : '-', (efl & CC_P) ? 'P' : '-',
                (efl & CC_C) ? 'C' : '-', U(env->hflags & HF_CPL_MASK),
                U((env->hflags >> HF_INHIBIT_IRQ_SHIFT) & 1),
                U((env->a20_mask >> 20) & 1),
                U((env->hflags >> HF_SMM_SHIFT) & 1), (unsigned)cs->halted);
    for (i = 0; i < 6; i++) {
        dump_seg(env, seg_name[i], &env->segs[i]);
    }
    dump_seg(env, "LDT", &env->ldt);
    dump_seg(env, "TR", &env->tr);
    qemu_printf("GDT=     %08x %08x\n", U(env->gdt.base), U(env->gdt.limit));
    qemu_printf("IDT=     %08x %08x\n", U(env->idt.base), U(env->idt.limit));
    qemu_printf("CR0=%08x CR2=%08x CR3=%08x CR4=%08x\n", U(env->cr[0]),
                U(env->cr[2]), U(env->cr[3]), U(env->cr[4]));
    for (i = 0; i < 4; i++) {
        qemu_printf("DR%d=%08x ", i, U(env->dr[i]));
    }
    qemu_printf("\nDR6=%08x DR7=%08x\n", U(env->dr[6]), U(env->dr[7]));
    if (flags & CPU_DUMP_CCOP) {
        char name[8];
        cc_op_name(env->cc_op, name);
        qemu_printf("CCS=%08x CCD=%08x CCO=%-8s\n", U(env->cc_src),
                    U(env->cc_dst), name);
    }
}

void x86_log_in_asm(CPUX86State *env, uint32_t cs_base, const X86Op *ops, int n,
                    bool with_bytes)
{
    bool code32 = env->hflags & HF_CS32_MASK;
    uint32_t ipmask = code32 ? 0xffffffffu : 0xffff;
    uint32_t sel = env->segs[R_CS].selector & 0xffff;

    qemu_printf("----------------\nIN: \n");
    for (int i = 0; i < n; i++) {
        const X86Op *op = &ops[i];
        uint8_t code[16];
        char hex[16 * 3 + 1], text[96];
        int len = op->len > 15 ? 15 : op->len, k;

        if (op->fn == op_end || len == 0) {
            continue;
        }
        if (!with_bytes) {
            qemu_printf("0x%08x:  %04x:%0*x  (code in MMIO, %d bytes)\n",
                        U(cs_base + op->eip), U(sel), code32 ? 8 : 4,
                        U(op->eip), len);
            continue;
        }
        for (k = 0; k < len; k++) {
            /* the TLB holds these pages: the TB was just fetched */
            code[k] =
                (uint8_t)cpu_ldub_code(env, cs_base + ((op->eip + k) & ipmask));
            hex[k * 3] = "0123456789abcdef"[code[k] >> 4];
            hex[k * 3 + 1] = "0123456789abcdef"[code[k] & 15];
            hex[k * 3 + 2] = ' ';
        }
        hex[len * 3 - 1] = 0;
        x86_disas(text, sizeof(text), code, len, op->eip, code32);
        qemu_printf("0x%08x:  %04x:%0*x  %-20s  %s\n", U(cs_base + op->eip),
                    U(sel), code32 ? 8 : 4, U(op->eip), hex, text);
    }
    qemu_printf("\n");
}

void x86_log_interrupt(CPUX86State *env, int intno, int is_int, int error_code,
                       int is_hw)
{
    static int count;

    (void)is_hw;
    qemu_printf("%6d: v=%02x e=%04x i=%d cpl=%u IP=%04x:%08x pc=%08x "
                "SP=%04x:%08x",
                count, intno & 0xff, error_code & 0xffff, is_int,
                U(env->hflags & HF_CPL_MASK),
                U(env->segs[R_CS].selector & 0xffff), U(env->eip),
                U(env->segs[R_CS].base + env->eip),
                U(env->segs[R_SS].selector & 0xffff), U(env->regs[R_ESP]));
    if (intno == EXCP0E_PAGE) {
        qemu_printf(" CR2=%08x", U(env->cr[2]));
    } else {
        qemu_printf(" env->regs[R_EAX]=%08x", U(env->regs[R_EAX]));
    }
    qemu_printf("\n");
    x86_cpu_dump_state(env_cpu(env), CPU_DUMP_CCOP);
    count++;
}
