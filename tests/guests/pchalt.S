/*
 * Masks every PIC input, then STI; HLT: no interrupt can reach the CPU, so
 * the machine must report "halted forever" at once -- on the bare machine
 * (no PIC: the port writes go nowhere) and on pc, where the RTC's update
 * timer and the PIT stay armed but their lines are masked (issue 17.1).
 */
#include "guest.h"

    .code16
    .section .text16, "ax"
    .globl main16
main16:
    PUTS16 msg
    cli
    movb $0xff, %al
    outb %al, $0xa1         /* slave PIC: IRQ8-15 masked */
    outb %al, $0x21         /* master PIC: IRQ0-7 masked */
    sti
    hlt
    /* not reached; if it is, the run ends with a failure status */
    EXIT16 0x55
msg:
    .asciz "pchalt: PIC masked; sti; hlt\n"
