/*
 * Fault handlers: print which fault, the fault status registers and the
 * stacked registers, then end the run with BMX_EXIT_FAULT. They write to
 * the UART byte by byte, never through stdio: the fault may have hit in
 * the middle of printf.
 */
#include "boot.h"
#include "drivers.h"
#include "kernel.h"

static void raw_puts(const char *s)
{
    while (*s) {
        if (*s == '\n') {
            board_putc('\r');
        }
        board_putc(*s++);
    }
}

static void raw_hex(const char *name, uint32_t v)
{
    char buf[11] = "0x";
    for (int i = 0; i < 8; i++) {
        buf[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 0xf];
    }
    buf[10] = 0;
    raw_puts(name);
    raw_puts(buf);
}

static const char *cfsr_reason(uint32_t cfsr)
{
    static const struct {
        uint32_t bit;
        const char *why;
    } bits[] = {
        {1u << 20, "stack overflow (stack limit)"},
        {1u << 4, "stack overflow (stacking hit the guard)"},
        {1u << 12, "stack overflow (stacking bus error)"},
        {1u << 0, "instruction access violation"},
        {1u << 1, "data access violation"},
        {1u << 8, "instruction bus error"},
        {1u << 9, "precise data bus error"},
        {1u << 10, "imprecise data bus error"},
        {1u << 16, "undefined instruction"},
        {1u << 17, "invalid state (Thumb bit)"},
        {1u << 18, "invalid PC load"},
        {1u << 19, "no coprocessor"},
        {1u << 24, "unaligned access"},
        {1u << 25, "division by zero"},
    };
    for (unsigned i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
        if (cfsr & bits[i].bit) {
            return bits[i].why;
        }
    }
    return "see status registers";
}

_Noreturn void fault_report(const uint32_t *frame, uint32_t exc_return);

/* frame: r0 r1 r2 r3 r12 lr pc xpsr, as the core stacked them. */
__attribute__((used)) _Noreturn void fault_report(const uint32_t *frame,
                                                  uint32_t exc_return)
{
    static const char *const names[] = {
        [3] = "HardFault",  [4] = "MemManage",   [5] = "BusFault",
        [6] = "UsageFault", [7] = "SecureFault",
    };
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    uint32_t vec = ipsr & 0x1ff;
    uint32_t cfsr = SCB_CFSR;

    raw_puts("\n*** bmx86: CPU fault: ");
    raw_puts(vec < 8 && names[vec] ? names[vec] : "exception");
    raw_puts(" (");
    raw_puts(vec == 3 && (SCB_HFSR & (1u << 30)) ? "escalated: " : "");
    raw_puts(cfsr_reason(cfsr));
    raw_puts(")\n");
    raw_hex("  CFSR ", cfsr);
    raw_hex("  HFSR ", SCB_HFSR);
    raw_hex("  MMFAR ", SCB_MMFAR);
    raw_hex("  BFAR ", SCB_BFAR);
    raw_puts("\n");
    if (cfsr & ((1u << 4) | (1u << 12) | (1u << 20))) {
        /* The core could not stack the frame: it is not there to read. */
        raw_hex("  PSP ", (uint32_t)(uintptr_t)frame);
        raw_hex("  EXC_RETURN ", exc_return);
        raw_puts("\n");
        board_exit(BMX_EXIT_FAULT);
    }
    raw_hex("  PC ", frame[6]);
    raw_hex("  LR ", frame[5]);
    raw_hex("  xPSR ", frame[7]);
    raw_hex("  SP ", (uint32_t)(uintptr_t)(frame + 8));
    raw_hex("  EXC_RETURN ", exc_return);
    raw_puts("\n");
    raw_hex("  R0 ", frame[0]);
    raw_hex("  R1 ", frame[1]);
    raw_hex("  R2 ", frame[2]);
    raw_hex("  R3 ", frame[3]);
    raw_hex("  R12 ", frame[4]);
    raw_puts("\n");
    board_exit(BMX_EXIT_FAULT);
}

/* Pick the stack the frame went to (EXC_RETURN bit 2) and report. */
#define FAULT_ENTRY(name)                                                      \
    __attribute__((naked)) void name(void)                                     \
    {                                                                          \
        __asm__ volatile("tst lr, #4\n\t"                                      \
                         "ite eq\n\t"                                          \
                         "mrseq r0, msp\n\t"                                   \
                         "mrsne r0, psp\n\t"                                   \
                         "mov r1, lr\n\t"                                      \
                         "b fault_report\n\t");                                \
    }

void HardFault_Handler(void);
void MemManage_Handler(void);
void BusFault_Handler(void);
void UsageFault_Handler(void);
void SecureFault_Handler(void);
void Default_Handler(void);

FAULT_ENTRY(HardFault_Handler)
FAULT_ENTRY(MemManage_Handler)
FAULT_ENTRY(BusFault_Handler)
FAULT_ENTRY(UsageFault_Handler)
FAULT_ENTRY(SecureFault_Handler)

/* An interrupt nobody claimed: report it like a fault rather than spin. */
FAULT_ENTRY(Default_Handler)
