/* Halts with interrupts off: the machine must report "halted forever". */
#include "guest.h"

    .code16
    .section .text16, "ax"
    .globl main16
main16:
    PUTS16 msg
    cli
    hlt
    /* not reached; if it is, the run ends with a failure status */
    EXIT16 0x55
msg:
    .asciz "haltforever: cli; hlt\n"
