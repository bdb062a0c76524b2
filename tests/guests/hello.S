/* The simplest guest: real mode, print, exit with success. */
#include "guest.h"

    .code16
    .section .text16, "ax"
    .globl main16
main16:
    PUTS16 msg
    EXIT16 0

msg:
    .asciz "hello from real mode\n"
