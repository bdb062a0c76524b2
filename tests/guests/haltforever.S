/* Halts with interrupts off: the machine must report "halted forever" and
 * the last POST code (0x5a; 0x09 is written twice and traced once). */
#include "guest.h"

    .code16
    .section .text16, "ax"
    .globl main16
main16:
    PUTS16 msg
    movb $0x09, %al
    outb %al, $0x80
    outb %al, $0x80
    movb $0x5a, %al
    outb %al, $0x80
    cli
    hlt
    /* not reached; if it is, the run ends with a failure status */
    EXIT16 0x55
msg:
    .asciz "haltforever: cli; hlt\n"
