/* Loads an empty IDT and raises an exception: #GP cannot be delivered,
 * nor #DF, so the CPU shuts down (triple fault). */
#include "guest.h"

    .code16
    .section .text16, "ax"
    .globl main16
main16:
    PUTS16 msg
    lidt empty_idt
    int $3
    EXIT16 0x55
empty_idt:
    .word 0
    .long 0
msg:
    .asciz "triple: int3 with a zero-limit IDT\n"
